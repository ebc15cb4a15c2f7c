"""What the ingest runner and the dedup stage write: runs, batches of articles with their reports, and
canonical events. Each call is one transaction, so a crash leaves the store as it was before the call.

A batch is idempotent: an article stored with the same content hash is left alone (and its reports are not
written again); an article stored with another hash is an updated version, which replaces the article and
every report and evidence span of the old version; the article's near-duplicate sketch, when given, is
written with it (`sketches`). Links of canonical events name report ids without a foreign key: a link
outlives the report version it was made from, and the next clustering relinks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from marsad.records import CanonicalEvent, Report, StoredArticle
from marsad.store import sketches as sketch_rows
from marsad.store.db import Db
from marsad.store.rows import (
    ARTICLE_COLUMNS,
    CANON_COLUMNS,
    LINK_COLUMNS,
    REPORT_COLUMNS,
    article_row,
    canonical_row,
    evidence_rows,
    insert_sql,
    link_rows,
    report_row,
)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What `save_batch` did with the articles of a batch, and how many reports it wrote."""

    new: int = 0
    unchanged: int = 0
    updated: int = 0
    reports: int = 0


_UPDATE_ARTICLE = (
    "UPDATE articles SET " + ", ".join(f'"{c}" = ?' for c in ARTICLE_COLUMNS[1:]) + " WHERE id = ?"
)
_INSERT_EVENT = (
    insert_sql("events", ("id", *CANON_COLUMNS, "extra", "first_seen", "updated_at"))
    + " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f'"{c}" = excluded."{c}"' for c in (*CANON_COLUMNS, "extra", "updated_at"))
)


def known_articles(db: Db, ids: Iterable[str]) -> dict[str, str]:
    rows = db.query_in("SELECT id, content_hash FROM articles WHERE id IN (?*)", ids)
    return {row[0]: row[1] for row in rows}


def find_hashes(db: Db, hashes: Iterable[str]) -> dict[str, str]:
    """Each hash → the id of an article with that content (the earliest ingested when several have it)."""
    rows = db.query_in(
        "SELECT content_hash, id FROM articles WHERE content_hash IN (?*) ORDER BY ingested_at DESC, id DESC",
        hashes,
    )
    return {h: i for h, i in rows}


def start_run(db: Db, command: str, params: dict[str, Any], now: datetime) -> int:
    with db.transaction():
        rows = db.query(
            "INSERT INTO runs (command, params, started_at, status) VALUES (?, ?, ?, ?) RETURNING id",
            (command, db.json(params), db.ts(now), "running"),
        )
    return int(rows[0][0])


def finish_run(db: Db, run_id: int, status: str, counts: dict[str, Any], now: datetime) -> None:
    with db.transaction():
        db.execute(
            "UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE id = ?",
            (db.ts(now), status, db.json(counts), run_id),
        )


def record_failures(db: Db, run_id: int, failures: list[tuple[str, str, str]]) -> None:
    with db.transaction():
        db.executemany(
            "INSERT INTO failures (run_id, ref, code, message) VALUES (?, ?, ?, ?)",
            [(run_id, ref, code, message) for ref, code, message in failures],
        )


def save_batch(
    db: Db,
    run_id: int | None,
    articles: list[StoredArticle],
    reports: list[Report],
    now: datetime,
    sketches: Mapping[str, sketch_rows.StoredSketch] | None = None,
) -> BatchResult:
    new = unchanged = updated = 0
    sketches = sketches or {}
    with db.transaction():
        stored = known_articles(db, (s.article.id for s in articles))
        inserts: list[tuple[Any, ...]] = []
        replaced: list[str] = []
        skipped: set[str] = set()
        written: set[str] = set()
        for s in articles:
            aid = s.article.id
            row = article_row(db, s, run_id, now)
            if aid not in stored:
                new += 1
                inserts.append(row)
            elif stored[aid] == s.content_hash:
                if aid not in written:
                    skipped.add(aid)
                unchanged += 1
                continue
            else:
                # A second version within the batch is inserted first then updated: flush the inserts.
                db.executemany(insert_sql("articles", ARTICLE_COLUMNS), inserts)
                inserts = []
                updated += 1
                replaced.append(aid)
                db.execute(_UPDATE_ARTICLE, (*row[1:], aid))
            stored[aid] = s.content_hash
            written.add(aid)
        db.executemany(insert_sql("articles", ARTICLE_COLUMNS), inserts)
        db.execute_in("DELETE FROM reports WHERE article_id IN (?*)", replaced)
        n_reports = _insert_reports(db, [r for r in reports if r.article_id not in skipped])
        _save_sketches(db, articles, sketches, written, replaced)
    return BatchResult(new, unchanged, updated, n_reports)


def _save_sketches(
    db: Db,
    articles: list[StoredArticle],
    sketches: Mapping[str, sketch_rows.StoredSketch],
    written: set[str],
    replaced: list[str],
) -> None:
    """A written article's sketch replaces the stored one; an updated article given without a sketch loses
    the old version's (it describes the old text). Unchanged articles are left alone, sketch and all."""
    last = {s.article.id: s.article for s in articles}  # the version written last, in first-seen order
    sketch_rows.delete(db, (aid for aid in replaced if aid not in sketches))
    # In batch order: a new sketch's `seq` is the order the articles entered the index.
    sketch_rows.upsert(
        db,
        (
            (aid, art.published, sketches[aid])
            for aid, art in last.items()
            if aid in written and aid in sketches
        ),
    )


def _insert_reports(db: Db, reports: list[Report]) -> int:
    # The last report given for an id wins (a batch holding an article twice holds its reports twice).
    by_id = {r.id: r for r in reports}
    db.execute_in("DELETE FROM reports WHERE id IN (?*)", by_id)
    positions: dict[str, int] = defaultdict(int)
    rows, spans = [], []
    for r in by_id.values():
        rows.append(report_row(db, r, positions[r.article_id]))
        positions[r.article_id] += 1
        spans.extend(evidence_rows(r))
    db.executemany(insert_sql("reports", REPORT_COLUMNS), rows)
    db.executemany(insert_sql("evidence", ("report_id", "field", "start", "end", "text")), spans)
    return len(rows)


def save_events(db: Db, changed: list[CanonicalEvent], removed: Iterable[str], now: datetime) -> None:
    changed = list({ev.id: ev for ev in changed}.values())  # the last version of an event given twice
    ids = [ev.id for ev in changed]
    gone = set(removed) - set(ids)
    with db.transaction():
        db.execute_in("DELETE FROM events WHERE id IN (?*)", sorted(gone))
        db.executemany(_INSERT_EVENT, [canonical_row(db, ev, now) for ev in changed])
        db.execute_in("DELETE FROM event_sources WHERE event_id IN (?*)", ids)
        db.execute_in("DELETE FROM event_audit WHERE event_id IN (?*)", ids)
        db.execute_in("UPDATE reports SET event_id = NULL WHERE event_id IN (?*)", ids)
        db.executemany(
            insert_sql("event_sources", LINK_COLUMNS), [r for ev in changed for r in link_rows(db, ev)]
        )
        db.executemany(
            insert_sql("event_audit", ("event_id", "seq", "line")),
            [(ev.id, seq, line) for ev in changed for seq, line in enumerate(ev.audit)],
        )
        db.executemany(
            "UPDATE reports SET event_id = ? WHERE id = ?",
            [(ev.id, link.report_id) for ev in changed for link in ev.links],
        )
