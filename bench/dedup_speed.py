"""Dedup time at 10k and 60k articles: near-duplicate index and event clustering, extraction excluded.

Usage: python bench/dedup_speed.py [--sizes 10000 60000] [--order interleaved|published]

Uses both corpora (ant2018 + snn2015, 62k articles) with their events cached by bench/dedup_corpus.py.
For each size N, the first N articles go through a fresh `NearDuplicateIndex` and their reports through a
fresh `EventClusterer`; the two stages are timed apart and printed with their rates, then the ratio of
times between sizes next to the ratio of sizes (linear growth: equal ratios).

Dedup costs per report what the report's block (country, admin1, week) holds, so its time grows with N
only at a constant density of news. `interleaved` (the default) alternates the two corpora, each in
publication order, so every prefix has the same mix; `published` sorts all articles by publication, so
the first 30k are the 2015 Saudi papers (0.4 reports per article) and the rest 2018 Middle East news
(0.66 reports per article, in denser blocks), which is not a constant density.
"""

from __future__ import annotations

import argparse
import gc
import time
from itertools import zip_longest

import dedup_corpus

from marsad.dedup.events import EventClusterer
from marsad.dedup.near import NearDuplicateIndex
from marsad.model import Article
from marsad.records import Report


def run(articles: list[Article], events: dict[str, list], n: int) -> tuple[float, float, int, int, int]:
    subset = articles[:n]
    gc.collect()
    near = NearDuplicateIndex()
    started = time.perf_counter()
    dups = {a.id: near.add(a.id, a.canonical, a.published)[0] is not None for a in subset}
    t_near = time.perf_counter() - started
    reports = [
        Report(ev, a.id, a.source, a.url, a.published, dups[a.id])
        for a in subset
        for ev in events.get(a.id, ())
    ]
    gc.collect()
    clusterer = EventClusterer()
    started = time.perf_counter()
    for r in reports:
        clusterer.add(r)
    clusterer.changed()
    t_cluster = time.perf_counter() - started
    return t_near, t_cluster, sum(dups.values()), len(reports), len(clusterer)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 60_000])
    ap.add_argument("--order", choices=["interleaved", "published"], default="interleaved")
    args = ap.parse_args()
    streams: list[list[Article]] = []
    events: dict[str, list] = {}
    for corpus in ("ant2018", "snn2015"):
        cs = dedup_corpus.load(corpus)
        streams.append(sorted(cs.articles, key=lambda a: (a.published, a.id)))
        events.update(cs.events)
    if args.order == "published":
        articles = sorted((a for s in streams for a in s), key=lambda a: (a.published, a.id))
    else:
        articles = [a for pair in zip_longest(*streams) for a in pair if a is not None]
    print(f"order: {args.order}")
    print(f"{len(articles)} articles, {sum(len(v) for v in events.values())} reports available")
    rows = []
    for n in args.sizes:
        t_near, t_cluster, dups, n_reports, n_events = run(articles, events, n)
        rows.append((n, t_near, t_cluster))
        print(
            f"{n:6d} articles: near-dup {t_near:6.1f} s ({n / t_near:5.0f} articles/s, {dups} duplicates) | "
            f"clustering {n_reports} reports {t_cluster:6.1f} s ({n_reports / t_cluster:5.0f} reports/s, "
            f"{n_events} events) | total {t_near + t_cluster:6.1f} s"
        )
    (n0, a0, b0), *rest = rows
    for n, a, b in rest:
        total = (a + b) / (a0 + b0)
        print(
            f"x{n / n0:.1f} articles -> near-dup x{a / a0:.2f}, clustering x{b / b0:.2f}, total x{total:.2f}"
        )


if __name__ == "__main__":
    main()
