"""Toponym recall of the default gazetteer on the dev set's gold locations.

Usage: python bench/toponym_recall.py [--gold PATH] [--articles PATH] [--misses]

For every gold event with a `location_ar`, looks for that name in the event's evidence text, then in the
article's text, with `Gazetteer.default().find`. An event is a hit when a mention resolves to the gold
country and, when the gold has one, the gold admin1, and either the mention's name overlaps the gold name
(one normalized key contains the other: حي الشعلة / الشعلة) or the gazetteer lists the place under the gold
name (تطويق العاصمة, read as Baghdad, for a gold بغداد). Each hit says how it was found:
  entry     a name the gazetteer lists for that place (بغداد، حي الشعلة)
  phrase    a phrase that names no place by itself, read from the article's country (جنوب البلاد، العاصمة)
  anchored  a name the gazetteer lacks, after a type word, placed by a known place (جبل مرثد ... مأرب)
Prints recall overall and per country as a JSON line (with recall from gazetteer entries alone), then as
text (with how many Iraqi and Syrian hits carry a district, admin2: the others are countries, provinces and
regions), then the misses. Reads ../shared/eval (or $MARSAD_SHARED/eval); exits 0 with a message when the
data is absent. Only counts and the gold names of misses are printed; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def eval_dir() -> Path:
    return Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve() / "eval"


@dataclass(frozen=True)
class Outcome:
    doc_id: str
    country: str
    admin1: str | None
    location: str
    hit: bool
    found_as: str  # what the gazetteer made of the name: "IQ-KI town", "absent", ...
    admin2: str | None = None  # the district of the place found, on a hit
    how: str | None = None  # on a hit: entry | phrase | anchored


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(gold_path: Path, articles_path: Path) -> list[Outcome]:
    from marsad.geo import sources
    from marsad.geo.gazetteer import Gazetteer
    from marsad.text.normalize import normalize

    gaz = Gazetteer.default()
    articles = _read_jsonl(articles_path) if articles_path.exists() else []
    texts = {a["id"]: a.get("text") or "" for a in articles}
    out: list[Outcome] = []
    for doc in _read_jsonl(gold_path):
        article = texts.get(doc["doc_id"], "")
        for ev in doc.get("events", []):
            loc = ev.get("location_ar")
            if not loc:
                continue
            gold_key = sources.key(loc)
            country, admin1 = ev.get("country"), ev.get("admin1")
            hit, found_as, admin2, how = False, "absent", None, None
            for text in (ev.get("evidence") or "", article):
                if not text or hit:
                    continue
                for m in gaz.find(normalize(text)):
                    k = sources.key(m.text)
                    p = m.place
                    overlaps = bool(k) and (k in gold_key or gold_key in k)
                    if not overlaps and not gaz.names(loc, p):
                        continue
                    if p.country == country and (admin1 is None or p.admin1 == admin1):
                        hit, found_as, admin2 = True, f"{p.admin1 or p.country} {p.kind}", p.admin2
                        how = (
                            "anchored"
                            if p.source == "context"
                            else "entry"
                            if gaz.names(m.text, p)
                            else "phrase"
                        )
                        break
                    if found_as == "absent":
                        found_as = f"wrong: {p.admin1 or p.country} {p.kind} ({p.name_en})"
            out.append(Outcome(doc["doc_id"], country or "?", admin1, loc, hit, found_as, admin2, how))
    return out


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    total, hits = Counter[str](), Counter[str]()
    for o in outcomes:
        for group in ("all", o.country):
            total[group] += 1
            hits[group] += o.hit
    return {
        g: {"hits": hits[g], "total": total[g], "recall": round(hits[g] / total[g], 3)}
        for g in sorted(total, key=lambda g: (g != "all", -total[g], g))
    }


def by_how(outcomes: list[Outcome]) -> dict[str, Any]:
    """Hits by how they were found, and the recall of gazetteer entries alone."""
    counts = Counter(o.how for o in outcomes if o.hit)
    entries = counts.get("entry", 0)
    return {
        "entry": entries, "phrase": counts.get("phrase", 0), "anchored": counts.get("anchored", 0),
        "entry_recall": round(entries / len(outcomes), 3) if outcomes else 0.0,
    }  # fmt: skip


def admin2_share(outcomes: list[Outcome]) -> dict[str, Any]:
    """Of the hits in the countries with a complete district level, how many carry a district."""
    from marsad.geo.sources import COMPLETE_ADMIN2

    hits = [o for o in outcomes if o.hit and o.country in COMPLETE_ADMIN2]
    with_admin2 = sum(o.admin2 is not None for o in hits)
    return {"hits": len(hits), "with_admin2": with_admin2}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=eval_dir() / "dev.gold.jsonl")
    parser.add_argument("--articles", type=Path, default=eval_dir() / "dev.articles.jsonl")
    parser.add_argument("--no-misses", action="store_true", help="do not list the misses")
    args = parser.parse_args(argv)
    if not args.gold.exists():
        print(f"no gold file at {args.gold}; nothing to measure")
        return 0
    outcomes = evaluate(args.gold, args.articles)
    result = summary(outcomes)
    districts = admin2_share(outcomes)
    how = by_how(outcomes)
    line = {
        "bench": "toponym_recall", "gold": str(args.gold), "recall": result, "found_by": how,
        "admin2": districts,
    }  # fmt: skip
    print(json.dumps(line, ensure_ascii=False))
    for group, r in result.items():
        print(f"{group:>4}: {r['hits']:3d}/{r['total']:3d} = {r['recall']:.3f}")
    print(
        f"found by: {how['entry']} gazetteer entries, {how['phrase']} country phrases, "
        f"{how['anchored']} anchored names; entries alone: {how['entry_recall']:.3f}"
    )
    print(f"admin2: {districts['with_admin2']} of {districts['hits']} Iraqi and Syrian hits carry a district")
    if not args.no_misses:
        misses = [o for o in outcomes if not o.hit]
        print(f"misses ({len(misses)}):")
        for o in sorted(misses, key=lambda o: (o.country, o.admin1 or "", o.location)):
            print(f"  {o.country} {o.admin1 or '-':7} {o.location}  [{o.found_as}]  {o.doc_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
