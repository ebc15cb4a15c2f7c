"""Extraction speed and memory: `marsad extract --workers 1` on the first N corpus articles.

Usage: python bench/extract_speed.py [-n 3000] [--corpus ant2018|snn2015|mix]

Reads ../shared/corpus (or $MARSAD_SHARED/corpus), writes the articles to a temporary JSONL, runs the CLI
in a child process and reports articles/s and the child's peak RSS, as a JSON line and as text. The
articles are copied to a temp file only; nothing from the corpus is kept. Exits 0 with a message when the
shared data is absent, so it can be called from scripts that run anywhere.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"ant2018": "ant2018.jsonl.gz", "snn2015": "snn2015.jsonl.gz"}


def corpus_dir() -> Path:
    return Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve() / "corpus"


def lines(path: Path, n: int) -> Iterator[bytes]:
    with gzip.open(path, "rb") as fh:
        yield from itertools.islice((line for line in fh if line.strip()), n)


def sample(directory: Path, corpus: str, n: int) -> list[bytes]:
    if corpus != "mix":
        return list(lines(directory / CORPORA[corpus], n))
    # Alternate the two sources so the mix is even whatever n is.
    halves = [lines(directory / name, (n + 1) // 2) for name in CORPORA.values()]
    mixed = [line for pair in itertools.zip_longest(*halves) for line in pair if line is not None]
    return mixed[:n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="articles to read (default 3000)")
    parser.add_argument("--corpus", choices=[*CORPORA, "mix"], default="ant2018")
    args = parser.parse_args()

    directory = corpus_dir()
    if not (directory / CORPORA["ant2018"]).is_file():
        print(f"bench: no corpus at {directory} (set MARSAD_SHARED); nothing measured")
        return 0
    articles = sample(directory, args.corpus, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        path.write_bytes(b"".join(line.rstrip(b"\n") + b"\n" for line in articles))
        command = [sys.executable, "-m", "marsad.cli", "-q", "extract", str(path), "-o", os.devnull]
        started = time.perf_counter()
        result = subprocess.run([*command, "--workers", "1"], capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(f"bench: marsad extract failed ({result.returncode}):\n{result.stderr}", file=sys.stderr)
        return 1
    # ru_maxrss is in kilobytes on Linux (bytes on macOS); the only child so far is the CLI run.
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if sys.platform == "darwin":
        peak_kb //= 1024
    report = {
        "bench": "extract_speed",
        "corpus": args.corpus,
        "articles": len(articles),
        "workers": 1,
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }
    print(json.dumps(report))
    print(
        f"{report['articles']} {args.corpus} articles in {report['seconds']} s "
        f"({report['articles_per_s']} articles/s, process start included), "
        f"peak RSS {report['peak_rss_mb']} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
