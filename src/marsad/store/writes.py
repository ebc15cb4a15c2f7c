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
from functools import lru_cache
from typing import Any

from marsad.records import CanonicalEvent, Report, SourceLink, StoredArticle
from marsad.store import sketches as sketch_rows
from marsad.store.db import Db
from marsad.store.rows import (
    ARTICLE_COLUMNS,
    CANON_COLUMNS,
    LINK_COLUMNS,
    REPORT_COLUMNS,
    article_row,
    canonical_values,
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
#: The columns of `rows.canonical_values`, the event's own (its id and timestamps aside).
_VALUE_COLUMNS = (*CANON_COLUMNS, "extra")
_ALL, _EXTRA = range(len(_VALUE_COLUMNS)), len(_VALUE_COLUMNS) - 1
_INSERT_EVENT = (
    insert_sql("events", ("id", *_VALUE_COLUMNS, "first_seen", "updated_at"))
    + " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f'"{c}" = excluded."{c}"' for c in (*_VALUE_COLUMNS, "updated_at"))
)
_INSERT_LINK = insert_sql("event_sources", LINK_COLUMNS)
_INSERT_AUDIT = insert_sql("event_audit", ("event_id", "seq", "line"))
_POINT_REPORT = "UPDATE reports SET event_id = ? WHERE id = ? AND (event_id IS NULL OR event_id <> ?)"


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


@dataclass(frozen=True, slots=True)
class _Written:
    """One event as `save_events` wrote it: its `canonical_values`, links and audit lines."""

    values: tuple[Any, ...]
    links: tuple[SourceLink, ...]
    audit: tuple[str, ...]

    def grown_from(self, before: _Written) -> bool:
        """Whether this is `before` with links and audit lines appended (field values may differ)."""
        n, m = len(before.links), len(before.audit)
        return (
            len(self.links) >= n
            and len(self.audit) >= m
            and self.links[:n] == before.links
            and self.audit[:m] == before.audit
        )


class WrittenEvents:
    """What one store's `save_events` last wrote of each event. The dedup of a run rewrites an event in every
    batch that merges a report into it; when the event only grew since this store wrote it (links and audit
    lines appended, some fields changed), its changed columns and its new links and audit lines are written,
    not its whole row (whose every index is then rewritten: `events` has 15) and all its links again.

    What is kept is true of the store only while nothing else writes events: `generation` is the
    `store_generation` the last write left (every write to `events` raises it, and links and audit rows are
    only written with their event's row); a write that finds another value forgets everything kept and
    writes its events whole."""

    def __init__(self) -> None:
        self.generation: int | None = None
        self.events: dict[str, _Written] = {}

    def forget(self) -> None:
        self.generation = None
        self.events.clear()


#: The first schema with `store_generation`, which `WrittenEvents` relies on.
GENERATION_SCHEMA = 5


def _generation(db: Db) -> int:
    rows = db.query(f"SELECT generation FROM store_generation WHERE id = 1{db.for_update}")
    return int(rows[0][0])


def _event_params(db: Db, values: tuple[Any, ...], indexes: Iterable[int]) -> list[Any]:
    """The values at these `canonical_values` indexes as parameters (the JSON text as `db.json_text`)."""
    return [db.json_text(values[i]) if i == _EXTRA else values[i] for i in indexes]


@lru_cache(maxsize=256)
def _update_event_sql(columns: tuple[str, ...]) -> str:
    sets = ", ".join(f'"{c}" = ?' for c in (*columns, "updated_at"))
    return f"UPDATE events SET {sets} WHERE id = ?"


def save_events(
    db: Db,
    changed: list[CanonicalEvent],
    removed: Iterable[str],
    now: datetime,
    written: WrittenEvents | None = None,
) -> None:
    """Upsert `changed` (each with its links and audit, replaced whole) and delete `removed`, in one
    transaction. With `written`, what the same caller wrote before (the store must have `store_generation`,
    schema `GENERATION_SCHEMA`): an event that only grew since is updated in place (changed columns, new
    links and audit lines), and one unchanged is not written."""
    memo = written if written is not None else WrittenEvents()
    changed = list({ev.id: ev for ev in changed}.values())  # the last version of an event given twice
    gone = set(removed) - {ev.id for ev in changed}
    stamp = db.ts(now)
    kept: dict[str, _Written] = {}
    generation: int | None = None
    try:
        with db.transaction():
            if written is not None and _generation(db) != memo.generation:
                memo.events.clear()
            db.execute_in("DELETE FROM events WHERE id IN (?*)", sorted(gone))
            whole: list[tuple[Any, ...]] = []  # upserted, their links and audit replaced
            grown: dict[tuple[int, ...], list[list[Any]]] = defaultdict(list)  # changed columns → rows
            links: list[tuple[Any, ...]] = []
            audit: list[tuple[Any, ...]] = []
            for ev in changed:
                now_ = kept[ev.id] = _Written(canonical_values(db, ev), tuple(ev.links), tuple(ev.audit))
                before = memo.events.get(ev.id)
                if before is None or not now_.grown_from(before):
                    whole.append((ev.id, *_event_params(db, now_.values, _ALL), stamp, stamp))
                    n_links = n_audit = 0
                else:
                    columns = tuple(
                        i
                        for i, (old, new) in enumerate(zip(before.values, now_.values, strict=True))
                        if old != new or type(old) is not type(new)
                    )
                    n_links, n_audit = len(before.links), len(before.audit)
                    if not columns and n_links == len(ev.links) and n_audit == len(ev.audit):
                        continue  # as stored
                    grown[columns].append([*_event_params(db, now_.values, columns), stamp, ev.id])
                links.extend(link_rows(db, ev, n_links))
                audit.extend((ev.id, seq, line) for seq, line in enumerate(ev.audit[n_audit:], n_audit))
            db.executemany(_INSERT_EVENT, whole)
            for columns, rows in grown.items():
                db.executemany(_update_event_sql(tuple(_VALUE_COLUMNS[i] for i in columns)), rows)
            replaced = [row[0] for row in whole]
            db.execute_in("DELETE FROM event_sources WHERE event_id IN (?*)", replaced)
            db.execute_in("DELETE FROM event_audit WHERE event_id IN (?*)", replaced)
            db.execute_in("UPDATE reports SET event_id = NULL WHERE event_id IN (?*)", replaced)
            db.executemany(_INSERT_LINK, links)
            db.executemany(_INSERT_AUDIT, audit)
            # Every link's report, including those of links written before: an updated article's reports
            # are stored again without their event. A report already pointing at its event is not written.
            db.executemany(
                _POINT_REPORT, [(ev.id, link.report_id, ev.id) for ev in changed for link in ev.links]
            )
            if written is not None:
                generation = _generation(db)
    except BaseException:
        memo.forget()
        raise
    for event_id in gone:
        memo.events.pop(event_id, None)
    memo.events.update(kept)
    memo.generation = generation
