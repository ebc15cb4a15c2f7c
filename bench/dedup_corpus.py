"""The corpus articles and their extracted events, cached once for the dedup benchmarks.

`load(corpus)` returns `CorpusSlice`: every Arabic article of `ant2018` or `snn2015` (in file order) with the
events `pipeline.extract_article` finds in it, and for each event the mentions it was merged from
(`pipeline.extract_told`: how eval/dedup's anchors find their report). Extraction is slow next to dedup, so
the result is pickled under `$MARSAD_DEDUP_CACHE` (default: the system temp dir), keyed by corpus, extractor
version and a digest of the extractor's code and data (`extractor_digest`: an edit that forgot to bump the
version still gets its own cache); the cache holds corpus text and must stay outside the repository.

Usage (to build the caches ahead of time): python bench/dedup_corpus.py ant2018 snn2015
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.events.merging import Telling
from marsad.ingest.articles import read_articles
from marsad.model import Article, Event
from marsad.pipeline import EXTRACTOR_VERSION, extract_told

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "marsad"
# What extraction reads: its code and the package's data (lexicons, places).
EXTRACTOR_PARTS = ("events", "finders", "text", "geo", "data", "model.py", "pipeline.py")
CORPORA = {"ant2018": "ant2018.jsonl.gz", "snn2015": "snn2015.jsonl.gz"}


@dataclass(frozen=True, slots=True)
class CorpusSlice:
    articles: list[Article]
    events: dict[str, list[Event]]  # article id -> its events
    told: dict[str, tuple[Telling, ...]]  # event id -> the mentions it was merged from


def corpus_path(corpus: str) -> Path:
    shared = Path(os.environ.get("MARSAD_SHARED") or REPO / ".." / "shared").resolve()
    return shared / "corpus" / CORPORA[corpus]


class _Unpickler(pickle.Unpickler):
    """Reads caches written when this file ran as __main__ (they named its classes `__main__.…`)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "__main__":
            return globals()[name]
        return super().find_class(module, name)


def extractor_digest() -> str:
    """A digest of every file extraction reads, for the cache key."""
    h = hashlib.sha1()
    for part in EXTRACTOR_PARTS:
        root = PACKAGE / part
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".tsv", ".json", ".txt", ".csv"):
                h.update(str(path.relative_to(PACKAGE)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:10]


def cache_path(corpus: str) -> Path:
    base = Path(os.environ.get("MARSAD_DEDUP_CACHE") or tempfile.gettempdir())
    return base / f"marsad-dedup-{corpus}-{EXTRACTOR_VERSION}-{extractor_digest()}.pkl"


def load_cache(path: Path) -> CorpusSlice:
    """A cache file as written by `load`; one written before tellings were kept has none (`told` empty)."""
    with path.open("rb") as fh:
        cached = _Unpickler(fh).load()
    if isinstance(cached, tuple):
        return CorpusSlice(*cached) if len(cached) == 3 else CorpusSlice(cached[0], cached[1], {})
    return CorpusSlice(cached.articles, cached.events, getattr(cached, "told", {}))


def load(corpus: str, *, verbose: bool = True) -> CorpusSlice:
    path = cache_path(corpus)
    if path.exists():
        return load_cache(path)
    started = time.perf_counter()
    articles: list[Article] = []
    events: dict[str, list[Event]] = {}
    told: dict[str, tuple[Telling, ...]] = {}
    seen: set[str] = set()
    for _, item, _ in read_articles(corpus_path(corpus)):
        if not isinstance(item, Article) or item.id in seen:
            continue
        seen.add(item.id)
        articles.append(item)
        found = extract_told(item)
        if found:
            events[item.id] = [ev for ev, _ in found]
            told.update((ev.id, mentions) for ev, mentions in found)
        if verbose and len(articles) % 2000 == 0:
            rate = len(articles) / (time.perf_counter() - started)
            print(f"{corpus}: {len(articles)} articles extracted ({rate:.0f}/s)", file=sys.stderr)
    result = CorpusSlice(articles, events, told)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump((result.articles, result.events, result.told), fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return result


if __name__ == "__main__":
    for name in sys.argv[1:] or list(CORPORA):
        got = load(name)
        n_events = sum(len(v) for v in got.events.values())
        print(f"{name}: {len(got.articles)} articles, {n_events} events -> {cache_path(name)}")
