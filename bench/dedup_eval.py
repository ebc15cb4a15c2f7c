"""Pairwise precision and recall of cross-source event dedup against the gold pairs (eval/dedup/).

Usage: python bench/dedup_eval.py [--threshold 0.45] [--bridge 0.6 (0: off)] [--show-errors]

Re-extracts the ant2018 corpus (cached by bench/dedup_corpus.py), runs the near-duplicate index over every
article and the event clusterer over every report, in publication order, so each gold pair is judged in
the context of the whole corpus. A pair is predicted "same" when both reports end in the same canonical
event. Prints P/R/F1 for the tuning split, the held-out split and both, and per stratum.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import dedup_corpus

from marsad.dedup.compare import BRIDGE
from marsad.dedup.events import EventClusterer
from marsad.dedup.near import NearDuplicateIndex
from marsad.records import Report

REPO = Path(__file__).resolve().parents[1]
PAIRS = REPO / "eval" / "dedup" / "pairs.jsonl"


def prf(rows: list[tuple[bool, bool]]) -> str:
    tp = sum(1 for gold, pred in rows if gold and pred)
    fp = sum(1 for gold, pred in rows if pred and not gold)
    fn = sum(1 for gold, pred in rows if gold and not pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"pairs {len(rows):3d}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--bridge", type=float, default=BRIDGE, help="merge events one report fits (0: never)")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    cs = dedup_corpus.load("ant2018")
    articles = sorted(cs.articles, key=lambda a: (a.published, a.id))
    started = time.perf_counter()
    near = NearDuplicateIndex()
    clusterer = EventClusterer(bridge=args.bridge or None)
    if args.threshold is not None:
        clusterer.threshold = args.threshold
    n_reports = n_dups = 0
    for art in articles:
        dup, _ = near.add(art.id, art.canonical, art.published)
        n_dups += dup is not None
        for ev in cs.events.get(art.id, ()):
            clusterer.add(Report(ev, art.id, art.source, art.url, art.published, dup is not None))
            n_reports += 1
    seconds = time.perf_counter() - started
    print(
        f"{len(articles)} articles ({n_dups} near-duplicates), {n_reports} reports -> "
        f"{len(clusterer)} events in {seconds:.1f} s (threshold {clusterer.threshold}, bridge {args.bridge})"
    )
    rows: dict[str, list[tuple[bool, bool]]] = {"tune": [], "heldout": []}
    strata: dict[str, list[tuple[bool, bool]]] = {}
    missing = Counter[str]()
    for pair in pairs:
        a, b = clusterer.event_of(pair["a"]), clusterer.event_of(pair["b"])
        if a is None or b is None:
            missing[pair["split"]] += 1
            continue
        row = (bool(pair["same"]), a.id == b.id)
        rows[pair["split"]].append(row)
        strata.setdefault(pair["stratum"], []).append(row)
        if args.show_errors and row[0] != row[1]:
            kind = "FN" if row[0] else "FP"
            print(f"  {kind} #{pair['n']} {pair['stratum']}: {pair['why']}")
    if missing:
        print(f"reports not found (extractor changed?): {dict(missing)}")
    for split in ("tune", "heldout"):
        print(f"{split:8s} {prf(rows[split])}")
    print(f"{'all':8s} {prf(rows['tune'] + rows['heldout'])}")
    for name, got in sorted(strata.items()):
        print(f"  {name:17s} {prf(got)}")


if __name__ == "__main__":
    main()
