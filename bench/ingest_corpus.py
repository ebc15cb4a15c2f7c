"""End-to-end ingest: the whole shared corpus into a fresh store, timed, with the peak memory of the run.

Usage: python bench/ingest_corpus.py [--workers 2] [--db PATH|URL] [-n N] [--keep]

Runs `marsad ingest ../shared/corpus/*.jsonl.gz --db <fresh SQLite file> --workers W` in a child process
and samples the resident memory of the child and all its worker processes (from /proc) every 0.2 s; the
peak of that sum is the run's peak memory. It also gives the CPU seconds of the run (the child and its
workers, from the kernel when the child ends) and of its main process alone (its last sample): on a shared
machine they vary much less than the wall time, and the run's wall time is bounded below by the CPU it
needs over the cores it gets. Prints one JSON line and a text summary with the run report's counts. With
-n, only the first N lines of each corpus file are used (copied to a temporary file, deleted afterwards).
Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = ("ant2018.jsonl.gz", "snn2015.jsonl.gz")


def corpus_dir() -> Path:
    return Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve() / "corpus"


def _tree_rss(pid: int) -> int:
    """Resident bytes of `pid` and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            status = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry))
        rss[int(entry)] = int(status[1]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, ()))
    return total


def _cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds of one process so far (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file in a temp folder)")
    parser.add_argument("-n", type=int, help="only the first N lines of each corpus file")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite store and print its path")
    args = parser.parse_args()

    directory = corpus_dir()
    inputs = [directory / f for f in FILES if (directory / f).is_file()]
    if not inputs:
        print(f"bench: no corpus at {directory} (set MARSAD_SHARED); nothing measured")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    if args.n:
        sliced = []
        for path in inputs:
            out = tmp / path.name.replace(".gz", "")
            with gzip.open(path, "rb") as fh, open(out, "wb") as dst:
                dst.writelines(itertools.islice(fh, args.n))
            sliced.append(out)
        inputs = sliced
    db = args.db or str(tmp / "bench.db")
    report = tmp / "report.json"
    cmd = [
        sys.executable, "-m", "marsad.cli", "-q", "ingest", *map(str, inputs),
        "--db", db, "--workers", str(args.workers), "--report", str(report),
    ]  # fmt: skip
    peak = 0
    main_cpu = 0.0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, main_cpu
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            main_cpu = _cpu_seconds(proc.pid) or main_cpu
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # wait4 gives the CPU time of the child and of the workers it waited for.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    sampler.join()
    if code != 0:
        print(f"bench: marsad ingest exited {code}")
        return 1
    counts = json.loads(report.read_text(encoding="utf-8"))
    result = {
        "bench": "ingest_corpus",
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "items": counts["read"],
        "items_per_s": round(counts["read"] / seconds, 1),
        "peak_rss_mb": round(peak / 2**20, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "cpu_main_s": round(main_cpu, 1),
        **{
            k: counts[k]
            for k in ("new", "near_duplicates", "failed", "reports", "events_new", "events_merged")
        },
    }
    print(json.dumps(result))
    print(
        f"{result['items']} items in {seconds:.1f} s ({result['items_per_s']}/s, {args.workers} workers), "
        f"peak memory {result['peak_rss_mb']} MB, CPU {result['cpu_s']} s "
        f"({result['cpu_main_s']} s in the main process); "
        f"{result['reports']} reports -> {result['events_new']} events"
    )
    if args.keep:
        print(f"store kept at {db}")
    else:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
