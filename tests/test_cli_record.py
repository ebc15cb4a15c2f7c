"""Reading the record from the command line: the demo store, alerts on it, and every export format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.cli_record import demo_articles


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["-q", "demo", "--no-serve", "--db", str(db), "--workers", "1"]) == 0
    return db


def test_the_demo_articles_ship_with_the_package() -> None:
    lines = demo_articles().read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 30
    assert all(json.loads(line)["text"] for line in lines)


def test_demo_builds_a_store_with_merged_events(demo_db: Path) -> None:
    from marsad.store import open_store

    with open_store(str(demo_db)) as store:
        counts = store.counts()
    assert counts["articles"] >= 30
    assert 0 < counts["events"] < counts["reports"]  # several outlets' reports merged into one event


def test_alerts_flag_the_demo_spike(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "alerts", "--db", str(demo_db), "--json", "--min-level", "normal"]) == 0
    alerts = json.loads(capsys.readouterr().out)
    assert alerts, "every governorate with events gets a level"
    levels = {a["admin1"]: a["level"] for a in alerts}
    assert levels.get("IQ-DI") in ("elevated", "high")  # the demo's Diyala spike in its last two weeks


@pytest.mark.parametrize("fmt", ["csv", "geojson", "jsonl", "parquet"])
def test_export_every_format(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    assert main(["-q", "export", "--format", fmt, "--db", str(demo_db), "-o", str(out)]) == 0
    if fmt == "csv":
        with open(out, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows and list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    elif fmt == "geojson":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["type"] == "FeatureCollection" and doc["features"]
    elif fmt == "jsonl":
        assert all(json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines())
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out).num_rows > 0


def test_export_filters_and_usage_errors(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "iq.jsonl"
    assert (
        main(["-q", "export", "--format", "jsonl", "--db", str(demo_db), "-o", str(out), "--country", "iq"])
        == 0
    )
    countries = {json.loads(line)["country"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert countries == {"IQ"}
    assert main(["-q", "export", "--format", "parquet", "--db", str(demo_db)]) == 2  # binary to stdout
    assert main(["-q", "export", "--format", "csv", "--db", str(tmp_path / "none.db")]) == 2
    assert main(["-q", "export", "--format", "csv", "--db", str(demo_db), "--bbox", "1,2,3"]) == 2


def test_demo_serves_the_dashboard_and_the_api(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from marsad.web import INDEX_HTML

    if not INDEX_HTML.is_file():
        pytest.skip("the dashboard is not built (bash web/build.sh)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        sys.executable,
        "-m",
        "marsad.cli",
        "-q",
        "demo",
        "--db",
        str(tmp_path / "d.db"),
        "--port",
        str(port),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "demo exited"
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the demo server did not come up"
                time.sleep(0.5)
        assert health["events"] > 30
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
