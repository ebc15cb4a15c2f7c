"""Reading and validating articles: one JSON object a line in, `Article` records (or the reason why not) out.

The input is the corpus format (`id, source, url, published, title, text`; extra keys such as `category`
are ignored), or any JSON records whose keys `fields` maps onto those names (`FIELDS`), as JSONL,
gzip-compressed JSONL (detected by its magic bytes, not its name) or stdin ("-").

What a valid article is:

* `id`, `published` and `text` are present and are strings; `source`, `url` and `title` may be missing,
  null or empty and then become "".
* `published` is ISO 8601. A timestamp without an offset is read as UTC *keeping its written wall time*
  (`replace(tzinfo=UTC)`, not a conversion), so its date, which anchors every relative date in the
  article, is the date the file says. A bare date is midnight UTC of that day.
* `text` is not blank: a headline alone is not an article.
* At least half of the letters of title + text are Arabic letters: the extractor reads Arabic only, and
  raw crawls carry English and French pages too.

Bad input is data, not an exception: `read_articles` yields an `ArticleError` with a short code for a bad
line (invalid JSON and invalid UTF-8 included) and carries on. Only an unreadable stream (missing file,
corrupt gzip) raises, as `InputError`.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, cast

from marsad.model import Article

#: Codes an `ArticleError` carries; the CLI counts skipped articles by these.
#: The first six are this module's; the others come from the other readers of `marsad.ingest`.
ERROR_CODES = (
    "bad_json",
    "bad_type",
    "missing_field",
    "bad_date",
    "empty",
    "not_arabic",
    "bad_encoding",
    "binary",
    "unreadable",
    "unknown_format",
    "truncated",
    "bad_record",
    "fetch_failed",
    "bad_feed",
    "too_large",
)

#: The Article fields a record supplies, each read from the key of the same name unless mapped.
FIELDS = ("id", "source", "url", "published", "title", "text")

#: Below this share of Arabic letters among all letters an article is `not_arabic`.
MIN_ARABIC_SHARE = 0.5

_GZIP_MAGIC = b"\x1f\x8b"

# Arabic, Arabic Supplement, Arabic Extended-A and the two presentation-form blocks.
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# Regexes rather than a per-character loop: ingest runs on every article, and crawled texts can be long.
_LETTERS = re.compile(r"[^\W\d_]+")  # runs of letters (str.isalpha, near enough)
_ARABIC = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _ARABIC_RANGES) + "]")


class ArticleError(ValueError):
    """Why one input record is not a usable article: a short `code` (see ERROR_CODES) and a message.

    `language` is set on `not_arabic` errors raised by the language check (`ingest.language`): the
    detected language code, so that skipped articles can be counted by language.
    """

    def __init__(self, code: str, message: str, language: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.language = language

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __reduce__(self) -> tuple[type[ArticleError], tuple[str, str, str | None]]:
        # Errors travel between worker processes; the default pickling would call __init__ with one arg.
        return (type(self), (self.code, self.message, self.language))


class InputError(OSError):
    """The input stream itself cannot be read (as opposed to one bad line in it)."""


#: The language check reads this many characters: the opening of an article tells its language, and crawled
#: texts can be very long.
SAMPLE_CHARS = 1000


def arabic_share(text: str) -> float:
    """Share of Arabic letters among the letters of `text`'s opening (0.0 when it has no letters)."""
    letters = "".join(_LETTERS.findall(text, 0, SAMPLE_CHARS))
    if not letters:
        return 0.0
    return len(_ARABIC.findall(letters)) / len(letters)


def parse_published(value: datetime | date | str) -> datetime:
    """A timezone-aware publication time from an ISO 8601 string, a datetime or a date.

    Naive values are taken as UTC with their wall time kept, so the written date stays the article's date.
    Raises `ArticleError("bad_date")` for a string that is not ISO 8601.
    """
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError as err:
            raise ArticleError("bad_date", f"published is not an ISO 8601 date: {value!r}") from err
    else:
        raise ArticleError("bad_type", f"published must be a string, got {type(value).__name__}")
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _string(obj: Mapping[str, object], key: str, *, required: bool) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise ArticleError("missing_field", f"field {key!r} is missing")
        return ""
    if not isinstance(value, str):
        raise ArticleError("bad_type", f"field {key!r} must be a string, got {type(value).__name__}")
    return value


