"""Adds to each gold pair (eval/dedup/pairs.jsonl) the anchors of its two reports (`marsad.dedup.gold`).

Usage: python bench/dedup_anchors.py [--cache PATH] [--force]

Run once, with the extractor the pairs' ids were made by (`marsad-rules-0.1.0`): each `a` / `b` id must be
a report of that extraction, or the script stops. `--cache` reads a pickle written by bench/dedup_corpus.py
(by default the current extractor's). The ids are kept; an anchor already present is left alone unless
`--force`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import dedup_corpus

from marsad.dedup.gold import Anchor
from marsad.model import Event

PAIRS = dedup_corpus.REPO / "eval" / "dedup" / "pairs.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, help="a dedup_corpus pickle of the extractor the ids refer to")
    ap.add_argument("--force", action="store_true", help="recompute anchors already present")
    args = ap.parse_args()
    cs = dedup_corpus.load_cache(args.cache) if args.cache else dedup_corpus.load("ant2018")
    events: dict[str, list[Event]] = cs.events
    by_id = {ev.id: ev for evs in events.values() for ev in evs}
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = [pair[k] for pair in pairs for k in ("a", "b") if pair[k] not in by_id]
    if missing:
        sys.exit(
            f"{len(missing)} report ids not in this extraction (not the pairs' extractor?): {missing[:5]}"
        )
    out = []
    for pair in pairs:
        for k in ("a", "b"):
            ev = by_id[pair[k]]
            if ev.doc_id != pair[f"{k}_article"]:
                sys.exit(f"pair {pair['n']}: report {pair[k]} is of {ev.doc_id}, not {pair[f'{k}_article']}")
            if args.force or f"{k}_anchor" not in pair:
                pair[f"{k}_anchor"] = Anchor.of(ev).to_json()
        keys = ["n", "a", "a_article", "a_anchor", "b", "b_article", "b_anchor"]
        out.append({k: pair[k] for k in keys} | {k: v for k, v in pair.items() if k not in keys})
    text = "".join(json.dumps(pair, ensure_ascii=False) + "\n" for pair in out)
    PAIRS.write_text(text, encoding="utf-8")
    print(f"{len(out)} pairs anchored -> {PAIRS}")


if __name__ == "__main__":
    main()
