"""The corpus articles and their extracted events, cached once for the dedup benchmarks.

`load(corpus)` returns `CorpusSlice`: every Arabic article of `ant2018` or `snn2015` (in file order) with the
events `pipeline.extract_article` finds in it. Extraction is slow next to dedup, so the result is pickled
under `$MARSAD_DEDUP_CACHE` (default: the system temp dir), keyed by corpus and extractor version; the
cache holds corpus text and must stay outside the repository.

Usage (to build the caches ahead of time): python bench/dedup_corpus.py ant2018 snn2015
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.ingest.articles import read_articles
from marsad.model import Article, Event
from marsad.pipeline import EXTRACTOR_VERSION, extract_article

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"ant2018": "ant2018.jsonl.gz", "snn2015": "snn2015.jsonl.gz"}


@dataclass(frozen=True, slots=True)
class CorpusSlice:
    articles: list[Article]
    events: dict[str, list[Event]]  # article id -> its events


def corpus_path(corpus: str) -> Path:
    shared = Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve()
    return shared / "corpus" / CORPORA[corpus]


class _Unpickler(pickle.Unpickler):
    """Reads caches written when this file ran as __main__ (they named its classes `__main__.…`)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "__main__":
            return globals()[name]
        return super().find_class(module, name)


def cache_path(corpus: str) -> Path:
    base = Path(os.environ.get("MARSAD_DEDUP_CACHE") or tempfile.gettempdir())
    return base / f"marsad-dedup-{corpus}-{EXTRACTOR_VERSION}.pkl"


def load(corpus: str, *, verbose: bool = True) -> CorpusSlice:
    path = cache_path(corpus)
    if path.exists():
        with path.open("rb") as fh:
            cached = _Unpickler(fh).load()
        return cached if isinstance(cached, CorpusSlice) else CorpusSlice(*cached)
    started = time.perf_counter()
    articles: list[Article] = []
    events: dict[str, list[Event]] = {}
    seen: set[str] = set()
    for _, item, _ in read_articles(corpus_path(corpus)):
        if not isinstance(item, Article) or item.id in seen:
            continue
        seen.add(item.id)
        articles.append(item)
        found = extract_article(item)
        if found:
            events[item.id] = found
        if verbose and len(articles) % 2000 == 0:
            rate = len(articles) / (time.perf_counter() - started)
            print(f"{corpus}: {len(articles)} articles extracted ({rate:.0f}/s)", file=sys.stderr)
    result = CorpusSlice(articles, events)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump((result.articles, result.events), fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return result


if __name__ == "__main__":
    for name in sys.argv[1:] or list(CORPORA):
        got = load(name)
        n_events = sum(len(v) for v in got.events.values())
        print(f"{name}: {len(got.articles)} articles, {n_events} events -> {cache_path(name)}")
