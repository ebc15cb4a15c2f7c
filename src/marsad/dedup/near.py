"""Near-duplicate articles: syndicated copies and updated versions, found with MinHash and LSH.

An article is a near-duplicate of an earlier one when the two share most of their word 5-shingles. For each
article `NearDuplicateIndex.add` runs this cascade:

1. **Exact copy.** The whitespace-collapsed normalized text is hashed (sha1); an article whose hash was seen
   is a copy of the earliest-published article with that hash (similarity 1.0). No MinHash is needed.
2. **Signature.** The text is normalized (`text.normalize`: alef, ya, ta marbuta, diacritics, digits), cut
   into word tokens and `SHINGLE`-word shingles (a text shorter than that is one shingle). A MinHash
   signature of `num_perm` values is computed with numpy in one pass: tokens hash as polynomial rolling
   hashes of their code points, shingles as a fixed linear mix of their tokens' hashes, and each permutation
   is datasketch's "affine64" scheme (MurmurHash3 finalizer, then `a*h + b` mod 2^64), so the signature is
   a datasketch `LeanMinHash`. This is ~20x faster than `MinHash.update` per shingle.
3. **Candidates.** LSH banding with the (bands, rows) datasketch's `MinHashLSH` chooses for
   `threshold - LSH_SLACK` returns the earlier articles likely to be similar; the slack buys recall at the
   verification threshold for a few more candidates.
4. **Verify.** Each candidate's Jaccard similarity is estimated from the two signatures; those at or above
   `threshold` (default 0.5) are similar. The original is the earliest-published of them (ties: the first
   seen), and `add` returns it with its similarity.
5. **Bound.** The article joins the index; past `max_size` articles, or `window_days` behind the latest
   publication seen, the oldest-inserted ones are evicted (from the LSH, the signatures and the hashes), so
   memory stays bounded in a long run. Eviction is by insertion order, which a feed keeps close to
   publication order.

The index lives in memory; what outlives a run is each stored article's sketch (exact key and signature,
kept by the store beside the article, named by `scheme`). `restore` puts stored articles back into the
index without looking them up (they were looked up when they were stored), so a run that starts by
restoring the stored sketches (`runner.sketches`) links copies of articles stored by earlier runs.

Why 0.5: on both corpora (62k articles; `bench/dedup_near.py`), pairs read by hand (titles and leads) in
each band of estimated similarity were the same wire story, re-headlined or lightly rewritten by another
paper, in 16 of 16 sampled at 0.5-0.6, 5 of 6 at 0.6-0.7 (the miss: two successive stories sharing their
background) and 12 of 12 above 0.7; at 0.4-0.5 only 7 of 10 were (weather bulletins and statements written
from one template are not copies). At 0.7, the usual default, a third of the copies found at 0.5 are lost.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np

from marsad.dedup.minhash import NUM_PERM, U64, Bands, Signer, Sketch, scheme, signature_from_bytes, sketch

__all__ = ["LSH_SLACK", "THRESHOLD", "NearDuplicateIndex", "Sketch", "sketch"]

THRESHOLD = 0.5
LSH_SLACK = 0.1


class NearDuplicateIndex:
    """Articles seen so far, to tell whether a new one copies or updates an earlier one (see the cascade)."""

    def __init__(
        self,
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
        *,
        max_size: int | None = 200_000,
        window_days: int | None = None,
    ) -> None:
        self.threshold = threshold
        self.max_size = max_size
        self.window = timedelta(days=window_days) if window_days is not None else None
        self.signer = Signer(num_perm)
        #: The name of the sketches this index compares (`minhash.scheme`); stored sketches of another one
        #: cannot be restored into it.
        self.scheme = scheme(num_perm)
        self.bands = Bands(max(0.05, threshold - LSH_SLACK), num_perm)
        self._sigs: dict[str, U64] = {}
        # article id -> (published, insertion number, exact key)
        self._seen: dict[str, tuple[datetime, int, str]] = {}
        self._exact: dict[str, str] = {}  # exact key -> earliest-published article with it
        self._order: deque[str] = deque()
        self._seq = 0
        self._latest: datetime | None = None

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._seen

    def sketch(self, text: str, sketched: Sketch | None = None) -> Sketch:
        """The text's sketch for this index: `sketched` (computed elsewhere) when it fits, else computed."""
        if sketched is None or (sketched.sig is not None and len(sketched.sig) != self.signer.num_perm):
            sketched = sketch(text, self.signer.num_perm)
        return sketched

    def add(
        self, article_id: str, text: str, published: datetime, sketched: Sketch | None = None
    ) -> tuple[str | None, float | None]:
        """Index the article; return `(original id, estimated Jaccard)` when it near-duplicates an
        earlier-seen article, else `(None, None)`. Adding an id already indexed only looks it up.
        `sketched` is `sketch(text)` computed elsewhere (it must use this index's number of permutations)."""
        sketched = self.sketch(text, sketched)
        key, sig = sketched.key, sketched.sig
        found = self._exact.get(key) if key else None
        if found is not None and found != article_id:
            self._insert(article_id, key, published)
            return found, 1.0
        if sig is None:
            self._insert(article_id, key, published)
            return None, None
        best: tuple[datetime, int, str, float] | None = None
        keys = self.bands.keys(sig)
        for other in self.bands.query(keys):
            if other == article_id:
                continue
            similarity = float(np.mean(sig == self._sigs[other]))
            if similarity >= self.threshold:
                other_published, other_seq, _ = self._seen[other]
                candidate = (other_published, other_seq, other, similarity)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
        self._insert(article_id, key, published, sig, keys)
        if best is None:
            return None, None
        return best[2], round(best[3], 4)

    def restore(self, stored: Iterable[tuple[str, datetime, str, bytes | None]]) -> int:
        """Index stored articles, given as (id, published, exact key, signature bytes or None when the text
        has no words) of this index's `scheme`, without looking them up (they were, when they were stored);
        how many were new to the index. Give them in the order they were first indexed, before any `add`:
        the insertion order is the tie-break between equally old originals, and the eviction order. Done in
        one pass: the signatures become rows of one matrix and their band keys a frozen layer of the bands."""
        rows = list({row[0]: row for row in stored if row[0] not in self._seen}.values())
        width = 8 * self.signer.num_perm
        for article_id, _, _, blob in rows:
            if blob is not None and len(blob) != width:
                raise ValueError(
                    f"{article_id}: {len(blob) // 8} signature values, not {self.signer.num_perm}"
                )
        blobs = [(row[0], row[3]) for row in rows if row[3] is not None]
        sigs = np.empty((len(blobs), self.signer.num_perm), dtype=np.uint64)
        for i, (_, blob) in enumerate(blobs):
            sigs[i] = signature_from_bytes(blob)
        self.bands.freeze([aid for aid, _ in blobs], self.bands.keys_many(sigs))
        views = iter(sigs)
        for article_id, published, key, blob in rows:
            self._insert(article_id, key, published, next(views) if blob is not None else None)
        return len(rows)

    def _insert(
        self,
        article_id: str,
        key: str,
        published: datetime,
        sig: U64 | None = None,
        keys: list[int] | None = None,
    ) -> None:
        if article_id in self._seen:
            return
        self._seen[article_id] = (published, self._seq, key)
        self._seq += 1
        earliest = self._exact.get(key)
        if key and (earliest is None or published < self._seen[earliest][0]):
            self._exact[key] = article_id
        if sig is not None:
            self._sigs[article_id] = sig
        if keys is not None:  # else frozen in the bands by `restore`
            self.bands.insert(article_id, keys)
        self._order.append(article_id)
        self._latest = published if self._latest is None else max(self._latest, published)
        self._evict()

    def _evict(self) -> None:
        while self._order and (
            (self.max_size is not None and len(self._order) > self.max_size) or self._stale(self._order[0])
        ):
            old = self._order.popleft()
            _, _, key = self._seen.pop(old)
            if self._exact.get(key) == old:
                del self._exact[key]
            sig = self._sigs.pop(old, None)
            if sig is not None:
                self.bands.remove(old, self.bands.keys(sig))

    def _stale(self, article_id: str) -> bool:
        if self.window is None or self._latest is None:
            return False
        return self._seen[article_id][0] < self._latest - self.window
