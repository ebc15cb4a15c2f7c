"""Sample candidate pairs of reports for the dedup gold set (eval/dedup/README.md says how it was built).

Usage: python bench/dedup_pairs.py [--seed 4] [--out /tmp/dedup_candidates.txt]

Runs on the ant2018 extraction cache (bench/dedup_corpus.py). Pairs are of reports from different articles
of the same country with dates at most 7 days apart, drawn at random from five strata (below); articles
that are exact or near copies of each other are left out (their reports are the same event by definition).
Writes, outside the repository, a text file to read and label by hand (ids, extracted fields, headline and
evidence sentence of both reports) and prints the stratum counts. Only ids and labels are committed.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from datetime import date

import dedup_corpus

from marsad.dedup.near import NearDuplicateIndex
from marsad.model import Event

STRATA = {
    # name: (how many, description)
    "same_admin1_type": (70, "same admin1 (known) and event type, dates <= 2 days apart"),
    "same_location": (40, "same location_ar and event type, dates <= 3 days apart"),
    "hard_admin1": (50, "same admin1 and type but other location or 3-7 days apart"),
    "other_type": (30, "same admin1, different event type, dates <= 2 days apart"),
    "no_admin1": (40, "same country and type, admin1 unknown on one side, dates <= 2 days apart"),
    # Drawn last (so the strata above keep their sample) and regardless of the strata above: random pairs
    # are mostly different events, this one is rich in same-event pairs.
    "fresh": (60, "same sub-event type and admin1, dates <= 1 day apart, other outlet, both breaking news"),
}


def fresh(a: Event, b: Event, published: dict[str, date]) -> bool:
    """Both reports date their event on the day of publication or the day before (not a recap)."""
    return (
        a.sub_event_type == b.sub_event_type
        and a.admin1 is not None
        and a.admin1 == b.admin1
        and abs((a.date - b.date).days) <= 1
        and all(
            ev.date_precision == "day" and 0 <= (published[ev.doc_id] - ev.date).days <= 1 for ev in (a, b)
        )
    )


def stratum(a: Event, b: Event) -> str | None:
    days = abs((a.date - b.date).days)
    if days > 7:
        return None
    same_type = a.event_type == b.event_type
    if same_type and a.location_ar and a.location_ar == b.location_ar and days <= 3:
        return "same_location"
    if a.admin1 and a.admin1 == b.admin1:
        if same_type and days <= 2 and a.location_ar == b.location_ar:
            return "same_admin1_type"
        if same_type and days <= 2:
            return "same_admin1_type"
        if same_type:
            return "hard_admin1"
        if days <= 2:
            return "other_type"
        return None
    if same_type and days <= 2 and (a.admin1 is None) != (b.admin1 is None):
        return "no_admin1"
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", default="/tmp/dedup_candidates.txt")
    args = ap.parse_args()
    cs = dedup_corpus.load("ant2018")
    arts = {a.id: a for a in cs.articles}
    # 0.7 was the default when the gold pairs were drawn: pinned so that they stay reproducible
    near = NearDuplicateIndex(threshold=0.7)
    root: dict[str, str] = {}
    for art in cs.articles:
        dup, _ = near.add(art.id, art.canonical, art.published)
        root[art.id] = root.get(dup, dup) if dup else art.id
    published = {a.id: a.published.date() for a in cs.articles}
    by_country: dict[str, list[Event]] = defaultdict(list)
    for events in cs.events.values():
        for ev in events:
            if ev.core and ev.country:
                by_country[ev.country].append(ev)
    pools: dict[str, list[tuple[Event, Event]]] = defaultdict(list)
    for country in sorted(by_country):
        evs = sorted(by_country[country], key=lambda e: (e.date, e.id))
        for i, a in enumerate(evs):
            for b in evs[i + 1 :]:
                if (b.date - a.date).days > 7:
                    break
                if root[a.doc_id] == root[b.doc_id]:
                    continue
                s = stratum(a, b)
                if s:
                    pools[s].append((a, b))
                if arts[a.doc_id].source != arts[b.doc_id].source and fresh(a, b, published):
                    pools["fresh"].append((a, b))
    rng = random.Random(args.seed)
    lines: list[str] = []
    n = 0
    taken: set[tuple[str, str]] = set()
    for name, (k, _) in STRATA.items():
        pool = [p for p in pools[name] if (p[0].id, p[1].id) not in taken]
        print(f"{name}: {len(pool)} candidates, sampling {min(k, len(pool))}")
        for a, b in rng.sample(pool, min(k, len(pool))):
            taken.add((a.id, b.id))
            n += 1
            lines.append(f"## {n} {name} a={a.id} {a.doc_id} b={b.id} {b.doc_id}")
            for ev in (a, b):
                art = arts[ev.doc_id]
                lines.append(
                    f"  [{art.source} {art.published:%m-%d}] {ev.sub_event_type} {ev.date} {ev.admin1} "
                    f"{ev.location_ar} k={ev.fatalities} i={ev.injured} | {art.title[:90]}"
                )
                lines.append("     " + ev.evidence.sentence.text[:260].replace("\n", " "))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"{n} pairs -> {args.out}")


if __name__ == "__main__":
    main()
