"""Records ↔ rows: the columns of each table and how an Article, Report, Event or CanonicalEvent maps onto
them and back. A stored report rebuilds equal to the one saved (evidence spans and notes included), and a
published time comes back in the UTC offset the outlet wrote it with.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from marsad.model import Event, Evidence, Span
from marsad.records import CanonicalEvent, Report, SourceLink, StoredArticle
from marsad.store.db import Db, Row, dumps, offset_of, read_day, read_json, read_ts

#: The Event fields a report and a canonical event both hold as columns.
EVENT_COLUMNS = (
    "event_type",
    "sub_event_type",
    "core",
    "date",
    "date_precision",
    "country",
    "admin1",
    "location_ar",
    "location_en",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "actor1_type",
    "actor2_type",
    "fatalities",
    "injured",
    "confidence",
)
CANON_COLUMNS = (*EVENT_COLUMNS, "evidence", "n_sources")
REPORT_COLUMNS = (
    "id",
    "article_id",
    "position",
    "doc_id",
    *EVENT_COLUMNS,
    "extractor_version",
    "notes",
    "source",
    "url",
    "published",
    "published_offset",
    "duplicate",
)
ARTICLE_COLUMNS = (
    "id",
    "source",
    "url",
    "published",
    "published_offset",
    "title",
    "text",
    "content_hash",
    "language",
    "duplicate_of",
    "similarity",
    "run_id",
    "ingested_at",
)
LINK_COLUMNS = (
    "event_id",
    "seq",
    "report_id",
    "article_id",
    "source",
    "published",
    "published_offset",
    "reason",
    "score",
    "independent",
)
EVIDENCE_FIELDS: tuple[str, ...] = Evidence.__slots__
_CANON = frozenset(CANON_COLUMNS)
_DATE, _N_SOURCES = CANON_COLUMNS.index("date"), CANON_COLUMNS.index("n_sources")


def cols(names: tuple[str, ...], prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{n}"' for n in names)


def insert_sql(table: str, names: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({cols(names)}) VALUES ({', '.join('?' * len(names))})"


def article_row(db: Db, stored: StoredArticle, run_id: int | None, now: datetime) -> tuple[Any, ...]:
    a = stored.article
    return (
        a.id,
        a.source,
        a.url,
        db.ts(a.published),
        offset_of(a.published),
        a.title,
        a.text,
        stored.content_hash,
        stored.language,
        stored.duplicate_of,
        stored.similarity,
        run_id,
        db.ts(now),
    )


def article_dict(row: Row) -> dict[str, Any]:
    out = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    out["published"] = read_ts(out["published"], out.pop("published_offset")).isoformat()
    out["ingested_at"] = read_ts(out["ingested_at"]).isoformat()
    return out


def _event_values(db: Db, ev: Event) -> list[Any]:
    values = [getattr(ev, c) for c in EVENT_COLUMNS]
    values[EVENT_COLUMNS.index("date")] = db.day(ev.date)
    return values


def report_row(db: Db, report: Report, position: int) -> tuple[Any, ...]:
    ev = report.event
    return (
        ev.id,
        report.article_id,
        position,
        ev.doc_id,
        *_event_values(db, ev),
        ev.extractor_version,
        db.json(list(ev.notes)),
        report.source,
        report.url,
        db.ts(report.published),
        offset_of(report.published),
        report.duplicate,
    )


def evidence_rows(report: Report) -> list[tuple[Any, ...]]:
    ev = report.event.evidence
    spans = ((name, getattr(ev, name)) for name in EVIDENCE_FIELDS)
    return [(report.id, name, s.start, s.end, s.text) for name, s in spans if s is not None]


def evidence_of(rows: list[Row]) -> Evidence:
    """Evidence from (field, start, end, text) rows."""
    spans = {name: Span(int(start), int(end), text) for name, start, end, text in rows}
    return Evidence(**spans)


def report_of(row: Row, spans: list[Row]) -> Report:
    """A Report from a `reports` row (REPORT_COLUMNS order) and its evidence rows."""
    r = dict(zip(REPORT_COLUMNS, row, strict=True))
    published = read_ts(r["published"], r["published_offset"])
    event = Event(
        id=r["id"],
        doc_id=r["doc_id"],
        **_event_fields(r),
        evidence=evidence_of(spans),
        extractor_version=r["extractor_version"],
        notes=tuple(read_json(r["notes"])),
    )
    return Report(event, r["article_id"], r["source"], r["url"], published, bool(r["duplicate"]))


def _event_fields(r: dict[str, Any]) -> dict[str, Any]:
    out = {c: r[c] for c in EVENT_COLUMNS}
    out["core"] = bool(out["core"])
    out["date"] = read_day(out["date"])
    return out


def canonical_values(db: Db, ev: CanonicalEvent) -> tuple[Any, ...]:
    """The CANON_COLUMNS values of an `events` row, then the text of its `extra` JSON (`db.json_text` holds
    it): what a writer compares with the row it wrote last."""
    f = ev.fields
    values: list[Any] = [f.get(c) for c in CANON_COLUMNS]
    day = f["date"]
    values[_DATE] = db.day(day if isinstance(day, date) else date.fromisoformat(day))
    values[_N_SOURCES] = int(f.get("n_sources") or 0)
    extra = {k: v for k, v in f.items() if k not in _CANON}
    return (*values, dumps(extra))


def canonical_fields(row: Row) -> dict[str, Any]:
    """The `fields` of a CanonicalEvent from an `events` row (id, CANON_COLUMNS, extra, …)."""
    f = dict(zip(CANON_COLUMNS, row[1 : 1 + len(CANON_COLUMNS)], strict=True))
    f["core"] = bool(f["core"])
    f["date"] = read_day(f["date"]).isoformat()
    f.update(read_json(row[1 + len(CANON_COLUMNS)]))
    return f


def link_rows(db: Db, ev: CanonicalEvent, start: int = 0) -> list[tuple[Any, ...]]:
    """The `event_sources` rows of the event's links from the `start`-th on."""
    return [
        (
            ev.id,
            seq,
            link.report_id,
            link.article_id,
            link.source,
            db.ts(link.published),
            offset_of(link.published),
            link.reason,
            link.score,
            link.independent,
        )
        for seq, link in enumerate(ev.links[start:], start)
    ]


def link_of(row: Row) -> SourceLink:
    """A SourceLink from an `event_sources` row without its event_id and seq."""
    report_id, article_id, source, published, offset, reason, score, independent = row
    return SourceLink(
        report_id, article_id, source, read_ts(published, offset), reason, float(score), bool(independent)
    )
