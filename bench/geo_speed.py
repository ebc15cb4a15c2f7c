"""Gazetteer speed: the cold build of the default gazetteer and the matching time per article.

Usage: python bench/geo_speed.py [-n 2000] [--db STORE]

Builds the default gazetteer with the disk cache off (MARSAD_CACHE_DIR=off), then times `Gazetteer.find`
over ../shared/eval/dev.articles.jsonl and the first N articles of ../shared/corpus/ant2018.jsonl.gz (or
$MARSAD_SHARED), with normalization and tokenization timed apart. With --db, also the build of
`gazetteer_for(STORE)` and matching with it. Prints a JSON line and a text summary; exits 0 with a message
when the shared data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ["MARSAD_CACHE_DIR"] = "off"  # before marsad is imported: every build below is cold

REPO = Path(__file__).resolve().parents[1]


def shared() -> Path:
    return Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve()


def texts(path: Path, n: int | None) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice((ln for ln in fh if ln.strip()), n):
            doc = json.loads(line)
            title, text = doc.get("title") or "", doc.get("text") or ""
            yield f"{title}\n\n{text}" if title else text


def match(gaz: object, docs: list[str]) -> dict[str, float]:
    from marsad.text.normalize import normalize
    from marsad.text.tokenize import tokenize

    prep = find = 0.0
    mentions = 0
    for doc in docs:
        t0 = time.perf_counter()
        nt = normalize(doc)
        toks = tokenize(nt.text)
        t1 = time.perf_counter()
        mentions += len(gaz.find(nt, toks))  # type: ignore[attr-defined]
        find += time.perf_counter() - t1
        prep += t1 - t0
    n = max(len(docs), 1)
    return {
        "articles": len(docs),
        "find_ms": round(1000 * find / n, 3),
        "normalize_tokenize_ms": round(1000 * prep / n, 3),
        "mentions_per_article": round(mentions / n, 2),
    }


def admin2_counts(gaz: object) -> dict[str, dict[str, int]]:
    """Per country with a complete district level: districts, and settlements with and without one."""
    from marsad.geo.sources import COMPLETE_ADMIN2

    out: dict[str, dict[str, int]] = {}
    for p in gaz.places:  # type: ignore[attr-defined]
        if p.country not in COMPLETE_ADMIN2:
            continue
        row = out.setdefault(p.country, {"districts": 0, "settlements": 0, "without_admin2": 0})
        if p.kind == "admin2":
            row["districts"] += 1
        elif p.kind in ("city", "town", "neighbourhood", "facility"):
            row["settlements"] += 1
            row["without_admin2"] += p.admin2 is None
    return dict(sorted(out.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="corpus articles (default 2000)")
    parser.add_argument("--db", help="a gazetteer store to time as well")
    args = parser.parse_args()
    base = shared()
    dev, corpus = base / "eval" / "dev.articles.jsonl", base / "corpus" / "ant2018.jsonl.gz"
    if not dev.is_file() or not corpus.is_file():
        print(f"shared data not found at {base} (set MARSAD_SHARED); nothing to measure")
        return 0
    t0 = time.perf_counter()
    from marsad.geo.gazetteer import Gazetteer

    t1 = time.perf_counter()
    gaz = Gazetteer.build()
    t2 = time.perf_counter()
    result: dict[str, Any] = {
        "import_s": round(t1 - t0, 3),
        "build_s": round(t2 - t1, 3),
        "places": gaz.size,
        "admin2": admin2_counts(gaz),
    }
    sets = {"dev": list(texts(dev, None)), "ant2018": list(texts(corpus, args.n))}
    for name, docs in sets.items():
        result[name] = match(gaz, docs)
    if args.db:
        from marsad.geo.user import gazetteer_for

        t3 = time.perf_counter()
        user = gazetteer_for(args.db)
        result["store"] = {"build_s": round(time.perf_counter() - t3, 3), "places": user.size}
        for name, docs in sets.items():
            result["store"][name] = match(user, docs)
    print(json.dumps(result, ensure_ascii=False))
    print(f"default gazetteer: {gaz.size} places, cold build {result['build_s']} s")
    for cc, r in result["admin2"].items():
        print(
            f"{cc}: {r['districts']} districts (matched by name), {r['settlements']} settlements,"
            f" {r['without_admin2']} without admin2"
        )
    rows = [(name, result[name]) for name in sets]
    if args.db:
        print(f"with {args.db}: {result['store']['places']} places, build {result['store']['build_s']} s")
        rows += [(f"{name} (store)", result["store"][name]) for name in sets]
    for name, r in rows:
        print(
            f"{name}: {r['articles']} articles, find {r['find_ms']} ms/article,"
            f" normalize+tokenize {r['normalize_tokenize_ms']} ms/article"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
