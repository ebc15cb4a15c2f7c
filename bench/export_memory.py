"""Export memory and speed: a million synthetic canonical events through the CSV and JSONL writers.

Usage: python bench/export_memory.py [-n 1000000] [--formats csv,jsonl,geojson,parquet]

Events come from a generator (tests/export/export_helpers.py) and are written to /dev/null, so only the
writer's own memory counts. Reports, per format, events/s and the growth of the process's peak RSS
(ru_maxrss) during the export, as a JSON line and as text. A streaming writer grows by well under 50 MB
whatever `-n` is; a writer that kept the events would grow by about 1.7 GB per million.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "export"))

from export_helpers import synthetic_events  # noqa: E402

from marsad import export  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(name: str, writer: Callable[..., int], n: int, binary: bool) -> dict[str, Any]:
    def sink() -> Any:
        return open(os.devnull, "wb") if binary else open(os.devnull, "w", encoding="utf-8", newline="")

    with sink() as out:
        writer(synthetic_events(100), out)  # load the label tables before measuring
    before = peak_rss_mb()
    start = time.perf_counter()
    with sink() as out:
        written = writer(synthetic_events(n), out)
    seconds = time.perf_counter() - start
    growth = round(peak_rss_mb() - before, 1)
    return {"format": name, "events": n, "written": written, "seconds": round(seconds, 1),
            "events_per_s": round(n / seconds), "peak_rss_growth_mb": growth}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--formats", default="csv,jsonl")
    args = parser.parse_args()
    writers: dict[str, tuple[Callable[..., int], bool]] = {
        "csv": (export.write_acled_csv, False),
        "jsonl": (export.write_jsonl, False),
        "geojson": (export.write_geojson, False),
        "parquet": (export.write_parquet, True),
    }
    for name in args.formats.split(","):
        writer, binary = writers[name]
        result = run(name, writer, args.n, binary)
        print(json.dumps(result))
        print(f"{name}: {result['written']:,} of {args.n:,} events in {result['seconds']} s "
              f"({result['events_per_s']:,}/s), peak RSS +{result['peak_rss_growth_mb']} MB")  # fmt: skip


if __name__ == "__main__":
    main()
