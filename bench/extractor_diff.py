"""What an extractor change did to the corpus: the reports one extraction makes and another does not.

Usage: python bench/extractor_diff.py OLD.pkl [NEW.pkl] [--sample 40] [--seed 11] [--added]

Both files are bench/dedup_corpus.py caches of the same corpus (NEW defaults to the current extractor's
ant2018 cache, made if missing). A report is identified by its article and the start of its trigger; a
core report of OLD whose trigger starts no report of NEW is "removed" (so is one folded into another
report of its article, which this cannot tell apart). Prints the counts and a seeded random sample of
removed reports (with `--added`, of added ones) with their trigger and the words around it, to be judged
by hand against the guidelines: the share of removed reports that were no events is the precision of the
change. Reads the corpus from ../shared through the caches; prints article text only to the terminal.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import dedup_corpus

from marsad.model import Event


def _key(e: Event) -> tuple[str, int]:
    return e.doc_id, e.evidence.trigger.start


def _core(events: dict[str, list[Event]]) -> list[Event]:
    return [e for evs in events.values() for e in evs if e.core]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path, help="the cache of the extraction before the change")
    ap.add_argument("new", type=Path, nargs="?", help="the cache after it (default: the current ant2018 one)")
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--added", action="store_true", help="sample the added reports instead")
    args = ap.parse_args()
    old = dedup_corpus.load_cache(args.old)
    new = dedup_corpus.load_cache(args.new) if args.new else dedup_corpus.load("ant2018", verbose=False)
    before, after = _core(old.events), _core(new.events)
    keys_before, keys_after = {_key(e) for e in before}, {_key(e) for e in after}
    removed = [e for e in before if _key(e) not in keys_after]
    added = [e for e in after if _key(e) not in keys_before]
    print(f"core reports: {len(before)} -> {len(after)}; removed {len(removed)}, added {len(added)}")
    pool = added if args.added else removed
    rng = random.Random(args.seed)
    for i, e in enumerate(rng.sample(pool, min(args.sample, len(pool))), 1):
        text, trigger = e.evidence.sentence.text, e.evidence.trigger.text
        at = max(0, text.find(trigger))
        context = text[max(0, at - 110) : at + 90].replace("\n", " ")
        print(f"{i:3d} {e.sub_event_type} | {trigger} | {context}")


if __name__ == "__main__":
    main()
