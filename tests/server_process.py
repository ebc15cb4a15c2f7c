"""A real `marsad serve` process for the tests that need one (tests/server, tests/security)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_server(db: str, token: str | None, log: Path, *extra: str) -> Iterator[str]:
    """Run `python -m marsad.server.cli` over `db` (write token from the environment as in production),
    yield its base URL once /health answers, stop it when the generator is closed."""
    port = free_port()
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
        proc = subprocess.Popen([*cmd, *extra], env=env, stdout=out, stderr=subprocess.STDOUT)
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
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
