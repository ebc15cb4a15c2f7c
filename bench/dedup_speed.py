"""Dedup time at 10k and 60k articles: near-duplicate index and event clustering, extraction excluded.

Usage: python bench/dedup_speed.py [--sizes 10000 60000] [--order interleaved|published|tiled] [--repeat N]
                                   [--cluster-only] [--tile 10000] [--slices]

Uses both corpora (ant2018 + snn2015, 62k articles) with their events cached by bench/dedup_corpus.py.
For each size N, the first N articles go through a fresh `NearDuplicateIndex` and their reports through a
fresh `EventClusterer`; the two stages are timed apart and printed with their rates, then the ratio of
times between sizes next to the ratio of sizes (linear growth: equal ratios). `--repeat N` runs each size N
times and keeps the fastest run of each stage (the machine is shared: the minimum is the least disturbed);
`--cluster-only` skips the near-duplicate index (every report independent: clustering decisions do not
depend on it). The number of member comparisons per report (`compare` calls) is printed too: unlike the
times, it does not depend on the load of the machine; so is the time CPython's cyclic garbage collector
took within the clustering (its full passes scan every event held in memory; they come each time that heap
has grown by a quarter, so their total stays proportional to it).

Dedup costs per report what the report's block (country, admin1, week) holds, so its time grows with N
only at a constant density of news. `interleaved` (the default) alternates the two corpora, each in
publication order, so every prefix has the same mix; `published` sorts all articles by publication, so
the first 30k are the 2015 Saudi papers (0.4 reports per article) and the rest 2018 Middle East news
(0.66 reports per article, in denser blocks), which is not a constant density. Neither is `interleaved`
quite: the first months of 2018 are quieter than April-June (the Douma attack, Gaza, Hodeidah), so a report
of the 10k prefix meets fewer events around it than one of the 60k. `tiled` repeats the first `--tile`
articles, each copy a year later with its own ids: the density is constant by construction, so the times
show how the clusterer itself scales (clustering only: the copies are near-duplicates of each other).

`--slices` answers the question more directly: one near-duplicate index (unless `--cluster-only`), then one
clusterer, takes the largest size's articles, and the time (and comparisons) of each consecutive `--tile`
articles are printed. Linear growth means the k-th slice
costs what the first did, whatever the clusterer already holds. The collector is handled as the ingest
runner handles it (what is alive is frozen after every batch of 500 articles), and each slice is timed
`--repeat` times on a fresh clusterer, keeping the fastest, since the machine is shared.
"""

from __future__ import annotations

import argparse
import gc
import time
from dataclasses import replace
from datetime import timedelta
from itertools import zip_longest

import dedup_corpus

import marsad.dedup.events as events_module
from marsad.dedup.compare import Match, Profile, compare
from marsad.dedup.events import EventClusterer
from marsad.dedup.near import NearDuplicateIndex
from marsad.model import Article
from marsad.records import Report


class Counting:
    """`compare`, counting its calls (installed in marsad.dedup.events for one run)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, a: Profile, b: Profile) -> Match | None:
        self.calls += 1
        return compare(a, b)


def tiled(base: list[Article], events: dict[str, list], copies: int) -> list[Article]:
    """`copies` copies of `base`, the k-th moved k x 371 days later (53 weeks: the weekdays stay) with its
    own ids: a stream whose density of news is the same at every length, unlike the corpus, whose later
    months (April-June 2018) are denser than its first ones. Adds the copies' events to `events`."""
    out: list[Article] = []
    for k in range(copies):
        shift = timedelta(days=371 * k)
        for a in base:
            aid = f"{a.id}~{k}" if k else a.id
            out.append(replace(a, id=aid, published=a.published + shift))
            if k and a.id in events:
                events[aid] = [
                    replace(ev, id=f"{ev.id}~{k}", doc_id=aid, date=ev.date + shift) for ev in events[a.id]
                ]
    return out


