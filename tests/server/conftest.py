"""API fixtures: a store built once per session and real server processes over it.

`api` is a read-only server (no token); `api_rw` runs with a write token over its own copy of the store, so
the write tests do not change what the read tests see. Both are `python -m marsad.server.cli` subprocesses
on free ports, stopped at the end of the session.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_data import TOKEN, Server, build_store
from server_process import run_server


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    path = str(tmp_path_factory.mktemp("api") / "marsad.db")
    return path, build_store(path)


def _serve(db: str, data: dict[str, Any], token: str | None, log: Path) -> Iterator[Server]:
    for url in run_server(db, token, log):
        yield Server(url, db, data)


@pytest.fixture(scope="session")
def api(
    built_store: tuple[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    db, data = built_store
    yield from _serve(db, data, None, tmp_path_factory.mktemp("logs") / "api.log")


@pytest.fixture(scope="session")
def api_rw(
    built_store: tuple[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    src, data = built_store
    db = str(tmp_path_factory.mktemp("api_rw") / "marsad.db")
    shutil.copy(src, db)
    yield from _serve(db, data, TOKEN, tmp_path_factory.mktemp("logs") / "api_rw.log")


@pytest.fixture(scope="session")
def client(api: Server) -> Iterator[httpx.Client]:
    with api.client() as c:
        yield c


@pytest.fixture(scope="session")
def all_events(client: httpx.Client) -> list[dict[str, Any]]:
    """Every event of the store, fetched in one page."""
    page = client.get("/events", params={"limit": 1000}).json()
    assert page["next_cursor"] is None
    return list(page["events"])
