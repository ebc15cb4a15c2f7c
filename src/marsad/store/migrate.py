"""Versioned schema: numbered SQL files per dialect (`migrations/<dialect>/NNNN_name.sql`), applied in order.

`schema_version` holds one row per applied migration. Opening a store applies the pending ones in a single
transaction (all or none), after taking a lock so two processes opening a new store do not both migrate. A
store whose version is newer than the newest file here was written by a newer marsad: it is refused rather
than misread.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

from marsad.store.db import Db, StoreError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file's statements (split where a statement is complete, so `;` inside a literal is safe)."""
        out: list[str] = []
        current = ""
        for line in self.sql.splitlines(keepends=True):
            if not current and (not line.strip() or line.lstrip().startswith("--")):
                continue
            current += line
            if sqlite3.complete_statement(current):
                out.append(current.strip())
                current = ""
        if current.strip():
            raise StoreError(f"migration {self.name}: unterminated statement at the end of the file")
        return out


def migrations(dialect: str) -> list[Migration]:
    """Every migration of a dialect, by version; versions must run 1, 2, 3 … without gaps."""
    folder = resources.files("marsad.store") / "migrations" / dialect
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"{dialect} migrations are not numbered 1..n: {[m.name for m in found]}")
    return found


def latest(dialect: str) -> int:
    return len(migrations(dialect))


def current_version(db: Db) -> int:
    rows = db.query("SELECT MAX(version) FROM schema_version")
    return int(rows[0][0] or 0)


def migrate(db: Db) -> list[int]:
    """Bring the schema up to date; the versions applied (none when it already was)."""
    available = migrations(db.dialect)
    with db.transaction():
        db.lock_schema()
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        have = current_version(db)
        if have > len(available):
            raise StoreError(
                f"the store's schema is version {have}, newer than this marsad knows "
                f"({len(available)}): upgrade marsad to open it"
            )
        applied = []
        for migration in available[have:]:
            for statement in migration.statements():
                db.execute(statement)
            db.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
            applied.append(migration.version)
    return applied
