"""The webhook posts each new alert once, remembers it in the state file, and never raises on a failure."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from marsad.trends import Alert, NotifierStateError, post_new_alerts


def alert(level: str = "high", admin1: str = "IQ-KI") -> Alert:
    return Alert(
        country="IQ", admin1=admin1, week_start=date(2020, 12, 28), iso_week="2020-W53", level=level,
        events=9, fatalities=3, baseline_rate=1.0, p_value=1e-5, fatality_baseline_rate=0.5,
        fatality_p_value=0.2, recent_rate=3.0, previous_rate=1.0, trend_p_value=0.01,
        security_declining=True, reasons=("events", "trend"),
    )  # fmt: skip


class Hook:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200


@pytest.fixture
def hook() -> Iterator[tuple[Hook, str]]:
    state = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state.status == 200:
                state.received.append(json.loads(body))
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_posts_each_alert_once(hook: tuple[Hook, str], tmp_path: Path) -> None:
    state, url = hook
    path = tmp_path / "posted.json"
    alerts = [alert(), alert("normal", "IQ-BG"), alert("elevated", "IQ-NI")]
    assert post_new_alerts(alerts, url, path) == []
    assert [a["admin1"] for a in state.received] == ["IQ-KI", "IQ-NI"]  # normal is not posted
    assert state.received[0]["key"] == "IQ/IQ-KI/2020-W53/high"
    assert post_new_alerts(alerts, url, path) == []
    assert len(state.received) == 2
    expected = {"posted": ["IQ/IQ-KI/2020-W53/high", "IQ/IQ-NI/2020-W53/elevated"]}
    assert json.loads(path.read_text()) == expected
    # the same area escalating in the same week is news
    assert post_new_alerts([alert("high", "IQ-NI")], url, path) == []
    assert len(state.received) == 3


def test_http_errors_are_returned_and_retried_later(hook: tuple[Hook, str], tmp_path: Path) -> None:
    state, url = hook
    path = tmp_path / "posted.json"
    state.status = 500
    failed = post_new_alerts([alert()], url, path)
    assert [a.key for a in failed] == ["IQ/IQ-KI/2020-W53/high"] and not path.exists()
    state.status = 200
    assert post_new_alerts([alert()], url, path) == []
    assert len(state.received) == 1


def test_an_unreachable_hook_does_not_raise(tmp_path: Path) -> None:
    with httpx.Client(timeout=httpx.Timeout(1.0)) as client:
        failed = post_new_alerts([alert()], "http://127.0.0.1:9/hook", tmp_path / "s.json", client)
    assert len(failed) == 1


def test_a_corrupt_state_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "posted.json"
    path.write_text("not json")
    with pytest.raises(NotifierStateError, match=r"posted\.json"):
        post_new_alerts([alert()], "http://127.0.0.1:9/hook", path)
