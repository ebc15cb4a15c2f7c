"""The records that travel between ingestion, deduplication and the store (issue 4).

The extraction core (`model.py`) knows one article at a time. Past it, marsad keeps a record across
articles and outlets:

* a `StoredArticle` is an article as kept: its content hash, its language and, when it is a syndicated copy
  or an updated version of an earlier article, the article it duplicates (`duplicate_of`);
* a `Report` is one event as one article tells it (an `Event` from the extractor, plus where it came from);
* a `CanonicalEvent` is one real-world event: the reports of every outlet that told it, merged into one
  record with the best-supported fields, its `SourceLink`s and an audit trail of what was merged and why.

These are plain data; `marsad.dedup` makes them, `marsad.store` keeps them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from marsad.model import Article, Event


def content_hash(article: Article) -> str:
    """sha256 of the article's title and text, whitespace collapsed and NFC: the same article re-sent
    (whatever its id, spacing or line endings) has the same hash."""
    # Splitting on whitespace and joining with one space is `re.sub(r"\s+", " ", text).strip()` (str.split
    # and the regex's \s both mean Unicode whitespace) at a third of its cost.
    body = unicodedata.normalize("NFC", " ".join(article.canonical.split()))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the store keeps it."""

    article: Article
    content_hash: str
    language: str = "ar"
    #: The id of the earlier article this one copies or updates (near-duplicate), else None.
    duplicate_of: str | None = None
    #: Estimated Jaccard similarity to `duplicate_of` (MinHash), else None.
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One event as one article reports it."""

    event: Event
    article_id: str
    source: str
    url: str
    published: datetime
    #: True when the article is a near-duplicate of another: it is kept and linked, not counted as
    #: independent evidence.
    duplicate: bool = False

    @property
    def id(self) -> str:
        return self.event.id


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A report merged into a canonical event, and why it was merged there."""

    report_id: str
    article_id: str
    source: str
    published: datetime
    #: "new" for the report that opened the event, else what made it match (see marsad.dedup).
    reason: str
    score: float
    independent: bool = True


@dataclass(slots=True)
class CanonicalEvent:
    """One real-world event: the merged fields, every report that told it, and the audit trail.

    `fields` has the keys of `Event.to_json()` but `id`, `doc_id`, `evidence`, `evidence_spans`,
    `extractor_version` and `notes`: `event_type`, `sub_event_type`, `core`, `date`, `date_precision`,
    `country`, `admin1`, `location_ar`, `location_en`, `latitude`, `longitude`, `geo_precision`, `actor1`,
    `actor2`, `actor1_type`, `actor2_type`, `fatalities`, `injured`, `confidence`; plus `evidence`, the
    sentence of the report that gave the event its type, and `n_sources`, the number of distinct
    independent outlets.
    """

    id: str
    fields: dict[str, Any]
    links: list[SourceLink] = field(default_factory=list)
    #: One line per decision, oldest first ("2026-…: merged r123 from bbc: same place and day (0.91)").
    audit: list[str] = field(default_factory=list)

    @property
    def date(self) -> date:
        return date.fromisoformat(self.fields["date"])
