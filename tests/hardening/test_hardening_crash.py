"""Crash safety: `marsad ingest` killed with SIGKILL at random moments, then rerun, ends with the same record
as a run never interrupted, on SQLite and on PostgreSQL.

The CLI runs in a subprocess in its own process group, so that the kill takes the extraction workers too
(nothing survives to finish a batch). The first kill comes a seeded random 0.3–2.5 s after the start (while
the interpreter starts, the schema is migrated or the first batches are extracted: wherever it falls);
each later one waits until the run has committed something new since the previous kill, then a seeded
random 0–0.4 s more (a 50-article batch takes well under that), so kills land mid-run, after work was
stored, at moments no code chose — between the two transactions of a batch included, as chance allows.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
import pytest
from conftest import StoreFactory
from hardening_helpers import Corpus, rows, write_corpus

from marsad.ingest.sources import SourceOptions, iter_sources
from marsad.runner.ingest import IngestRun
from marsad.store import open_store

KILLS = 3
#: Other seeds give other kill moments: `MARSAD_CRASH_SEED=7 pytest tests/hardening/test_hardening_crash.py`.
SEED = int(os.environ.get("MARSAD_CRASH_SEED", "20240606"))


def _cli(path: Path, url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "marsad.cli",
        "-q",
        "ingest",
        str(path),
        "--db",
        url,
        "--workers",
        "2",
        "--batch",
        "50",
    ]


def _count(url: str, sql: str) -> int:
    """One count of what is committed, read without the store layer (no migrations, no locks held)."""
    try:
        if url.startswith("postgresql"):
            with psycopg.connect(url, connect_timeout=5) as pg:
                row = pg.execute(sql).fetchone()
        else:
            lite = sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=5)
            try:
                row = lite.execute(sql).fetchone()
            finally:
                lite.close()
    except (sqlite3.Error, psycopg.Error):
        return 0  # not created yet
    return int(row[0]) if row else 0


def _stored_articles(url: str) -> int:
    return _count(url, "SELECT count(*) FROM articles")


def _run_and_kill(corpus: Corpus, url: str, rng: random.Random, before: int | None) -> int | None:
    """Start an ingest; once it has stored more than `before` articles (at once when None), wait a random
    moment and kill its process group. The articles stored at the kill, or None when the run finished."""
    proc = subprocess.Popen(
        _cli(corpus.path, url), start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while before is not None and _stored_articles(url) <= before:
            if proc.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        time.sleep(rng.uniform(0.3, 2.5) if before is None else rng.uniform(0.0, 0.4))
        if proc.poll() is not None:
            assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
            return None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return _stored_articles(url)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def _finish(corpus: Corpus, url: str) -> None:
    done = subprocess.run(_cli(corpus.path, url), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr


def _event_keys(url: str) -> Counter[tuple[str, str | None, str]]:
    with open_store(url) as store:
        return Counter(
            (str(d), a, s) for d, a, s in rows(store, "SELECT date, admin1, sub_event_type FROM events")
        )


def _check_record(url: str, corpus: Corpus) -> None:
    with open_store(url) as store:
        ids = [r[0] for r in rows(store, "SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == len(corpus.ids)
        assert set(ids) == set(corpus.ids)
        assert store.unclustered_reports() == []
        # Every event has at least one link, every link names a stored report of a stored article.
        assert rows(store, "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_sources)") == []
        assert (
            rows(
                store,
                "SELECT s.report_id FROM event_sources s LEFT JOIN reports r ON r.id = s.report_id "
                "WHERE r.id IS NULL OR r.article_id <> s.article_id",
            )
            == []
        )
        # ...and every report belongs to the event that links it.
        assert (
            rows(
                store,
                "SELECT r.id FROM reports r JOIN event_sources s ON s.report_id = r.id "
                "WHERE r.event_id <> s.event_id",
            )
            == []
        )
        assert rows(store, "SELECT id FROM reports WHERE event_id IS NULL") == []
        # Each report is linked exactly once.
        (n_reports,) = rows(store, "SELECT count(*) FROM reports")[0]
        (n_links, n_linked) = rows(store, "SELECT count(*), count(DISTINCT report_id) FROM event_sources")[0]
        assert n_links == n_linked == n_reports > len(corpus.ids) // 3


def test_sigkill_at_random_moments_then_rerun_gives_the_uninterrupted_record(
    new_store_url: StoreFactory, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 600)
    assert corpus.bad_lines > 0 and len(corpus.ids) + corpus.bad_lines == 600
    rng = random.Random(SEED)

    crashed = new_store_url()
    stored_at_kill: list[int] = []
    unclustered_at_kill: list[int] = []  # > 0: the kill fell between a batch's two transactions
    before: int | None = None
    for _ in range(KILLS):
        stored = _run_and_kill(corpus, crashed, rng, before)
        if stored is None:
            break
        stored_at_kill.append(stored)
        unclustered_at_kill.append(_count(crashed, "SELECT count(*) FROM reports WHERE event_id IS NULL"))
        before = stored
    print(f"seed {SEED}: articles stored at each kill {stored_at_kill}, unclustered {unclustered_at_kill}")
    _finish(corpus, crashed)
    # At least one kill landed mid-run (work stored before, work left after), and the record is whole.
    assert any(0 < n < len(corpus.ids) for n in stored_at_kill), stored_at_kill
    _check_record(crashed, corpus)

    reference = new_store_url()
    _finish(corpus, reference)
    _check_record(reference, corpus)

    # Failures are recorded by every run that read them; the last run reads them all again.
    with open_store(crashed) as store:
        (last_run,) = rows(store, "SELECT max(id) FROM runs")[0]
        refs = rows(store, f"SELECT ref FROM failures WHERE run_id = {int(last_run)}")
        assert len(refs) == len(set(refs)) == corpus.bad_lines
    got, want = _event_keys(crashed), _event_keys(reference)
    assert got == want, f"extra {got - want}, missing {want - got}"


class _Crash(BaseException):
    """Stands for SIGKILL in-process: not an Exception, so nothing in the run catches it."""


def _ingest(url: str, corpus: Corpus, crash_at: int | None = None) -> None:
    with open_store(url) as store:
        if crash_at is not None:
            calls = [0]
            save_events = store.save_events

            def crashing(*args: Any, **kwargs: Any) -> None:
                calls[0] += 1
                if calls[0] == crash_at:
                    raise _Crash
                save_events(*args, **kwargs)

            store.save_events = crashing  # type: ignore[method-assign]
        run = IngestRun(store, batch_size=50)
        try:
            run.run(iter_sources([str(corpus.path)], options=SourceOptions(check_language=False)), workers=1)
        except _Crash:
            assert store.unclustered_reports(), "the crash left the batch's reports without an event"


@pytest.mark.parametrize("batch", [1, 3, 6])
def test_a_crash_between_a_batchs_two_transactions_is_healed_to_the_same_record(
    batch: int, tmp_path: Path
) -> None:
    """Deterministic twin of the SIGKILL test for the one window that matters most: the batch's articles
    and reports are committed, its events are not. The rerun clusters the left reports first (the
    `unclustered_reports` heal), then goes on; the record must be the one of a run never stopped."""
    corpus = write_corpus(tmp_path / "corpus.jsonl", 300)
    reference, crashed = str(tmp_path / "reference.db"), str(tmp_path / "crashed.db")
    _ingest(reference, corpus)
    _ingest(crashed, corpus, crash_at=batch)
    _ingest(crashed, corpus)
    _check_record(crashed, corpus)
    got, want = _event_keys(crashed), _event_keys(reference)
    assert got == want, f"extra {got - want}, missing {want - got}"
