"""Encoding detection: the Arabic web's four encodings told apart, binaries and garbage refused with codes."""

from __future__ import annotations

import codecs
import random

import pytest
from ingest_helpers import ARABIC

from marsad.ingest.articles import ArticleError
from marsad.ingest.encoding import charset_from_content_type, decode, detect_encoding, meta_charset

# Arabic with digits, punctuation and the letters where cp1256 and ISO-8859-6 differ
# (ط ظ ع غ ف ق ك ل م ن ه و ي ى).
TEXTS = [
    ARABIC,
    "ظل الطقس غائما فوق قرى الشمال، وقال مسؤول محلي إن 12 منزلا تضرر بالأمطار يوم الأحد.",
    "عاجل: انفجار في الموصل",
]


def test_a_word_both_read_as_arabic_goes_to_cp1256() -> None:
    # "عاجل" in ISO-8859-6 is also four Arabic letters in cp1256: too short to tell, the common one wins.
    assert detect_encoding("عاجل".encode("iso8859-6")) == "cp1256"


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("codec", ["cp1256", "iso8859-6"])
def test_single_byte_arabic_encodings_are_told_apart(text: str, codec: str) -> None:
    data = text.encode(codec)
    assert detect_encoding(data) == codec
    assert decode(data) == text


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        (ARABIC.encode("utf-16"), "utf-16"),
        (ARABIC.encode("utf-16-le"), "utf-16-le"),
        (ARABIC.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings_with_and_without_bom(data: bytes, codec: str) -> None:
    assert detect_encoding(data) == codec
    assert decode(data) == ARABIC


def test_declared_charset_is_used_and_western_labels_are_not_trusted_on_arabic_bytes() -> None:
    data = ARABIC.encode("cp1256")
    # A page declaring 8859-6 whose bytes decode as 8859-6 would be read as declared, however odd.
    assert detect_encoding("قال".encode("iso8859-6"), "ISO-8859-6") == "iso8859-6"
    assert decode(data, "windows-1256") == ARABIC
    # Mislabelled as latin-1 (it happens): detection reads it as Arabic anyway.
    assert decode(data, "iso-8859-1") == ARABIC
    html = b'<html><head><meta charset="windows-1256"></head><body>' + data + b"</body></html>"
    assert detect_encoding(html) == "cp1256"
    assert (
        meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">')
        == "ISO-8859-6"
    )
    assert charset_from_content_type("text/html; charset=UTF-8") == "UTF-8"
    assert charset_from_content_type("text/html") is None


def test_a_wrong_hint_that_does_not_decode_falls_back_to_detection() -> None:
    assert decode(ARABIC.encode("utf-8"), "iso-8859-6") == ARABIC


def test_binary_and_garbage_are_refused_with_codes() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ArticleError) as err:
        decode(png)
    assert err.value.code == "binary"
    rng = random.Random(4)
    noise = bytes(rng.randrange(1, 256) for _ in range(4000))
    with pytest.raises(ArticleError) as err:
        decode(noise)
    assert err.value.code == "bad_encoding"
