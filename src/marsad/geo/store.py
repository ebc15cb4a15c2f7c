"""A gazetteer store users import place lists into: one SQLite file, read by `geo.user.gazetteer_for`.

Tables:

- `places`: one row per place: `id` (`<source>:<source_id>` of the record that created it), kind, Arabic
  and English name, country, admin1 (ISO 3166-2), admin2, parent, coordinates, population, its source.
- `names`: every name of a place (`lang` "ar" or "en"); `normalized` is the gazetteer's lookup key
  (`sources.key`) for Arabic names, indexed.
- `place_sources`: provenance, every (source, source_id) that describes a place: a place two lists share
  is one row of `places` with two rows here.
- `imports`: one row per import: source, file, its sha256, rows read, when.

Merging (`upsert_places`): a record whose (source, source_id) is known updates that place; otherwise a place
of another source with the same normalized Arabic name, the same country and admin1, and within
`MERGE_KM` (or, when either has no coordinates, of the same kind) is the same place: the record is linked to
it (its names added, missing fields filled). Else the record becomes a new place. Importing the same file
twice therefore changes nothing. Each call runs in one transaction: a failure leaves the store as it was.
The schema version is `PRAGMA user_version`; `migrate` brings an older file up to `SCHEMA_VERSION`.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.geo import sources

SCHEMA_VERSION = 1
MERGE_KM = 5.0
#: Kinds a store holds: the gazetteer's kinds and the third administrative level (OCHA ADM3).
STORE_KINDS = ("country", "admin1", "admin2", "admin3", "city", "town", "neighbourhood", "facility", "region")
_SETTLEMENT_KINDS = frozenset({"city", "town", "neighbourhood"})

_SCHEMA_V1 = """
CREATE TABLE places (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    name_en TEXT,
    country TEXT NOT NULL,
    admin1 TEXT,
    admin2 TEXT,
    parent TEXT,
    latitude REAL,
    longitude REAL,
    population INTEGER,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL
);
CREATE INDEX places_country ON places(country, admin1);
CREATE TABLE names (
    place_id TEXT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    normalized TEXT NOT NULL,
    lang TEXT NOT NULL,
    PRIMARY KEY (place_id, name, lang)
);
CREATE INDEX names_normalized ON names(normalized);
CREATE TABLE place_sources (
    source TEXT NOT NULL,
    source_id TEXT NOT NULL,
    place_id TEXT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    PRIMARY KEY (source, source_id)
);
CREATE INDEX place_sources_place ON place_sources(place_id);
CREATE TABLE imports (
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT,
    rows INTEGER NOT NULL,
    at TEXT NOT NULL
);
"""


class StoreError(Exception):
    """The store cannot be opened or is of a newer schema than this program knows."""


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One place as an importer reads it, before it is merged into the store."""

    source: str  # geonames | wof | ocha | csv ...
    source_id: str
    kind: str  # one of STORE_KINDS
    name_ar: str
    name_en: str | None
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None = None  # ISO 3166-2
    admin2: str | None = None
    parent: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    names_ar: tuple[str, ...] = ()  # other Arabic names (name_ar is always a name)
    names_en: tuple[str, ...] = ()


@dataclass(slots=True)
class ImportCounts:
    """What an import did. `skipped`: malformed rows; `ignored`: well-formed rows the store does not keep
    (no Arabic name, a kind of feature that is not a place news names)."""

    read: int = 0
    inserted: int = 0
    merged: int = 0
    updated: int = 0
    skipped: int = 0
    ignored: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "merged": self.merged,
            "updated": self.updated,
            "skipped": self.skipped,
            "ignored": self.ignored,
        }


