"""One ingest run: articles from any source to a deduplicated event record in the store.

    sources ──► known? ──► extract (worker pool) ──► near-duplicate? ──► store batch ──► event dedup ──► store
               (resume)                                 (MinHash/LSH)     (one transaction)  (clusterer)

The run is a loop over batches of `batch_size` input items, in input order:

1. **Resume.** An article whose id is stored with the same content hash is not extracted again (counted
   `unchanged`): a rerun after Ctrl-C or a crash does only the work that was not committed.
2. **Extract** in `workers` processes (`pipeline.extract_article`); one article's exception is that
   article's failure, never the run's.
3. **Near-duplicates** (`dedup.near`): a syndicated copy or an updated version of an earlier article is
   stored linked to it, and its reports are not independent evidence. Earlier means earlier in this run or
   stored by any earlier one: before the run's first new article, the index is filled with the stored
   articles' sketches (`runner.sketches`; a rerun with nothing new never reads them).
4. **Store** the batch's articles, their near-duplicate sketches, reports and evidence in one transaction
   (an article is never stored without its sketch), then **cluster** its reports
   into canonical events (`dedup.events`) and store what changed in a second one. A crash between the two
   leaves reports without an event; the next run clusters them (`Store.unclustered_reports`).
5. **Report.** Every failed item is kept with its source reference, code and message (in the store's
   `failures` table and in the returned `RunReport`): nothing is lost silently.

Everything that is not extraction runs in this process, so the store sees one writer.
"""

from __future__ import annotations

import gc
import logging
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import Pool
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

from marsad.dedup.events import EventClusterer
from marsad.dedup.near import NearDuplicateIndex, Sketch, sketch
from marsad.ingest.articles import ArticleError
from marsad.ingest.items import SourceItem, language_checked
from marsad.model import Article, Event
from marsad.pipeline import extract_article
from marsad.records import Report, StoredArticle, content_hash
from marsad.runner.sketches import restore_index, stored_sketch
from marsad.runner.window import WindowLoader
from marsad.store import Store, StoredSketch

log = logging.getLogger(__name__)

#: Items handed to a worker at a time: amortises pickling, keeps progress smooth.
CHUNKSIZE = 16


@dataclass(frozen=True, slots=True)
class Extracted:
    """What became of one input item in a worker: its article and events, or why not."""

    ref: str
    article: Article | None
    events: tuple[Event, ...] = ()
    error: ArticleError | None = None
    #: The article's near-duplicate sketch (MinHash), computed in the worker too.
    sketch: Sketch | None = None
    #: The article's `content_hash`, computed in the worker too (None: the runner computes it).
    content_hash: str | None = None


@dataclass(slots=True)
class RunReport:
    """Counts by outcome and every failure, for the terminal, the store's `runs` row and tests."""

    run_id: int = 0
    status: str = "running"
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    reports: int = 0
    events_new: int = 0
    events_merged: int = 0
    seconds: float = 0.0
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "near_duplicates": self.duplicates,
            "reports": self.reports,
            "events_new": self.events_new,
            "events_merged": self.events_merged,
            "failed": len(self.failures),
            "failed_by_code": dict(sorted(self.skipped.items())),
            "seconds": round(self.seconds, 3),
        }


#: Called after every batch with the report so far (the CLI draws its progress bar from it).
Progress = Callable[[RunReport], None]


def extract_item(item: SourceItem) -> Extracted:
    """Check the language of one source item and extract it; runs in the worker processes, so it never
    raises. (Readers may have checked the language already; checking twice gives the same answer.)"""
    item = language_checked(item)
    if isinstance(item.item, ArticleError):
        return Extracted(item.ref, None, error=item.item)
    try:
        article = item.item
        events = tuple(extract_article(article))
        return Extracted(
            item.ref, article, events, sketch=sketch(article.canonical), content_hash=content_hash(article)
        )
    except Exception as err:  # one article's failure is that article's problem
        log.debug("extraction failed for %s", item.ref, exc_info=True)
        return Extracted(item.ref, None, error=ArticleError("extract_error", f"{type(err).__name__}: {err}"))


def _ignore_sigint() -> None:
    # Ctrl-C is the main process's to handle: it stops the run and terminates the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_T = TypeVar("_T", SourceItem, Extracted)


