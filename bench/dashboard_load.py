"""Dashboard first load: navigation start to the event table rendered, in headless Chromium.

Usage: python bench/dashboard_load.py [--url http://127.0.0.1:8000/] [--runs 5] [--articles FILE]

Without --url it builds a store from the demo articles (`marsad ingest`, one worker) in a temporary folder
and starts the real server on a free port. Each run opens the page in a fresh browser context (empty cache)
and reads the `marsad:table-rendered` performance mark the page sets once the table shows the events, with
DOMContentLoaded and the load event for comparison. Prints one JSON line and a summary; the target is a
median under 2000 ms. Needs Playwright for Python and Debian's Chromium (.ci/chromium.sh); run by hand.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--no-first-run", "--disable-sync"]
TARGET_MS = 2000
TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return {table_rendered: performance.getEntriesByName("marsad:table-rendered")[0].startTime,
          dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
          rows: document.querySelectorAll("#events-table tbody tr[data-event-id]").length};
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server(articles: Path) -> Iterator[str]:
    """The real server over a fresh store of `articles`; yields its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(articles), "--db", db, "--workers", "1"]
        subprocess.run(cmd, check=True, capture_output=True)
        port = _free_port()
        serve = [sys.executable, "-m", "marsad.server.cli", "--db", db, "--port", str(port)]
        proc = subprocess.Popen([*serve, "--log-level", "warning"])
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "health", timeout=2):
                        break
                except (urllib.error.URLError, ConnectionError):
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def measure(url: str, runs: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector("body[data-state=ready]", timeout=30_000)
            results.append(page.evaluate(TIMING))
            context.close()
        browser.close()
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running dashboard (default: start one over the demo articles)")
    ap.add_argument("--runs", type=int, default=5)
    demo = REPO / "src" / "marsad" / "data" / "demo" / "articles.jsonl"
    ap.add_argument("--articles", type=Path, default=demo)
    args = ap.parse_args()
    if not Path(CHROMIUM).is_file():
        print(f"no Chromium at {CHROMIUM}: run `bash .ci/chromium.sh`")
        return 0
    if args.url:
        results = measure(args.url, args.runs)
    else:
        with demo_server(args.articles) as url:
            results = measure(url, args.runs)
    table = [r["table_rendered"] for r in results]
    summary = {
        "runs": len(results),
        "rows": results[0]["rows"],
        "table_rendered_ms": {"median": round(statistics.median(table)), "max": round(max(table))},
        "dom_content_loaded_ms": round(statistics.median(r["dom_content_loaded"] for r in results)),
        "load_ms": round(statistics.median(r["load"] for r in results)),
        "target_ms": TARGET_MS,
    }
    print(json.dumps(summary))
    median, worst = summary["table_rendered_ms"]["median"], summary["table_rendered_ms"]["max"]
    verdict = "under" if median < TARGET_MS else "OVER"
    print(
        f"first load: table rendered after {median} ms (median of {len(results)}, max {worst}),"
        f" {verdict} the {TARGET_MS} ms target; {summary['rows']} rows"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