@dataclass(frozen=True, slots=True)
class StoredPlace:
    """A place row of the store with its names."""

    id: str
    kind: str
    name_ar: str
    name_en: str | None
    country: str
    admin1: str | None
    admin2: str | None
    parent: str | None
    latitude: float | None
    longitude: float | None
    population: int | None
    source: str
    source_id: str
    names_ar: tuple[str, ...]
    names_en: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # every (source, source_id) behind the place


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def normalized(name: str, lang: str) -> str:
    return sources.key(name) if lang == "ar" else " ".join(name.lower().split())


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema of `conn` up to SCHEMA_VERSION; returns the version found before."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(f"store schema {version} is newer than this marsad ({SCHEMA_VERSION})")
    if version < 1:
        conn.executescript("BEGIN;" + _SCHEMA_V1 + f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
    # Later versions: `if version < 2: ...` here, each step in its own transaction.
    return version


def open_store(path: str | Path) -> Store:
    """Open (creating when absent) the store at `path`."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path}: not a marsad gazetteer store ({err})") from err
    return Store(conn, Path(path))


class Store:
    """A gazetteer store; use `open_store` to get one. Usable as a context manager (closes on exit)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction around the block (nested blocks join the outer one); rolled back on error."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- writing

    def upsert_places(
        self, records: Iterable[PlaceRecord], counts: ImportCounts | None = None
    ) -> ImportCounts:
        """Merge `records` into the store in one transaction (see the module docstring)."""
        counts = counts if counts is not None else ImportCounts()
        with self.transaction():
            for rec in records:
                self._upsert(rec, counts)
        return counts

    def import_places(
        self,
        records: Iterable[PlaceRecord],
        source: str,
        file: str,
        sha256: str | None,
        counts: ImportCounts,
    ) -> ImportCounts:
        """`upsert_places` and a row in `imports`, in one transaction."""
        with self.transaction():
            self.upsert_places(records, counts)
            self.conn.execute(
                "INSERT INTO imports (source, file, sha256, rows, at) VALUES (?, ?, ?, ?, ?)",
                (source, file, sha256, counts.read, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        return counts

    def _upsert(self, rec: PlaceRecord, counts: ImportCounts) -> None:
        if rec.kind not in STORE_KINDS:
            raise ValueError(f"unknown kind {rec.kind!r}")
        db = self.conn
        row = db.execute(
            "SELECT place_id FROM place_sources WHERE source = ? AND source_id = ?",
            (rec.source, rec.source_id),
        ).fetchone()
        if row is not None:
            place_id = row[0]
            owner = db.execute("SELECT source, source_id FROM places WHERE id = ?", (place_id,)).fetchone()
            if owner is not None and tuple(owner) == (rec.source, rec.source_id):
                db.execute(
                    "UPDATE places SET kind=?, name_ar=?, name_en=?, country=?, admin1=?, admin2=?, parent=?,"
                    " latitude=?, longitude=?, population=? WHERE id=?",
                    (
                        rec.kind, rec.name_ar, rec.name_en, rec.country, rec.admin1, rec.admin2, rec.parent,
                        rec.latitude, rec.longitude, rec.population, place_id,
                    ),
                )  # fmt: skip
            else:
                self._fill(place_id, rec)
            self._add_names(place_id, rec)
            counts.updated += 1
            return
        twin = self._twin(rec)
        if twin is not None:
            db.execute(
                "INSERT INTO place_sources (source, source_id, place_id) VALUES (?, ?, ?)",
                (rec.source, rec.source_id, twin),
            )
            self._fill(twin, rec)
            self._add_names(twin, rec)
            counts.merged += 1
            return
        place_id = f"{rec.source}:{rec.source_id}"
        db.execute(
            "INSERT INTO places (id, kind, name_ar, name_en, country, admin1, admin2, parent, latitude,"
            " longitude, population, source, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                place_id, rec.kind, rec.name_ar, rec.name_en, rec.country, rec.admin1, rec.admin2, rec.parent,
                rec.latitude, rec.longitude, rec.population, rec.source, rec.source_id,
            ),
        )  # fmt: skip
        db.execute(
            "INSERT INTO place_sources (source, source_id, place_id) VALUES (?, ?, ?)",
            (rec.source, rec.source_id, place_id),
        )
        self._add_names(place_id, rec)
        counts.inserted += 1

    def _twin(self, rec: PlaceRecord) -> str | None:
        """A place of another source that `rec` describes too, if any."""
        keys = {normalized(n, "ar") for n in (rec.name_ar, *rec.names_ar)} - {""}
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"SELECT DISTINCT p.id, p.kind, p.admin1, p.latitude, p.longitude FROM names n"
            f" JOIN places p ON p.id = n.place_id WHERE n.lang = 'ar' AND n.normalized IN ({marks})"
            f" AND p.country = ? AND NOT EXISTS (SELECT 1 FROM place_sources s"
            f" WHERE s.place_id = p.id AND s.source = ?)",
            (*sorted(keys), rec.country, rec.source),
        ).fetchall()
        best: tuple[float, str] | None = None
        for pid, kind, admin1, lat, lon in rows:
            if rec.admin1 and admin1 and rec.admin1 != admin1:
                continue
            if None in (lat, lon, rec.latitude, rec.longitude):
                if not _same_kind(kind, rec.kind):
                    continue
                d = MERGE_KM  # no coordinates to compare: the same kind of place in the same province
            else:
                d = distance_km((lat, lon), (rec.latitude, rec.longitude))  # type: ignore[arg-type]
                if d > MERGE_KM or not _same_kind(kind, rec.kind):
                    continue
            if best is None or (d, pid) < best:
                best = (d, pid)
        return best[1] if best else None

    def _fill(self, place_id: str, rec: PlaceRecord) -> None:
        """Fields the place lacks, taken from another source's record of it."""
        self.conn.execute(
            "UPDATE places SET name_en = COALESCE(name_en, ?), admin1 = COALESCE(admin1, ?),"
            " admin2 = COALESCE(admin2, ?), parent = COALESCE(parent, ?), latitude = COALESCE(latitude, ?),"
            " longitude = COALESCE(longitude, ?), population = COALESCE(population, ?) WHERE id = ?",
            (
                rec.name_en, rec.admin1, rec.admin2, rec.parent, rec.latitude, rec.longitude, rec.population,
                place_id,
            ),
        )  # fmt: skip

    def _add_names(self, place_id: str, rec: PlaceRecord) -> None:
        rows = [(place_id, n, normalized(n, "ar"), "ar") for n in dict.fromkeys((rec.name_ar, *rec.names_ar))]
        en = [n for n in (rec.name_en, *rec.names_en) if n]
        rows += [(place_id, n, normalized(n, "en"), "en") for n in dict.fromkeys(en)]
        self.conn.executemany(
            "INSERT OR IGNORE INTO names (place_id, name, normalized, lang) VALUES (?, ?, ?, ?)",
            [r for r in rows if r[1].strip()],
        )

    # -- reading

    def iter_places(self, country: str | None = None) -> Iterator[StoredPlace]:
        """Every place (of `country`), by id, with its names and provenance."""
        where, args = ("WHERE country = ?", (country,)) if country else ("", ())
        names: dict[str, tuple[list[str], list[str]]] = {}
        query = "SELECT n.place_id, n.name, n.lang FROM names n"
        if country:
            query += " JOIN places p ON p.id = n.place_id WHERE p.country = ?"
        for pid, name, lang in self.conn.execute(query + " ORDER BY n.rowid", args):
            names.setdefault(pid, ([], []))[0 if lang == "ar" else 1].append(name)
        provenance: dict[str, list[tuple[str, str]]] = {}
        for src, sid, pid in self.conn.execute(
            "SELECT source, source_id, place_id FROM place_sources ORDER BY source, source_id"
        ):
            provenance.setdefault(pid, []).append((src, sid))
        cursor = self.conn.execute(
            "SELECT id, kind, name_ar, name_en, country, admin1, admin2, parent, latitude, longitude,"
            f" population, source, source_id FROM places {where} ORDER BY id",
            args,
        )
        for row in cursor:
            ar, en = names.get(row[0], ([], []))
            pid, kind, name_ar, name_en, cc, admin1, admin2, parent, lat, lon, pop, src, sid = row
            yield StoredPlace(
                pid, kind, name_ar, name_en, cc, admin1, admin2, parent, lat, lon, pop, src, sid,
                tuple(ar), tuple(en), tuple(provenance.get(pid, ())),
            )  # fmt: skip

    def stats(self) -> dict[str, Any]:
        """Counts of places by source, kind and country, names, and the imports done."""
        db = self.conn

        def grouped(column: str) -> dict[str, int]:
            query = f"SELECT {column}, COUNT(*) FROM places GROUP BY {column} ORDER BY 2 DESC, 1"
            return {str(k): int(n) for k, n in db.execute(query)}

        return {
            "path": str(self.path),
            "schema_version": int(db.execute("PRAGMA user_version").fetchone()[0]),
            "places": int(db.execute("SELECT COUNT(*) FROM places").fetchone()[0]),
            "names": int(db.execute("SELECT COUNT(*) FROM names").fetchone()[0]),
            "linked": int(
                db.execute(
                    "SELECT COUNT(*) FROM (SELECT place_id FROM place_sources GROUP BY place_id"
                    " HAVING COUNT(*) > 1)"
                ).fetchone()[0]
            ),
            "by_source": grouped("source"),
            "by_kind": grouped("kind"),
            "by_country": grouped("country"),
            "imports": [
                {"source": s, "file": f, "sha256": h, "rows": r, "at": a}
                for s, f, h, r, a in db.execute(
                    "SELECT source, file, sha256, rows, at FROM imports ORDER BY rowid"
                )
            ],
        }

    def dump(self) -> tuple[list[Any], ...]:
        """The content of the place tables (places, names, place_sources), sorted: for tests and checks."""
        return tuple(
            self.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall()
            for t in ("places", "names", "place_sources")
        )


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in _SETTLEMENT_KINDS and b in _SETTLEMENT_KINDS)