class GcClock:
    """The time the cyclic garbage collector spends while installed (its full passes scan every live
    object, so they cost more as the clusterer's events pile up in memory)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


def _settle() -> None:
    """Collect, then freeze what is alive (the corpus the benchmark holds, the reports): the full passes of
    the garbage collector that a timed stage triggers would otherwise scan the whole corpus each time, a
    cost that grows with the corpus held, not with the work timed (a real run does not hold the corpus)."""
    gc.collect()
    gc.freeze()


def run(
    articles: list[Article], events: dict[str, list], n: int, near_dup: bool = True
) -> tuple[float, float, int, int, int, int, float]:
    subset = articles[:n]
    _settle()
    near = NearDuplicateIndex()
    started = time.perf_counter()
    if near_dup:
        dups = {a.id: near.add(a.id, a.canonical, a.published)[0] is not None for a in subset}
    else:
        dups = dict.fromkeys((a.id for a in subset), False)
    t_near = time.perf_counter() - started
    reports = [
        Report(ev, a.id, a.source, a.url, a.published, dups[a.id])
        for a in subset
        for ev in events.get(a.id, ())
    ]
    _settle()
    clock = GcClock()
    gc.callbacks.append(clock)
    clusterer = EventClusterer()
    started = time.perf_counter()
    for r in reports:
        clusterer.add(r)
    clusterer.changed()
    t_cluster = time.perf_counter() - started
    gc.callbacks.remove(clock)
    # The comparisons, counted in a second pass so that the counter does not slow the timed one.
    counting = Counting()
    events_module.compare = counting
    try:
        again = EventClusterer()
        for r in reports:
            again.add(r)
    finally:
        events_module.compare = compare
    n_events, n_dups = len(clusterer), sum(dups.values())
    return t_near, t_cluster, n_dups, len(reports), n_events, counting.calls, clock.seconds


def near_slices(articles: list[Article], n: int, size: int, repeat: int) -> None:
    """Print the time of each consecutive `size` articles of the first `n` through one near-duplicate index
    (the fastest of `repeat` runs, each on a fresh index, frozen after every 500 articles as in a run)."""
    best = [float("inf")] * -(-n // size)
    for _ in range(max(1, repeat)):
        _settle()
        near = NearDuplicateIndex()
        for k in range(len(best)):
            started = time.perf_counter()
            for i, a in enumerate(articles[k * size : min(n, (k + 1) * size)], 1):
                near.add(a.id, a.canonical, a.published)
                if i % 500 == 0:
                    gc.freeze()
            best[k] = min(best[k], time.perf_counter() - started)
        del near
        gc.unfreeze()
    for k, took in enumerate(best):
        count = min(n, (k + 1) * size) - k * size
        print(f"near-dup slice {k + 1}: articles {k * size + 1:6d}-{k * size + count:6d} {took:5.2f} s "
              f"({count / took:5.0f} articles/s)")  # fmt: skip
    print(f"near-dup last slice / first: time x{best[-1] / best[0]:.2f}; all {n} articles {sum(best):.1f} s")


def slices(articles: list[Article], events: dict[str, list], n: int, size: int, repeat: int) -> None:
    """Print the time and comparisons of each consecutive `size` articles of the first `n`, clustered by
    one clusterer (every report independent, as with --cluster-only)."""
    parts = [
        [
            Report(ev, a.id, a.source, a.url, a.published, False)
            for a in articles[k : k + size]
            for ev in events.get(a.id, ())
        ]
        for k in range(0, n, size)
    ]
    best = [float("inf")] * len(parts)
    calls = [0] * len(parts)
    for attempt in range(max(1, repeat)):
        _settle()
        counting = Counting() if attempt == 0 else None
        if counting:  # the first pass counts comparisons (slower: its times are not kept)
            events_module.compare = counting
        clusterer = EventClusterer()
        try:
            for k, part in enumerate(parts):
                before = counting.calls if counting else 0
                started = time.perf_counter()
                for i, report in enumerate(part, 1):
                    clusterer.add(report)
                    if i % 300 == 0:  # about 500 articles' reports: the runner freezes after each batch
                        gc.freeze()
                gc.freeze()
                took = time.perf_counter() - started
                if counting:
                    calls[k] = counting.calls - before
                else:
                    best[k] = min(best[k], took)
        finally:
            events_module.compare = compare
        del clusterer
        gc.unfreeze()
    if repeat < 2:
        print("(--slices needs --repeat 2 or more: the first pass only counts comparisons)")
        return
    for k, part in enumerate(parts):
        print(
            f"slice {k + 1}: articles {k * size + 1:6d}-{min(n, (k + 1) * size):6d}, {len(part):5d} reports "
            f"{best[k]:5.2f} s ({len(part) / best[k]:5.0f} reports/s, "
            f"{calls[k] / len(part):4.1f} comparisons/report)"
        )
    print(
        f"last slice / first: time x{best[-1] / best[0]:.2f}, reports x{len(parts[-1]) / len(parts[0]):.2f}, "
        f"comparisons x{calls[-1] / calls[0]:.2f}; all {n} articles {sum(best):.1f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 60_000])
    ap.add_argument("--order", choices=["interleaved", "published", "tiled"], default="interleaved")
    ap.add_argument("--tile", type=int, default=10_000, help="articles per copy with --order tiled")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest of each stage is kept")
    ap.add_argument("--cluster-only", action="store_true", help="skip the near-duplicate index")
    ap.add_argument("--slices", action="store_true", help="time each --tile articles within one clusterer")
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
    if args.order == "tiled":
        articles = tiled(articles[: args.tile], events, -(-max(args.sizes) // args.tile))
        args.cluster_only = True  # the copies are near-duplicates of each other
    print(
        f"order: {args.order}"
        + (f" (copies of the first {args.tile} interleaved articles)" if args.order == "tiled" else "")
    )
    print(f"{len(articles)} articles, {sum(len(v) for v in events.values())} reports available")
    if args.slices:
        if not args.cluster_only:
            near_slices(articles, max(args.sizes), args.tile, args.repeat)
        slices(articles, events, max(args.sizes), args.tile, args.repeat)
        return
    rows = []
    for n in args.sizes:
        runs = [run(articles, events, n, not args.cluster_only) for _ in range(max(1, args.repeat))]
        t_near, t_cluster = min(r[0] for r in runs), min(r[1] for r in runs)
        _, _, dups, n_reports, n_events, calls, _ = runs[0]
        t_gc = min(r[1:2] + r[6:7] for r in runs)[1]  # the collector's share of the fastest clustering
        rows.append((n, t_near, t_cluster))
        near = (
            f"near-dup {t_near:6.1f} s ({n / t_near:5.0f} articles/s, {dups} duplicates) | "
            if not args.cluster_only
            else ""
        )
        print(
            f"{n:6d} articles: {near}clustering {n_reports} reports {t_cluster:6.1f} s "
            f"(collector {t_gc:4.1f} s; {n_reports / t_cluster:5.0f} reports/s, "
            f"{calls / n_reports:4.1f} comparisons/report, {n_events} events) | "
            f"total {t_near + t_cluster:6.1f} s"
        )
    (n0, a0, b0), *rest = rows
    for n, a, b in rest:
        total = (a + b) / (a0 + b0)
        near = f"near-dup x{a / a0:.2f}, " if not args.cluster_only else ""
        print(f"x{n / n0:.1f} articles -> {near}clustering x{b / b0:.2f}, total x{total:.2f}")


if __name__ == "__main__":
    main()
