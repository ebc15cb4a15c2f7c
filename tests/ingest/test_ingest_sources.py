"""iter_sources: every kind of source by one entry point, precise refs, and no source stops the others."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ingest_helpers import ARABIC, page, write_warc

from marsad.ingest.articles import ArticleError
from marsad.ingest.sources import SourceItem, SourceOptions, iter_sources, kind_of
from marsad.model import Article

FIXTURES = Path(__file__).parent / "fixtures"


def record(i: int, text: str = ARABIC, **extra: str) -> str:
    obj = {"id": f"r{i}", "published": "2020-01-02", "title": "عنوان", "text": text, **extra}
    return json.dumps(obj, ensure_ascii=False)


def summary(items: list[SourceItem]) -> list[tuple[str, str]]:
    return [(i.ref, i.item.id if isinstance(i.item, Article) else i.item.code) for i in items]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "a.jsonl").write_text(record(1) + "\n\n" + record(2, "Three people were killed.") + "\n")
    with gzip.open(root / "b" / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(record(3) + "\nnot json\n")
    (root / "b" / "d.txt").write_text("عنوان\n\n" + ARABIC, encoding="utf-8")
    (root / "b" / "e.html").write_bytes((FIXTURES / "news_page.html").read_bytes())
    html = page("هجوم", ARABIC).encode()
    write_warc(root / "b" / "f.warc.gz", [("https://s.example/x", "200 OK", "text/html", html)])
    (root / "b" / "g.dat").write_text(record(4))  # sniffed: JSON
    (root / "b" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # skipped silently
    (root / ".hidden.jsonl").write_text(record(5))
    return root


def test_a_folder_is_walked_in_order_and_each_file_read_by_its_kind(folder: Path) -> None:
    items = list(iter_sources([str(folder)], options=SourceOptions(default_published="2021-01-01")))
    got = summary(items)
    b = folder / "b"
    assert [ref for ref, _ in got] == [
        f"{folder}/a.jsonl:1",
        f"{folder}/a.jsonl:3",
        f"{b}/c.jsonl.gz:1",
        f"{b}/c.jsonl.gz:2",
        f"{b}/d.txt",
        f"{b}/e.html",
        got[6][0],
        f"{b}/g.dat:1",
    ]
    assert got[6][0].startswith(f"{b}/f.warc.gz#")
    assert [code for _, code in got][:4] == ["r1", "not_arabic", "r3", "bad_json"]
    assert got[-1][1] == "r4"
    assert all(isinstance(i.item, Article) for i in items[4:])
    text_article = items[4].item
    assert isinstance(text_article, Article) and text_article.published == datetime(2021, 1, 1, tzinfo=UTC)
    # The same walk twice gives the same items: ids and refs are deterministic.
    assert (
        summary(list(iter_sources([str(folder)], options=SourceOptions(default_published="2021-01-01"))))
        == got
    )


def test_not_arabic_carries_the_language(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    persian = "وزارت امور خارجه ایران روز شنبه اعلام کرد که این کشور برای گفتگو با آمریکا آماده است."
    path.write_text(record(1, persian) + "\n" + record(2, "Trois civils ont été tués dans la ville.") + "\n")
    errors = [i.item for i in iter_sources([str(path)])]
    assert [(e.code, e.language) for e in errors if isinstance(e, ArticleError)] == [
        ("not_arabic", "fa"),
        ("not_arabic", "fr"),
    ]


def test_missing_and_unknown_sources_are_errors_and_the_rest_is_read(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(record(1) + "\n")
    odd = tmp_path / "notes.bin"
    odd.write_bytes(b"\x01\x02 something")
    sources = [str(tmp_path / "missing.jsonl"), str(tmp_path / "missing.dat"), str(odd), str(good)]
    got = summary(list(iter_sources(sources)))
    assert got == [
        (str(tmp_path / "missing.jsonl"), "unreadable"),
        (str(tmp_path / "missing.dat"), "unreadable"),
        (str(odd), "unknown_format"),
        (f"{good}:1", "r1"),
    ]


def test_field_mapping_and_stdin(tmp_path: Path) -> None:
    line = json.dumps({"guid": "g", "date": "2020-01-01", "body": ARABIC}, ensure_ascii=False).encode()
    options = SourceOptions(field_map={"id": "guid", "published": "date", "text": "body"})
    got = summary(list(iter_sources(["-"], options=options, stdin=io.BytesIO(line + b"\n"))))
    assert got == [("stdin:1", "g")]


def test_a_truncated_gzip_jsonl_keeps_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join(record(i) for i in range(200)) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    got = summary(list(iter_sources([str(path)])))
    assert got[0] == (f"{path}:1", "r0") and got[-1][1] == "unreadable" and len(got) > 2


def test_bad_options_are_value_errors() -> None:
    with pytest.raises(ValueError, match="default published"):
        SourceOptions(default_published="yesterday")
    with pytest.raises(ValueError, match="cannot map"):
        SourceOptions(field_map={"body": "text"})


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.0\r\n", "warc"),
        (b"  <!DOCTYPE html><html>", "html"),
        (b'{"id": 1}', "jsonl"),
        (b"hello", None),
    ],
)
def test_sniffing(tmp_path: Path, head: bytes, kind: str | None) -> None:
    path = tmp_path / "file"
    path.write_bytes(head)
    assert kind_of(path) == kind
    path.write_bytes(gzip.compress(head))
    assert kind_of(path) == kind
