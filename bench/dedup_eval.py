"""Pairwise precision and recall of cross-source event dedup against the gold pairs (eval/dedup/).

Usage: python bench/dedup_eval.py [--threshold 0.45] [--bridge 0.6 (0: off)] [--show-errors] [--diagnose]
                                  [--max-candidates 12 (0: all)] [--max-probes 16 (0: all)] [--by-id]
                                  [--similarity]

Re-extracts the ant2018 corpus (cached by bench/dedup_corpus.py), runs the near-duplicate index over every
article and the event clusterer over every report, in publication order, so each gold pair is judged in
the context of the whole corpus. A pair is predicted "same" when both reports end in the same canonical
event. Prints P/R/F1 for the tuning split, the held-out split and both, and per stratum.

Each gold report is found by its anchor (`marsad.dedup.gold`: article, type, trigger, sentence and place
spans), resolved against the current extraction; the count of anchors per resolution level is printed. A
pair with an unresolved side (the mention makes no report any more) is predicted "different": it is
scored, not dropped, and its count is printed by split and gold label; the figures over the pairs whose
two reports both exist (the clusterer's part alone) are printed after the main ones. `--by-id` uses the
stored report ids instead (valid only for the extractor they were made by, marsad-rules-0.1.0).

`--show-errors` lists the tuning split's misses (never the held-out's, which must not guide a choice).
`--diagnose` adds, for each, the pair scored directly with `compare` (no clustering) and the cause:

* `apart by design`: the two reports are in different blocks (admin1 unknown on one side), never compared;
* `shared article`: their events hold two reports of one article, so they can never be merged;
* `fits, placed apart`: the pair scores at or above the threshold directly, but the greedy clusterer put
  each report in another event that fitted it better or came first;
* `<factor> too low` (place, type, date, adjustments): the direct score is under the threshold and this
  factor is the weakest of the four;
* for a false positive, `fields agree` (the pair itself scores at or above the threshold: the fields cannot
  tell the two events apart) or `chained` (it scores under, and was joined through other members).

`--similarity` only asks whether the wording of the two evidence sentences could tell same from different
pairs: the cosine of their character trigrams and of their words (normalized text), as the AUC per split
(0.5: no better than chance). No clustering is run.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import Counter
from pathlib import Path

import dedup_corpus

from marsad.dedup.compare import BRIDGE, Profile, adjustments, compare, date_factor, place_factor, type_factor
from marsad.dedup.events import MAX_CANDIDATES, MAX_PROBES, EventClusterer, block_of
from marsad.dedup.gold import Anchor, resolve, told_by
from marsad.dedup.near import NearDuplicateIndex
from marsad.records import CanonicalEvent, Report
from marsad.text.normalize import normalize_string

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


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(a[k] * b[k] for k in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _auc(rows: list[tuple[float, bool]]) -> float:
    """The chance that a same pair scores above a different one (ties count half)."""
    pos, neg = [s for s, g in rows if g], [s for s, g in rows if not g]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg)) if pos and neg else float("nan")


def similarity(pairs: list[dict[str, object]], sentences: dict[str, str]) -> None:
    """Print the AUC of the evidence sentences' cosine similarity (trigrams, words) per split."""

    def trigrams(text: str) -> Counter[str]:
        t = " ".join(normalize_string(text).split())
        return Counter(t[i : i + 3] for i in range(len(t) - 2))

    def words(text: str) -> Counter[str]:
        return Counter(w for w in normalize_string(text).split() if len(w) > 2)

    for name, bag in (("character trigrams", trigrams), ("words", words)):
        for split in ("tune", "heldout"):
            rows = [
                (_cosine(bag(sentences[str(p["a"])]), bag(sentences[str(p["b"])])), bool(p["same"]))
                for p in pairs
                if p["split"] == split and p["a"] and p["b"]
            ]
            print(f"evidence sentences, {name:18s} {split:8s} pairs {len(rows):3d}  AUC {_auc(rows):.3f}")


