"""Feeds against a local HTTP server: entries once each, 304s, and every failure one error for its feed."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from ingest_helpers import ARABIC, page

from marsad.ingest.articles import ArticleError
from marsad.ingest.feeds import FeedOptions, read_feeds, watch
from marsad.ingest.fetch import USER_AGENT
from marsad.ingest.items import SourceItem
from marsad.model import Article

LONG = "\n".join([ARABIC] * 4)
PUBDATE = format_datetime(datetime(2021, 6, 7, 8, 0, tzinfo=UTC))


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>أخبار</title><link>{base}/</link><description>test</description>
<item><title>هجوم في بغداد</title><link>{base}/news/1</link><guid>news-1</guid><pubDate>{PUBDATE}</pubDate>
<description>موجز قصير</description>
<content:encoded><![CDATA[<p>{LONG}</p><p>(رويترز)</p>]]></content:encoded></item>
<item><title>انفجار في حلب</title><link>{base}/news/2</link><guid>news-2</guid><pubDate>{PUBDATE}</pubDate>
<description>موجز قصير عن الانفجار</description></item>
</channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.hits.append((self.path, self.headers.get("User-Agent", "")))
        base = f"http://{self.headers['Host']}"
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, b"")
            else:
                self.send(200, rss(base).encode(), "application/rss+xml", ETag='"v1"')
        elif self.path == "/news/2":
            self.send(
                200,
                page("انفجار في حلب", ARABIC + "\n" + ARABIC).encode("cp1256"),
                "text/html; charset=windows-1256",
            )
        elif self.path == "/500":
            self.send(500, b"oops")
        elif self.path == "/hang":
            time.sleep(3)
            self.send(200, b"late")
        elif self.path == "/loop":
            self.send(302, b"", Location="/loop")
        elif self.path == "/bad.xml":
            self.send(200, b"<html><body>this is <b>not a feed</i> <<<", "text/html")
        else:
            self.send(404, b"no")


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    Handler.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def opts(tmp_path: Path, **kw: object) -> FeedOptions:
    base: dict[str, object] = {
        "state_path": tmp_path / "state.json",
        "min_interval": 0.0,
        "read_timeout": 0.5,
    }
    return FeedOptions(**{**base, **kw})


def articles(items: list[SourceItem]) -> list[Article]:
    return [i.item for i in items if isinstance(i.item, Article)]


def test_entries_full_content_or_fetched_page_then_nothing_new(server: str, tmp_path: Path) -> None:
    items = list(read_feeds([f"{server}/feed.xml"], opts(tmp_path)))
    assert [i.ref for i in items] == [f"{server}/feed.xml#news-1", f"{server}/feed.xml#news-2"]
    first, second = articles(items)
    # Entry 1 carries its text (content:encoded); its credit line is boilerplate.
    assert first.text == LONG and first.title == "هجوم في بغداد" and first.url == f"{server}/news/1"
    assert first.published == datetime(2021, 6, 7, 8, 0, tzinfo=UTC) and first.source == "127.0.0.1"
    # Entry 2 has a short summary only: its page was fetched (windows-1256) and extracted.
    assert ARABIC in second.text and second.published == first.published
    assert ("/news/2", USER_AGENT) in Handler.hits and USER_AGENT.startswith("marsad/")
    state = json.loads((tmp_path / "state.json").read_text())
    assert state["feeds"][f"{server}/feed.xml"]["etag"] == '"v1"'
    assert state["feeds"][f"{server}/feed.xml"]["seen"] == ["news-1", "news-2"]
    # Second poll: conditional GET, 304, nothing yielded.
    Handler.hits = []
    assert list(read_feeds([f"{server}/feed.xml"], opts(tmp_path))) == []
    assert [path for path, _ in Handler.hits] == ["/feed.xml"]


def test_seen_entries_are_not_yielded_again_even_without_a_304(server: str, tmp_path: Path) -> None:
    list(read_feeds([f"{server}/feed.xml"], opts(tmp_path)))
    state_path = tmp_path / "state.json"
    state = json.loads(state_path.read_text())
    state["feeds"][f"{server}/feed.xml"]["etag"] = None  # the server will send the feed again
    state_path.write_text(json.dumps(state))
    assert list(read_feeds([f"{server}/feed.xml"], opts(tmp_path))) == []


def test_without_page_fetching_the_summary_is_the_text(server: str, tmp_path: Path) -> None:
    items = list(read_feeds([f"{server}/feed.xml"], opts(tmp_path, fetch_pages=False)))
    assert articles(items)[1].text == "موجز قصير عن الانفجار"
    assert all(path != "/news/2" for path, _ in Handler.hits)


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("/500", "fetch_failed", "HTTP 500"),
        ("/hang", "fetch_failed", "timed out"),
        ("/loop", "fetch_failed", "redirects"),
        ("/bad.xml", "bad_feed", "not an RSS or Atom feed"),
        ("/missing", "fetch_failed", "HTTP 404"),
    ],
)
def test_a_failing_feed_is_one_error_and_the_next_feed_is_read(
    server: str, tmp_path: Path, path: str, code: str, words: str
) -> None:
    started = time.monotonic()
    items = list(read_feeds([f"{server}{path}", f"{server}/feed.xml"], opts(tmp_path)))
    assert time.monotonic() - started < 2.5  # the hanging server is left after the read timeout
    error = items[0].item
    assert items[0].ref == f"{server}{path}"
    assert isinstance(error, ArticleError) and error.code == code and words in error.message
    assert len(articles(items[1:])) == 2


def test_rate_limit_spaces_requests_to_one_host(server: str, tmp_path: Path) -> None:
    started = time.monotonic()
    list(read_feeds([f"{server}/feed.xml"], opts(tmp_path, min_interval=0.4)))  # the feed, then a page
    assert time.monotonic() - started >= 0.4


def test_watch_polls_until_stopped(server: str, tmp_path: Path) -> None:
    stop = threading.Event()
    got: list[SourceItem] = []
    for item in watch([f"{server}/feed.xml"], 0.1, options=opts(tmp_path), stop=stop):
        got.append(item)
        if len(got) == 2:
            threading.Timer(0.5, stop.set).start()
    assert len(got) == 2  # later polls found nothing new
    assert sum(1 for path, _ in Handler.hits if path == "/feed.xml") >= 2
