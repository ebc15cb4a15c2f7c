"""Bytes to text for pages and files of unknown encoding, limited to what Arabic sites actually use.

The candidates are UTF-8 (with or without a BOM), UTF-16 (with a BOM, or without one when its NUL bytes
say so), Windows-1256 and ISO-8859-6. The cascade, first answer wins:

1. A byte order mark (UTF-8, UTF-16 LE/BE).
2. NUL bytes: UTF-16 without a BOM when the NULs sit at one parity (the high byte of ASCII spaces,
   digits and punctuation); any other NULs mean a binary file (`ArticleError("binary")`).
3. The caller's hint (HTTP `Content-Type` charset), then a `<meta charset>` / `http-equiv` declaration in
   the first bytes, when it decodes the bytes without error. A Western single-byte declaration
   (latin-1, windows-1252, ascii) on bytes above 0x7F is not trusted: Arabic sites mislabel cp1256 pages
   so, and those labels decode any byte.
4. Strict UTF-8 (pure ASCII included).
5. Windows-1256 or ISO-8859-6, whichever reads as more Arabic. The two agree on ء..ض (0xC1-0xD6) and
   differ after: cp1256 interleaves French accented letters (à ç è é ê ...) among its Arabic letters,
   where ISO-8859-6 has و ى ي and the harakat, and ISO-8859-6 leaves 0xDB-0xDF and 0xF3-0xFF undefined
   (cp1256's غ ـ ف ق ك), so real cp1256 text rarely even decodes as ISO-8859-6.

A decoding whose text is more than 2% control characters is not sensible: `ArticleError("bad_encoding")`.
charset-normalizer is not used: over these four candidates the rules above are exact, faster and
deterministic, where a general detector also proposes Cyrillic or Hebrew code pages for short Arabic texts.
"""

from __future__ import annotations

import codecs
import re

from marsad.ingest.articles import ArticleError

#: What step 5 chooses between.
SINGLE_BYTE = ("cp1256", "iso8859-6")
#: Declarations not trusted on bytes above 0x7F (see step 3).
_WESTERN = frozenset({"iso8859-1", "cp1252", "ascii"})
#: Above this share of control characters a decoding is garbage.
MAX_CONTROL_SHARE = 0.02
#: How far into a page a meta charset is looked for (the HTML standard says 1024 bytes; sites are sloppier).
META_WINDOW = 4096

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def charset_from_content_type(value: str | None) -> str | None:
    """The `charset` parameter of an HTTP Content-Type header, or None."""
    if not value:
        return None
    m = _CHARSET_PARAM.search(value)
    return m.group(1) if m else None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (`<meta charset>` or `http-equiv`), or None."""
    m = _META.search(data[:META_WINDOW])
    return m.group(1).decode("ascii", "replace") if m else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None


def _sensible(text: str) -> bool:
    return not text or len(_CONTROL.findall(text)) / len(text) <= MAX_CONTROL_SHARE


def _utf16_codec(data: bytes) -> str | None:
    """UTF-16 LE or BE when the NULs of `data` say so and it decodes to sensible text, else None."""
    sample = data[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    # ASCII in UTF-16 LE puts the NUL second; Arabic (U+06xx) contributes 0x06 there instead, so a text
    # mostly Arabic still has the NULs of its spaces and punctuation all at one parity.
    if odd >= 9 * max(even, 1) and odd >= 4:
        codec = "utf-16-le"
    elif even >= 9 * max(odd, 1) and even >= 4:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if _sensible(text) else None


def _arabic_score(text: str) -> float:
    letters = _NON_ASCII_LETTER.findall(text)
    if not letters:
        return 0.0
    return len(_ARABIC_LETTER.findall("".join(letters))) / len(letters)


def detect_encoding(data: bytes, hint: str | None = None) -> str:
    """The codec name (Python's) that `decode` would use for `data`; raises `ArticleError` like it."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return bom_codec
    if b"\x00" in data:
        utf16 = _utf16_codec(data)
        if utf16 is not None:
            return utf16
        raise ArticleError("binary", "NUL bytes that are not UTF-16: a binary file, not text")
    high = not data.isascii()
    for label in (hint, meta_charset(data)):
        codec = _codec(label)
        if codec is None or (high and codec in _WESTERN):
            continue
        try:
            if _sensible(data.decode(codec)):
                return codec
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    scored: list[tuple[float, str]] = []
    for codec in SINGLE_BYTE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _sensible(text):
            scored.append((_arabic_score(text), codec))
    if not scored:
        raise ArticleError("bad_encoding", "not UTF-8, UTF-16, Windows-1256 or ISO-8859-6 text")
    # max() keeps the first of equal scores: cp1256, by far the more common of the two on the web.
    return max(scored, key=lambda sc: sc[0])[1]


def decode(data: bytes, hint: str | None = None) -> str:
    """`data` as text (see the module docstring for the cascade). `hint` is a declared charset label.

    Raises `ArticleError("binary")` for a binary file, `ArticleError("bad_encoding")` when no candidate
    gives sensible text.
    """
    codec = detect_encoding(data, hint)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:  # a BOM followed by invalid bytes
        raise ArticleError("bad_encoding", f"invalid {codec} after its byte order mark: {err}") from err
    if not _sensible(text):
        raise ArticleError("bad_encoding", f"decoded as {codec}, the text is mostly control characters")
    return text
