"""Fuzz properties, shared by tests/hardening/test_hardening_fuzz.py (a few hundred examples each, in CI) and
bench/fuzz.py (as many as asked). Each target is a plain check of one input plus the hypothesis strategy
that generates inputs; nothing may escape a check but the error types the module under test documents."""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import strategies as st

from marsad.api import output_line, output_schema
from marsad.geo import importers
from marsad.geo.store import open_store as open_gazetteer
from marsad.ingest.articles import ERROR_CODES, ArticleError, InputError, read_articles
from marsad.ingest.encoding import decode
from marsad.ingest.feeds import FeedOptions, FeedState, read_feed
from marsad.ingest.fetch import Fetched, FetchError
from marsad.ingest.html import article_from_html
from marsad.ingest.warc import iter_warc
from marsad.model import Article, Event
from marsad.pipeline import extract_article

WHEN = datetime(2022, 4, 18, 9, 30, tzinfo=UTC)

# -- strategies

#: Words that steer the extractor into its rules: triggers, places, numbers, dates, actors, cues.
WORDS = (
    "قتل", "مقتل", "أصيب", "إصابة", "انفجار", "عبوة", "ناسفة", "سيارة", "مفخخة", "غارة", "غارات", "جوية",
    "اشتباكات", "قصف", "هجوم", "مسلحين", "داعش", "الجيش", "القوات", "الأمن", "الشرطة", "مدنيين", "جنود",
    "بغداد", "كركوك", "الموصل", "نينوى", "ديالى", "إدلب", "حلب", "درعا", "دير", "الزور", "الرمادي", "شمال",
    "جنوب", "قرب", "في", "على", "من", "إلى", "أمس", "اليوم", "الاثنين", "الخميس", "يوم", "الماضي", "شهر",
    "أبريل", "نيسان", "رمضان", "1443", "2022", "٢٠٢٢", "15", "١٥", "ثلاثة", "خمسة", "عشرة", "العشرات", "لم",
    "نفى", "يخطط", "تهديد", "محكمة", "مظاهرة", "اعتقال", "اغتيال", "صاروخ", "طائرة", "مسيرة", "،", ".", "\n",
    "(", ")", '"', "-", ":", "؟", "!", "\u200f", "\u0640", "ـ", "\u064b", "\u0651",
)  # fmt: skip
_ARABIC_CHARS = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
_ANY_CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(_ARABIC_CHARS, max_size=6)), max_size=60).map(
        " ".join
    ),
    st.text(_ANY_CHARS, max_size=300),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(_ANY_CHARS, max_size=4)), max_size=40).map("".join),
)
ARTICLES = st.builds(
    lambda title, text, ts: Article("fuzz", "outlet", "https://x.example/1", ts, title, text),
    st.one_of(st.just(""), TEXT),
    TEXT.filter(lambda t: bool(t.strip())),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)),
)
_TAGS = ("html", "head", "title", "body", "p", "div", "article", "h1", "script", "style", "meta", "br", "a")
HTMLISH = st.one_of(
    st.binary(max_size=2000),
    st.lists(
        st.one_of(
            st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
            st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
            st.just("<meta charset='windows-1256'>"),
            st.just("<meta name='date' content='2022-04-18'>"),
            st.just("<!--"),
            st.just("&amp;&#x0;&#99999999;"),
            TEXT,
        ),
        max_size=40,
    ).map("".join),
)
_WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
WARCISH = st.one_of(
    st.binary(max_size=3000),
    st.tuples(st.binary(max_size=400), st.integers(0, 5000)).map(
        lambda bi: (
            _WARC_HEAD
            + b"Content-Length: %d\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" % bi[1]
            + bi[0]
        )
    ),
    st.binary(max_size=3000).map(lambda b: b"\x1f\x8b\x08\x00" + b),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_FIELD = st.one_of(
    st.none(), st.integers(), TEXT, st.sampled_from(["2022-04-18", "2022-04-18T10:00:00+03:00"])
)
RECORDS = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {},
        optional={k: _FIELD for k in ("id", "source", "url", "published", "title", "text")}
        | {"x": JSON_VALUES},
    ),
)
JSONL_LINES = st.lists(
    st.one_of(RECORDS.map(lambda v: json.dumps(v, ensure_ascii=False)), st.text(max_size=60)), max_size=8
)
_FEED_BITS = (
    '<?xml version="1.0" encoding="utf-8"?>', "<rss version='2.0'>", "<channel>", "</channel>", "</rss>",
    "<item>", "</item>", "<title>", "</title>", "<link>https://x.example/a</link>", "<guid>", "</guid>",
    "<pubDate>Mon, 18 Apr 2022 10:00:00 GMT</pubDate>", "<description>", "</description>", "<![CDATA[",
    "]]>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "</feed>", "<content>",
    "</content>", "<updated>2022-04-18T10:00:00Z</updated>", "&", "<!DOCTYPE x [<!ENTITY a 'b'>]>",
)  # fmt: skip
FEEDISH = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.one_of(st.sampled_from(_FEED_BITS), TEXT), max_size=40).map(lambda p: "".join(p).encode()),
)
ENCODING_INPUT = st.tuples(
    st.one_of(
        st.binary(max_size=2000),
        TEXT.map(lambda t: t.encode("cp1256", "ignore")),
        TEXT.map(lambda t: t.encode("utf-16")),
    ),
    st.one_of(st.none(), st.sampled_from(["utf-8", "windows-1256", "latin-1", "utf-16", "bogus", ""])),
)
_CELL = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "",
            "IQ",
            "SY",
            "33.3",
            "44.4",
            "-91",
            "1e400",
            "nan",
            "town",
            "PPL",
            "ADM1",
            "P",
            "08",
            "12345",
            '"',
            ",",
            "\t",
        ]
    ),
)
CSV_LINES = st.lists(st.lists(_CELL, max_size=20), max_size=6)


