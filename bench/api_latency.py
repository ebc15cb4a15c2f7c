"""REST API latency: p50/p95/p99 of `/events` under a mix of filters, against a real server process.

Usage: python bench/api_latency.py [--db PATH] [-n 100000] [--requests 500] [--keep]

Without --db, builds a fresh SQLite store of N synthetic canonical events (3 years, 10 countries, 80
provinces, realistic types, actors, counts and Arabic evidence sentences; one or two source links and an
audit line each) through `Store.save_events`; with --db, uses that store as it is (built if the file does
not exist). Then starts `python -m marsad.server.cli` on a free port, warms it up, and sends the requests
one at a time over one keep-alive connection, cycling through: the first page, a date range, country +
admin1, event type, sub-event type, actor, minimum fatalities, a text query, a bounding box, and the second
page (cursor) of each of those. Prints one JSON line and a table; the target is p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from marsad.records import CanonicalEvent, SourceLink
from marsad.store import open_store

COUNTRIES = {  # ISO2 → (centre lat, centre lon, Arabic name of the capital area)
    "IQ": (33.3, 44.4), "SY": (35.0, 38.5), "YE": (15.5, 47.5), "LY": (27.0, 17.0), "LB": (33.9, 35.8),
    "EG": (26.8, 30.8), "SD": (15.6, 30.2), "SO": (5.2, 46.2), "PS": (31.9, 35.2), "JO": (31.2, 36.5),
}  # fmt: skip
PLACE_WORDS = ["المدينة", "القرية", "السوق", "الحي", "البلدة", "الناحية", "القضاء", "المخيم"]
TOWNS = [
    "الرمادي",
    "حلب",
    "تعز",
    "سرت",
    "صيدا",
    "العريش",
    "الفاشر",
    "بيدوا",
    "جنين",
    "معان",
    "الموصل",
    "درعا",
]
TYPES = [
    ("battles", "armed_clash", 0.25),
    ("explosions_remote_violence", "air_drone_strike", 0.15),
    ("explosions_remote_violence", "shelling_artillery_missile_attack", 0.12),
    ("explosions_remote_violence", "remote_explosive_landmine_ied", 0.08),
    ("violence_against_civilians", "attack", 0.12),
    ("violence_against_civilians", "abduction_forced_disappearance", 0.03),
    ("protests", "peaceful_protest", 0.15),
    ("riots", "violent_demonstration", 0.05),
    ("strategic_developments", "arrests", 0.05),
]
ACTORS = ["Islamic State", "Unidentified Armed Group", "Military Forces", "Police Forces", "Protesters",
          "Civilians", "Houthis", "Hezbollah", "Rapid Support Forces", "Al Shabaab", None]  # fmt: skip
START = date(2021, 1, 1)
DAYS = 3 * 365


def admin1_codes() -> list[tuple[str, str, float, float]]:
    """80 provinces: (country, code, lat, lon), eight per country around its centre."""
    out = []
    for country, (lat, lon) in COUNTRIES.items():
        for k in range(8):
            out.append((country, f"{country}-P{k}", lat + (k % 4 - 1.5) * 1.2, lon + (k // 4 - 0.5) * 1.5))
    return out


def synthesize(n: int, seed: int = 5) -> list[CanonicalEvent]:
    rng = random.Random(seed)
    provinces = admin1_codes()
    weights = [w for *_, w in TYPES]
    published = datetime(2021, 1, 1, tzinfo=UTC)
    events = []
    for i in range(n):
        country, admin1, lat, lon = provinces[
            min(int(rng.paretovariate(1.2)) - 1, 79) if i % 2 else rng.randrange(80)
        ]
        etype, sub, _ = rng.choices(TYPES, weights)[0]
        day = START + timedelta(days=rng.randrange(DAYS))
        town = rng.choice(TOWNS)
        killed = rng.choice([None, 0, 0, 1, 1, 2, 3, 5, 8, 13, 30])
        killed_text = killed or "عدد من"
        fields = {
            "event_type": etype, "sub_event_type": sub, "core": True, "date": day.isoformat(),
            "date_precision": rng.choice(["day"] * 8 + ["week", "month"]),
            "country": country, "admin1": admin1,
            "location_ar": f"{rng.choice(PLACE_WORDS)} {town}", "location_en": f"{town} area {i % 97}",
            "latitude": round(lat + rng.uniform(-0.6, 0.6), 4),
            "longitude": round(lon + rng.uniform(-0.6, 0.6), 4),
            "geo_precision": rng.choice([1, 1, 2, 3]),
            "actor1": rng.choice(ACTORS), "actor2": rng.choice(ACTORS),
            "actor1_type": rng.randrange(1, 9), "actor2_type": rng.choice([None, 7, 3]),
            "fatalities": killed, "injured": rng.choice([None, 0, 2, 4]),
            "confidence": round(rng.uniform(0.4, 1), 3),
            "evidence": f"قتل {killed_text} أشخاص في {town} إثر هجوم رقم {i} وفق مصادر محلية",
            "n_sources": rng.randrange(1, 4),
        }  # fmt: skip
        seen = published + timedelta(days=(day - START).days)
        links = [
            SourceLink(f"r{i}-{k}", f"art{i}-{k}", rng.choice(["ina", "sana", "saba"]),
                       seen + timedelta(hours=k), "new" if k == 0 else "same day", 1.0, True)
            for k in range(1 + i % 2)
        ]  # fmt: skip
        events.append(CanonicalEvent(f"e{i:07d}", fields, links, [f"{day}: new from r{i}-0"]))
    return events


def build(path: str, n: int, analyze: bool) -> float:
    """Save N synthetic events; then, as an operated store should be after a bulk load, refresh the
    planner's statistics (without them SQLite cannot tell a common actor from a rare one)."""
    started = time.perf_counter()
    with open_store(path) as store:
        events = synthesize(n)
        for k in range(0, n, 5000):
            store.save_events(events[k : k + 5000])
        if analyze:
            store.db.execute("ANALYZE")
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def requests_mix(rng: random.Random, count: int) -> list[tuple[str, dict[str, Any]]]:
    provinces = admin1_codes()
    kinds = []
    for _ in range(count):
        country, admin1, lat, lon = rng.choice(provinces)
        day = START + timedelta(days=rng.randrange(DAYS - 60))
        etype, sub, _ = rng.choice(TYPES)
        options: list[tuple[str, dict[str, Any]]] = [
            ("first page", {}),
            ("date range", {"date_from": day.isoformat(), "date_to": (day + timedelta(days=30)).isoformat()}),
            ("country+admin1", {"country": country, "admin1": admin1}),
            ("event type", {"event_type": etype}),
            ("sub-event type", {"sub_event_type": sub, "country": country}),
            ("actor", {"actor": rng.choice([a for a in ACTORS if a])}),
            ("min fatalities", {"min_fatalities": rng.choice([5, 10, 30])}),
            ("text query", {"q": rng.choice([*TOWNS, "رقم 4711 ", "مصادر", "لا يوجد"])}),
            ("bbox", {"bbox": f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}"}),
        ]
        kinds.append(rng.choice(options))
    return kinds


def measure(url: str, count: int) -> dict[str, list[float]]:
    rng = random.Random(11)
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for _kind, params in requests_mix(random.Random(3), 30):  # warm-up: connections, caches
            client.get("/events", params=params)
        for kind, params in requests_mix(rng, count):
            started = time.perf_counter()
            response = client.get("/events", params=params)
            timings.setdefault(kind, []).append(time.perf_counter() - started)
            response.raise_for_status()
            cursor = response.json()["next_cursor"]
            if cursor and rng.random() < 0.3:
                started = time.perf_counter()
                client.get("/events", params={**params, "cursor": cursor}).raise_for_status()
                timings.setdefault("next page", []).append(time.perf_counter() - started)
    return timings


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="use this store (built with -n events if the file does not exist)")
    parser.add_argument("-n", type=int, default=100_000, help="synthetic events (default 100000)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the built store")
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after building the store")
    args = parser.parse_args()
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.mkdtemp(prefix="marsad-api-bench-")
        db = str(Path(tmp) / "bench.db")
    build_s = None
    if not Path(db).exists():
        build_s = build(db, args.n, not args.no_analyze)
        print(f"built {args.n} events in {build_s:.1f} s: {db}", file=sys.stderr)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
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
    server = subprocess.Popen(cmd, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        events = httpx.get(f"{url}/health").json()["events"]
        timings = measure(url, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if tmp and not args.keep:
            for f in Path(tmp).iterdir():
                f.unlink()
            Path(tmp).rmdir()
    every = [t for ts in timings.values() for t in ts]
    result = {
        "events": events,
        "requests": len(every),
        "p50_ms": round(pct(every, 50), 1),
        "p95_ms": round(pct(every, 95), 1),
        "p99_ms": round(pct(every, 99), 1),
        "build_s": None if build_s is None else round(build_s, 1),
        "by_kind": {
            k: {"n": len(ts), "p50_ms": round(pct(ts, 50), 1), "p95_ms": round(pct(ts, 95), 1)}
            for k, ts in sorted(timings.items())
        },
    }
    print(json.dumps(result, ensure_ascii=False))
    print(f"{'kind':<16}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}")
    for kind, row in result["by_kind"].items():
        print(f"{kind:<16}{row['n']:>5}{row['p50_ms']:>9}{row['p95_ms']:>9}")
    print(f"{'all':<16}{len(every):>5}{result['p50_ms']:>9}{result['p95_ms']:>9}   p99 {result['p99_ms']} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
