"""The stored articles' near-duplicate sketches, put back into a run's `NearDuplicateIndex`.

The index lives in memory for one run; the store keeps every article's sketch (`store.sketches`), written
in the transaction that writes the article. Before a run indexes its first new article, `restore_index`
fills the index with the stored ones, so that a syndicated copy of an article stored by an earlier run is
linked to it (and its reports are not independent evidence) exactly as if both had come in one run.

* The sketches are restored in the order their articles first entered an index (the store's `seq`), and
  only the last `index.max_size` of them (the index would evict the others at once), before anything new
  is added: the index a run starts with is the one the earlier runs ended with, so a run stopped and
  resumed links the same originals as one never stopped (ties between equally old originals and eviction
  both follow that order).
* An article without a sketch of the index's scheme (stored before schema 4, by a caller that gave none,
  or when the hashing has changed since) has one computed from its stored text and saved, a chunk per
  transaction, before the restore (in the order the articles were ingested, then published). The first
  run after an upgrade pays this once; an interrupted backfill goes on where it stopped.
* Cost, for the 62k articles of both corpora (`bench/dedup_near.py --restore [--db URL]`, 2 shared
  cores): the restore takes 2-3.5 s (SQLite or PostgreSQL) and leaves the index holding ~120 MB (the
  signatures, 64 MB, then band keys, ids and dates), ~210 MB at its peak; the one-off backfill of 62k
  sketches takes 25-60 s. The same index built by `add`, one article at a time, holds ~360 MB (its bands
  are dicts) and took 14-18 s to restore that way.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from marsad.dedup.minhash import signature_bytes
from marsad.dedup.near import NearDuplicateIndex, Sketch
from marsad.store import Store, StoredSketch

log = logging.getLogger(__name__)

#: Articles read, sketched and saved per transaction when sketches are backfilled.
BACKFILL_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Restored:
    """What `restore_index` did: sketches computed for articles that had none, sketches put in the index."""

    backfilled: int
    restored: int
    seconds: float


def stored_sketch(index: NearDuplicateIndex, sketched: Sketch) -> StoredSketch:
    """A sketch of this index as the store keeps it."""
    sig = signature_bytes(sketched.sig) if sketched.sig is not None else None
    return StoredSketch(index.scheme, sketched.key, sig)


def backfill(store: Store, index: NearDuplicateIndex) -> int:
    """Compute and save the sketch of every stored article that lacks one of the index's scheme."""
    ids = store.articles_without_sketch(index.scheme)
    for i in range(0, len(ids), BACKFILL_CHUNK):
        articles = store.load_articles(ids[i : i + BACKFILL_CHUNK])
        store.save_sketches(
            (a.id, a.published, stored_sketch(index, index.sketch(a.canonical))) for a in articles
        )
    return len(ids)


def restore_index(store: Store, index: NearDuplicateIndex) -> Restored:
    """Backfill missing sketches, then put the stored ones into the (empty) index."""
    started = time.perf_counter()
    backfilled = backfill(store, index)
    restored = index.restore(store.stored_sketches(index.scheme, index.max_size))
    done = Restored(backfilled, restored, time.perf_counter() - started)
    if restored or backfilled:
        log.info(
            "near-duplicate index: %d stored articles restored in %.2f s (%d sketches computed first)",
            done.restored,
            done.seconds,
            done.backfilled,
        )
    return done