# -- checks


def check_extract(article: Article) -> None:
    events: list[Event] = extract_article(article)
    canonical = article.canonical
    for event in events:
        ev = event.evidence
        for name in ("sentence", "trigger", "date", "place", "actor1", "actor2", "fatalities", "injured"):
            span = getattr(ev, name)
            if span is None:
                continue
            assert 0 <= span.start <= span.end <= len(canonical), (name, span)
            assert canonical[span.start : span.end] == span.text, (name, span)
    jsonschema.validate(output_line(article, events), output_schema())


def _ok(err: ArticleError) -> None:
    assert err.code in ERROR_CODES and err.message, err


def check_html(data: bytes | str) -> None:
    try:
        art = article_from_html(data, url="https://x.example/p", default_published=WHEN)
    except ArticleError as err:
        _ok(err)
        return
    assert art.text.strip() and art.id


def check_warc(data: bytes) -> None:
    items = list(iter_warc(io.BytesIO(data), name="f.warc", size=len(data), default_published=WHEN))
    for item in items:
        assert item.ref.startswith("f.warc#")
        if isinstance(item.item, ArticleError):
            _ok(item.item)
    # At most one truncation error, and it is the last item.
    assert all(not isinstance(i.item, ArticleError) or i.item.code != "truncated" for i in items[:-1])


def check_jsonl(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        got = list(read_articles("-", stdin=io.BytesIO(data), require_arabic=False))
    except InputError:
        assert data[:2] == b"\x1f\x8b"  # only a (corrupt) gzip stream may be unreadable
        return
    assert len(got) == sum(1 for line in data.split(b"\n") if line.strip())
    for _, item, _ in got:
        if isinstance(item, ArticleError):
            _ok(item)
        else:
            assert isinstance(item, Article) and item.text.strip() and item.id.strip()


class _FakeFetcher:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        if url != "https://feed.example/rss":
            raise FetchError(f"{url}: no network in fuzzing")
        return Fetched(url, 200, "application/xml", None, None, self.body)


def check_feed(data: bytes) -> None:
    opts = FeedOptions(fetch_pages=False, default_published=WHEN)
    for item in read_feed("https://feed.example/rss", _FakeFetcher(data), FeedState(None), opts):  # type: ignore[arg-type]
        assert item.ref.startswith("https://feed.example/rss")
        if isinstance(item.item, ArticleError):
            _ok(item.item)


def check_encoding(arg: tuple[bytes, str | None]) -> None:
    data, hint = arg
    try:
        text = decode(data, hint)
    except ArticleError as err:
        assert err.code in ("binary", "bad_encoding"), err
        return
    assert isinstance(text, str)


_GAZ_DIR = Path(tempfile.mkdtemp(prefix="marsad-fuzz-gaz-"))
_GAZ = open_gazetteer(_GAZ_DIR / "gaz.db")
_IMPORTS: tuple[tuple[str, str, Callable[[Path], Any]], ...] = (
    ("geonames", ".txt", lambda p: importers.import_geonames(_GAZ, p)),
    ("wof", ".tsv", lambda p: importers.import_wof(_GAZ, p)),
    ("ocha", ".csv", lambda p: importers.import_ocha(_GAZ, p)),
    ("csv", ".tsv", lambda p: importers.import_csv(_GAZ, p, "name_ar=a,name_en=b,lat=c,lon=d,country=IQ")),
)
_HEADERS = {
    "wof": "wof_id\tplacetype\tname\tname_eng\tnames_ara\tlat\tlon\tregion_id\tcounty_id\tlocality_id\t"
    "geonames_id\tpopulation\tcountry",
    "ocha": "ADM0_EN,ADM0_PCODE,ADM1_EN,ADM1_AR,ADM1_PCODE,ADM2_EN,ADM2_AR,ADM2_PCODE",
    "csv": "a\tb\tc\td",
}


def check_gazetteer(rows: list[list[str]]) -> None:
    for kind, suffix, run in _IMPORTS:
        sep = "," if kind == "ocha" else "\t"
        body = "\n".join(sep.join(cells) for cells in rows)
        header = _HEADERS.get(kind)
        path = _GAZ_DIR / f"in-{kind}{suffix}"
        path.write_text(f"{header}\n{body}\n" if header else f"{body}\n", encoding="utf-8")
        counts = run(path)
        assert counts.read >= counts.skipped + counts.ignored, (kind, counts)


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


TARGETS = (
    Target("extract_article", ARTICLES, check_extract),
    Target("html", HTMLISH, check_html),
    Target("warc", WARCISH, check_warc),
    Target("jsonl", JSONL_LINES, check_jsonl),
    Target("feeds", FEEDISH, check_feed),
    Target("encoding", ENCODING_INPUT, check_encoding),
    Target("gazetteer", CSV_LINES, check_gazetteer),
)
