"""Flat rows for Parquet: what the Spark job writes and `marsad load` reads back.

Two tables, both keyed by article id: `articles` (one row per input item: the article, or the failure with
its source reference) and `events` (one row per extracted event, the output schema's event object with its
evidence spans as a JSON string). No pyspark here: the row functions run inside Spark executors and in
`marsad load`, and are tested without a cluster.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from marsad.ingest.articles import ArticleError, parse_published
from marsad.model import Article, Event
from marsad.records import content_hash
from marsad.runner.ingest import Extracted

#: Column names and Arrow/Spark types (as DDL strings) of the two tables, in order.
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("ref", "string"),
    ("id", "string"),
    ("source", "string"),
    ("url", "string"),
    ("published", "string"),
    ("title", "string"),
    ("text", "string"),
    ("content_hash", "string"),
    ("error_code", "string"),
    ("error_message", "string"),
)
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "string"),
    ("id", "string"),
    ("event_type", "string"),
    ("sub_event_type", "string"),
    ("core", "boolean"),
    ("date", "string"),
    ("date_precision", "string"),
    ("country", "string"),
    ("admin1", "string"),
    ("location_ar", "string"),
    ("location_en", "string"),
    ("latitude", "double"),
    ("longitude", "double"),
    ("geo_precision", "int"),
    ("actor1", "string"),
    ("actor2", "string"),
    ("actor1_type", "int"),
    ("actor2_type", "int"),
    ("fatalities", "int"),
    ("injured", "int"),
    ("confidence", "double"),
    ("evidence", "string"),
    ("evidence_spans", "string"),
    ("extractor_version", "string"),
    ("notes", "string"),
)


def article_row(ex: Extracted) -> dict[str, Any]:
    art = ex.article
    if art is None:
        err = ex.error
        return {
            "ref": ex.ref,
            "id": None,
            "source": None,
            "url": None,
            "published": None,
            "title": None,
            "text": None,
            "content_hash": None,
            "error_code": err.code if err else "unknown",
            "error_message": err.message if err else "",
        }
    return {
        "ref": ex.ref,
        "id": art.id,
        "source": art.source,
        "url": art.url,
        "published": art.published.isoformat(),
        "title": art.title,
        "text": art.text,
        "content_hash": ex.content_hash or content_hash(art),
        "error_code": None,
        "error_message": None,
    }


def event_rows(ex: Extracted) -> Iterator[dict[str, Any]]:
    for event in ex.events:
        row = event.to_json()
        row["article_id"] = event.doc_id
        row.pop("doc_id")
        row["evidence_spans"] = json.dumps(row["evidence_spans"], ensure_ascii=False)
        row["notes"] = json.dumps(row["notes"], ensure_ascii=False)
        yield row


def extracted_from_rows(article: dict[str, Any], events: list[dict[str, Any]]) -> Extracted:
    """The `Extracted` an article row and its event rows stand for (the inverse of the two writers)."""
    if article.get("error_code"):
        return Extracted(
            article["ref"], None, error=ArticleError(article["error_code"], article["error_message"] or "")
        )
    art = Article(
        id=article["id"],
        source=article["source"] or "",
        url=article["url"] or "",
        published=parse_published(article["published"]),
        title=article["title"] or "",
        text=article["text"],
    )
    parsed = []
    for row in events:
        obj = dict(row)
        obj["doc_id"] = obj.pop("article_id")
        obj["evidence_spans"] = json.loads(obj["evidence_spans"])
        obj["notes"] = json.loads(obj["notes"] or "[]")
        parsed.append(Event.from_json(obj))
    return Extracted(article["ref"], art, tuple(parsed))