def _article(item: SourceItem | Extracted) -> Article | None:
    if isinstance(item, Extracted):
        return item.article
    return item.item if isinstance(item.item, Article) else None


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class IngestRun:
    """The state of one run: the store, the near-duplicate index, the event clusterer and the report."""

    def __init__(self, store: Store, *, batch_size: int = 500, progress: Progress | None = None) -> None:
        self.store = store
        self.batch_size = batch_size
        self.progress = progress
        self.near = NearDuplicateIndex()
        self._restored = False  # the stored sketches are in `near`
        self.clusterer = EventClusterer()
        self.window = WindowLoader(store, self.clusterer)
        self.report = RunReport()

    def _fresh(self, batch: list[_T]) -> Iterator[_T]:
        """The items of a batch that need work; unchanged stored articles are counted and dropped here. Only
        an article whose id is stored is hashed here: a new one is hashed in its worker, with extraction."""
        articles = {a.id: a for a in map(_article, batch) if a is not None}
        stored = self.store.known_articles(articles) if articles else {}
        for it in batch:
            self.report.read += 1
            art = _article(it)
            if art is not None and art.id in stored:
                digest = (it.content_hash if isinstance(it, Extracted) else None) or content_hash(art)
                if stored[art.id] == digest:
                    self.report.unchanged += 1
                    continue
            yield it

    def _commit(self, done: list[Extracted]) -> None:
        stored: list[StoredArticle] = []
        reports: list[Report] = []
        sketches: dict[str, StoredSketch] = {}
        failures: list[tuple[str, str, str]] = []
        if not self._restored and any(ex.article is not None for ex in done):
            restore_index(self.store, self.near)
            self._restored = True
        for ex in done:
            if ex.article is None:
                assert ex.error is not None
                failures.append((ex.ref, ex.error.code, ex.error.message))
                continue
            art = ex.article
            digest = ex.content_hash or content_hash(art)
            sketched = self.near.sketch(art.canonical, ex.sketch)
            dup_of, similarity = self.near.add(art.id, art.canonical, art.published, sketched)
            stored.append(StoredArticle(art, digest, "ar", dup_of, similarity))
            sketches[art.id] = stored_sketch(self.near, sketched)
            reports.extend(
                Report(ev, art.id, art.source, art.url, art.published, dup_of is not None) for ev in ex.events
            )
        result = self.store.save_batch(self.report.run_id, stored, reports, sketches)
        if failures:
            self.store.record_failures(self.report.run_id, failures)
        self.report.failures.extend(failures)
        self.report.skipped.update(code for _, code, _ in failures)
        self.report.new += result.new
        self.report.updated += result.updated
        self.report.unchanged += result.unchanged
        self.report.duplicates += sum(1 for s in stored if s.duplicate_of is not None)
        self.report.reports += len(reports)
        self._cluster(reports)

    def _cluster(self, reports: list[Report]) -> None:
        if not reports:
            return
        self.window.ensure(min(r.event.date for r in reports), max(r.event.date for r in reports))
        # Clustering depends on order. A batch's reports are clustered in the order the heal after a crash
        # (`Store.unclustered_reports`) gets them back, (date, article id) then position, so that a run
        # stopped between a batch's two transactions and resumed ends with the record of one never stopped.
        # The sort is stable and done here, not in SQL: PostgreSQL would compare ids by its collation.
        for report in sorted(reports, key=lambda r: (r.event.date, r.article_id)):
            _, decision = self.clusterer.add(report)
            if decision == "new":
                self.report.events_new += 1
            elif decision == "merged":
                self.report.events_merged += 1
        # Events another one absorbed (a report fitted both) are deleted in the same transaction.
        self.store.save_events(self.clusterer.changed(), self.clusterer.removed())

    def run(self, items: Iterable[SourceItem], workers: int = 1, command: str = "ingest") -> RunReport:
        """Ingest every item; Ctrl-C stops after discarding the uncommitted batch (status 'interrupted')."""
        return self._loop(self._extracted(items, workers), command, {"workers": workers})

    def load(self, done: Iterable[Extracted]) -> RunReport:
        """Store items extracted elsewhere (the Spark job's output), with the same resume and dedup."""
        batches = (list(self._fresh(batch)) for batch in _chunks(done, self.batch_size))
        return self._loop(batches, "load", {})

    def _loop(self, batches: Iterable[list[Extracted]], command: str, params: dict[str, Any]) -> RunReport:
        started = time.perf_counter()
        self.report.run_id = self.store.start_run(command, {**params, "batch": self.batch_size})
        status = "failed"
        # The run's state (near-duplicate index, clusterer) only grows and holds no reference cycles, yet
        # the garbage collector's passes walk all of it again and again (~8 s of the ~60 s the main process
        # of a 62k-article ingest spends on its batches). What survives a batch is frozen out of those
        # passes; at the end of the run it is handed back, so that a cycle among it is still collected (a
        # caller's own frozen objects, when there are some, stay frozen).
        thaw = gc.get_freeze_count() == 0
        try:
            self._cluster(self.store.unclustered_reports())
            for done in batches:
                self._commit(done)
                gc.freeze()
                self.report.seconds = time.perf_counter() - started
                if self.progress:
                    self.progress(self.report)
            status = "finished"
            self.store.optimize()
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            if thaw:
                gc.unfreeze()
            self.report.status = status
            self.report.seconds = time.perf_counter() - started
            self.store.finish_run(self.report.run_id, status, self.report.counts())
        return self.report

    def _extracted(self, items: Iterable[SourceItem], workers: int) -> Iterator[list[Extracted]]:
        """Extracted batches in input order. With a pool, batch k+1 is extracted while batch k is committed;
        the resume check (`_fresh`) runs here, in the main thread, because it reads the store."""
        batches = (list(self._fresh(batch)) for batch in _chunks(items, self.batch_size))
        if workers == 1:
            for batch in batches:
                yield [extract_item(it) for it in batch]
            return
        with Pool(workers, initializer=_ignore_sigint) as pool:
            pending: AsyncResult[list[Extracted]] | None = None
            for batch in batches:
                submitted = pool.map_async(extract_item, batch, chunksize=CHUNKSIZE)
                if pending is not None:
                    yield pending.get()
                pending = submitted
            if pending is not None:
                yield pending.get()
