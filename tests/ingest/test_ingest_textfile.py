"""Text files: a short first line before a blank line is the title; the date is --published, else mtime."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import ARABIC

from marsad.ingest.articles import ArticleError
from marsad.ingest.textfile import read_textfile, split_title


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("انفجار في بغداد\n\n" + ARABIC, "انفجار في بغداد", ARABIC),
        ("\n\n  انفجار في بغداد  \n\n" + ARABIC + "\n", "انفجار في بغداد", ARABIC),
        ("انفجار في بغداد\n" + ARABIC, "", "انفجار في بغداد\n" + ARABIC),  # no blank line: no title
        (ARABIC * 2 + "\n\nفقرة ثانية.", "", ARABIC * 2 + "\n\nفقرة ثانية."),  # too long for a title
        ("انفجار\r\n\r\n" + ARABIC, "انفجار", ARABIC),
    ],
)
def test_title_rule(text: str, title: str, body: str) -> None:
    assert split_title(text) == (title, body)


def test_published_is_the_default_else_the_mtime(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(("هجوم في الموصل\n\n" + ARABIC).encode("cp1256"))
    os.utime(path, (1_600_000_000, 1_600_000_000))
    article = read_textfile(path, source="موقع")
    assert article.published == datetime.fromtimestamp(1_600_000_000, tz=UTC)
    assert (article.title, article.text, article.source) == ("هجوم في الموصل", ARABIC, "موقع")
    given = datetime(2021, 3, 4, tzinfo=UTC)
    assert read_textfile(path, default_published=given).published == given


@pytest.mark.parametrize(("data", "code"), [(b"\n \n", "empty"), (b"\x00\x01\x02\x03" * 50, "binary")])
def test_bad_files_have_codes(tmp_path: Path, data: bytes, code: str) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError) as err:
        read_textfile(path)
    assert err.value.code == code
