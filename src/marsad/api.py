"""The programmatic face of marsad: events for one text, and the versioned output line for an article.

`extract` wraps `pipeline.extract_article` for notebooks and programs that hold a text rather than a corpus
record: it builds the `Article` (canonical text = title + text) and resolves the publication time the way
ingest does. `output_line` is the one place the JSON line of an article is shaped (schema
`marsad/events/v1`, described by `schema/events-v1.schema.json`), so the CLI and any other writer agree.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from marsad.ingest.articles import parse_published
from marsad.model import Article, Event
from marsad.pipeline import extract_article

#: The `schema` value every output line carries.
SCHEMA_NAME = "marsad/events/v1"
SCHEMA_FILE = "events-v1.schema.json"


def extract(
    text: str,
    published: datetime | date | str,
    title: str = "",
    doc_id: str = "text",
    source: str = "",
    url: str = "",
) -> list[Event]:
    """Every security event `text` reports, dated against `published`.

    `published` may be an aware or naive datetime, a date or an ISO 8601 string; naive values are read as
    UTC keeping their wall time, and a date is midnight UTC of that day. Raises `ArticleError` (a
    ValueError) for a string that is not a date. The text is not checked for being Arabic.
    """
    article = Article(
        id=doc_id, source=source, url=url, published=parse_published(published), title=title, text=text
    )
    return extract_article(article)


def output_line(article: Article, events: list[Event]) -> dict[str, Any]:
    """The JSON object written for one article (GUIDELINES §8 plus the schema tag)."""
    return {
        "schema": SCHEMA_NAME,
        "doc_id": article.id,
        "published": article.published.isoformat(),
        "events": [event.to_json() for event in events],
    }


@cache
def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one output line."""
    text = resources.files("marsad").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
