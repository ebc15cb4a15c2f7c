"""The shapes the REST API returns (pydantic models): they document the API in `/openapi.json` and FastAPI
checks every response against them. Field names are the store's; a canonical event may carry more fields
than listed here (what `marsad.dedup` adds), and those pass through unchanged.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    """Every error: a short machine-readable code and a message saying what was wrong."""

    error: str = Field(description="not_found, invalid_request, unauthorized, forbidden, too_large ...")
    detail: str = Field(description="what was wrong, in words")
    errors: list[dict[str, Any]] | None = Field(None, description="per-parameter problems (422 only)")


class Span(BaseModel):
    start: int = Field(description="offset into the article's canonical text (title + blank line + text)")
    end: int = Field(description="end offset, exclusive")
    text: str


class EvidenceSpans(BaseModel):
    """The spans of the source article that support each field; a field not read from the text has none."""

    sentence: Span
    trigger: Span
    date: Span | None = None
    place: Span | None = None
    actor1: Span | None = None
    actor2: Span | None = None
    fatalities: Span | None = None
    injured: Span | None = None


class Event(BaseModel):
    """A canonical (deduplicated) event, ACLED taxonomy."""

    model_config = ConfigDict(extra="allow")

    id: str
    event_type: str
    sub_event_type: str
    core: bool
    date: date
    date_precision: str = Field(description="day, week or month")
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    admin1: str | None = Field(description="ISO 3166-2")
    location_ar: str | None
    location_en: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None = Field(description="ACLED: 1 town, 2 near or part of a region, 3 province")
    actor1: str | None
    actor2: str | None
    actor1_type: int | None
    actor2_type: int | None
    fatalities: int | None
    injured: int | None
    confidence: float | None
    evidence: str | None = Field(description="the sentence that gave the event its type")
    n_sources: int = Field(description="distinct independent outlets")


class EventPage(BaseModel):
    events: list[Event]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last one")
    count: int = Field(description="events on this page")


class Source(BaseModel):
    """One report merged into an event: which article told it and why it was merged there."""

    report_id: str
    article_id: str
    source: str
    url: str | None
    published: str
    reason: str = Field(description='"new" for the report that opened the event, else why it matched')
    score: float
    independent: bool
    evidence_spans: EvidenceSpans | None = Field(
        description="null when the report is gone (its article was replaced by a newer version)"
    )


class EventDetail(Event):
    first_seen: str
    updated_at: str
    sources: list[Source]
    audit: list[str] = Field(description="one line per merge decision, oldest first")


class ArticleReport(BaseModel):
    id: str
    event_id: str | None = Field(description="the canonical event this report joined")
    event_type: str
    sub_event_type: str


class Article(BaseModel):
    id: str
    source: str
    url: str
    published: str
    title: str
    text: str
    canonical: str = Field(description="title + '\\n\\n' + text (text alone without a title): spans index it")
    content_hash: str
    language: str
    duplicate_of: str | None = Field(description="the earlier article this one copies or updates")
    similarity: float | None
    run_id: int | None
    ingested_at: str
    reports: list[ArticleReport]


class Place(BaseModel):
    id: str
    name_ar: str
    name_en: str
    kind: str = Field(description="country, admin1, admin2, city, town, neighbourhood, facility, region")
    country: str
    admin1: str | None
    admin2: str | None = Field(
        None, description="the id of its district, a /places result (a district names itself); IQ and SY"
    )
    parent: str | None = Field(
        None, description="the id of the place it lies in: its district, else its province, else its country"
    )
    lat: float | None
    lon: float | None


class Count(BaseModel):
    value: str | None = Field(description="the event type, country or admin1 code (null: unknown)")
    events: int
    fatalities: int


class Totals(BaseModel):
    events: int
    fatalities: int
    articles: int = Field(description="distinct articles reporting these events")
    sources: int = Field(description="distinct outlets reporting these events")
    store_articles: int = Field(description="every article stored, with or without events")


class Stats(BaseModel):
    totals: Totals
    date_from: date | None = Field(description="the earliest event date (null without events)")
    date_to: date | None
    by_event_type: list[Count]
    by_country: list[Count]
    by_admin1: list[Count] = Field(description="the top `top` provinces by events")


class Health(BaseModel):
    status: str
    schema_version: int
    events: int


class WriteResult(BaseModel):
    """What became of one posted article."""

    ref: str = Field(description="the article's id, or its position in the request when it has none")
    status: str = Field(description="new, updated, unchanged or failed")
    code: str | None = Field(None, description="why it failed (ingest error code)")
    detail: str | None = None
    duplicate_of: str | None = None
    events: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Event.to_json() of each extracted event, with `canonical_id`: the event it joined",
    )


class WriteResponse(BaseModel):
    articles: list[WriteResult]
    run_id: int | None
    counts: dict[str, Any]


class WeekCount(BaseModel):
    week_start: date = Field(description="the Monday of the ISO week")
    iso_week: str = Field(description="YYYY-Www")
    events: int
    fatalities: int


class Series(BaseModel):
    country: str
    admin1: str | None = Field(description="null: events of the country without a province")
    weeks: list[WeekCount]


class Trends(BaseModel):
    until: date | None = Field(description="the last day counted (null: the store has no events)")
    weeks: list[WeekCount] = Field(description="all areas together, week by week")
    series: list[Series] = Field(description="one zero-filled series per (country, admin1) with events")


class AlertOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    key: str
    country: str
    admin1: str | None
    week_start: date
    iso_week: str
    level: str = Field(description="normal, elevated or high")
    events: int
    fatalities: int
    security_declining: bool
    reasons: list[str]


class Alerts(BaseModel):
    until: date | None
    alerts: list[AlertOut]