def cause(
    gold: bool, a: Profile, b: Profile, ea: CanonicalEvent, eb: CanonicalEvent, threshold: float
) -> str:
    """Why a pair of the tuning split is misjudged (see the module docstring)."""
    first, second = (a, b) if a.published <= b.published else (b, a)
    match = compare(second, first)
    score = match.score if match else 0.0
    direct = f"direct {score:.2f}" + (f" ({', '.join(match.reasons)})" if match else "")
    if not gold:
        kind = "fields agree" if score >= threshold else f"chained (event of {len(ea.links)} reports)"
        return f"{kind}; {direct}"
    if block_of(a) != block_of(b):
        return f"apart by design (admin1 unknown on one side); {direct}"
    if {lk.article_id for lk in ea.links} & {lk.article_id for lk in eb.links}:
        return f"shared article (events of {len(ea.links)} and {len(eb.links)} reports); {direct}"
    if score >= threshold:
        return f"fits, placed apart (events of {len(ea.links)} and {len(eb.links)} reports); {direct}"
    place, kind_ = place_factor(second, first), type_factor(second, first)
    factors = {"place": place[0] if place else 0.0, "type": kind_[0] if kind_ else 0.0}
    if place and kind_:
        when = date_factor(second, first, update=kind_[0] == 1.0 and place[0] == 1.0)
        factors["date"] = when[0] if when else 0.0
    else:
        factors["date"] = 1.0
    adjust = 1.0
    for factor, _ in adjustments(second, first):
        adjust *= factor
    factors["adjustments"] = adjust
    weakest = min(factors, key=lambda k: factors[k])
    return f"{weakest} too low; {direct}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--bridge", type=float, default=BRIDGE, help="merge events one report fits (0: never)")
    ap.add_argument("--show-errors", action="store_true", help="list the tuning split's misses")
    ap.add_argument("--diagnose", action="store_true", help="--show-errors with the cause of each miss")
    ap.add_argument("--max-candidates", type=int, default=MAX_CANDIDATES, help="0: no cap")
    ap.add_argument("--max-probes", type=int, default=MAX_PROBES, help="0: no cap")
    ap.add_argument("--by-id", action="store_true", help="find reports by stored id, not by anchor")
    ap.add_argument("--cache", type=Path, help="a dedup_corpus pickle to read instead of the current one")
    ap.add_argument("--similarity", action="store_true", help="AUC of evidence-sentence similarity only")
    args = ap.parse_args()
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    cs = dedup_corpus.load_cache(args.cache) if args.cache else dedup_corpus.load("ant2018")
    levels = Counter[str]()
    unresolved = Counter[tuple[str, bool]]()
    if not args.by_id:
        for pair in pairs:
            for k in ("a", "b"):
                anchor = Anchor.from_json(pair[f"{k}_anchor"], pair[f"{k}_article"])
                told = [(ev, cs.told.get(ev.id) or told_by(ev)) for ev in cs.events.get(anchor.article, ())]
                found, level = resolve(anchor, told)
                levels[level] += 1
                pair[k] = found.id if found else None
            if pair["a"] is None or pair["b"] is None:
                unresolved[(pair["split"], bool(pair["same"]))] += 1
    if args.similarity:
        sentences = {ev.id: ev.evidence.sentence.text for evs in cs.events.values() for ev in evs}
        similarity(pairs, sentences)
        return
    articles = sorted(cs.articles, key=lambda a: (a.published, a.id))
    started = time.perf_counter()
    near = NearDuplicateIndex()
    clusterer = EventClusterer(
        bridge=args.bridge or None,
        max_candidates=args.max_candidates or None,
        max_probes=args.max_probes or None,
    )
    if args.threshold is not None:
        clusterer.threshold = args.threshold
    n_reports = n_dups = 0
    wanted = {pair[k] for pair in pairs for k in ("a", "b") if pair[k]}
    profiles: dict[str, Profile] = {}
    for art in articles:
        dup, _ = near.add(art.id, art.canonical, art.published)
        n_dups += dup is not None
        for ev in cs.events.get(art.id, ()):
            report = Report(ev, art.id, art.source, art.url, art.published, dup is not None)
            clusterer.add(report)
            n_reports += 1
            if ev.id in wanted:
                profiles[ev.id] = Profile.of(report)
    seconds = time.perf_counter() - started
    print(
        f"{len(articles)} articles ({n_dups} near-duplicates), {n_reports} reports -> "
        f"{len(clusterer)} events in {seconds:.1f} s (threshold {clusterer.threshold}, bridge {args.bridge})"
    )
    rows: dict[str, list[tuple[bool, bool]]] = {"tune": [], "heldout": []}
    both: dict[str, list[tuple[bool, bool]]] = {"tune": [], "heldout": []}  # pairs whose reports both exist
    strata: dict[str, list[tuple[bool, bool]]] = {}
    missing = Counter[str]()
    causes = Counter[tuple[str, str]]()
    for pair in pairs:
        if pair["a"] is None or pair["b"] is None:
            row = (bool(pair["same"]), False)  # an unresolved anchor: no report, so in no event
            rows[pair["split"]].append(row)
            strata.setdefault(pair["stratum"], []).append(row)
            if (args.show_errors or args.diagnose) and pair["split"] == "tune" and row[0]:
                print(f"  FN #{pair['n']} {pair['stratum']}: {pair['why']}\n      unresolved anchor")
                causes[("FN", "unresolved anchor")] += 1
            continue
        a, b = clusterer.event_of(pair["a"]), clusterer.event_of(pair["b"])
        if a is None or b is None:
            missing[pair["split"]] += 1
            continue
        row = (bool(pair["same"]), a.id == b.id)
        rows[pair["split"]].append(row)
        both[pair["split"]].append(row)
        strata.setdefault(pair["stratum"], []).append(row)
        if (args.show_errors or args.diagnose) and pair["split"] == "tune" and row[0] != row[1]:
            kind = "FN" if row[0] else "FP"
            print(f"  {kind} #{pair['n']} {pair['stratum']}: {pair['why']}")
            if args.diagnose:
                pa, pb = profiles[pair["a"]], profiles[pair["b"]]
                why = cause(row[0], pa, pb, a, b, clusterer.threshold)
                causes[(kind, why.split(" (")[0].split(";")[0])] += 1
                print(f"      {why}")
    if missing:
        print(f"reports not found (extractor changed?): {dict(missing)}")
    if levels:
        print("anchors: " + ", ".join(f"{n} {level}" for level, n in levels.most_common()))
    if unresolved:
        counts = ", ".join(
            f"{split} {'same' if same else 'different'} {n}"
            for (split, same), n in sorted(unresolved.items())
        )
        print(f"pairs with an unresolved anchor (scored as predicted different): {counts}")
    for (kind, why), n in sorted(causes.items()):
        print(f"  tuning {kind}: {n:2d} {why}")
    for split in ("tune", "heldout"):
        print(f"{split:8s} {prf(rows[split])}")
    print(f"{'all':8s} {prf(rows['tune'] + rows['heldout'])}")
    if unresolved:
        # The clusterer's part alone: the pairs whose two reports the current extractor still makes.
        for split in ("tune", "heldout"):
            print(f"{split:8s} {prf(both[split])}  (both reports exist)")
    for name, got in sorted(strata.items()):
        print(f"  {name:17s} {prf(got)}")


if __name__ == "__main__":
    main()
