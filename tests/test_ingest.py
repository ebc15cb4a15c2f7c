"""Ingest turns corpus lines into Articles and every bad line into a coded ArticleError, never a crash."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest import ArticleError, InputError, parse_article, read_articles
from marsad.model import Article

GOOD: dict[str, Any] = {
    "id": "t-1",
    "source": "test",
    "url": "http://example.org/1",
    "published": "2018-04-17T10:00:00+04:00",
    "title": "انفجار في بغداد",
    "text": "قتل ثلاثة مدنيين بانفجار عبوة ناسفة في بغداد اليوم.",
    "category": "middleEast",
}


def with_(**changes: Any) -> dict[str, Any]:
    obj = dict(GOOD)
    for key, value in changes.items():
        if value is ...:
            del obj[key]
        else:
            obj[key] = value
    return obj


def test_good_article_keeps_every_field() -> None:
    article = parse_article(GOOD)
    assert article.id == "t-1" and article.source == "test" and article.url == "http://example.org/1"
    assert article.published == datetime(2018, 4, 17, 10, tzinfo=timezone(timedelta(hours=4)))
    assert article.canonical == GOOD["title"] + "\n\n" + GOOD["text"]


@pytest.mark.parametrize("key", ["source", "url", "title"])
@pytest.mark.parametrize("value", [..., None, ""])
def test_optional_fields_become_empty(key: str, value: Any) -> None:
    assert getattr(parse_article(with_(**{key: value})), key) == ""


def test_naive_timestamp_is_utc_with_its_wall_time_kept() -> None:
    # 23:30 written without an offset stays 23:30 on the 17th: the written date anchors relative dates.
    article = parse_article(with_(published="2018-04-17T23:30:00"))
    assert article.published == datetime(2018, 4, 17, 23, 30, tzinfo=UTC)
    assert article.published.date().isoformat() == "2018-04-17"


def test_bare_date_is_midnight_utc_and_z_is_utc() -> None:
    assert parse_article(with_(published="2018-04-17")).published == datetime(2018, 4, 17, tzinfo=UTC)
    assert parse_article(with_(published="2018-04-17T08:00:00Z")).published.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("obj", "code"),
    [
        (with_(id=...), "missing_field"),
        (with_(id="  "), "missing_field"),
        (with_(text=...), "missing_field"),
        (with_(published=...), "missing_field"),
        (with_(published=None), "missing_field"),
        (with_(published="17/04/2018"), "bad_date"),
        (with_(published="2018-02-30T10:00:00"), "bad_date"),
        (with_(text="  \n "), "empty"),
        (
            with_(title="Explosion in Baghdad", text="Three civilians were killed by a roadside bomb today."),
            "not_arabic",
        ),
        (with_(title="", text="1234 — 5678"), "not_arabic"),
        (with_(id=17), "bad_type"),
        (with_(text=["قتل"]), "bad_type"),
        (with_(title=3), "bad_type"),
        (with_(published=20180417), "bad_type"),
    ],
)
def test_each_error_has_its_code(obj: dict[str, Any], code: str) -> None:
    with pytest.raises(ArticleError) as info:
        parse_article(obj)
    assert info.value.code == code
    assert isinstance(info.value, ValueError)


def test_not_arabic_is_a_share_of_letters() -> None:
    # Mostly Arabic with a few Latin names passes; a French page with an Arabic word does not.
    parse_article(with_(text="قال مسؤول في Reuters إن الهجوم وقع في بغداد صباح اليوم", title=""))
    with pytest.raises(ArticleError, match="Arabic"):
        parse_article(with_(title="", text="Le ministre a visité بغداد hier pour une réunion importante."))


@given(
    st.dictionaries(
        st.sampled_from(["id", "source", "url", "published", "title", "text"]),
        st.one_of(st.none(), st.text(max_size=30), st.integers(), st.lists(st.integers(), max_size=2)),
    )
)
def test_any_record_gives_an_article_or_an_article_error(obj: dict[str, Any]) -> None:
    try:
        article = parse_article(obj)
    except ArticleError as err:
        assert err.code in {"missing_field", "bad_date", "empty", "not_arabic", "bad_type"}
    else:
        assert article.published.tzinfo is not None


def lines_of(*objs: Any) -> bytes:
    return b"".join(
        (o if isinstance(o, bytes) else json.dumps(o, ensure_ascii=False).encode()) + b"\n" for o in objs
    )


MIXED = lines_of(GOOD, b"{not json", b"", with_(id="t-2", text=""), b"\xff\xfe", [1, 2], with_(id="t-3"))


def summarize(
    rows: list[tuple[int, Article | ArticleError, str | None]],
) -> list[tuple[int, str, str | None]]:
    return [(n, r.code if isinstance(r, ArticleError) else "ok", raw_id) for n, r, raw_id in rows]


EXPECTED = [
    (1, "ok", "t-1"),
    (2, "bad_json", None),
    (4, "empty", "t-2"),
    (5, "bad_json", None),
    (6, "bad_type", None),
    (7, "ok", "t-3"),
]


def test_read_jsonl_reports_bad_lines_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(MIXED)
    assert summarize(list(read_articles(path))) == EXPECTED


def test_read_gzip_is_detected_by_content(tmp_path: Path) -> None:
    for name in ("a.jsonl.gz", "misnamed.jsonl"):
        path = tmp_path / name
        path.write_bytes(gzip.compress(MIXED))
        assert summarize(list(read_articles(str(path)))) == EXPECTED


def test_read_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    assert summarize(list(read_articles("-", stdin=io.BytesIO(MIXED)))) == EXPECTED
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(gzip.compress(MIXED)))))
    assert summarize(list(read_articles("-"))) == EXPECTED


def test_missing_file_raises_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_articles(tmp_path / "absent.jsonl")


def test_truncated_gzip_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(MIXED * 50)[:-40])
    with pytest.raises(InputError, match="unreadable"):
        list(read_articles(path))
