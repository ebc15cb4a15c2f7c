"""Run the hardening fuzz properties (tests/hardening/hardening_fuzz.py) with many examples.

    .venv/bin/python bench/fuzz.py --examples 2000 [--only html,warc]

Prints, per target, how many inputs were tried and the first failure (hypothesis's shrunk example), if any.
Exit status 1 when a target failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hardening"))

from hardening_fuzz import TARGETS, Target
from hypothesis import HealthCheck, given, settings


def run(target: Target, examples: int) -> tuple[int, float, str | None]:
    tried = 0

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(target.strategy)
    def prop(value: Any) -> None:
        nonlocal tried
        tried += 1
        target.check(value)

    started = time.perf_counter()
    try:
        prop()
    except Exception:
        return tried, time.perf_counter() - started, traceback.format_exc(limit=6)
    return tried, time.perf_counter() - started, None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=2000, help="hypothesis max_examples per target")
    parser.add_argument("--only", help="comma-separated target names")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the importers log every skipped row
    only = set(args.only.split(",")) if args.only else None
    failed = 0
    for target in TARGETS:
        if only and target.name not in only:
            continue
        tried, seconds, failure = run(target, args.examples)
        print(
            f"{target.name:16} {tried:7d} inputs  {seconds:7.1f} s  {'FAILED' if failure else 'ok'}",
            flush=True,
        )
        if failure:
            failed += 1
            print(failure, flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
