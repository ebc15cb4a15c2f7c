"""What the store gives back: reports rebuilt as records (for resume and clustering), canonical events of a
date window (for dedup), and single events and articles as plain dicts (for the API).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from marsad.records import CanonicalEvent, Report
from marsad.store.db import Db, Row, expand, read_ts
from marsad.store.rows import (
    ARTICLE_COLUMNS,
    CANON_COLUMNS,
    REPORT_COLUMNS,
    article_dict,
    canonical_fields,
    cols,
    evidence_of,
    link_of,
    report_of,
)

TABLES = (
    "articles",
    "article_sketches",
    "reports",
    "evidence",
    "events",
    "event_sources",
    "event_audit",
    "runs",
    "failures",
)
_REPORTS = f"SELECT {cols(REPORT_COLUMNS)} FROM reports"
_EVENTS = f"SELECT id, {cols(CANON_COLUMNS)}, extra FROM events"
_LINKS = "report_id, article_id, source, published, published_offset, reason, score, independent"


def _spans(db: Db, report_ids: Iterable[str]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    rows = db.query_in(
        'SELECT report_id, field, start, "end", text FROM evidence WHERE report_id IN (?*)', report_ids
    )
    for report_id, *span in rows:
        out[report_id].append(tuple(span))
    return out


def _reports(db: Db, rows: list[Row]) -> list[Report]:
    spans = _spans(db, (row[0] for row in rows))
    return [report_of(row, spans[row[0]]) for row in rows]


def reports_for_articles(db: Db, ids: Iterable[str]) -> list[Report]:
    """The reports of these articles, in the order the ids are given and, per article, the order saved."""
    order = {aid: i for i, aid in enumerate(dict.fromkeys(ids))}
    rows = db.query_in(f"{_REPORTS} WHERE article_id IN (?*)", order)
    rows.sort(key=lambda row: (order[row[1]], row[2]))
    return _reports(db, rows)


def unclustered_reports(db: Db) -> list[Report]:
    """Reports no canonical event holds yet (a run stopped between storing a batch and clustering it)."""
    rows = db.query(f"{_REPORTS} WHERE event_id IS NULL ORDER BY date, article_id, position")
    return _reports(db, rows)


def _canonical(db: Db, rows: list[Row]) -> list[CanonicalEvent]:
    events = {row[0]: CanonicalEvent(row[0], canonical_fields(row)) for row in rows}
    for event_id, *link in db.query_in(
        f"SELECT event_id, {_LINKS} FROM event_sources WHERE event_id IN (?*) ORDER BY event_id, seq", events
    ):
        events[event_id].links.append(link_of(tuple(link)))
    for event_id, line in db.query_in(
        "SELECT event_id, line FROM event_audit WHERE event_id IN (?*) ORDER BY event_id, seq", events
    ):
        events[event_id].audit.append(line)
    return list(events.values())


def events_in_window(
    db: Db, start: date, end: date, countries: set[str] | None = None
) -> list[CanonicalEvent]:
    """Canonical events dated in [start, end] (of these countries when given), by date then id."""
    sql = f"{_EVENTS} WHERE date >= ? AND date <= ?"
    params: list[Any] = [db.day(start), db.day(end)]
    if countries is not None:
        if not countries:
            return []
        sql += expand(" AND country IN (?*)", len(countries))
        params.extend(sorted(countries))
    return _canonical(db, db.query(sql + " ORDER BY date, id", params))


def get_event(db: Db, event_id: str) -> dict[str, Any] | None:
    rows = db.query(
        f"SELECT id, {cols(CANON_COLUMNS)}, extra, first_seen, updated_at FROM events WHERE id = ?",
        (event_id,),
    )
    if not rows:
        return None
    row = rows[0]
    event: dict[str, Any] = {"id": row[0], **canonical_fields(row)}
    event["first_seen"] = read_ts(row[-2]).isoformat()
    event["updated_at"] = read_ts(row[-1]).isoformat()
    links = db.query(
        f"SELECT {cols(tuple(_LINKS.split(', ')), 's.')}, a.url FROM event_sources s "
        "LEFT JOIN articles a ON a.id = s.article_id WHERE s.event_id = ? ORDER BY s.seq",
        (event_id,),
    )
    spans = _spans(db, (link[0] for link in links))
    event["sources"] = [_source(link, spans.get(link[0])) for link in links]
    event["audit"] = [
        line
        for (line,) in db.query("SELECT line FROM event_audit WHERE event_id = ? ORDER BY seq", (event_id,))
    ]
    return event


def _source(row: Row, spans: list[Row] | None) -> dict[str, Any]:
    link = link_of(row[:-1])
    return {
        "report_id": link.report_id,
        "article_id": link.article_id,
        "source": link.source,
        "url": row[-1],
        "published": link.published.isoformat(),
        "reason": link.reason,
        "score": link.score,
        "independent": link.independent,
        # None when the linked report is gone (its article was replaced by a newer version since).
        "evidence_spans": evidence_of(spans).to_json() if spans else None,
    }


def get_article(db: Db, article_id: str) -> dict[str, Any] | None:
    rows = db.query(f"SELECT {cols(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", (article_id,))
    if not rows:
        return None
    article = article_dict(rows[0])
    article["reports"] = [
        {"id": rid, "event_id": eid, "event_type": etype, "sub_event_type": sub}
        for rid, eid, etype, sub in db.query(
            "SELECT id, event_id, event_type, sub_event_type FROM reports"
            " WHERE article_id = ? ORDER BY position",
            (article_id,),
        )
    ]
    return article


def counts(db: Db) -> dict[str, int]:
    # Table names come from the constant TABLES, never from input.
    return {t: int(db.query(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in TABLES}
