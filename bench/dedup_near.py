"""Near-duplicate detection on the corpus: throughput, and the similarity distribution behind the threshold.

Usage: python bench/dedup_near.py [--corpus ant2018|snn2015|both] [--probe 0.3]
       python bench/dedup_near.py --restore [--db URL] [--corpus …]

Runs `NearDuplicateIndex` over the corpus in publication order and prints articles/s and the duplicates
found; then runs it again with a low threshold (`--probe`) and prints how many articles have their most
similar earlier article in each similarity band, with a few titles per band, which is what the threshold
was chosen from (eval/dedup/README.md).

With `--restore` it measures instead what a run pays to start from a store holding the corpus
(`runner.sketches.restore_index`): the corpus is saved with its sketches into a new store (a temp SQLite
file, or `--db URL`, which must name an empty store), then a fresh index is restored from it (seconds, and
the memory it holds: tracemalloc, and the process's RSS growth), then the sketches are deleted and the
restore repeated, which now computes them from the stored text first (the first run after an upgrade).
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

import dedup_corpus

from marsad.dedup.near import NearDuplicateIndex
from marsad.model import Article
from marsad.records import StoredArticle, content_hash
from marsad.runner.sketches import restore_index, stored_sketch
from marsad.store import Store, open_store


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _fill(store: Store, articles: list[Article]) -> None:
    index = NearDuplicateIndex()
    started = time.perf_counter()
    for i in range(0, len(articles), 500):
        batch = articles[i : i + 500]
        sketches = {a.id: stored_sketch(index, index.sketch(a.canonical)) for a in batch}
        store.save_batch(None, [StoredArticle(a, content_hash(a)) for a in batch], [], sketches)
    print(f"stored {len(articles)} articles with their sketches in {time.perf_counter() - started:.1f} s")


def _restore(store: Store, label: str) -> None:
    gc.collect()
    rss = _rss_mb()
    index = NearDuplicateIndex()
    done = restore_index(store, index)
    grown = _rss_mb() - rss
    del index
    gc.collect()
    tracemalloc.start()
    index = NearDuplicateIndex()
    restore_index(store, index)
    held, peak = (n / 2**20 for n in tracemalloc.get_traced_memory())
    tracemalloc.stop()
    print(
        f"{label}: {done.restored} sketches restored in {done.seconds:.2f} s "
        f"({done.backfilled} computed first); the index holds {held:.0f} MB, {peak:.0f} MB at the peak "
        f"of the restore (tracemalloc); RSS grew {grown:.0f} MB"
    )


def restore(articles: list[Article], url: str | None) -> None:
    tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
    with tmp, open_store(url or f"{tmp.name}/s.db") as store:
        _fill(store, articles)
        _restore(store, f"restore ({store.dialect})")
        with store.db.transaction():
            store.db.execute("DELETE FROM article_sketches")
        _restore(store, f"restore after deleting the sketches ({store.dialect})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="both")
    ap.add_argument("--probe", type=float, default=0.3)
    ap.add_argument("--restore", action="store_true", help="measure restoring the index from a store")
    ap.add_argument("--db", help="with --restore: an empty store to use instead of a temp SQLite file")
    args = ap.parse_args()
    names = ["ant2018", "snn2015"] if args.corpus == "both" else [args.corpus]
    articles: list[Article] = [a for n in names for a in dedup_corpus.load(n).articles]
    articles.sort(key=lambda a: (a.published, a.id))
    if args.restore:
        restore(articles, args.db)
        return
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
