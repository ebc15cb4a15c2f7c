"""Filtered, paginated reading of canonical events: what the REST API's `/events` runs.

Events come newest first (date descending, then id ascending). Pagination is by keyset: the cursor is the
(date, id) of the last event of a page, so a page costs the same wherever it is and events stored while a
client pages do not shift what it sees. The cursor is opaque to clients (base64 of a small JSON array).
Every filter value travels as a parameter; text matching escapes `%` and `_`.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.store.db import Db, StoreError, read_day
from marsad.store.rows import CANON_COLUMNS, canonical_fields, cols

MAX_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Every filter is optional; given ones must all hold. `actor` matches actor1 or actor2 exactly; `q` is a
    case-insensitive substring of the evidence sentence or either location name; `bbox` is (min_lon,
    min_lat, max_lon, max_lat) and keeps events with coordinates inside it (edges included)."""

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if min_lon > max_lon or min_lat > max_lat:
                raise ValueError(f"bbox must be (min_lon, min_lat, max_lon, max_lat), got {self.bbox}")


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(db: Db, f: EventFilter) -> tuple[list[str], list[Any]]:
    """The WHERE conditions and their parameters for a filter."""
    conds: list[str] = []
    params: list[Any] = []
    if f.date_from is not None:
        conds.append("date >= ?")
        params.append(db.day(f.date_from))
    if f.date_to is not None:
        conds.append("date <= ?")
        params.append(db.day(f.date_to))
    for column in ("country", "admin1", "event_type", "sub_event_type"):
        value = getattr(f, column)
        if value is not None:
            conds.append(f"{column} = ?")
            params.append(value)
    if f.actor is not None:
        conds.append("(actor1 = ? OR actor2 = ?)")
        params.extend([f.actor, f.actor])
    if f.min_fatalities is not None:
        conds.append("fatalities >= ?")
        params.append(f.min_fatalities)
    if f.q:
        conds.append(
            "(lower(evidence) LIKE ? ESCAPE '\\' OR lower(location_ar) LIKE ? ESCAPE '\\'"
            " OR lower(location_en) LIKE ? ESCAPE '\\')"
        )
        params.extend([_like(f.q)] * 3)
    if f.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        conds.append("longitude >= ? AND longitude <= ? AND latitude >= ? AND latitude <= ?")
        params.extend([min_lon, max_lon, min_lat, max_lat])
    return conds, params


def encode_cursor(day: date, event_id: str) -> str:
    raw = json.dumps([day.isoformat(), event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        day, event_id = json.loads(raw)
        return date.fromisoformat(day), str(event_id)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as err:
        raise StoreError(f"bad cursor {cursor!r}: pass back the next_cursor of a previous page") from err


def query_events(
    db: Db, filters: EventFilter, limit: int = 100, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events matching `filters`, and the cursor of the next page (None on the last one)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be in 1..{MAX_LIMIT}, got {limit}")
    conds, params = where(db, filters)
    if cursor is not None:
        day, last_id = decode_cursor(cursor)
        conds.append("(date < ? OR (date = ? AND id > ?))")
        params.extend([db.day(day), db.day(day), last_id])
    sql = f"SELECT id, {cols(CANON_COLUMNS)}, extra FROM events"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    rows = db.query(sql + " ORDER BY date DESC, id LIMIT ?", [*params, limit + 1])
    page = [{"id": row[0], **canonical_fields(row)} for row in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    last = rows[limit - 1]
    return page, encode_cursor(read_day(last[1 + CANON_COLUMNS.index("date")]), last[0])
