"""The gazetteer store: upsert, merge across sources, idempotence, rollback, schema version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from marsad.geo.store import SCHEMA_VERSION, ImportCounts, PlaceRecord, StoreError, migrate, open_store


def rec(source: str, sid: str, name: str, lat: float | None = 33.6, lon: float | None = 44.0, **kw: object):
    fields: dict[str, object] = {"kind": "town", "name_en": None, "country": "IQ", "admin1": "IQ-SD"}
    fields.update(kw)
    return PlaceRecord(source=source, source_id=sid, name_ar=name, latitude=lat, longitude=lon, **fields)  # type: ignore[arg-type]


def test_new_store_has_schema_and_wal(tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"places", "names", "imports", "place_sources"} <= tables
        assert store.stats()["places"] == 0
        assert migrate(store.conn) == SCHEMA_VERSION  # already current: nothing to do


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_same_source_id_updates_instead_of_duplicating(tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        c1 = store.upsert_places([rec("wof", "1", "الضلوعية", population=None)])
        c2 = store.upsert_places([rec("wof", "1", "الضلوعية", population=40000)])
        assert (c1.inserted, c2.inserted, c2.updated) == (1, 0, 1)
        places = list(store.iter_places())
        assert len(places) == 1 and places[0].population == 40000 and places[0].id == "wof:1"


def test_other_source_nearby_same_name_is_linked(tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        store.upsert_places([rec("wof", "1", "الضلوعية", name_en="Dhuluiya")])
        counts = store.upsert_places(
            [
                rec(
                    "geonames", "99", "ضلوعية", lat=33.62, lon=44.01, population=5000, names_ar=("الضلوعيه",)
                ),
                rec("geonames", "100", "الضلوعية", lat=34.5, lon=44.0),  # 100 km away: another place
                rec("csv", "x", "الضلوعية", admin1="IQ-BG", lat=33.6, lon=44.0),  # another province
            ]
        )
        assert (counts.merged, counts.inserted) == (1, 2)
        place = next(p for p in store.iter_places() if p.id == "wof:1")
        assert set(place.sources) == {("wof", "1"), ("geonames", "99")}
        assert place.population == 5000 and place.name_en == "Dhuluiya"  # missing field filled
        assert "الضلوعيه" in place.names_ar
        assert store.stats()["linked"] == 1


def test_places_without_coordinates_merge_by_kind(tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        store.upsert_places([rec("ocha", "IQG16Q01", "الدور", lat=None, lon=None, kind="admin2")])
        c = store.upsert_places(
            [
                rec("wof", "5", "الدور", kind="admin2"),  # the district: linked
                rec("wof", "6", "الدور", kind="town"),  # the town of that name: its own place
            ]
        )
        assert (c.merged, c.inserted) == (1, 1)
        assert store.stats()["places"] == 2


def test_failed_upsert_rolls_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        store.upsert_places([rec("wof", "1", "تكريت")])
        before = store.dump()

        def records():
            yield rec("wof", "2", "سامراء")
            yield rec("wof", "1", "تكريت", population=1)
            raise OSError("disk went away")

        with pytest.raises(OSError):
            store.upsert_places(records())
        assert store.dump() == before
        with pytest.raises(ValueError, match="kind"):
            store.upsert_places([rec("wof", "3", "بيجي"), rec("wof", "4", "بلد", kind="planet")])
        assert store.dump() == before


def test_import_places_records_the_import(tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        counts = ImportCounts(read=1)
        store.import_places([rec("csv:x", "1", "تكريت")], "csv", "/x.csv", "abc", counts)
        imports = store.stats()["imports"]
        assert imports[0]["file"] == "/x.csv" and imports[0]["rows"] == 1 and imports[0]["sha256"] == "abc"
