"""The shape of a canonical event as the exporters read it, and small readers shared by them.

An exported event is a dict: `id`, the keys of `CanonicalEvent.fields` (records.py), optionally the store's
`first_seen` / `updated_at` (ISO timestamps) and `sources`, a list of `{"article_id", "source", "url",
"published", "independent", ...}`. Missing keys read as null; keys the exporters do not know are kept by
JSONL and GeoJSON and dropped by the fixed-column formats (CSV, Parquet).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

#: `CanonicalEvent.fields` keys, in the order the fixed-column exports write them.
EVENT_FIELDS = (
    "event_type", "sub_event_type", "core", "date", "date_precision", "country", "admin1", "location_ar",
    "location_en", "latitude", "longitude", "geo_precision", "actor1", "actor2", "actor1_type", "actor2_type",
    "fatalities", "injured", "confidence", "evidence", "n_sources",
)  # fmt: skip
SOURCE_FIELDS = ("report_id", "article_id", "source", "url", "published", "independent")


class ExportError(ValueError):
    """An event the exporter cannot write faithfully (an unknown code, a malformed date)."""


def event_day(event: Mapping[str, Any]) -> date:
    """The event's `date` (an ISO string or a `date`)."""
    value = event.get("date")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ExportError(f"event {event.get('id')!r}: date {value!r} is not an ISO date") from err


def parse_timestamp(value: Any, event_id: Any = None) -> datetime | None:
    """An ISO timestamp (or datetime) as an aware datetime; naive ones are taken as UTC; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        stamp = value
    else:
        try:
            stamp = datetime.fromisoformat(str(value))
        except ValueError as err:
            raise ExportError(f"event {event_id!r}: timestamp {value!r} is not ISO 8601") from err
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def sources_of(event: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    sources = event.get("sources") or []
    return [s for s in sources if isinstance(s, Mapping)]


def last_update(event: Mapping[str, Any]) -> datetime:
    """When the event last changed: `updated_at` if the store gave it, else the latest source's
    `published`, else midnight UTC of the event's date."""
    event_id = event.get("id")
    stamp = parse_timestamp(event.get("updated_at"), event_id)
    if stamp is not None:
        return stamp
    published = [parse_timestamp(s.get("published"), event_id) for s in sources_of(event)]
    known = [p for p in published if p is not None]
    if known:
        return max(known)
    day = event_day(event)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
