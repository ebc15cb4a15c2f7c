"""Canonical events: upsert with their source links and audit, removal, the dedup window, the API's view."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from store_records import article, canonical, extracted, reports_of, stored, synthetic

from marsad.store import Store, open_store
from marsad.store.rows import CANON_COLUMNS, LINK_COLUMNS, cols


def _event_of(store: Store, report_id: str) -> str | None:
    rows = store.db.query("SELECT event_id FROM reports WHERE id = ?", (report_id,))
    return rows[0][0] if rows else None


def test_save_events_stores_fields_links_and_audit(store: Store) -> None:
    s, reports = extracted("a1")
    store.save_batch(None, [s], reports)
    event = canonical("E1", reports, extra_key={"kept": ["as", "json"]})
    store.save_events([event])
    assert store.events_in_window(date(2022, 4, 18), date(2022, 4, 18)) == [event]
    assert _event_of(store, reports[0].id) == "E1"
    assert store.counts()["event_sources"] == 1 and store.counts()["event_audit"] == 1


def test_save_events_upserts_and_replaces_links_and_audit(store_url: str) -> None:
    times = iter(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=h) for h in range(100))
    with open_store(store_url, clock=lambda: next(times)) as store:
        (s1, r1), (s2, r2) = synthetic("s1"), synthetic("s2")
        store.save_batch(None, [s1, s2], r1 + r2)
        store.save_events([canonical("E1", r1)])
        first = store.get_event("E1")
        merged = canonical(
            "E1", r1 + r2, audit=["opened by s1-e0", "merged s2-e0: same place and day (0.9)"], fatalities=7
        )
        store.save_events([merged])
        assert store.counts()["events"] == 1
        assert store.events_in_window(date(2022, 1, 1), date(2022, 12, 31)) == [merged]
        now = store.get_event("E1")
        assert first is not None and now is not None
        assert now["first_seen"] == first["first_seen"] and now["updated_at"] > first["updated_at"]
        assert now["fatalities"] == 7 and now["n_sources"] == 1
        assert [src["report_id"] for src in now["sources"]] == ["s1-e0", "s2-e0"]
        assert now["audit"] == merged.audit
        assert _event_of(store, "s2-e0") == "E1"


def test_a_report_moved_to_another_event_and_a_removed_event(store: Store) -> None:
    (s1, r1), (s2, r2) = synthetic("s1"), synthetic("s2")
    store.save_batch(None, [s1, s2], r1 + r2)
    store.save_events([canonical("E1", r1 + r2)])
    store.save_events([canonical("E1", r1), canonical("E2", r2)])  # split
    assert (_event_of(store, "s1-e0"), _event_of(store, "s2-e0")) == ("E1", "E2")
    store.save_events([canonical("E2", r1 + r2)], removed=["E1"])  # merged back into E2
    assert store.get_event("E1") is None
    assert (_event_of(store, "s1-e0"), _event_of(store, "s2-e0")) == ("E2", "E2")
    assert store.counts()["event_sources"] == 2 and store.counts()["events"] == 1
    store.save_events([], removed=["E2"])
    assert store.counts()["events"] == store.counts()["event_sources"] == store.counts()["event_audit"] == 0
    assert _event_of(store, "s1-e0") is None
    assert len(store.unclustered_reports()) == 2


def test_events_in_window(store: Store) -> None:
    events = []
    for i, (day, country) in enumerate([(1, "IQ"), (5, "SY"), (9, "IQ"), (10, "YE"), (11, "IQ")]):
        _, reports = synthetic(f"s{i}", date=date(2022, 3, day), country=country)
        events.append(canonical(f"E{i}", reports))
    store.save_events(events)
    window = store.events_in_window(date(2022, 3, 5), date(2022, 3, 10))
    assert [e.id for e in window] == ["E1", "E2", "E3"]
    assert [e.id for e in store.events_in_window(date(2022, 3, 1), date(2022, 3, 31), {"IQ", "YE"})] == [
        "E0",
        "E2",
        "E3",
        "E4",
    ]
    assert store.events_in_window(date(2022, 3, 1), date(2022, 3, 31), set()) == []
    assert store.events_in_window(date(2023, 1, 1), date(2023, 12, 31)) == []
    assert window[0] == events[1] and window[0].date == date(2022, 3, 5)


def test_get_event_gives_each_source_with_its_evidence(store: Store) -> None:
    s, reports = extracted("a1")
    store.save_batch(None, [s], reports)
    store.save_events([canonical("E1", reports)])
    got = store.get_event("E1")
    assert got is not None
    assert got["evidence"] == "قتل ثلاثة أشخاص في انفجار سيارة مفخخة في كركوك اليوم الاثنين."
    (source,) = got["sources"]
    assert source["url"] == s.article.url and source["published"] == "2022-04-18T10:30:00+03:00"
    assert source["evidence_spans"] == reports[0].event.evidence.to_json()
    assert source["evidence_spans"]["place"]["text"] == "كركوك"
    assert store.get_event("nope") is None


def test_a_link_outlives_the_report_version_it_names(store: Store) -> None:
    s, reports = extracted("a1")
    store.save_batch(None, [s], reports)
    store.save_events([canonical("E1", reports)])
    newer = article("a1", "تظاهر مئات في بغداد اليوم.")
    store.save_batch(None, [stored(newer)], reports_of(newer))
    got = store.get_event("E1")
    assert got is not None and got["sources"][0]["evidence_spans"] is None
    assert store.events_in_window(date(2022, 4, 18), date(2022, 4, 18))[0].links[0].report_id == reports[0].id


def test_an_event_given_twice_keeps_its_last_version(store: Store) -> None:
    _, reports = synthetic("s1")
    store.save_events([canonical("E1", reports, fatalities=1), canonical("E1", reports, fatalities=2)])
    (event,) = store.events_in_window(date(2022, 4, 18), date(2022, 4, 18))
    assert event.fields["fatalities"] == 2 and len(event.links) == 1


def test_timestamps_read_back_in_utc_on_both_backends(store: Store) -> None:
    _, reports = synthetic("s1")
    store.save_events([canonical("E1", reports)])
    got = store.get_event("E1")
    assert got is not None and got["first_seen"].endswith("+00:00")


def _written(store: Store) -> tuple[list[tuple[object, ...]], ...]:
    """Everything `save_events` writes but the timestamps: rows, links, audit and the reports' events."""
    return (
        store.db.query(f"SELECT id, {cols(CANON_COLUMNS)}, extra FROM events ORDER BY id"),
        store.db.query(f"SELECT event_id, seq, {cols(LINK_COLUMNS[2:])} FROM event_sources ORDER BY 1, 2"),
        store.db.query("SELECT event_id, seq, line FROM event_audit ORDER BY event_id, seq"),
        store.db.query("SELECT id, event_id FROM reports ORDER BY id"),
    )


