"""Schema 5: the text (`q`) and box (`bbox`) filters read their indexes when those narrow the events to few,
give exactly what the plain conditions give, follow every write; the change counter moves on every write to
the events table and only then."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from store_records import canonical, synthetic

from marsad.store import EventFilter, Store, migrate, open_store
from marsad.store import query as store_query
from marsad.store.query import store_generation

PLACES = [
    ("كركوك", "Kirkuk", 35.468, 44.392),
    ("الموصل", "Mosul", 36.34, 43.13),
    ("بغداد", "Baghdad", 33.34, 44.40),
    ("حلب", "Aleppo", 36.2, 37.16),
    ('قرية "الشهيد"', 'Shahid "village"', 34.0, 44.0),
]


def _event(i: int, **fields: Any) -> Any:
    ar, en, lat, lon = PLACES[i % len(PLACES)]
    _, reports = synthetic(f"art-{i}", location_ar=ar, location_en=en, latitude=lat, longitude=lon)
    evidence = f"انفجار عبوة ناسفة في {ar} رقم {i}" if i % 3 else f"اشتباكات في {ar} رقم {i}"
    values = {"date": (date(2022, 4, 1) + timedelta(days=i % 20)).isoformat(), "evidence": evidence}
    return canonical(f"ev{i:03d}", reports, **{**values, **fields})


@pytest.fixture
def many(store: Store) -> Store:
    store.save_events([_event(i) for i in range(60)])
    return store


def _all_ids(store: Store, f: EventFilter) -> list[str]:
    out: list[str] = []
    cursor = None
    while True:
        rows, cursor = store.query_events(f, 7, cursor)
        out += [r["id"] for r in rows]
        if cursor is None:
            return out


QUERIES = ["كركوك", "عبوة ناسفة", "رقم 1", "رقم 17", "MOSUL", "mos", "aleppo", '"village"', 'ي "', "لا يوجد"]


@pytest.mark.parametrize("q", [*QUERIES, "رق", "x"])
def test_text_index_gives_what_the_scan_gives(many: Store, q: str, monkeypatch: pytest.MonkeyPatch) -> None:
    indexed = _all_ids(many, EventFilter(q=q))
    monkeypatch.setattr(store_query, "INDEX_PROBE", -1)  # the probe never finds few: always the scan
    scanned = _all_ids(many, EventFilter(q=q))
    assert indexed == scanned
    expected = sorted(
        (e for e in (_event(i) for i in range(60)) if _matches(e.fields, q)),
        key=lambda e: (-date.fromisoformat(e.fields["date"]).toordinal(), e.id),
    )
    assert indexed == [e.id for e in expected]


def _matches(fields: dict[str, Any], q: str) -> bool:
    return any(q.lower() in (fields.get(c) or "").lower() for c in ("evidence", "location_ar", "location_en"))


def test_the_sqlite_plan_uses_the_index_for_a_rare_string(many: Store) -> None:
    if many.dialect != "sqlite":
        pytest.skip("PostgreSQL's planner chooses its own indexes")
    conds, _ = store_query.where(many.db, EventFilter(q="رقم 17"))
    assert "events_text" in conds[0]
    conds, _ = store_query.where(many.db, EventFilter(q="رق"))  # shorter than a trigram
    assert "LIKE" in conds[0]


def test_box_index_gives_what_the_scan_gives(many: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    boxes = [
        (44.0, 33.0, 45.0, 36.0),
        (44.392, 35.468, 44.392, 35.468),
        (37.16, 36.2, 37.16, 36.2),
        (0, 0, 1, 1),
    ]
    for box in boxes:
        indexed = _all_ids(many, EventFilter(bbox=box))
        monkeypatch.setattr(store_query, "INDEX_PROBE", -1)
        scanned = _all_ids(many, EventFilter(bbox=box))
        monkeypatch.undo()
        assert indexed == scanned, box
    assert len(_all_ids(many, EventFilter(bbox=(44.392, 35.468, 44.392, 35.468)))) == 12  # edges included


def test_indexes_follow_updates_and_removals(many: Store) -> None:
    assert _all_ids(many, EventFilter(q="رقم 17")) == ["ev017"]
    moved = _event(17, evidence="قصف مدفعي على تلعفر", location_ar="تلعفر", latitude=36.37, longitude=42.45)
    many.save_events([moved], removed=["ev016"])
    assert _all_ids(many, EventFilter(q="رقم 17")) == []
    assert _all_ids(many, EventFilter(q="تلعفر")) == ["ev017"]
    assert _all_ids(many, EventFilter(q="رقم 16")) == []
    assert _all_ids(many, EventFilter(bbox=(42.4, 36.3, 42.5, 36.4))) == ["ev017"]
    assert "ev016" not in _all_ids(many, EventFilter(bbox=(-180, -90, 180, 90)))
    unplaced = _event(18, latitude=None, longitude=None)
    many.save_events([unplaced])
    assert "ev018" not in _all_ids(many, EventFilter(bbox=(-180, -90, 180, 90)))


def test_the_change_counter_moves_on_writes_only(many: Store) -> None:
    before = store_generation(many.db)
    many.query_events(EventFilter(q="كركوك"), 10)
    assert store_generation(many.db) == before
    many.save_events([_event(70)])
    after_insert = store_generation(many.db)
    assert after_insert > before
    many.save_events([_event(70, evidence="نص آخر")])
    after_update = store_generation(many.db)
    assert after_update > after_insert
    many.save_events([], removed=["ev070"])
    assert store_generation(many.db) > after_update


def test_a_store_of_schema_4_gets_its_indexes_filled(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    every = migrate.migrations
    monkeypatch.setattr(migrate, "migrations", lambda dialect: every(dialect)[:4])
    with open_store(store_url) as old:
        assert old.schema_version() == 4
        old.save_events([_event(i) for i in range(10)])
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.schema_version() >= 5
        assert _all_ids(store, EventFilter(q="رقم 7")) == ["ev007"]
        assert _all_ids(store, EventFilter(bbox=(37.1, 36.1, 37.2, 36.3))) == [
            "ev008",
            "ev003",
        ]  # newest first
        before = store_generation(store.db)
        store.save_events([_event(11)])
        assert store_generation(store.db) > before


def test_postgresql_has_trigram_indexes_for_the_text_filter(store: Store) -> None:
    if store.dialect != "postgresql":
        pytest.skip("SQLite uses its FTS5 table (test_the_sqlite_plan_uses_the_index_for_a_rare_string)")
    names = {row[0] for row in store.db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'events'")}
    assert {"events_evidence_trgm", "events_location_ar_trgm", "events_location_en_trgm"} <= names
