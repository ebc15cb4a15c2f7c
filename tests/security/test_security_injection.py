"""Every query parameter of `/events`, `/stats`, `/export`, `/trends`, `/alerts` and `/places` against SQL
metacharacters, unicode (bidi overrides, astral characters), NUL bytes and huge values, through a real
read-only server: each answer is 200 with nothing found or 422 (a value of the wrong shape), never 500; and
the store still holds every row afterwards."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from security_data import Server

HOSTILE_VALUES = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "') OR ('1'='1",
    "1; DELETE FROM events",
    "1 UNION SELECT name FROM sqlite_master --",
    "%",
    "_",
    "\\",
    "%' --",
    "\x00",
    "IQ\x00' OR 1=1 --",
    "\u202eQI",
    "\U0001d54f\U0001f4a5",
    "<script>window.__xss=1</script>",
    "-1",
    "9" * 400,
    "1e309",
    "NaN;--",
    "x" * 10_000,
    "ب" * 1_200,  # 7 KB percent-encoded (longer request lines: test_a_huge_request_line_is_refused)
]

FILTERS = [
    "date_from", "date_to", "country", "admin1", "event_type", "sub_event_type", "actor", "min_fatalities",
    "q", "bbox",
]  # fmt: skip


def _events(body: bytes, data: Any) -> int:
    return len(data["events"])


def _stats(body: bytes, data: Any) -> int:
    return int(data["totals"]["events"])


def _export(body: bytes, data: Any) -> int:
    lines = [line for line in body.decode("utf-8").splitlines() if line.strip()]
    return max(0, len(lines) - 1)  # CSV: the header line only


def _trends(body: bytes, data: Any) -> int:
    return len(data["series"])


def _alerts(body: bytes, data: Any) -> int:
    return len(data["alerts"])


def _places(body: bytes, data: Any) -> int:
    return len(data)


Rows = Callable[[bytes, Any], int]
#: (path, fixed params, parameter names, how many rows an answer holds)
CASES: list[tuple[str, dict[str, str], list[str], Rows]] = [
    ("/events", {}, [*FILTERS, "limit", "cursor", "sort"], _events),
    ("/stats", {}, [*FILTERS, "top"], _stats),
    ("/export", {"format": "csv"}, FILTERS, _export),
    ("/export", {}, ["format"], _export),
    ("/trends", {}, ["weeks", "until", "country"], _trends),
    ("/alerts", {}, ["until", "country", "min_level"], _alerts),
    ("/places", {"q": "بغداد"}, ["country", "limit"], _places),
    ("/places", {}, ["q"], _places),
]
PARAMS = [(path, fixed, name, rows) for path, fixed, names, rows in CASES for name in names]


@pytest.fixture(scope="module")
def client(readonly: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=readonly.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def baseline(client: httpx.Client) -> dict[str, Any]:
    """What the store holds before the hostile requests."""
    return _snapshot(client)


def _snapshot(client: httpx.Client) -> dict[str, Any]:
    events = client.get("/events", params={"limit": 1000}).json()["events"]
    return {
        "health": client.get("/health").json()["events"],
        "ids": sorted(e["id"] for e in events),
        "stats": client.get("/stats").json(),
        "article": client.get("/articles/xss-1").status_code,
        "places": len(client.get("/places", params={"q": "بغداد"}).json()),
    }


@pytest.mark.parametrize(("path", "fixed", "name", "rows"), PARAMS, ids=[f"{p}?{n}" for p, f, n, _ in PARAMS])
def test_hostile_values_find_nothing_or_are_refused(
    client: httpx.Client, baseline: dict[str, Any], path: str, fixed: dict[str, str], name: str, rows: Rows
) -> None:
    assert baseline["health"] > 0 and baseline["places"] > 0
    found = []
    for value in HOSTILE_VALUES:
        response = client.get(path, params={**fixed, name: value})
        assert response.status_code in (200, 422), (
            name,
            value[:40],
            response.status_code,
            response.text[:300],
        )
        if response.status_code == 422:
            assert response.json()["error"] == "invalid_request"
            continue
        data = response.json() if response.headers["content-type"].startswith("application/json") else None
        n = rows(response.content, data)
        if n:
            found.append((value[:40], n))
    assert not found, f"{path}?{name}= hostile values matched rows: {found}"


@pytest.mark.parametrize("path", ["/events", "/stats", "/export", "/trends", "/alerts", "/places"])
def test_a_huge_request_line_is_refused_without_a_500(readonly: Server, path: str) -> None:
    # httpx will not even build such a URL: a raw request, 1 MB of query string.
    host, port = readonly.url.removeprefix("http://").split(":")
    request = (
        f"GET {path}?q={'x' * 1_000_000}&country=IQ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as s:
        try:
            s.sendall(request.encode("ascii"))
            answer = s.recv(200)
        except (BrokenPipeError, ConnectionResetError):
            answer = b""  # closed before reading it all: refused
    assert not answer.startswith(b"HTTP/1.1 5"), answer
    assert not answer.startswith(b"HTTP/1.1 200"), answer
    with httpx.Client(base_url=readonly.url) as c:  # and the server is still there
        assert c.get("/health").status_code == 200


def test_repeated_parameters_and_unknown_ones_are_harmless(client: httpx.Client) -> None:
    response = client.get(
        "/events",
        params=[("country", "IQ"), ("country", "' OR 1=1 --"), ("id", "1 OR 1=1"), ("__proto__", "x")],
    )
    assert response.status_code in (200, 422)


def test_the_store_still_holds_every_row(client: httpx.Client, baseline: dict[str, Any]) -> None:
    # Runs after the parametrized tests of this module (pytest keeps the file's order).
    assert _snapshot(client) == baseline
