"""The answer cache (`marsad.server.cache`): bounded, and never serving an answer after the events changed,
whichever process changed them; `--workers N` serves from N processes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_data import synthetic
from server_process import run_server

from marsad.server.cache import AnswerCache
from marsad.store import open_store


def test_the_cache_is_bounded_by_bytes_and_evicts_the_least_recently_used() -> None:
    cache = AnswerCache(max_bytes=10)
    computed: list[str] = []

    def body(key: str, size: int) -> bytes:
        body, _ = cache.get_or_compute(key, lambda: computed.append(key) or key.encode() * size)
        return body

    assert body("a", 4) == b"aaaa"
    assert body("b", 4) == b"bbbb"
    assert cache.get_or_compute("a", lambda: b"never")[1] is True  # a is now the most recently used
    body("c", 4)  # 12 bytes > 10: b, the least recently used, goes
    assert cache.size == 8 and len(cache) == 2
    assert cache.get_or_compute("b", lambda: b"again")[0] == b"again"  # recomputed
    assert computed == ["a", "b", "c"]
    assert cache.hits == 1 and cache.misses == 4


def test_an_answer_larger_than_the_cache_or_a_cache_of_zero_keeps_nothing() -> None:
    cache = AnswerCache(max_bytes=3)
    assert cache.get_or_compute("k", lambda: b"four") == (b"four", False)
    assert len(cache) == 0 and cache.size == 0
    off = AnswerCache(max_bytes=0)
    off.put("k", b"")
    assert len(off) == 0
    assert off.get_or_compute("k", lambda: b"x") == (b"x", False)
    assert len(off) == 0
    with pytest.raises(ValueError, match="max_bytes"):
        AnswerCache(max_bytes=-1)


@pytest.fixture
def own_store(built_store: tuple[str, dict[str, Any]], tmp_path: Path) -> str:
    db = str(tmp_path / "marsad.db")
    shutil.copy(built_store[0], db)
    return db


@pytest.fixture
def served(own_store: str, tmp_path: Path) -> Iterator[str]:
    yield from run_server(own_store, None, tmp_path / "server.log")


def test_a_repeated_query_is_a_hit_with_the_same_body(served: str) -> None:
    with httpx.Client(base_url=served) as client:
        first = client.get("/events", params={"country": "IQ", "limit": 5})
        again = client.get("/events", params={"country": "IQ", "limit": 5})
        other = client.get("/events", params={"country": "IQ", "limit": 6})
        stats = [client.get("/stats", params={"country": "SY"}) for _ in range(2)]
    assert first.status_code == again.status_code == other.status_code == 200
    assert (first.headers["x-cache"], again.headers["x-cache"], other.headers["x-cache"]) == (
        "miss",
        "hit",
        "miss",
    )
    assert again.content == first.content
    assert [s.headers["x-cache"] for s in stats] == ["miss", "hit"]
    assert stats[0].json() == stats[1].json()


def test_a_write_by_another_process_is_seen_at_once(served: str, own_store: str) -> None:
    params = {"admin1": "IQ-NI", "limit": 1000}
    with httpx.Client(base_url=served) as client:
        before = client.get("/events", params=params)
        assert client.get("/events", params=params).headers["x-cache"] == "hit"
        stats_before = client.get("/stats").json()["totals"]["events"]
        client.get("/stats")
        ids = [e["id"] for e in before.json()["events"]]
        new = synthetic(10_000)
        new = replace(new, fields={**new.fields, "admin1": "IQ-NI", "country": "IQ", "date": "2023-07-01"})
        with open_store(own_store) as writer:  # another process's write, as an ingest's would be
            writer.save_events([new], removed=[ids[-1]])
        after = client.get("/events", params=params)
        stats_after = client.get("/stats")
    assert after.headers["x-cache"] == "miss"
    listed = [e["id"] for e in after.json()["events"]]
    assert listed[0] == new.id and ids[-1] not in listed and len(listed) == len(ids)
    assert stats_after.headers["x-cache"] == "miss"
    assert stats_after.json()["totals"]["events"] == stats_before


def test_the_cache_can_be_turned_off(own_store: str, tmp_path: Path) -> None:
    for url in run_server(own_store, None, tmp_path / "server.log", "--cache-mb", "0"):
        with httpx.Client(base_url=url) as client:
            answers = [client.get("/events", params={"limit": 3}) for _ in range(3)]
        assert [a.headers["x-cache"] for a in answers] == ["miss"] * 3
        assert answers[0].content == answers[2].content


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


def test_workers_serve_from_several_processes(own_store: str, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    for url in run_server(own_store, None, log, "--workers", "2"):
        port = int(url.rsplit(":", 1)[1])
        pids = {int(p.parent.name) for p in Path("/proc").glob("[0-9]*/cmdline") if _serves(p, port)}
        assert len(pids) == 1, "one supervisor process has the port on its command line"
        (supervisor,) = pids
        workers = [c for c in _children(supervisor) if b"spawn_main" in _cmdline(c)]
        assert len(workers) == 2
        answers = []
        for _ in range(20):  # a new connection each time: the kernel hands them to either worker
            answers.append(httpx.get(f"{url}/events", params={"country": "SY", "limit": 4}))
        assert {a.status_code for a in answers} == {200}
        assert len({a.content for a in answers}) == 1


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _serves(cmdline: Path, port: int) -> bool:
    try:
        parts = cmdline.read_bytes().split(b"\0")
    except OSError:
        return False
    return b"marsad.server.cli" in parts and str(port).encode() in parts


def test_bad_workers_and_cache_values_are_refused(own_store: str) -> None:
    import subprocess
    import sys

    for args in (["--workers", "0"], ["--workers", "x"], ["--cache-mb", "-1"]):
        proc = subprocess.run(
            [sys.executable, "-m", "marsad.server.cli", "--db", own_store, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, args
        assert args[0] in proc.stderr
