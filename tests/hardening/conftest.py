"""Hardening fixtures: the store tests' PostgreSQL server, reused (not copied) from tests/store/conftest.py.

That conftest is loaded by path under its own module name, and its session fixture `postgres_server` is
re-exported here, so `store_url` resolves it for the tests in this folder too. (When tests/store runs in
the same session it starts its own cluster: fixtures are scoped to their conftest's folder.)
"""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

_PATH = Path(__file__).resolve().parents[1] / "store" / "conftest.py"
_spec = importlib.util.spec_from_file_location("marsad_store_test_conftest", _PATH)
assert _spec is not None and _spec.loader is not None
store_conftest = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = store_conftest
_spec.loader.exec_module(store_conftest)

postgres_server = store_conftest.postgres_server
store_url = store_conftest.store_url

#: Makes URLs naming new empty stores of one backend (several per test: a crashed and a reference run).
StoreFactory = Callable[[], str]


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    made: list[str] = []
    server: str | None = None
    if request.param == "postgresql":
        server = request.getfixturevalue("postgres_server")
        if server is None:
            pytest.skip(store_conftest._SKIP[-1] if store_conftest._SKIP else "no PostgreSQL server")

    def make() -> str:
        if server is None:
            made.append("")
            return str(tmp_path / f"store-{len(made)}.db")
        schema = f"h_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")  # a generated identifier, not input
        made.append(schema)
        return str(store_conftest._with_search_path(server, schema))

    yield make
    if server is not None:
        with psycopg.connect(server, autocommit=True) as conn:
            for schema in made:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
