"""A random sample of anchored place names in the corpus, for judging them by hand.

Usage: python bench/anchor_sample.py [--corpus ant2018|snn2015] [--start N] [--articles N] [--seed N]
                                     [--show N]

Reads articles `start` to `start + articles` of ../shared/corpus/{corpus}.jsonl.gz (or $MARSAD_SHARED),
finds every name the default gazetteer placed by its anchor (`geo.anchoring`, source "context"), and
prints how many there were and a random sample: the name, the country and province it took, the anchor,
and the words around it, to be judged right (a real place, in the right province or country) or wrong.
The README's audit is `--corpus ant2018 --start 15000 --articles 5000 --seed 21 --show 40`. Nothing is
written; exits 0 with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def corpus_path(name: str) -> Path:
    shared = Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve()
    return shared / "corpus" / f"{name}.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="ant2018", choices=("ant2018", "snn2015"))
    parser.add_argument("--start", type=int, default=0, help="the first article (line) read")
    parser.add_argument("--articles", type=int, default=5000, help="how many articles are read")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=40, help="how many anchored names are printed")
    args = parser.parse_args(argv)
    path = corpus_path(args.corpus)
    if not path.exists():
        print(f"no corpus at {path}; nothing to sample")
        return 0

    from marsad.geo.gazetteer import Gazetteer
    from marsad.text.normalize import normalize

    gaz = Gazetteer.default()
    rows: list[tuple[str, str, str, str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, args.start, args.start + args.articles):
            text = json.loads(line).get("text") or ""
            for m in gaz.find(normalize(text)):
                if m.place.source != "context":
                    continue
                around = text[max(0, m.start - 60) : m.end + 70].replace("\n", " ")
                where = f"{m.place.country} {m.place.admin1 or '-'}"
                rows.append((m.text, where, m.candidates[1].name_ar, around))
    print(f"{args.articles} articles from {args.start}: {len(rows)} anchored names")
    random.Random(args.seed).shuffle(rows)
    for i, (name, where, anchor, around) in enumerate(rows[: args.show]):
        print(f"{i:3d} | {name} | {where} < {anchor} | {around}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
