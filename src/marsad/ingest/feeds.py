"""RSS and Atom feeds by URL to articles, each entry once, with conditional GETs and a politeness delay.

For each feed, in order:

1. GET it (`ingest.fetch`: timeouts, deadline, 5 redirects, a delay per host) with the ETag and
   Last-Modified remembered from the last poll; a 304 means nothing new.
2. Parse it with feedparser. A document feedparser could not read (`bozo`) and that gave no entries is
   `ArticleError("bad_feed")`; a fetch failure is `ArticleError("fetch_failed")`: one error for the
   feed, and the other feeds go on.
3. Each entry not seen before (by guid, else link) becomes an Article: from its own content
   (`content:encoded`, else the summary) when that holds at least `min_content_chars` of text, else,
   with `fetch_pages`, from its page (`ingest.html`), else from the short text it has. The entry's date
   comes first, then the page's. A page that cannot be fetched is that entry's `fetch_failed`, and the
   entry is not marked seen, so the next poll tries it again.
4. The state (validators and seen entries, per feed) is written to the JSON file `state_path` after each
   feed; the validators only once all its entries were handed on, so a run stopped midway re-reads the
   feed and the seen list skips what was already done.

`watch` polls the feeds every `every_seconds` until its `stop` event is set.
"""

from __future__ import annotations

import calendar
import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from marsad.ingest.articles import ArticleError
from marsad.ingest.fetch import Fetcher, FetchError
from marsad.ingest.html import article_from_html, fragment_text
from marsad.ingest.items import SourceItem, domain, language_checked, sha1_id
from marsad.model import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """How feeds are read. Seconds for every time; `state_path=None` keeps no state between runs."""

    state_path: str | Path | None = None
    fetch_pages: bool = True
    min_interval: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0
    max_redirects: int = 5
    min_content_chars: int = 500
    source: str = ""
    default_published: datetime | None = None
    #: Seen entries kept per feed: more than a feed ever lists, few enough to keep the file small.
    max_seen: int = 5000


class FeedState:
    """What the last polls learnt, per feed URL: `etag`, `last_modified` and the `seen` entry keys."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.feeds: dict[str, dict[str, Any]] = {}
        if self.path and self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.feeds = dict(data.get("feeds", {}))
            except (OSError, ValueError, AttributeError) as err:
                # A broken state costs a full re-read, never the run: the store drops what it has.
                log.warning("feed state %s unreadable (%s): starting afresh", self.path, err)

    def feed(self, url: str) -> dict[str, Any]:
        return self.feeds.setdefault(url, {"etag": None, "last_modified": None, "seen": []})

    def save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"feeds": self.feeds}, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: a crash leaves the old state or the new, never half of one


def _entry_published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            # feedparser normalises to UTC struct_time.
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return None


def _entry_text(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) or []]
    candidates = [*contents, entry.get("summary", "") or ""]
    texts = [fragment_text(c) for c in candidates if c]
    return max(texts, key=len, default="")


def _entry_article(entry: Any, key: str, feed_url: str, fetcher: Fetcher, opts: FeedOptions) -> Article:
    link = entry.get("link", "") or ""
    title = " ".join((entry.get("title", "") or "").split())
    text = _entry_text(entry)
    published = _entry_published(entry) or opts.default_published
    url = link or feed_url
    if len(text) < opts.min_content_chars and opts.fetch_pages and link:
        try:
            page = fetcher.get(link)
        except FetchError as err:
            raise ArticleError("fetch_failed", f"entry page: {err}") from err
        from marsad.ingest.encoding import charset_from_content_type

        article = article_from_html(
            page.body,
            url=link,
            source=opts.source,
            default_published=published,
            charset=charset_from_content_type(page.content_type),
        )
        # The feed's date and title are the publisher's own metadata, more reliable than a page's.
        return Article(
            article.id,
            article.source,
            link,
            published or article.published,
            title or article.title,
            article.text,
        )
    if not text:
        raise ArticleError(
            "empty", "the entry has no text" + ("" if opts.fetch_pages else " (pages not fetched)")
        )
    if published is None:
        raise ArticleError("bad_date", "the entry has no date and no default date was given")
    return Article(
        sha1_id(link or f"{feed_url}#{key}"), opts.source or domain(url), link, published, title, text
    )


def read_feed(url: str, fetcher: Fetcher, state: FeedState, opts: FeedOptions) -> Iterator[SourceItem]:
    """The new entries of one feed (not language-checked); see the module docstring."""
    known = state.feed(url)
    try:
        resp = fetcher.get(url, etag=known["etag"], last_modified=known["last_modified"])
    except FetchError as err:
        yield SourceItem(url, ArticleError("fetch_failed", str(err)))
        return
    if resp.status == 304:
        log.debug("%s: not modified", url)
        return
    parsed = feedparser.parse(
        resp.body, response_headers={"content-type": resp.content_type or "application/xml"}
    )
    if parsed.get("bozo") and not parsed.entries:
        reason = parsed.get("bozo_exception", "not a feed")
        yield SourceItem(url, ArticleError("bad_feed", f"{url}: not an RSS or Atom feed: {reason}"))
        return
    seen = known["seen"]
    seen_set = set(seen)
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link") or entry.get("title")
        if not key or key in seen_set:
            continue
        ref = f"{url}#{key}"
        try:
            item = SourceItem(ref, _entry_article(entry, key, url, fetcher, opts))
        except ArticleError as err:
            item = SourceItem(ref, err)
        yield item
        if isinstance(item.item, ArticleError) and item.item.code == "fetch_failed":
            continue  # retried at the next poll
        seen.append(key)
        seen_set.add(key)
        del seen[: max(0, len(seen) - opts.max_seen)]
        state.save()
    known["etag"], known["last_modified"] = resp.etag, resp.last_modified
    state.save()


def read_feeds(urls: Sequence[str], options: FeedOptions | None = None) -> Iterator[SourceItem]:
    """The new entries of every feed in turn (not language-checked; `iter_sources` checks)."""
    opts = options or FeedOptions()
    state = FeedState(opts.state_path)
    with Fetcher(
        connect_timeout=opts.connect_timeout,
        read_timeout=opts.read_timeout,
        deadline=opts.deadline,
        max_redirects=opts.max_redirects,
        min_interval=opts.min_interval,
    ) as fetcher:
        for url in urls:
            yield from read_feed(url, fetcher, state, opts)


def watch(
    urls: Sequence[str],
    every_seconds: float,
    *,
    options: FeedOptions | None = None,
    stop: threading.Event | None = None,
) -> Iterator[SourceItem]:
    """Poll `urls` every `every_seconds` (from the start of one poll to the next) until `stop` is set,
    yielding new entries, language-checked. Without `stop` it runs until the consumer stops it."""
    stop = stop or threading.Event()
    while not stop.is_set():
        started = time.monotonic()
        for item in read_feeds(urls, options):
            yield language_checked(item)
            if stop.is_set():
                return
        stop.wait(max(0.0, every_seconds - (time.monotonic() - started)))
