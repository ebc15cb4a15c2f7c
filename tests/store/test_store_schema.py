"""Opening a store: URLs, versioned migrations in one transaction, a newer schema refused, SQLite pragmas."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.store import StoreError, migrate, open_store
from marsad.store.db import SqliteDb, connect
from marsad.store.migrate import Migration
from marsad.store.reads import TABLES


def test_migrations_apply_and_are_recorded(store_url: str) -> None:
    with open_store(store_url) as store:
        latest = migrate.latest(store.dialect)
        assert store.schema_version() == latest >= 1
        rows = store.db.query("SELECT version, name FROM schema_version ORDER BY version")
        assert [r[0] for r in rows] == list(range(1, latest + 1))
        assert rows[0][1] == "0001_init.sql"
        assert store.counts() == dict.fromkeys(TABLES, 0)


def test_reopening_is_a_no_op(store_url: str) -> None:
    with open_store(store_url) as store:
        run = store.start_run("ingest", {})
    with open_store(store_url) as store:
        assert migrate.migrate(store.db) == []
        assert store.db.query("SELECT COUNT(*) FROM schema_version")[0][0] == migrate.latest(store.dialect)
        assert store.counts()["runs"] == 1
        assert store.start_run("ingest", {}) == run + 1


def test_a_newer_schema_is_refused(store_url: str) -> None:
    with open_store(store_url) as store, store.db.transaction():
        store.db.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
            (999, "9999_future.sql", "x"),
        )
    with pytest.raises(StoreError, match="newer than this marsad"):
        open_store(store_url)


def test_a_failing_migration_applies_nothing(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = connect(store_url)
    good = migrate.migrations(db.dialect)
    bad = Migration(
        len(good) + 1, "0002_bad.sql", "CREATE TABLE later (x INTEGER);\nSELECT * FROM no_such_table;\n"
    )
    monkeypatch.setattr(migrate, "migrations", lambda dialect: [*good, bad])
    with pytest.raises(Exception, match="no_such_table"):
        migrate.migrate(db)
    db.close()
    monkeypatch.undo()
    with open_store(store_url) as store:  # the first migration was rolled back with the failing one
        assert store.db.query("SELECT COUNT(*) FROM schema_version")[0][0] == len(good)


def test_statements_split_where_complete() -> None:
    sql = "-- a comment; a semicolon\nCREATE TABLE t (x TEXT DEFAULT 'a;b');\n\nINSERT INTO t VALUES ('c');\n"
    assert Migration(1, "0001_t.sql", sql).statements() == [
        "CREATE TABLE t (x TEXT DEFAULT 'a;b');",
        "INSERT INTO t VALUES ('c');",
    ]


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "m.db")) as store:
        assert store.db.query("PRAGMA journal_mode")[0][0] == "wal"
        assert store.db.query("PRAGMA foreign_keys")[0][0] == 1
        assert store.db.query("PRAGMA synchronous")[0][0] == 1  # NORMAL
        assert store.db.query("PRAGMA busy_timeout")[0][0] > 0


@pytest.mark.parametrize(
    ("url", "path"),
    [("sqlite:///rel/m.db", "rel/m.db"), ("sqlite:////ABS/m.db", "/ABS/m.db"), ("plain/m.db", "plain/m.db")],
)
def test_sqlite_urls(url: str, path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = url.replace("/ABS", str(tmp_path / "abs"))
    path = path.replace("/ABS", str(tmp_path / "abs"))
    db = connect(url)
    assert isinstance(db, SqliteDb)
    db.close()
    assert Path(path).exists()


@pytest.mark.parametrize("url", ["mysql://host/db", "sqlite://relative.db"])
def test_unsupported_urls(url: str) -> None:
    with pytest.raises(StoreError, match="URL"):
        open_store(url)


def test_unreachable_postgres_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_optimize_runs_on_both_backends_and_leaves_the_store_usable(store_url: str) -> None:
    # The runner calls it after every finished run: it must work on either dialect, inside its transaction.
    with open_store(store_url) as store:
        store.start_run("ingest", {})
        store.optimize()
        assert store.start_run("ingest", {}) == 2
        assert store.counts()["runs"] == 2
