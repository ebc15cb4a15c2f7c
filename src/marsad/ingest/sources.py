"""One entry point for every kind of input: `iter_sources(sources, options=...)` yields `SourceItem`s.

What each SOURCE is decides how it is read:

| source | reader | ref of an item |
|---|---|---|
| `http://` or `https://` URL | RSS/Atom feed (`ingest.feeds`) | `URL#entry-guid` (the URL for a feed error) |
| directory | every file in it, recursively, in sorted order; files of no known kind are skipped | per file |
| `.jsonl`, `.jsonl.gz`, `.json` | JSONL (`ingest.articles`, with `field_map`) | `path:LINE` |
| `.warc`, `.warc.gz`, `.arc.gz` | web archive (`ingest.warc`) | `path#OFFSET` |
| `.html`, `.htm` | one page (`ingest.html`) | `path` |
| `.txt` | one text (`ingest.textfile`) | `path` |
| `-` | JSONL on stdin | `stdin:LINE` |
| other names | sniffed: gzip (WARC or JSONL inside), `WARC/1.`, `<html`, `<!doctype html`, `{` | as above |

Every Article then goes through the language check (`ingest.language`): one whose text is not Arabic is
`ArticleError("not_arabic")` with its `language`. Nothing raises for bad input: a missing path is one
`ArticleError("unreadable")`, a file named on the command line whose kind cannot be told is one
`ArticleError("unknown_format")`, and the next source is read.
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from marsad.ingest.articles import ArticleError, InputError, check_fields, parse_published, read_articles
from marsad.ingest.feeds import FeedOptions, read_feeds
from marsad.ingest.html import read_html_file
from marsad.ingest.items import SourceItem, language_checked
from marsad.ingest.textfile import read_textfile
from marsad.ingest.warc import read_warc

__all__ = ["SourceItem", "SourceOptions", "iter_sources", "kind_of"]

log = logging.getLogger(__name__)

_SUFFIXES = (
    (".jsonl.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".json", "jsonl"),
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".arc.gz", "warc"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "text"),
)
_SNIFF_BYTES = 512


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How sources are read (the CLI's options). Times in seconds.

    `field_map`: JSONL keys for Article fields (`{"id": "guid"}`); `default_published`: ISO 8601 string
    or datetime for inputs without a date; `feed_state`: the feeds' JSON state file; `source_name`: the
    outlet name for inputs that carry none. A bad `field_map` or `default_published` raises `ValueError`.
    `check_language`: False leaves the language check to the consumer (the ingest runner does it in its
    worker processes, where it costs the main process nothing).
    """

    field_map: Mapping[str, str] | None = None
    default_published: datetime | str | None = None
    feed_state: str | Path | None = None
    fetch_pages: bool = True
    rate_limit: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0
    source_name: str | None = None
    check_language: bool = True

    def __post_init__(self) -> None:
        check_fields(self.field_map)
        self.published()

    def published(self) -> datetime | None:
        """`default_published` as a timezone-aware datetime (naive: UTC, wall time kept)."""
        if self.default_published is None:
            return None
        try:
            return parse_published(self.default_published)
        except ArticleError as err:
            raise ValueError(f"default published date: {err.message}") from err

    def feed_options(self) -> FeedOptions:
        return FeedOptions(
            state_path=self.feed_state,
            fetch_pages=self.fetch_pages,
            min_interval=self.rate_limit,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            deadline=self.deadline,
            source=self.source_name or "",
            default_published=self.published(),
        )


def _sniff(path: Path) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as gz:
                head = gz.read(_SNIFF_BYTES)
        except (OSError, EOFError, zlib.error):
            return None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"warc/1.", b"warc/0.")):
        return "warc"
    if text.startswith(b"{"):
        return "jsonl"
    if text.startswith((b"<html", b"<!doctype html")) or (text.startswith(b"<!--") and b"<html" in text):
        return "html"
    return None


def kind_of(path: Path) -> str | None:
    """ "jsonl", "warc", "html", "text", or None; by the name's ending, else by the first bytes."""
    name = path.name.lower()
    for suffix, kind in _SUFFIXES:
        if name.endswith(suffix):
            return kind
    return _sniff(path)


def _jsonl(path: str, opts: SourceOptions, stdin: IO[bytes] | None) -> Iterator[SourceItem]:
    name = "stdin" if path == "-" else path
    line_no = 0
    try:
        records = read_articles(path, stdin=stdin, fields=opts.field_map, require_arabic=False)
        for line_no, item, _ in records:
            yield SourceItem(f"{name}:{line_no}", item)
    except InputError as err:
        yield SourceItem(f"{name}:{line_no}" if line_no else name, ArticleError("unreadable", str(err)))


def _file(path: Path, kind: str, opts: SourceOptions) -> Iterator[SourceItem]:
    ref = str(path)
    source, published = opts.source_name or "", opts.published()
    if kind == "jsonl":
        yield from _jsonl(ref, opts, None)
    elif kind == "warc":
        yield from read_warc(path, source=source, default_published=published)
    else:
        read = read_html_file if kind == "html" else read_textfile
        try:
            yield SourceItem(ref, read(path, source=source, default_published=published))
        except ArticleError as err:
            yield SourceItem(ref, err)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # sorted in place: a deterministic order
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _source(source: str, opts: SourceOptions, stdin: IO[bytes] | None) -> Iterator[SourceItem]:
    if source.startswith(("http://", "https://")):
        yield from read_feeds([source], opts.feed_options())
        return
    if source == "-":
        yield from _jsonl("-", opts, stdin)
        return
    path = Path(source)
    try:
        if path.is_dir():
            for file in _walk(path):
                kind = kind_of(file)
                if kind is None:
                    log.debug("skipping %s: not a kind of input marsad reads", file)
                else:
                    yield from _file(file, kind, opts)
            return
        kind = kind_of(path)
    except OSError as err:
        yield SourceItem(source, ArticleError("unreadable", f"cannot read {source}: {err.strerror or err}"))
        return
    if kind is None:
        yield SourceItem(source, ArticleError("unknown_format", f"{source}: not JSONL, WARC, HTML or text"))
    else:
        yield from _file(path, kind, opts)


def iter_sources(
    sources: list[str], *, options: SourceOptions | None = None, stdin: IO[bytes] | None = None
) -> Iterator[SourceItem]:
    """Every item of every source in order, language-checked; see the module docstring.

    `stdin` replaces the standard input for "-" (tests).
    """
    opts = options or SourceOptions()
    for source in sources:
        for item in _source(source, opts, stdin):
            yield language_checked(item) if opts.check_language else item
