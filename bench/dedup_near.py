"""Near-duplicate detection on the corpus: throughput, and the similarity distribution behind the threshold.

Usage: python bench/dedup_near.py [--corpus ant2018|snn2015|both] [--probe 0.3]

Runs `NearDuplicateIndex` (threshold 0.7) over the corpus in publication order and prints articles/s and
the duplicates found; then runs it again with a low threshold (`--probe`) and prints how many articles have
their most similar earlier article in each similarity band, with a few titles per band, which is what the
0.7 threshold was chosen from (eval/dedup/README.md).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict

import dedup_corpus

from marsad.dedup.near import NearDuplicateIndex
from marsad.model import Article


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="both")
    ap.add_argument("--probe", type=float, default=0.3)
    args = ap.parse_args()
    names = ["ant2018", "snn2015"] if args.corpus == "both" else [args.corpus]
    articles: list[Article] = [a for n in names for a in dedup_corpus.load(n).articles]
    articles.sort(key=lambda a: (a.published, a.id))
    index = NearDuplicateIndex()
    started = time.perf_counter()
    found = sum(index.add(a.id, a.canonical, a.published)[0] is not None for a in articles)
    seconds = time.perf_counter() - started
    print(
        f"{len(articles)} articles in {seconds:.1f} s: {len(articles) / seconds:.0f} articles/s, "
        f"{found} duplicates"
    )

    probe = NearDuplicateIndex(threshold=args.probe)
    by_id = {a.id: a for a in articles}
    bands: Counter[float] = Counter()
    examples: dict[float, list[str]] = defaultdict(list)
    for a in articles:
        dup, sim = probe.add(a.id, a.canonical, a.published)
        if dup is None or sim is None:
            continue
        band = min(0.9, int(sim * 10) / 10)
        bands[band] += 1
        if len(examples[band]) < 3 and sim < 1.0:
            examples[band].append(
                f"{sim:.2f} {a.source}: {a.title[:50]} | {by_id[dup].source}: {by_id[dup].title[:50]}"
            )
    for band in sorted(bands):
        print(f"similarity {band:.1f}-{band + 0.1:.1f}: {bands[band]:5d} articles")
        for line in examples[band]:
            print("    " + line)


if __name__ == "__main__":
    main()
