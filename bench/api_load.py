"""REST API under load: a fixed arrival rate of `/events` filter queries against a real server process.

Usage: python bench/api_load.py [--db /tmp/marsad-load.db] [--rate 200] [--duration 60] [--connections 64]
                                [--rate-limit N] [--workers N] [--cache-mb N] [--warm-s 20] [--json PATH]

Uses the store at --db (built with bench/api_latency.py's 100k synthetic events when the file does not
exist: `python bench/api_latency.py --db /tmp/marsad-load.db --keep -n 100000`), starts
`python -m marsad.server.cli` on a free port with its default settings (the default per-address rate limit
included, unless --rate-limit is given), and warms it up with every distinct query of the mix once (which
also collects each query's second-page cursor).

Then an open-loop generator (one asyncio process, --connections keep-alive HTTP/1.1 connections on bare
sockets)
starts request i at t0 + i/rate whatever happened to the earlier ones, and measures each latency from that
scheduled start, not from when a connection became free: a stalled server shows up in the percentiles
instead of silently lowering the rate (no coordinated omission). The mix is api_latency.py's (first page,
date range, country+admin1, event type, sub-event type + country, actor, minimum fatalities, text query,
bounding box) plus the cursor pages of those, drawn at random from 400 distinct queries.

Every 5 s it samples the server's RSS (/proc/PID/status, summed over its worker processes with
--workers) and the machine's load average. Prints one JSON line and a table: achieved rate, p50/p95/p99/max
latency (overall and by kind), errors by status, the RSS samples and their drift. The target: 200
requests/s, p99 < 100 ms, no errors, RSS flat. `--duration 600` is the 10-minute soak.

The server caches answers (`marsad.server.cache`): after the warm-up most of the mix is answered from the
cache. `--cache-mb 0` measures every request computed. Before the measured run, `--warm-s` seconds of the
same traffic at half the rate stand for a server that has been serving (its figures are printed apart, under
"warm"; `--warm-s 0` measures a server that has just started).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_latency import build, pct, requests_mix

DEFAULT_DB = "/tmp/marsad-load.db"
DISTINCT = 400  # distinct filter queries in the mix (each also as its second page when it has one)
SAMPLE_S = 5.0
TIMEOUT_S = 10.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def tree_rss_kib(pid: int) -> int | None:
    """RSS of `pid` and every descendant (`--workers N`: the supervisor and its N worker processes)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo, seen = 0, [pid], False
    while todo:
        current = todo.pop()
        rss = rss_kib(current)
        if rss is not None:
            total, seen = total + rss, True
        todo.extend(children.get(current, []))
    return total if seen else None


