"""WARC files: pages become articles, other records are skipped, a cut file ends with one clear error."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import ARABIC, Record, page, write_warc

from marsad.ingest.articles import ArticleError
from marsad.ingest.items import sha1_id
from marsad.ingest.warc import read_warc, read_warc_bytes
from marsad.model import Article

DATED = '<meta property="article:published_time" content="2019-03-14T09:30:00+03:00">'
RECORDS: list[Record] = [
    (
        "https://www.site.example/a",
        "200 OK",
        "text/html; charset=utf-8",
        page("هجوم في بغداد", ARABIC, DATED).encode(),
    ),
    ("https://site.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ("https://site.example/old", "301 Moved Permanently", "text/html", b"<html>moved</html>"),
    (
        "https://site.example/b",
        "200 OK",
        "text/html; charset=windows-1256",
        page("انفجار في حلب", ARABIC).encode("cp1256"),
    ),
    ("https://site.example/c.txt", "200 OK", "text/plain; charset=utf-8", ("عنوان\n\n" + ARABIC).encode()),
    ("https://site.example/d", "200 OK", "text/html", b"<html><body><script>x()</script></body></html>"),
]


@pytest.mark.parametrize("gzip", [True, False])
def test_pages_become_articles_and_other_records_are_skipped(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, RECORDS, gzip=gzip)
    items = list(read_warc(path))
    assert all(item.ref.startswith(f"{path}#") for item in items)
    assert len({item.ref for item in items}) == len(items)  # offsets tell the records apart
    kinds = [
        (type(i.item).__name__, i.item.url if isinstance(i.item, Article) else i.item.code) for i in items
    ]
    assert kinds == [
        ("Article", "https://www.site.example/a"),
        ("Article", "https://site.example/b"),
        ("Article", "https://site.example/c.txt"),
        ("ArticleError", "empty"),
    ]
    first, second, text = (i.item for i in items[:3])
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(text, Article)
    assert (first.id, first.source, first.title) == (
        sha1_id("https://www.site.example/a"),
        "site.example",
        "هجوم في بغداد",
    )
    assert first.published.date().isoformat() == "2019-03-14"  # from the page
    assert second.published == datetime(2020, 5, 6, 7, 8, 9, tzinfo=UTC)  # WARC-Date: the page has none
    assert ARABIC in second.text  # decoded from its HTTP charset
    assert (text.title, text.text) == ("عنوان", ARABIC)


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("cut", [0.5, 0.8])
def test_truncated_file_gives_what_was_read_then_one_error(tmp_path: Path, gzip: bool, cut: float) -> None:
    data = write_warc(tmp_path / "full.warc", RECORDS[:1] * 4, gzip=gzip)
    complete = [i for i in read_warc_bytes(data, name="full") if isinstance(i.item, Article)]
    assert len(complete) == 4
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * cut)])
    items = list(read_warc(path))
    articles = [i for i in items if isinstance(i.item, Article)]
    errors = [i.item for i in items if isinstance(i.item, ArticleError)]
    assert 1 <= len(articles) < 4 and items[: len(articles)] == [
        i for i in items if isinstance(i.item, Article)
    ]
    assert len(errors) == 1 and errors[0].code == "truncated" and str(path) in errors[0].message


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    [item] = list(read_warc(tmp_path / "nope.warc.gz"))
    assert isinstance(item.item, ArticleError) and item.item.code == "unreadable"


def test_read_warc_bytes_checks_the_language(tmp_path: Path) -> None:
    english = page(
        "Attack", "Three civilians were killed by a roadside bomb in Baghdad on Monday, police said. " * 5
    )
    data = write_warc(
        tmp_path / "en.warc.gz", [("https://en.example/a", "200 OK", "text/html", english.encode())]
    )
    [item] = list(read_warc_bytes(data, name="en.warc.gz"))
    assert isinstance(item.item, ArticleError) and (item.item.code, item.item.language) == (
        "not_arabic",
        "en",
    )
