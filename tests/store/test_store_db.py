"""Saving batches: idempotent, updates replace, one transaction (nothing of a failed batch is kept), and
reports that come back equal to what was saved."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

import psycopg
import pytest
from store_records import article, extracted, reports_of, stored, synthetic

from marsad.records import Report
from marsad.store import BatchResult, Store, open_store
from marsad.store.db import Db

DB_ERRORS = (sqlite3.Error, psycopg.Error)


def test_a_report_round_trips_equal(store: Store) -> None:
    s, reports = extracted("a1")
    assert reports and reports[0].event.evidence.fatalities is not None
    store.save_batch(None, [s], reports)
    assert store.reports_for_articles(["a1"]) == reports
    back = store.reports_for_articles(["a1"])[0]
    assert back.published.utcoffset() == s.article.published.utcoffset()  # the outlet's offset, not UTC


def test_a_synthetic_report_with_every_field_round_trips(store: Store) -> None:
    s, reports = synthetic("s1", n_events=3)
    dup = [replace(r, duplicate=True) for r in reports]
    store.save_batch(None, [s], dup)
    back = store.reports_for_articles(["s1"])
    assert back == dup
    assert back[0].event.notes == ("from a test", "ثانية")
    assert back[0].event.confidence == 0.8551234567


def test_reports_come_back_in_the_order_of_the_ids_given(store: Store) -> None:
    batches = [synthetic(f"s{i}", n_events=2) for i in range(3)]
    store.save_batch(None, [b[0] for b in batches], [r for b in batches for r in b[1]])
    back = store.reports_for_articles(["s2", "s0", "missing"])
    assert [r.id for r in back] == ["s2-e0", "s2-e1", "s0-e0", "s0-e1"]


def test_the_same_batch_twice_is_stored_once(store: Store) -> None:
    s, reports = extracted("a1")
    other, more = synthetic("s1")
    first = store.save_batch(None, [s, other], reports + more)
    assert first == BatchResult(new=2, unchanged=0, updated=0, reports=len(reports) + 1)
    counts = store.counts()
    again = store.save_batch(None, [s, other], reports + more)
    assert again == BatchResult(new=0, unchanged=2, updated=0, reports=0)
    assert store.counts() == counts


def test_an_article_twice_in_one_batch_is_stored_once(store: Store) -> None:
    s, reports = synthetic("s1")
    assert store.save_batch(None, [s, s], reports + reports) == BatchResult(1, 1, 0, 1)
    assert store.counts()["articles"] == 1
    assert store.reports_for_articles(["s1"]) == reports


def test_an_updated_article_replaces_the_old_version_and_its_reports(store: Store) -> None:
    old = article("a1", "قتل شخصان في قصف على حلب أمس.")
    store.save_batch(None, [stored(old)], reports_of(old))
    old_reports = store.reports_for_articles(["a1"])
    new = article("a1")  # same id, other text: an updated version
    new_reports = reports_of(new)
    result = store.save_batch(None, [stored(new)], new_reports)
    assert result == BatchResult(new=0, unchanged=0, updated=1, reports=len(new_reports))
    assert store.get_article("a1")["text"] == new.text  # type: ignore[index]
    assert store.known_articles(["a1"]) == {"a1": stored(new).content_hash}
    assert store.reports_for_articles(["a1"]) == new_reports
    gone = {r.id for r in old_reports} - {r.id for r in new_reports}
    assert not store.db.query_in("SELECT report_id FROM evidence WHERE report_id IN (?*)", gone)
    assert store.counts()["articles"] == 1


def test_known_articles_and_find_hashes_for_a_thousand(store: Store) -> None:
    batch = [synthetic(f"s{i:04d}") for i in range(1200)]
    store.save_batch(None, [b[0] for b in batch], [])
    ids = [f"s{i:04d}" for i in range(0, 2400, 2)]  # half of them are not stored
    known = store.known_articles(ids)
    assert len(known) == 600
    assert known["s0010"] == batch[10][0].content_hash
    hashes = store.find_hashes([b[0].content_hash for b in batch] + ["0" * 64])
    assert len(hashes) == 1200
    assert hashes[batch[7][0].content_hash] == "s0007"
    assert store.known_articles([]) == {} and store.find_hashes([]) == {}


def test_a_near_duplicate_links_to_its_original(store: Store) -> None:
    first, _ = synthetic("s1")
    copy = stored(article("s2", "نسخة"), duplicate_of="s1", similarity=0.93)
    store.save_batch(None, [copy, first], [])  # linked before its original in the batch: checked at commit
    got = store.get_article("s2")
    assert got is not None and got["duplicate_of"] == "s1" and got["similarity"] == 0.93


def test_a_report_without_its_article_rolls_the_whole_batch_back(store: Store) -> None:
    good = [synthetic(f"s{i}", n_events=2) for i in range(3)]
    orphan = synthetic("nowhere")[1][0]
    with pytest.raises(DB_ERRORS):
        store.save_batch(None, [b[0] for b in good], [r for b in good for r in b[1]] + [orphan])
    assert store.counts() == dict.fromkeys(store.counts(), 0)


def test_a_crash_mid_batch_keeps_nothing_of_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kept, kept_reports = synthetic("kept")
    store.save_batch(None, [kept], kept_reports)
    before = store.counts()
    old = article("kept", "نص جديد")  # an update of `kept` in the failing batch
    batch = [synthetic(f"s{i}") for i in range(3)]
    real = type(store.db).executemany

    def crash_on_evidence(self: Db, sql: str, rows: Any) -> None:
        if sql.startswith("INSERT INTO evidence"):  # articles and reports are written by now
            raise RuntimeError("power cut")
        real(self, sql, rows)

    monkeypatch.setattr(type(store.db), "executemany", crash_on_evidence)
    with pytest.raises(RuntimeError, match="power cut"):
        store.save_batch(None, [stored(old), *(b[0] for b in batch)], [r for b in batch for r in b[1]])
    monkeypatch.undo()
    assert store.counts() == before
    assert store.reports_for_articles(["kept"]) == kept_reports
    assert store.get_article("kept")["text"] == kept.article.text  # type: ignore[index]


def test_a_crash_mid_batch_in_a_second_connection_is_invisible(store_url: str) -> None:
    """The batch is not half-visible to a reader while it is written, nor after it failed."""
    with open_store(store_url) as writer, open_store(store_url) as reader:
        s = synthetic("s1")[0]
        with pytest.raises(RuntimeError), writer.db.transaction():
            writer.db.executemany(
                "INSERT INTO articles (id, source, url, published, published_offset, title, text,"
                " content_hash, language, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        "x",
                        "s",
                        "u",
                        writer.db.ts(s.article.published),
                        0,
                        "",
                        "t",
                        "h",
                        "ar",
                        writer.db.ts(s.article.published),
                    )
                ],
            )
            assert reader.known_articles(["x"]) == {}
            raise RuntimeError("crash")
        assert reader.known_articles(["x"]) == {}


def test_runs_and_failures(store: Store) -> None:
    run = store.start_run("ingest", {"workers": 4, "sources": ["a.jsonl", "ب.jsonl"]})
    store.record_failures(run, [("a.jsonl:3", "bad_json", "Expecting value"), ("b:1", "empty", "no text")])
    store.finish_run(run, "finished", {"new": 3, "failed_by_code": {"bad_json": 1}})
    rows = store.db.query(
        "SELECT command, params, status, counts, finished_at FROM runs WHERE id = ?", (run,)
    )
    command, params, status, counts, finished = rows[0]
    assert (command, status) == ("ingest", "finished") and finished is not None
    from marsad.store.db import read_json

    assert read_json(params) == {"workers": 4, "sources": ["a.jsonl", "ب.jsonl"]}
    assert read_json(counts)["failed_by_code"] == {"bad_json": 1}
    failures = store.db.query("SELECT ref, code, message FROM failures WHERE run_id = ? ORDER BY id", (run,))
    assert [tuple(f) for f in failures] == [
        ("a.jsonl:3", "bad_json", "Expecting value"),
        ("b:1", "empty", "no text"),
    ]


def test_articles_record_their_run(store: Store) -> None:
    run = store.start_run("ingest", {})
    s, reports = synthetic("s1")
    store.save_batch(run, [s], reports)
    got = store.get_article("s1")
    assert got is not None and got["run_id"] == run and got["published"] == "2022-04-18T10:30:00+03:00"
    assert got["reports"] == [
        {
            "id": "s1-e0",
            "event_id": None,
            "event_type": "explosions_remote_violence",
            "sub_event_type": "remote_explosive_landmine_ied",
        }
    ]
    assert store.get_article("nope") is None


def test_unclustered_reports(store: Store) -> None:
    batch = [synthetic(f"s{i}") for i in range(3)]
    reports: list[Report] = [r for b in batch for r in b[1]]
    store.save_batch(None, [b[0] for b in batch], reports)
    assert store.unclustered_reports() == reports
    store.db.execute(
        "INSERT INTO events (id, event_type, sub_event_type, core, date, date_precision, n_sources,"
        " extra, first_seen, updated_at) VALUES ('E', 't', 's', ?, ?, 'day', 1, ?, ?, ?)",
        (
            True,
            store.db.day(reports[0].event.date),
            store.db.json({}),
            store.db.ts(reports[0].published),
            store.db.ts(reports[0].published),
        ),
    )
    store.db.execute("UPDATE reports SET event_id = 'E' WHERE id = ?", (reports[1].id,))
    assert store.unclustered_reports() == [reports[0], reports[2]]
