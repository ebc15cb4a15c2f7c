"""Records for the store tests: real extracted events, and synthetic ones built field by field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from marsad.model import Article, Event, Evidence, Span
from marsad.pipeline import extract_article
from marsad.records import CanonicalEvent, Report, SourceLink, StoredArticle, content_hash

BAGHDAD = timezone(timedelta(hours=3))
KIRKUK_TEXT = "قتل ثلاثة أشخاص في انفجار سيارة مفخخة في كركوك اليوم الاثنين."


def article(aid: str = "a1", text: str = KIRKUK_TEXT, title: str = "", source: str = "snn") -> Article:
    return Article(
        aid,
        source,
        f"https://{source}.example/{aid}",
        datetime(2022, 4, 18, 10, 30, tzinfo=BAGHDAD),
        title,
        text,
    )


def stored(art: Article, duplicate_of: str | None = None, similarity: float | None = None) -> StoredArticle:
    return StoredArticle(art, content_hash(art), "ar", duplicate_of, similarity)


def reports_of(art: Article, duplicate: bool = False) -> list[Report]:
    """The extractor's events for the article, as reports."""
    return [Report(ev, art.id, art.source, art.url, art.published, duplicate) for ev in extract_article(art)]


def extracted(aid: str = "a1", text: str = KIRKUK_TEXT) -> tuple[StoredArticle, list[Report]]:
    art = article(aid, text)
    return stored(art), reports_of(art)


def synthetic_event(eid: str, doc_id: str, **fields: Any) -> Event:
    """An event with every field set (override any with keyword arguments)."""
    sentence = Span(0, 20, "انفجار في كركوك اليوم")
    base = Event(
        id=eid,
        doc_id=doc_id,
        event_type="explosions_remote_violence",
        sub_event_type="remote_explosive_landmine_ied",
        core=True,
        date=date(2022, 4, 18),
        date_precision="day",
        country="IQ",
        admin1="IQ-KI",
        location_ar="كركوك",
        location_en="Kirkuk",
        latitude=35.46806,
        longitude=44.39222,
        geo_precision=1,
        actor1="Islamic State",
        actor2="Civilians",
        actor1_type=2,
        actor2_type=7,
        fatalities=3,
        injured=5,
        confidence=0.8551234567,
        evidence=Evidence(sentence, Span(0, 5, "انفجار"), place=Span(9, 14, "كركوك")),
        extractor_version="marsad-rules-0.1.0",
        notes=("from a test", "ثانية"),
    )
    return replace(base, **fields)


def synthetic(aid: str, n_events: int = 1, **fields: Any) -> tuple[StoredArticle, list[Report]]:
    art = article(aid, f"نص المقال {aid}")
    events = [synthetic_event(f"{aid}-e{i}", aid, **fields) for i in range(n_events)]
    return stored(art), [Report(ev, aid, art.source, art.url, art.published) for ev in events]


def canonical(
    eid: str, reports: list[Report], audit: list[str] | None = None, **fields: Any
) -> CanonicalEvent:
    """A canonical event made of these reports, with the first one's fields."""
    first = reports[0].event.to_json()
    keep = {
        k: v
        for k, v in first.items()
        if k not in ("id", "doc_id", "evidence_spans", "extractor_version", "notes")
    }
    keep["n_sources"] = len({r.source for r in reports})
    keep.update(fields)
    links = [
        SourceLink(
            r.id,
            r.article_id,
            r.source,
            r.published,
            "new" if i == 0 else "same place and day",
            0.9,
            not r.duplicate,
        )
        for i, r in enumerate(reports)
    ]
    return CanonicalEvent(eid, keep, links, audit if audit is not None else [f"opened by {reports[0].id}"])
