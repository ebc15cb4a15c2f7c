"""Aggregates the API needs beyond the store's readers: `/stats` counts, the latest event date (the default
`until` of trends and alerts) and paging through every event of a filter (exports, trends).

The conditions come from `marsad.store.query.where`, so every value travels as a parameter exactly as in
`/events`; the only text formatted into the SQL here is column names from constants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from marsad.store import EventFilter, Store
from marsad.store.db import read_day, read_ts
from marsad.store.query import MAX_LIMIT, where

_GROUPS = ("event_type", "country", "admin1")


def _where(store: Store, f: EventFilter) -> tuple[str, list[Any]]:
    conds, params = where(store.db, f)
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def event_count(store: Store) -> int:
    return int(store.db.query("SELECT COUNT(*) FROM events")[0][0])


def latest_date(store: Store, f: EventFilter) -> date | None:
    """The date of the newest event matching `f` (None when none does)."""
    sql, params = _where(store, f)
    value = store.db.query(f"SELECT MAX(date) FROM events{sql}", params)[0][0]
    return None if value is None else read_day(value)


def stats(store: Store, f: EventFilter, top: int) -> dict[str, Any]:
    """Totals, date range and counts by event type, country and (top `top`) admin1 of the events of `f`."""
    sql, params = _where(store, f)
    db = store.db
    with db.snapshot():
        n, first, last, fatalities = db.query(
            f"SELECT COUNT(*), MIN(date), MAX(date), COALESCE(SUM(fatalities), 0) FROM events{sql}", params
        )[0]
        if sql:
            articles, sources = db.query(
                "SELECT COUNT(DISTINCT article_id), COUNT(DISTINCT source) FROM event_sources"
                f" WHERE event_id IN (SELECT id FROM events{sql})",
                params,
            )[0]
        else:  # every event: each distinct count reads its own index (0.4 s -> 0.05 s at 100k events)
            articles = db.query("SELECT COUNT(DISTINCT article_id) FROM event_sources")[0][0]
            sources = db.query("SELECT COUNT(DISTINCT source) FROM event_sources")[0][0]
        groups = {}
        for column in _GROUPS:
            # `column` is one of the constant _GROUPS.
            rows = db.query(
                f"SELECT {column}, COUNT(*), COALESCE(SUM(fatalities), 0) FROM events{sql}"
                f" GROUP BY {column} ORDER BY COUNT(*) DESC, {column}"
                + (" LIMIT ?" if column == "admin1" else ""),
                [*params, top] if column == "admin1" else params,
            )
            groups[column] = [{"value": v, "events": int(c), "fatalities": int(k)} for v, c, k in rows]
        store_articles = int(db.query("SELECT COUNT(*) FROM articles")[0][0])
    return {
        "totals": {
            "events": int(n),
            "fatalities": int(fatalities),
            "articles": int(articles),
            "sources": int(sources),
            "store_articles": store_articles,
        },
        "date_from": None if first is None else read_day(first),
        "date_to": None if last is None else read_day(last),
        "by_event_type": groups["event_type"],
        "by_country": groups["country"],
        "by_admin1": groups["admin1"],
    }


def trend_rows(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """The five columns weekly counts and alerts read (`marsad.trends`), for every event of `f`: a narrow
    query instead of whole events, whose evidence and member lists the trends never look at."""
    sql, params = _where(store, f)
    with store.db.snapshot():
        rows = store.db.query(
            f"SELECT id, date, date_precision, country, admin1, fatalities FROM events{sql}", params
        )
    return [
        {
            "id": i,
            "date": read_day(d).isoformat(),
            "date_precision": p,
            "country": c,
            "admin1": a,
            "fatalities": k,
        }
        for i, d, p, c, a, k in rows
    ]


def iter_events(
    store: Store, f: EventFilter, *, page: int = MAX_LIMIT, sources: bool = False
) -> Iterator[dict[str, Any]]:
    """Every event of `f`, newest first, one page (`page` events) in memory at a time; with `sources`,
    each with its sources and timestamps (`with_sources`)."""
    cursor: str | None = None
    while True:
        rows, cursor = store.query_events(f, page, cursor)
        yield from with_sources(store, rows) if sources else rows
        if cursor is None:
            return


def with_sources(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events of a page with what the exports also write: `first_seen`, `updated_at` and `sources`
    (report, article, outlet, url, publication time, independence), two queries per page."""
    db = store.db
    ids = [row["id"] for row in rows]
    stamps = {
        eid: (read_ts(first).isoformat(), read_ts(updated).isoformat())
        for eid, first, updated in db.query_in(
            "SELECT id, first_seen, updated_at FROM events WHERE id IN (?*)", ids
        )
    }
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for eid, rid, aid, outlet, published, offset, independent, url in db.query_in(
        "SELECT s.event_id, s.report_id, s.article_id, s.source, s.published, s.published_offset,"
        " s.independent, a.url FROM event_sources s LEFT JOIN articles a ON a.id = s.article_id"
        " WHERE s.event_id IN (?*) ORDER BY s.event_id, s.seq",
        ids,
    ):
        sources[eid].append(
            {
                "report_id": rid,
                "article_id": aid,
                "source": outlet,
                "url": url,
                "published": read_ts(published, offset).isoformat(),
                "independent": bool(independent),
            }
        )
    out = []
    for row in rows:
        first, updated = stamps.get(row["id"], (None, None))
        out.append({**row, "first_seen": first, "updated_at": updated, "sources": sources.get(row["id"], [])})
    return out