def check_fields(fields: Mapping[str, str] | None) -> dict[str, str]:
    """The full field → key mapping for `fields` (unmapped fields keep their names).

    Raises `ValueError` for a field that is not an Article field or a key that is not a non-empty string:
    a wrong mapping is the caller's mistake, not bad input.
    """
    keys = {name: name for name in FIELDS}
    for name, key in (fields or {}).items():
        if name not in keys:
            raise ValueError(f"cannot map {name!r}: the fields are {', '.join(FIELDS)}")
        if not isinstance(key, str) or not key:
            raise ValueError(f"field {name!r} must map to a non-empty key, got {key!r}")
        keys[name] = key
    return keys


def parse_article(
    obj: Mapping[str, object], *, fields: Mapping[str, str] | None = None, require_arabic: bool = True
) -> Article:
    """A validated `Article` from one decoded record; raises `ArticleError` saying what is wrong.

    `fields` maps Article fields to the record's keys (`{"id": "guid", "text": "body"}`); the default is
    the corpus format. `require_arabic=False` leaves the language to the caller (`ingest.sources` runs
    the finer `ingest.language` check instead of the Arabic-share one).
    """
    if not isinstance(obj, Mapping):
        raise ArticleError("bad_type", f"a record must be a JSON object, got {type(obj).__name__}")
    keys = check_fields(fields)
    doc_id = _string(obj, keys["id"], required=True)
    if not doc_id.strip():
        raise ArticleError("missing_field", f"field {keys['id']!r} is empty")
    published = parse_published(_string(obj, keys["published"], required=True))
    text = _string(obj, keys["text"], required=True)
    title = _string(obj, keys["title"], required=False)
    if not text.strip():
        raise ArticleError("empty", "text is empty")
    if require_arabic:
        share = arabic_share(title + " " + text)
        if share < MIN_ARABIC_SHARE:
            raise ArticleError("not_arabic", f"only {share:.0%} of the letters are Arabic")
    return Article(
        id=doc_id,
        source=_string(obj, keys["source"], required=False),
        url=_string(obj, keys["url"], required=False),
        published=published,
        title=title,
        text=text,
    )


def _open(path: str | Path, stdin: IO[bytes] | None) -> IO[bytes]:
    raw: io.BufferedReader
    if str(path) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        # Peeking at the gzip magic needs a buffered stream; sys.stdin.buffer is one, a BytesIO is not.
        if isinstance(stream, io.BufferedReader):
            raw = stream
        else:
            raw = io.BufferedReader(cast(io.RawIOBase, stream))
    else:
        try:
            raw = open(path, "rb")  # noqa: SIM115 - closed by the reading generator
        except OSError as err:
            raise InputError(f"cannot read {path}: {err.strerror or err}") from err
    if raw.peek(2)[:2] == _GZIP_MAGIC:
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def _records(
    fh: IO[bytes], name: str, fields: dict[str, str], require_arabic: bool
) -> Iterator[tuple[int, Article | ArticleError, str | None]]:
    line_no = 0
    try:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as err:  # JSONDecodeError and UnicodeDecodeError alike
                yield line_no, ArticleError("bad_json", f"not a JSON line: {err}"), None
                continue
            raw_id = obj.get(fields["id"]) if isinstance(obj, dict) else None
            shown_id = None if raw_id is None else str(raw_id)
            try:
                yield line_no, parse_article(obj, fields=fields, require_arabic=require_arabic), shown_id
            except ArticleError as err:
                yield line_no, err, shown_id
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(f"{name}: unreadable after line {line_no}: {err}") from err
    finally:
        fh.close()


def read_articles(
    path: str | Path,
    *,
    stdin: IO[bytes] | None = None,
    fields: Mapping[str, str] | None = None,
    require_arabic: bool = True,
) -> Iterator[tuple[int, Article | ArticleError, str | None]]:
    """`(line_no, Article or ArticleError, raw id or None)` for every non-blank line of a JSONL file.

    `path` is a `.jsonl` or `.jsonl.gz` file, or "-" for stdin (`stdin` overrides the stream, for tests).
    `fields` and `require_arabic` are as in `parse_article` (a bad mapping raises `ValueError` now).
    The file is opened now, so a missing file raises `InputError` at the call, before any iteration;
    a stream that breaks while reading (truncated gzip) raises `InputError` from the iterator.
    """
    keys = check_fields(fields)
    fh = _open(path, stdin)
    return _records(fh, "stdin" if str(path) == "-" else str(path), keys, require_arabic)
