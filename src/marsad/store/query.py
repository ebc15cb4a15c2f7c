"""Filtered, paginated reading of canonical events: what the REST API's `/events` runs.

Events come newest first (date descending, then id ascending). Pagination is by keyset: the cursor is the
(date, id) of the last event of a page, so a page costs the same wherever it is and events stored while a
client pages do not shift what it sees. The cursor is opaque to clients (base64 of a small JSON array).
Every filter value travels as a parameter; text matching escapes `%` and `_`.

On SQLite, `q` and `bbox` use the indexes of schema 5 (an FTS5 trigram table and an R*Tree) when they
narrow the events to few: a probe counts the index's matches up to `INDEX_PROBE`. Few matches: the index
gives the rows and they are sorted (a string no event holds: 0.5 s → 1 ms at 100k events). Many: walking
the date order and testing each row finds a page sooner than sorting them all, so the plain condition is
used. PostgreSQL's planner makes the same choice itself (pg_trgm indexes; see the migration).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.store.db import Db, StoreError
from marsad.store.rows import CANON_COLUMNS, canonical_fields, cols

MAX_LIMIT = 1000
#: At most this many index matches, a text or box filter reads its index; beyond, it walks the date order.
INDEX_PROBE = 3000
#: Substrings shorter than this cannot use the trigram index.
TRIGRAM = 3


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
        cond, values = _text_condition(db, f.q)
        conds.append(cond)
        params.extend(values)
    if f.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        box = [min_lon, max_lon, min_lat, max_lat]
        if db.dialect == "sqlite" and _few(db, f"SELECT 1 FROM events_box WHERE {_BOX}", box):
            conds.append(f"rowid IN (SELECT id FROM events_box WHERE {_BOX})")
            params.extend(box)
        conds.append("longitude >= ? AND longitude <= ? AND latitude >= ? AND latitude <= ?")
        params.extend(box)
    return conds, params


# Overlap, not containment: the R*Tree rounds each stored point outwards to 32-bit floats, so a point on an
# edge of the box may be stored as a tiny box across it. The exact condition then decides.
_BOX = "max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ?"


def _few(db: Db, sql: str, params: list[Any]) -> bool:
    """Does `sql` (a SELECT over an index table) match at most INDEX_PROBE rows?"""
    rows = db.query(f"SELECT count(*) FROM ({sql} LIMIT {INDEX_PROBE + 1}) AS probe", params)
    return int(rows[0][0]) <= INDEX_PROBE


def _text_condition(db: Db, q: str) -> tuple[str, list[Any]]:
    if db.dialect == "sqlite" and len(q) >= TRIGRAM:
        phrase = '"' + q.replace('"', '""') + '"'  # one FTS5 string: a substring, whatever it holds
        if _few(db, "SELECT rowid FROM events_text WHERE events_text MATCH ?", [phrase]):
            return "rowid IN (SELECT rowid FROM events_text WHERE events_text MATCH ?)", [phrase]
    cond = (
        "(lower(evidence) LIKE ? ESCAPE '\\' OR lower(location_ar) LIKE ? ESCAPE '\\'"
        " OR lower(location_en) LIKE ? ESCAPE '\\')"
    )
    return cond, [_like(q)] * 3


def store_generation(db: Db) -> int:
    """The store's change counter (schema 5): raised by every write to the events table, in the writing
    transaction. Equal values: the events are as they were."""
    return int(db.query("SELECT generation FROM store_generation WHERE id = 1")[0][0])


#: The orders `query_events` pages through, each a keyset: (ORDER BY, the row's cursor condition).
SORTS = ("date_desc", "date_asc", "fatalities_desc")
_FAT = "COALESCE(fatalities, -1)"  # unknown tolls sort after every stated one, zero included


def encode_cursor(day: date, event_id: str, sort: str = "date_desc", fatalities: int | None = None) -> str:
    key: list[Any] = [day.isoformat(), event_id]
    if sort != "date_desc":
        key = [sort, -1 if fatalities is None else fatalities, *key]
    raw = json.dumps(key, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str = "date_desc") -> tuple[date, str, int]:
    """(day, id, fatalities or -1) of the last row of the previous page, for pages in `sort` order."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if len(raw) == 2:
            raw = ["date_desc", -1, *raw]
        kind, fatalities, day, event_id = raw
        if kind != sort:
            raise ValueError(f"a cursor of a {kind} listing")
        return date.fromisoformat(day), str(event_id), int(fatalities)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as err:
        raise StoreError(f"bad cursor {cursor!r}: pass back the next_cursor of a previous page") from err


def _keyset(db: Db, sort: str, cursor: str) -> tuple[str, list[Any]]:
    day, last_id, fat = decode_cursor(cursor, sort)
    d = db.day(day)
    if sort == "date_asc":
        return "(date > ? OR (date = ? AND id > ?))", [d, d, last_id]
    if sort == "fatalities_desc":
        after = "(date < ? OR (date = ? AND id > ?))"
        return f"({_FAT} < ? OR ({_FAT} = ? AND {after}))", [fat, fat, d, d, last_id]
    return "(date < ? OR (date = ? AND id > ?))", [d, d, last_id]


#: An event's `extra` as lists show it: without `members`, the clustering state (every report's profile,
#: evidence sentence included), which made a row up to tens of KB to read and send; `/events/{id}` has the
#: sources.
_LISTED_EXTRA = {"sqlite": "json_remove(extra, '$.members')", "postgresql": "(extra - 'members')"}

_ORDER = {
    "date_desc": "date DESC, id",
    "date_asc": "date ASC, id",
    "fatalities_desc": f"{_FAT} DESC, date DESC, id",
}


def query_events(
    db: Db, filters: EventFilter, limit: int = 100, cursor: str | None = None, sort: str = "date_desc"
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of events matching `filters` in `sort` order (one of SORTS), and the cursor of the next
    page (None on the last one). A cursor only continues the order it was made for."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be in 1..{MAX_LIMIT}, got {limit}")
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, got {sort!r}")
    conds, params = where(db, filters)
    if cursor is not None:
        cond, values = _keyset(db, sort, cursor)
        conds.append(cond)
        params.extend(values)
    sql = f"SELECT id, {cols(CANON_COLUMNS)}, {_LISTED_EXTRA[db.dialect]} FROM events"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    rows = db.query(sql + f" ORDER BY {_ORDER[sort]} LIMIT ?", [*params, limit + 1])
    page = [{"id": row[0], **canonical_fields(row)} for row in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    last = page[-1]
    return page, encode_cursor(date.fromisoformat(str(last["date"])), last["id"], sort, last["fatalities"])
