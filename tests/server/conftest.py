"""API fixtures: a store built once per session and real server processes over it.

`api` is a read-only server (no token); `api_rw` runs with a write token over its own copy of the store, so
the write tests do not change what the read tests see. Both are `python -m marsad.server.cli` subprocesses
on free ports, stopped at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_data import TOKEN, Server, build_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    path = str(tmp_path_factory.mktemp("api") / "marsad.db")
    return path, build_store(path)


def _serve(db: str, data: dict[str, Any], token: str | None, log: Path) -> Iterator[Server]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    if token is not None:
        env["MARSAD_TOKEN"] = token
    cmd = [
        sys.executable,
        "-m",
        "marsad.server.cli",
        "--db",
        db,
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer /health in 60 s:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield Server(url, db, data)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