def start_server(
    db: str, rate_limit: float | None, workers: int = 1, cache_mb: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    cmd = [sys.executable, "-m", "marsad.server.cli", "--db", db, "--port", str(port)]
    cmd += ["--log-level", "warning", "--workers", str(workers)]
    if cache_mb is not None:
        cmd += ["--cache-mb", str(cache_mb)]
    if rate_limit is not None:
        cmd += ["--rate-limit", f"{rate_limit:g}"]
    server = subprocess.Popen(cmd, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            raise SystemExit("the server did not start")
        time.sleep(0.1)


def warm_up(url: str) -> list[tuple[str, dict[str, Any]]]:
    """Every distinct query once (sequentially), and the mix: those queries and their second pages."""
    mix: list[tuple[str, dict[str, Any]]] = []
    slow: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for kind, params in requests_mix(random.Random(3), DISTINCT):
            started = time.perf_counter()
            response = client.get("/events", params=params)
            slow.setdefault(kind, []).append(time.perf_counter() - started)
            response.raise_for_status()
            mix.append((kind, params))
            cursor = response.json()["next_cursor"]
            if cursor:
                mix.append(("next page", {**params, "cursor": cursor}))
    warm = ", ".join(f"{k} {pct(v, 50):.0f}/{pct(v, 100):.0f}" for k, v in sorted(slow.items()))
    print(f"warm-up (one at a time, p50/max ms): {warm}", file=sys.stderr)
    return mix


class Connection:
    """One keep-alive HTTP/1.1 connection, one request at a time (GET, Content-Length answers).

    The load generator does not use httpx here: httpcore's pool costs time per queued request, so at a
    few hundred requests/s the client, not the server, stalls. This needs a bare socket."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        try:
            self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("ascii"))
            head = await self.reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            pairs = (line.partition(":") for line in lines[1:] if line)
            headers = {k.lower(): v.strip() for k, _, v in pairs}
            await self.reader.readexactly(int(headers.get("content-length", "0")))
            if headers.get("connection", "").lower() == "close":
                self.close()
            return status
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def drive(
    url: str, mix: list[tuple[str, dict[str, Any]]], rate: float, duration: float, connections: int, pid: int
) -> dict[str, Any]:
    rng = random.Random(17)
    total = int(rate * duration)
    latencies: dict[str, list[float]] = {}
    errors: Counter[str] = Counter()
    samples: list[dict[str, Any]] = []
    done = ok = 0
    host, port = url.removeprefix("http://").split(":")
    targets = [(kind, "/events?" + urlencode(params)) for kind, params in mix]
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, str, float] | None] = asyncio.Queue()
    t0 = loop.time() + 0.1

    async def worker() -> None:
        nonlocal done, ok
        conn = Connection(host, int(port))
        while (item := await queue.get()) is not None:
            kind, target, scheduled = item
            try:
                status = await asyncio.wait_for(conn.get(target), TIMEOUT_S)
                if status == 200:
                    ok += 1
                else:
                    errors[str(status)] += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
                errors[type(err).__name__] += 1
            latencies.setdefault(kind, []).append(loop.time() - scheduled)  # from the scheduled start
            done += 1
        conn.close()

    def sample_now() -> dict[str, Any]:
        return {
            "t_s": round(loop.time() - t0, 1),
            "rss_mib": round((tree_rss_kib(pid) or 0) / 1024, 1),
            "load1": round(os.getloadavg()[0], 2),
            "done": done,
        }

    async def sample() -> None:
        while True:
            samples.append(sample_now())
            last = samples[-1]
            print(
                f"  {last['t_s']:6.1f} s: {last['done']} done, RSS {last['rss_mib']} MiB, "
                f"load {last['load1']}, errors {dict(errors) or 0}",
                file=sys.stderr,
            )
            await asyncio.sleep(SAMPLE_S)

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    sampler = asyncio.create_task(sample())
    behind = 0.0
    for i in range(total):
        scheduled = t0 + i / rate
        delay = scheduled - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            behind = max(behind, -delay)
        kind, target = targets[rng.randrange(len(targets))]
        queue.put_nowait((kind, target, scheduled))  # open loop: queued whatever the earlier ones did
    for _ in workers:
        queue.put_nowait(None)
    # What an overloaded server still owes gets a grace period, then counts as unfinished.
    _, late = await asyncio.wait(workers, timeout=TIMEOUT_S + 2)
    for task in late:
        task.cancel()
    unfinished = total - done
    if unfinished:
        errors["unfinished"] += unfinished
    elapsed = loop.time() - t0
    sampler.cancel()
    samples.append(sample_now())
    return {
        "latencies": latencies,
        "errors": dict(errors),
        "samples": samples,
        "elapsed": elapsed,
        "ok": ok,
        "scheduler_behind_ms": behind * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default=DEFAULT_DB, help=f"store (default {DEFAULT_DB}; built if missing)")
    parser.add_argument("-n", type=int, default=100_000, help="events when building the store")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="keep-alive connections (default 64)")
    parser.add_argument("--rate-limit", type=float, help="the server's --rate-limit (default: its default)")
    parser.add_argument("--workers", type=int, default=1, help="the server's --workers (default 1)")
    parser.add_argument("--cache-mb", type=int, help="the server's --cache-mb (default: its default; 0: off)")
    parser.add_argument(
        "--warm-s", type=float, default=20.0, help="seconds at half the rate first, not counted (20)"
    )
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    if not Path(args.db).exists():
        seconds = build(args.db, args.n, True)
        print(f"built {args.n} events in {seconds:.1f} s: {args.db}", file=sys.stderr)
    server, url = start_server(args.db, args.rate_limit, args.workers, args.cache_mb)
    try:
        events = httpx.get(f"{url}/health").json()["events"]
        print(f"server pid {server.pid} at {url} over {events} events; warming up", file=sys.stderr)
        mix = warm_up(url)
        warm: dict[str, Any] = {}
        if args.warm_s > 0:
            # A server that has been serving: the same open loop at half the rate, over every connection (so
            # each worker process sees the mix), its figures reported apart and not counted below.
            print(f"warming: {args.rate / 2:g}/s for {args.warm_s:g} s", file=sys.stderr)
            pre = asyncio.run(drive(url, mix, args.rate / 2, args.warm_s, args.connections, server.pid))
            pre_all = [t for ts in pre["latencies"].values() for t in ts]
            warm = {
                "seconds": args.warm_s,
                "rate": args.rate / 2,
                "p50_ms": round(pct(pre_all, 50), 1),
                "p99_ms": round(pct(pre_all, 99), 1),
                "errors": pre["errors"],
            }
        print(f"{len(mix)} queries in the mix; {args.rate:g}/s for {args.duration:g} s", file=sys.stderr)
        load_before = os.getloadavg()
        run = asyncio.run(drive(url, mix, args.rate, args.duration, args.connections, server.pid))
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=10)
    every = [t for ts in run["latencies"].values() for t in ts]
    rss = [s["rss_mib"] for s in run["samples"]]
    half = len(rss) // 2
    result = {
        "events": events,
        "target_rate": args.rate,
        "workers": args.workers,
        "cache_mb": args.cache_mb,
        "duration_s": args.duration,
        "warm": warm,
        "requests": len(every),
        "achieved_rate": round(run["ok"] / run["elapsed"], 1),  # answered 200, per second
        "errors": run["errors"],
        "p50_ms": round(pct(every, 50), 1),
        "p95_ms": round(pct(every, 95), 1),
        "p99_ms": round(pct(every, 99), 1),
        "max_ms": round(max(every) * 1000, 1),
        "scheduler_behind_ms": round(run["scheduler_behind_ms"], 1),
        "rss_mib_first_half_max": max(rss[: max(1, half)]),
        "rss_mib_second_half_max": max(rss[half:]),
        "rss_mib_samples": rss,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in load_after],
        "by_kind": {
            k: {"n": len(v), "p50_ms": round(pct(v, 50), 1), "p99_ms": round(pct(v, 99), 1)}
            for k, v in sorted(run["latencies"].items())
        },
        "samples": run["samples"],
    }
    line = json.dumps(result, ensure_ascii=False)
    print(line)
    if args.json:
        args.json.write_text(line + "\n", encoding="utf-8")
    print(f"{'kind':16} {'n':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, row in result["by_kind"].items():
        print(f"{kind:16} {row['n']:6d} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f}")
    print(
        f"all {result['requests']} requests at {result['achieved_rate']}/s (target {args.rate:g}): "
        f"p50 {result['p50_ms']} p95 {result['p95_ms']} p99 {result['p99_ms']} max {result['max_ms']} ms; "
        f"errors {result['errors'] or 'none'}"
    )
    if warm:
        print(f"before it, warming at {warm['rate']:g}/s for {warm['seconds']:g} s: p50 {warm['p50_ms']} "
              f"p99 {warm['p99_ms']} ms; errors {warm['errors'] or 'none'}")  # fmt: skip
    print(f"server RSS MiB every {SAMPLE_S:g} s: {rss}")
    print(f"load average before {result['load_avg_before']} after {result['load_avg_after']}")
    ok = not result["errors"] and result["p99_ms"] < 100 and result["achieved_rate"] >= 0.98 * args.rate
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
