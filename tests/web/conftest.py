"""Browser fixtures for the dashboard tests: a store built from the demo articles by the real
`ingest` command, the real server over it, and Debian's Chromium driven by Playwright for Python through
`executable_path` (Playwright's own browser download is never used; .ci/chromium.sh installs Chromium).

Skips, with the reason, when Playwright, Chromium or the built dashboard (web/build.sh) is missing.
MARSAD_WEB_TEST_URL=http://host:port/ runs the tests against a server that is already running instead.
Screenshots go to tests/web/artifacts/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_pages import Dashboard

from marsad.web import CONTENT_SECURITY_POLICY, INDEX_HTML

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src" / "marsad" / "data" / "demo" / "articles.jsonl"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
STARTUP_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_command() -> list[str]:
    """`marsad serve` when the CLI has it, else the server's own entry point (the same command)."""
    from marsad.cli import build_parser

    subs = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    if any("serve" in a.choices for a in subs):
        return [sys.executable, "-m", "marsad.cli", "serve"]
    return [sys.executable, "-m", "marsad.server.cli"]


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}health", timeout=2) as res:
                if res.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                f"the server did not answer /health in {STARTUP_S} s:\n{log.read_text(errors='replace')}"
            )
        time.sleep(0.1)


@pytest.fixture(scope="session")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard's URL (ends with /): the real server over a store ingested from the demo articles."""
    given = os.environ.get("MARSAD_WEB_TEST_URL")
    if given:
        yield given.rstrip("/") + "/"
        return
    if not INDEX_HTML.is_file():
        pytest.skip("the dashboard is not built: run `bash web/build.sh` (needs Node.js and npm)")
    tmp = tmp_path_factory.mktemp("web")
    db = str(tmp / "demo.db")
    ingest = subprocess.run(
        [sys.executable, "-m", "marsad.cli", "ingest", str(DEMO), "--db", db, "--workers", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    if ingest.returncode != 0:
        pytest.fail(f"ingesting the demo articles failed ({ingest.returncode}):\n{ingest.stderr}")
    port = _free_port()
    log = tmp / "server.log"
    with log.open("wb") as out:
        cmd = [*_serve_command(), "--db", db, "--port", str(port), "--log-level", "warning"]
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def api(dashboard_url: str) -> Any:
    """GET a JSON path of the API under test: api("/events", limit=1000)."""

    def get(path: str, **params: Any) -> Any:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        with urllib.request.urlopen(f"{dashboard_url}{path.lstrip('/')}?{query}", timeout=30) as res:
            return json.load(res)

    return get


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: run `bash .ci/chromium.sh`")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def dash(browser: Any, dashboard_url: str) -> Iterator[Dashboard]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    page = context.new_page()
    board = Dashboard(page, dashboard_url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            board.problems.append(f"console error: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda e: board.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: board.problems.append(f"request failed: {r.url} {r.failure}"))

    # The page is written for a strict CSP: serve the document with it, so any inline script or style, eval
    # or off-site request shows up as a violation (a console error) whatever headers the server sends.
    def with_csp(route: Any) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CONTENT_SECURITY_POLICY}
        route.fulfill(response=response, headers=headers)

    page.route(lambda url: url.split("?")[0] == dashboard_url, with_csp)
    yield board
    context.close()
    assert not board.problems, "\n".join(board.problems)
