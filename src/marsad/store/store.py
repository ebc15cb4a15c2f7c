"""`Store`: the one object the runner, dedup and the API hold. It owns a connection (SQLite or PostgreSQL,
see `db`), brings the schema up to date when opened (`migrate`) and delegates each operation to the module
that implements it (`writes`, `reads`, `query`). Not thread-safe: one Store per thread or process.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import TracebackType
from typing import Any

from marsad.model import Article
from marsad.records import CanonicalEvent, Report, StoredArticle
from marsad.store import migrate, query, reads, sketches, writes
from marsad.store.db import Db, connect
from marsad.store.query import EventFilter
from marsad.store.sketches import SketchRow, StoredSketch
from marsad.store.writes import BatchResult, Clock, utcnow


class Store:
    """Articles, reports, evidence, canonical events with their sources and audit, runs and failures."""

    def __init__(self, db: Db, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock
        try:
            migrate.migrate(db)
        except BaseException:
            db.close()
            raise
        # What save_events wrote last, to write only what changed (an older schema, which only a test opens,
        # lacks the counter it needs).
        self._written = (
            writes.WrittenEvents() if migrate.current_version(db) >= writes.GENERATION_SCHEMA else None
        )

    @property
    def dialect(self) -> str:
        return self.db.dialect

    def schema_version(self) -> int:
        return migrate.current_version(self.db)

    # Runs.
    def start_run(self, command: str, params: dict[str, Any]) -> int:
        return writes.start_run(self.db, command, params, self.clock())

    def finish_run(self, run_id: int, status: str, counts: dict[str, Any]) -> None:
        writes.finish_run(self.db, run_id, status, counts, self.clock())

    def record_failures(self, run_id: int, failures: list[tuple[str, str, str]]) -> None:
        """Keep each failed item as (ref, code, message)."""
        writes.record_failures(self.db, run_id, failures)

    # Articles and reports.
    def known_articles(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored article id → content hash, for the ids that are stored."""
        return writes.known_articles(self.db, ids)

    def find_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """Content hash → id of a stored article with that content, for the hashes that are stored."""
        return writes.find_hashes(self.db, hashes)

    def save_batch(
        self,
        run_id: int | None,
        articles: list[StoredArticle],
        reports: list[Report],
        sketches: Mapping[str, StoredSketch] | None = None,
    ) -> BatchResult:
        """Store a batch in one transaction: new articles inserted, unchanged ones skipped (with their
        reports), updated ones replaced with their reports and evidence; with them, the near-duplicate
        sketches given (article id → sketch) of the articles written."""
        return writes.save_batch(self.db, run_id, articles, reports, self.clock(), sketches)

    # Near-duplicate sketches (see `sketches`).
    def stored_sketches(self, scheme: str, limit: int | None = None) -> list[SketchRow]:
        """The sketches of this scheme, the last `limit` stored (all when None), in the order stored."""
        with self.db.snapshot():
            return sketches.load(self.db, scheme, limit)

    def articles_without_sketch(self, scheme: str) -> list[str]:
        """Ids of the stored articles that have no sketch of this scheme, in the order stored."""
        with self.db.snapshot():
            return sketches.missing(self.db, scheme)

    def load_articles(self, ids: Iterable[str]) -> list[Article]:
        """The stored articles with these ids, as `Article`s, in the order given."""
        with self.db.snapshot():
            return sketches.articles(self.db, ids)

    def save_sketches(self, rows: Iterable[tuple[str, datetime, StoredSketch]]) -> None:
        """Write (article id, published, sketch) for stored articles, replacing theirs; one transaction."""
        with self.db.transaction():
            sketches.upsert(self.db, rows)

    def reports_for_articles(self, ids: Iterable[str]) -> list[Report]:
        with self.db.snapshot():
            return reads.reports_for_articles(self.db, ids)

    def unclustered_reports(self) -> list[Report]:
        with self.db.snapshot():
            return reads.unclustered_reports(self.db)

    # Canonical events.
    def save_events(self, changed: list[CanonicalEvent], removed: Iterable[str] = ()) -> None:
        """Upsert events with their links and audit (replaced whole) and point their reports at them; delete
        the `removed` ones. One transaction. An event this store wrote before, that only grew since (the
        dedup of a run merging reports into it), gets its changed columns and its new links and audit lines
        written, not the whole event again (`writes.WrittenEvents`)."""
        writes.save_events(self.db, changed, removed, self.clock(), self._written)

    def events_in_window(
        self, start: date, end: date, countries: set[str] | None = None
    ) -> list[CanonicalEvent]:
        with self.db.snapshot():
            return reads.events_in_window(self.db, start, end, countries)

    # The API's readers.
    def get_event(self, event_id: str) -> dict[str, Any] | None:
        with self.db.snapshot():
            return reads.get_event(self.db, event_id)

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        with self.db.snapshot():
            return reads.get_article(self.db, article_id)

    def query_events(
        self,
        filters: EventFilter | None = None,
        limit: int = 100,
        cursor: str | None = None,
        sort: str = "date_desc",
    ) -> tuple[list[dict[str, Any]], str | None]:
        return query.query_events(self.db, filters or EventFilter(), limit, cursor, sort)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self.db.snapshot():
            return reads.counts(self.db)

    def optimize(self) -> None:
        """Refresh the query planner's statistics after a run has changed the tables (the API's filters
        pick their index by them); cheap when little changed."""
        with self.db.transaction():
            self.db.execute("PRAGMA optimize" if self.dialect == "sqlite" else "ANALYZE")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def open_store(url: str, clock: Clock = utcnow) -> Store:
    """Open (creating and migrating when needed) the store at `url`: a file path or `sqlite:///path` for
    SQLite (`sqlite:////abs/path` for an absolute one), `postgresql://…` for PostgreSQL."""
    return Store(connect(url), clock)
