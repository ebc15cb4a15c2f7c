"""A news page (HTML bytes or file) to an `Article`: main text and title by trafilatura, date by htmldate.

Steps, in order:

1. Decode (`ingest.encoding`): the caller's HTTP charset, the page's meta charset, then detection.
2. Extract the main text and the title with trafilatura (comments and tables left out: an event table or
   a reader's comment is not the report).
3. Remove the boilerplate trafilatura keeps on Arabic news pages (data/lang/ar_boilerplate.yaml): photo
   credits alone on a line or closing a caption, font-size widgets, share and print lines, and
   related-article lists (their heading and the short headline lines under it).
4. Publication date: htmldate on the page's markup and URL (`extensive_search=False`: dates in the body
   are often other events' dates, and a footer's year is no date), then trafilatura's metadata (same
   restriction), then the caller's `default_published`
   (a WARC record's date, the `--published` option), else `ArticleError("bad_date")`.

`id` is the SHA-1 of the URL, else of the file path; `source` is the caller's name, else the URL's domain.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.ingest.articles import ArticleError, parse_published
from marsad.ingest.encoding import decode
from marsad.ingest.items import domain, read_capped, sha1_id
from marsad.model import Article

log = logging.getLogger(__name__)

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "figcaption"}
)
_SKIP = frozenset({"script", "style", "noscript"})
_SENTENCE_END = (".", "。", "!")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True, slots=True)
class _Boilerplate:
    drop: tuple[re.Pattern[str], ...]
    suffixes: tuple[re.Pattern[str], ...]
    headings: tuple[re.Pattern[str], ...]
    max_lines: int
    max_line_chars: int


@cache
def _boilerplate() -> _Boilerplate:
    path = resources.files("marsad").joinpath("data", "lang", "ar_boilerplate.yaml")
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    related = raw["related"]
    return _Boilerplate(
        tuple(re.compile(p) for p in raw["drop_lines"]),
        tuple(re.compile(p) for p in raw["strip_suffixes"]),
        tuple(re.compile(p) for p in related["headings"]),
        int(related["max_lines"]),
        int(related["max_line_chars"]),
    )


def clean_text(text: str) -> str:
    """`text` without the boilerplate lines of step 3, blank runs collapsed."""
    bp = _boilerplate()
    kept: list[str] = []
    related_left = 0
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if related_left:
            # A linked headline: short and not a finished sentence; anything else ends the list.
            if line and len(line) <= bp.max_line_chars and not line.endswith(_SENTENCE_END):
                related_left -= 1
                continue
            related_left = 0
        if any(p.match(line) for p in bp.headings):
            related_left = bp.max_lines
            continue
        if any(p.match(line) for p in bp.drop):
            continue
        for suffix in bp.suffixes:
            line = suffix.sub("", line)
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


class _TextParser(HTMLParser):
    """The text of an HTML fragment, a line break at every block element, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one line per block, boilerplate removed."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return clean_text("\n".join(line for line in lines if line))


def _published(html: str, url: str, meta_date: str | None, default: datetime | None) -> datetime:
    import htmldate

    try:
        found = htmldate.find_date(html, url=url or None, extensive_search=False, original_date=True)
    except (ValueError, TypeError):  # htmldate is defensive, but a broken page must not end the batch
        log.debug("htmldate failed on %s", url, exc_info=True)
        found = None
    for value in (found, meta_date):
        if value:
            try:
                return parse_published(value)
            except ArticleError:
                continue
    if default is not None:
        return default
    raise ArticleError("bad_date", "no publication date in the page and no default date given")


def article_from_html(
    data: bytes | str,
    *,
    url: str = "",
    path: str = "",
    source: str = "",
    default_published: datetime | None = None,
    charset: str | None = None,
) -> Article:
    """The article in one HTML page; raises `ArticleError` (bad_encoding, binary, empty, bad_date).

    `charset` is the HTTP Content-Type charset, when there was one. `url` or `path` names the page (the
    id is the SHA-1 of the URL, else of the path).
    """
    import trafilatura

    html = data if isinstance(data, str) else decode(data, charset)
    doc = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # Its default extensive date search takes a footer's "© 2019" for 1 January 2019.
        date_extraction_params=_DATE_PARAMS,
    )
    text = clean_text(getattr(doc, "text", None) or "") if doc is not None else ""
    if not text:
        raise ArticleError("empty", "no article text found in the page")
    title = " ".join((getattr(doc, "title", None) or "").split())
    published = _published(html, url, getattr(doc, "date", None), default_published)
    key = url or path
    if not key:
        raise ValueError("article_from_html needs the page's url or path to give it an id")
    return Article(
        id=sha1_id(key),
        source=source or domain(url),
        url=url,
        published=published,
        title=title,
        text=text,
    )


def read_html_file(
    path: str | Path, *, source: str = "", default_published: datetime | None = None
) -> Article:
    """The article in an HTML file; its id is the SHA-1 of the resolved path (stable across working
    folders). Raises `ArticleError` ("unreadable" when the file cannot be read, "too_large" above
    `items.MAX_BYTES`)."""
    data = read_capped(path)
    return article_from_html(
        data, path=Path(path).resolve().as_posix(), source=source, default_published=default_published
    )
