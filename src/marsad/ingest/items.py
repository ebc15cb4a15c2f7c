"""`SourceItem`: one thing read from a source, an Article or the reason why not, with where it came from.

It lives apart from `ingest.sources` so that the readers (`warc`, `feeds`) can produce it without importing
the dispatcher that imports them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from marsad.ingest.articles import ArticleError
from marsad.ingest.language import check_language
from marsad.model import Article

#: The largest HTML or text file read (bytes): a news article is a few kB, a page a few hundred; a bigger
#: file is not one article, and decoding and extracting it whole would cost memory in every worker.
MAX_BYTES = 20 * 1024 * 1024


def read_capped(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a file of at most `limit` bytes, never reading more than `limit + 1` of it.

    Raises `ArticleError("too_large")` for a bigger file, `ArticleError("unreadable")` when it cannot be read.
    """
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        raise ArticleError("unreadable", f"cannot read {path}: {err.strerror or err}") from err
    if len(data) > limit:
        raise ArticleError("too_large", f"{path}: larger than {limit // (1024 * 1024)} MB, not one article")
    return data


@dataclass(frozen=True, slots=True)
class SourceItem:
    """`ref` says precisely where `item` came from: "file.jsonl:12", "page.html", "x.warc.gz#1234",
    "https://site/feed#entry-guid"; failures are reported with it."""

    ref: str
    item: Article | ArticleError


def language_checked(item: SourceItem) -> SourceItem:
    """`item` with its article replaced by `ArticleError("not_arabic")` when it is not in Arabic."""
    if isinstance(item.item, ArticleError):
        return item
    checked = check_language(item.item)
    return item if checked is item.item else SourceItem(item.ref, checked)


def sha1_id(key: str) -> str:
    """An article id for a record that has none of its own: the SHA-1 of its URL or path."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def domain(url: str) -> str:
    """The site of a URL without "www." ("" when it has none), used as an article's `source`."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
