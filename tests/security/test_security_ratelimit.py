"""The per-address token bucket (`marsad.server.ratelimit`): its arithmetic on a fake clock, 429 with
`Retry-After` once a burst is spent (in-process and through a real `marsad serve --rate-limit`), other
addresses unaffected, the limit off with 0, and the default high enough for the 200 requests/s load target."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from security_data import serve

from marsad.server.app import create_app
from marsad.server.cli import add_serve_parser
from marsad.server.ratelimit import DEFAULT_RATE, FORGET_AFTER, TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_gives_its_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate=10, burst=20, clock=clock)
    assert [buckets.take("a") for _ in range(20)] == [0.0] * 20
    wait = buckets.take("a")
    assert wait == pytest.approx(0.1)  # one token comes back every 1/10 s
    assert buckets.take("b") == 0.0  # another address has its own bucket
    clock.now += 0.5
    assert [buckets.take("a") for _ in range(5)] == [0.0] * 5
    assert buckets.take("a") > 0
    clock.now += 100  # never more than the burst, however long the pause
    assert sum(buckets.take("a") == 0.0 for _ in range(30)) == 20


def test_idle_addresses_are_forgotten() -> None:
    clock = Clock()
    buckets = TokenBuckets(rate=1, burst=2, clock=clock)
    for i in range(1000):
        buckets.take(f"10.0.{i // 256}.{i % 256}")
    assert len(buckets) == 1000
    clock.now += FORGET_AFTER + 1
    buckets.take("10.9.9.9")
    assert len(buckets) == 1


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-1, 1), (1, 0.5)])
def test_a_limit_needs_a_positive_rate_and_burst(rate: float, burst: float) -> None:
    with pytest.raises(ValueError):
        TokenBuckets(rate, burst)


def test_over_the_burst_is_429_with_retry_after(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "r.db"), rate_limit=5)  # bursts of 10
    with TestClient(app) as tc:
        codes = [tc.get("/health").status_code for _ in range(10)]
        refused = tc.get("/events")
    assert codes == [200] * 10
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"] == "too_many_requests"
    assert refused.headers["x-content-type-options"] == "nosniff"


def test_no_limit_with_none(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "r.db"), rate_limit=None)
    with TestClient(app) as tc:
        assert {tc.get("/health").status_code for _ in range(300)} == {200}


def test_a_real_server_limits_with_rate_limit(empty_db: str, tmp_path: Path) -> None:
    for server in serve(empty_db, None, tmp_path / "limited.log", "--rate-limit", "2"):
        time.sleep(2.5)  # the start-up's /health polls spent tokens: let the bucket fill up again
        with httpx.Client(base_url=server.url) as c:
            codes = [c.get("/events").status_code for _ in range(12)]
            assert codes[:4] == [200] * 4  # the burst: 2 × 2
            assert 429 in codes
            last = c.get("/health")
        assert last.status_code == 429 and last.headers["retry-after"] == "1"


def test_the_default_allows_the_load_target() -> None:
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers())
    args = parser.parse_args(["serve"])
    assert args.rate_limit == DEFAULT_RATE >= 400  # 200 requests/s from one address, with headroom
    assert parser.parse_args(["serve", "--rate-limit", "0"]).rate_limit == 0
    for bad in ("-1", "many", "inf", "nan"):
        with pytest.raises(SystemExit):
            parser.parse_args(["serve", "--rate-limit", bad])


@pytest.fixture
def empty_db(tmp_path: Path) -> str:
    from marsad.store import open_store

    db = str(tmp_path / "empty.db")
    with open_store(db):
        pass
    return db