def _spy_rows(store: Store, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Rows given to each kind of executemany statement (by its first four words), from now on."""
    seen: dict[str, int] = {}
    real = store.db.executemany

    def spy(sql: str, rows: Iterable[Sequence[object]]) -> None:
        rows = list(rows)
        key = " ".join(sql.split()[:4])
        seen[key] = seen.get(key, 0) + len(rows)
        real(sql, rows)

    monkeypatch.setattr(store.db, "executemany", spy)
    return seen


def test_an_event_that_grew_gets_its_changed_columns_and_new_links_written(
    store: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (s1, r1), (s2, r2), (s3, r3) = synthetic("s1"), synthetic("s2"), synthetic("s3")
    store.save_batch(None, [s1, s2, s3], r1 + r2 + r3)
    store.save_events([canonical("E1", r1), canonical("E2", r3)])
    audit = ["opened by s1-e0", "merged s2-e0: same place and day (0.9)"]
    grown = canonical("E1", r1 + r2, audit=audit, fatalities=9, members=[{"report_id": "s2-e0"}])
    rows = _spy_rows(store, monkeypatch)
    store.save_events([grown])
    # Only the new link and audit line are inserted, and the event's row is updated in place.
    assert rows['INSERT INTO event_sources ("event_id",'] == rows['INSERT INTO event_audit ("event_id",'] == 1
    assert rows['UPDATE events SET "fatalities"'] == 1 and rows.get('INSERT INTO events ("id",', 0) == 0
    # What is stored is what writing the grown event whole gives (as another store, which wrote nothing
    # before, does).
    assert store.events_in_window(date(2022, 4, 18), date(2022, 4, 18)) == [grown, canonical("E2", r3)]
    assert _event_of(store, "s2-e0") == "E1"
    grown_in_place = _written(store)
    with open_store(store_url) as other:
        other.save_events([grown])
        assert _written(other) == grown_in_place


def test_an_event_given_unchanged_is_not_written_again(store_url: str) -> None:
    times = iter(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=h) for h in range(100))
    with open_store(store_url, clock=lambda: next(times)) as store:
        (s1, r1), (s2, r2) = synthetic("s1"), synthetic("s2")
        store.save_batch(None, [s1, s2], r1 + r2)
        store.save_events([canonical("E1", r1), canonical("E2", r2)])
        before = {e: store.get_event(e) for e in ("E1", "E2")}
        store.save_events([canonical("E1", r1), canonical("E2", r2, fatalities=4)])
        after = {e: store.get_event(e) for e in ("E1", "E2")}
        assert after["E1"] == before["E1"]
        assert after["E2"] is not None and before["E2"] is not None
        assert after["E2"]["fatalities"] == 4 and after["E2"]["updated_at"] > before["E2"]["updated_at"]


def test_an_event_another_store_rewrote_is_written_whole(store_url: str) -> None:
    (s1, r1), (s2, r2), (s3, r3) = synthetic("s1"), synthetic("s2"), synthetic("s3")
    with open_store(store_url) as one, open_store(store_url) as two:
        one.save_batch(None, [s1, s2, s3], r1 + r2 + r3)
        one.save_events([canonical("E1", r1 + r2)])
        two.save_events([canonical("E1", r2, audit=["rebuilt"])])  # another writer, in between
        # `one` sees E1 grow from what it wrote; the store no longer holds that, so E1 is written whole.
        final = canonical("E1", r1 + r2 + r3, audit=["opened by s1-e0", "merged s3-e0"])
        one.save_events([final])
        assert one.events_in_window(date(2022, 4, 18), date(2022, 4, 18)) == [final]
        assert [_event_of(one, r.id) for r in r1 + r2 + r3] == ["E1"] * 3


def test_a_write_that_failed_leaves_the_next_one_right(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    (s1, r1), (s2, r2), (s3, r3) = synthetic("s1"), synthetic("s2"), synthetic("s3")
    store.save_batch(None, [s1, s2, s3], r1 + r2 + r3)
    store.save_events([canonical("E1", r1)])
    real = store.db.executemany

    def failing(sql: str, rows: Iterable[Sequence[object]]) -> None:
        if "event_audit" in sql:
            raise RuntimeError("disk full")
        real(sql, rows)

    monkeypatch.setattr(store.db, "executemany", failing)
    with pytest.raises(RuntimeError):
        store.save_events([canonical("E1", r1 + r2, audit=["opened", "merged s2-e0"])])
    monkeypatch.undo()
    final = canonical("E1", r1 + r2 + r3, audit=["opened", "merged s2-e0", "merged s3-e0"])
    store.save_events([final])
    assert store.events_in_window(date(2022, 4, 18), date(2022, 4, 18)) == [final]
    assert store.counts()["event_sources"] == 3 and store.counts()["event_audit"] == 3


def test_a_report_stored_again_is_pointed_at_its_event_when_the_event_grows(store: Store) -> None:
    (s1, r1), (s2, r2) = synthetic("s1"), synthetic("s2")
    store.save_batch(None, [s1, s2], r1 + r2)
    store.save_events([canonical("E1", r1)])
    newer = article("s1", "نص آخر للمقال")  # an updated version: its report has the same id, no event
    store.save_batch(None, [stored(newer)], [replace(r1[0], event=replace(r1[0].event, fatalities=5))])
    assert _event_of(store, "s1-e0") is None
    store.save_events([canonical("E1", r1 + r2, audit=["opened", "merged s2-e0"])])
    assert (_event_of(store, "s1-e0"), _event_of(store, "s2-e0")) == ("E1", "E1")
