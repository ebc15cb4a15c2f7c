"""The two database dialects behind the store: SQLite (one file, WAL) and PostgreSQL (psycopg 3).

Store code writes its SQL once, with `?` placeholders; a dialect runs it (PostgreSQL's driver takes `%s`,
so it rewrites the placeholders — the SQL contains no other `?` and no literal `%`). Values always travel as
parameters. A dialect also says how a value type is held: SQLite keeps dates and timestamps as ISO text and
JSON as text; PostgreSQL has `date`, `timestamptz` and `jsonb`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

Row = tuple[Any, ...]

#: Rows of ids looked up or deleted per statement (SQLite's parameter limit is 32766; keep it small).
CHUNK = 500


class StoreError(Exception):
    """The store cannot be opened or used: bad URL, unreachable server, schema newer than this code."""


class Db:
    """One connection and the few operations the store needs."""

    dialect = ""
    #: Appended to a SELECT inside a write transaction to keep other writers off the rows it read until the
    #: transaction ends. SQLite needs nothing: `transaction` takes the database's write lock up front.
    for_update = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        raise NotImplementedError

    def snapshot(self) -> AbstractContextManager[None]:
        """A read-only transaction: the reads inside it see one state of the store."""
        raise NotImplementedError

    def lock_schema(self) -> None:
        """Inside a transaction: keep other processes from migrating at the same time."""

    def close(self) -> None:
        raise NotImplementedError

    # How values are held.
    def ts(self, value: datetime) -> Any:
        return value.astimezone(UTC).isoformat()

    def day(self, value: date) -> Any:
        return value.isoformat()

    def json(self, value: Any) -> Any:
        return dumps(value)

    def json_text(self, text: str) -> Any:
        """A JSON document already encoded by `dumps`, as `json` would hold it (the writer of a large document
        that it also compares with the last one written encodes it once)."""
        return text

    def query_in(self, sql: str, ids: Iterable[Any], params: Sequence[Any] = ()) -> list[Row]:
        """Run `sql`, whose `(?*)` stands for a list of ids, once per chunk of ids; every chunk's rows."""
        rows: list[Row] = []
        for chunk in chunks(ids):
            rows.extend(self.query(expand(sql, len(chunk)), [*params, *chunk]))
        return rows

    def execute_in(self, sql: str, ids: Iterable[Any], params: Sequence[Any] = ()) -> None:
        for chunk in chunks(ids):
            self.execute(expand(sql, len(chunk)), [*params, *chunk])


def dumps(value: Any) -> str:
    """The JSON text of a value as the store writes it (`Db.json`, `Db.json_text`)."""
    # Run parameters and counts may hold paths or dates: their text is what a reader wants.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _verbatim(text: str) -> str:
    return text


def chunks(ids: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(dict.fromkeys(ids))
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def expand(sql: str, n: int) -> str:
    """`(?*)` → `(?, ?, …)` with n placeholders (only the count is formatted into the SQL, never a value)."""
    return sql.replace("(?*)", "(" + ", ".join("?" * n) + ")")


def read_ts(value: Any, offset: int | None = None) -> datetime:
    """A stored timestamp, in the UTC offset it was written with when that is known, else in UTC (whatever
    the server's session time zone)."""
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return dt.astimezone(timezone(timedelta(seconds=offset)) if offset is not None else UTC)


def read_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def read_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def offset_of(value: datetime) -> int:
    delta = value.utcoffset()
    if delta is None:
        raise ValueError(f"timestamp without a time zone: {value.isoformat()}")
    return int(delta.total_seconds())


class SqliteDb(Db):
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # Autocommit at the driver level: transactions are explicit BEGIN … COMMIT.
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # Checkpoint the WAL into the database every ~40 MB, not every 4 MB (the default): an ingest
            # writes the same index pages batch after batch, and each checkpoint copies them again and syncs
            # the file (the main process of a whole-corpus ingest spent ~12 s in checkpoints, now ~5 s).
            self.conn.execute("PRAGMA wal_autocheckpoint = 10000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
        except sqlite3.Error as err:
            raise StoreError(f"cannot open SQLite store {path}: {err}") from err

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.conn.execute(sql, params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front, so two writers queue instead of failing mid-transaction.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        # A deferred transaction takes no write lock; in WAL mode writers go on while it reads.
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


@lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    return sql.replace("?", "%s")


class PostgresDb(Db):
    dialect = "postgresql"
    for_update = " FOR UPDATE"

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg.types.json import Jsonb

        self._jsonb = Jsonb
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to PostgreSQL: {err}") from err

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(_pg(sql), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self.conn.execute(_pg(sql), params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with self.conn.transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    def lock_schema(self) -> None:
        # An arbitrary constant key: every marsad store migration in this database takes the same lock.
        self.conn.execute("SELECT pg_advisory_xact_lock(4245)")

    def close(self) -> None:
        self.conn.close()

    def ts(self, value: datetime) -> Any:
        return value

    def day(self, value: date) -> Any:
        return value

    def json(self, value: Any) -> Any:
        return self._jsonb(value, dumps=dumps)

    def json_text(self, text: str) -> Any:
        return self._jsonb(text, dumps=_verbatim)


def connect(url: str) -> Db:
    """A plain path or `sqlite:///path` → SQLite; `postgresql://…` (or `postgres://…`) → PostgreSQL."""
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDb(url)
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        if not path.startswith("/"):
            raise StoreError(
                f"bad SQLite URL {url!r}: use sqlite:///relative/path or sqlite:////absolute/path"
            )
        return SqliteDb(path[1:] or ":memory:")
    if "://" in url:
        raise StoreError(f"unsupported store URL {url!r}: give a file path, sqlite:///… or postgresql://…")
    return SqliteDb(url)
