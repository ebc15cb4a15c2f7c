"""Web archives (WARC, WARC.gz, ARC.gz) to articles: one per `response` record with an HTML or text page.

* A `response` record with a 2xx status and an HTML (`text/html`, `application/xhtml+xml`) payload becomes
  an Article through `ingest.html`, its URL from `WARC-Target-URI`, its HTTP `Content-Type` charset fed to
  the encoding detection, and `WARC-Date` (the crawl time) as the date when the page shows none, before
  the caller's default. A `text/plain` payload becomes an Article like a text file (`ingest.textfile`).
* Every other record (requests, metadata, redirects, images, scripts) is skipped silently: a crawl is
  mostly those, and they are not failed articles.
* A record that cannot be made an article is an `ArticleError` with the record's offset in its ref.
* warcio ends quietly on a truncated file, so the reader checks for itself: a record whose block is
  shorter than its Content-Length, a record without a WARC type, or records ending before the file does
  give one `ArticleError("truncated")` after the articles read so far, and the reading stops.

Refs are `file.warc.gz#OFFSET` (the record's byte offset in the file, compressed offsets for .gz).
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from marsad.ingest.articles import ArticleError, parse_published
from marsad.ingest.encoding import charset_from_content_type, decode
from marsad.ingest.html import article_from_html
from marsad.ingest.items import SourceItem, domain, language_checked, sha1_id
from marsad.ingest.textfile import split_title
from marsad.model import Article

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TRAILER = 4
_WARC_TYPES = frozenset(
    {"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"}
)
# warcio raises AttributeError and ValueError of its own on garbage where it expected a header line.
_READ_ERRORS = (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError, AttributeError)


def _record_date(record: Any) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    try:
        return parse_published(value) if value else None
    except ArticleError:
        return None


def _text_article(payload: bytes, charset: str | None, url: str, source: str, published: datetime) -> Article:
    title, body = split_title(decode(payload, charset))
    if not body:
        raise ArticleError("empty", "the text payload is empty")
    return Article(sha1_id(url), source or domain(url), url, published, title, body)


def _article(record: Any, payload: bytes, source: str, default: datetime | None) -> Article | None:
    """The record's article, None when the record is not a page (skipped), or raises ArticleError."""
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    charset = charset_from_content_type(content_type)
    published = _record_date(record) or default
    if mime in HTML_TYPES:
        return article_from_html(
            payload, url=url, source=source, default_published=published, charset=charset
        )
    if mime == "text/plain":
        if published is None:
            raise ArticleError("bad_date", "no WARC-Date and no default date given")
        return _text_article(payload, charset, url, source, published)
    return None


def _is_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    return status.startswith("2")


def iter_warc(
    stream: IO[bytes],
    *,
    name: str,
    size: int | None = None,
    source: str = "",
    default_published: datetime | None = None,
) -> Iterator[SourceItem]:
    """The items of an open WARC stream (not language-checked: `ingest.sources` does that for all).

    `size` is the stream's length in bytes, when known, to notice a file cut between records.
    """
    it = ArchiveIterator(stream, arc2warc=True)
    offset, end = 0, 0
    try:
        for record in it:
            if record.rec_type not in _WARC_TYPES:
                raise ArchiveLoadFailed(f"a record without a WARC type after byte {end}")
            # The payload first: asking warcio for the offset reads the record to its end.
            payload = record.content_stream().read() if _is_page(record) else None
            offset = it.get_record_offset()
            end = offset + it.get_record_length()
            if record.raw_stream.limit > 0:
                raise ArchiveLoadFailed(f"the record at offset {offset} is cut short")
            if payload is None:
                continue
            ref = f"{name}#{offset}"
            try:
                article = _article(record, payload, source, default_published)
            except ArticleError as err:
                yield SourceItem(ref, err)
                continue
            if article is not None:
                yield SourceItem(ref, article)
        # warcio leaves the 4 bytes of blank lines closing an uncompressed file out of the last length.
        if size is not None and end + _TRAILER < size:
            raise ArchiveLoadFailed(f"the records end at byte {end} of {size}")
    except _READ_ERRORS as err:
        log.debug("%s: unreadable WARC", name, exc_info=True)
        message = f"{name}: truncated or corrupt after offset {offset}: {err}"
        yield SourceItem(f"{name}#{offset}", ArticleError("truncated", message))


def read_warc(
    path: str | Path, *, source: str = "", default_published: datetime | None = None
) -> Iterator[SourceItem]:
    """The items of a WARC file; a file that cannot be opened is one `ArticleError("unreadable")`."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, once the generator is done
        size = Path(path).stat().st_size
    except OSError as err:
        yield SourceItem(str(path), ArticleError("unreadable", f"cannot read {path}: {err.strerror or err}"))
        return
    with fh:
        yield from iter_warc(
            fh, name=str(path), size=size, source=source, default_published=default_published
        )


def read_warc_bytes(
    payload: bytes, *, name: str, source: str = "", default_published: datetime | None = None
) -> Iterator[SourceItem]:
    """The items of a WARC file held in memory (Spark's `binaryFiles`), language-checked and ready for
    extraction."""
    items = iter_warc(
        io.BytesIO(payload), name=name, size=len(payload), source=source, default_published=default_published
    )
    for item in items:
        yield language_checked(item)
