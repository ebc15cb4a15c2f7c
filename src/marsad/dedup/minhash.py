"""MinHash signatures and LSH bands for `dedup.near`, computed with numpy for speed.

A text's word `SHINGLE`-shingles are hashed in one vectorized pass: the text is normalized per code point
(`text.normalize.normalize_string` as a lookup table), tokens hash as polynomial rolling hashes of their code
points, shingles as a fixed linear mix of their tokens' hashes. The signature applies datasketch's "affine64"
permutation scheme (MurmurHash3 finalizer, then `a*h + b` mod 2^64) to all shingles at once, so it is a
datasketch `LeanMinHash` (`Signer.lean`) at ~20x the speed of `MinHash.update` per shingle. Everything is
seeded: the same text gives the same signature in every process.

The store keeps each article's sketch (`signature_bytes`: the values as little-endian uint64, 8 bytes each)
under the name of the `scheme` that made it: a digest of everything a signature depends on (normalization and
word tables, shingle mix, permutations, `FORMAT`), so a change to any of them makes stored sketches stale
(they are recomputed) instead of silently incomparable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHashLSH

from marsad.text.normalize import normalize_string

U64 = npt.NDArray[np.uint64]

SHINGLE = 5
NUM_PERM = 128
SEED = 20180401
_BLOCK = 4096  # shingles per block when a long text is hashed, to bound temporary memory
_BASE = np.uint64(0x100000001B3)  # odd, so invertible mod 2^64
_BMP = 0x10000
#: Bump when the hashing code changes in a way the tables hashed into `scheme` do not show.
FORMAT = 1


def _tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
    """`normalize_string` as a code point lookup (0: deleted), and which code points are word characters.
    Index `_BMP` stands for any astral character (emoji and the like): kept, not a word character."""
    norm = np.zeros(_BMP + 1, dtype=np.uint32)
    word = np.zeros(_BMP + 1, dtype=np.bool_)
    for c in range(_BMP):
        out = normalize_string(chr(c))
        norm[c] = ord(out) if len(out) == 1 else 0
        word[c] = chr(c).isalnum()
    norm[_BMP] = _BMP
    return norm, word


_NORM, _WORD = _tables()
_rng = np.random.default_rng(SEED)
_MIX = _rng.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def _fmix64(h: U64) -> U64:
    """MurmurHash3's 64-bit finalizer: a bijection that spreads structured inputs."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


class _Powers:
    """BASE^i and BASE^-i mod 2^64, grown on demand."""

    def __init__(self) -> None:
        self.up: U64 = np.ones(1, dtype=np.uint64)
        self.down: U64 = np.ones(1, dtype=np.uint64)

    def get(self, n: int) -> tuple[U64, U64]:
        if len(self.up) < n:
            size = max(n, 2 * len(self.up))
            inverse = np.uint64(pow(int(_BASE), -1, 2**64))
            one = np.ones(1, dtype=np.uint64)
            with np.errstate(over="ignore"):
                self.up = np.concatenate([one, np.cumprod(np.full(size - 1, _BASE, dtype=np.uint64))])
                self.down = np.concatenate([one, np.cumprod(np.full(size - 1, inverse, dtype=np.uint64))])
        return self.up[:n], self.down[:n]


_POWERS = _Powers()


def fingerprint(text: str) -> tuple[str, U64]:
    """The exact key of the text (sha1 of its normalized words) and the 64-bit hashes of its word
    `SHINGLE`-shingles (empty: no words). Normalization is `normalize_string` applied per code point."""
    codes = _NORM[np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), _BMP)]
    codes = codes[codes != 0]
    if not len(codes):
        return "", np.zeros(0, dtype=np.uint64)
    word = np.zeros(len(codes) + 2, dtype=np.int8)
    word[1:-1] = _WORD[codes]
    edges = word[1:] - word[:-1]
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if not len(starts):
        return "", np.zeros(0, dtype=np.uint64)
    up, down = _POWERS.get(len(codes) + 1)
    # Array arithmetic on uint64 wraps mod 2^64 silently, which is what every hash here wants.
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes * up[:-1], out=prefix[1:])
    tokens = (prefix[ends] - prefix[starts]) * down[starts]
    k = min(SHINGLE, len(tokens))
    n = len(tokens) - k + 1
    shingles = tokens[:n] * _MIX[0]
    for m in range(1, k):
        shingles += tokens[m : m + n] * _MIX[m]
    # Repeated shingles need no removal: they cannot change a minimum.
    return hashlib.sha1(tokens.tobytes()).hexdigest(), _fmix64(shingles)


def shingle_hashes(text: str) -> U64:
    return fingerprint(text)[1]


class Signer:
    """MinHash signatures in datasketch's "affine64" scheme, computed for all shingles at once."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.seed = seed
        self.a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def signature(self, hashes: U64) -> U64:
        if len(hashes) <= _BLOCK:
            out: U64 = (hashes[:, None] * self.a + self.b).min(axis=0)
            return out
        sig = np.full(self.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
        for i in range(0, len(hashes), _BLOCK):
            np.minimum(sig, (hashes[i : i + _BLOCK, None] * self.a + self.b).min(axis=0), out=sig)
        return sig

    def lean(self, sig: U64) -> LeanMinHash:
        """The signature as a datasketch `LeanMinHash` (to use datasketch's own tools on it)."""
        return LeanMinHash(seed=self.seed, hashvalues=sig, scheme="affine64")


class Bands:
    """LSH banding: `b` tables, each keyed by a 64-bit hash of `r` consecutive signature values. The (b, r)
    pair is the one datasketch's `MinHashLSH` picks for the threshold (its balance of false positives and
    negatives); the tables are plain dicts of int keys because `MinHashLSH.insert` and `query` cost ~10x
    more per article than the rest of the cascade together. A key collision only adds a candidate, which
    the verification step then rejects.

    Many items known at once (a stored index restored at the start of a run) go into a frozen layer instead
    (`freeze`): their keys, salted by band so that one array serves every band, in one sorted numpy array
    beside the item numbers. That is 12 bytes per item and band where the dicts take ~130, and built in one
    vectorized pass instead of b dict insertions per item. A frozen item is removed by marking it."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.b, self.r = int(lsh.b), int(lsh.r)
        rng = np.random.default_rng(SEED + 1)
        self._mix = rng.integers(0, 2**63, size=self.r, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        # Buckets are tuples: the index holds `b` (32) of them per article, and a tuple of strings is smaller
        # than a list (48 bytes to 64) and leaves the garbage collector's passes once it has been seen (those
        # of a 62k-article ingest walked 2M lists). Most hold one item, so rebuilding one is cheap.
        self.tables: list[dict[int, tuple[str, ...]]] = [{} for _ in range(self.b)]
        salt = np.random.default_rng(SEED + 2).integers(0, 2**63, size=self.b, dtype=np.uint64)
        self._salt: U64 = salt * np.uint64(2) + np.uint64(1)
        self._frozen: U64 = np.zeros(0, dtype=np.uint64)  # sorted salted keys
        self._frozen_at: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)  # the item number of each
        self._frozen_items: list[str] = []
        self._number: dict[str, int] = {}  # frozen item -> its number, while it is not removed

    def keys(self, sig: U64) -> list[int]:
        bands = sig[: self.b * self.r].reshape(self.b, self.r)
        keys: list[int] = _fmix64((bands * self._mix).sum(axis=1, dtype=np.uint64)).tolist()
        return keys

    def keys_many(self, sigs: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
        """`keys` of each row of a (n, num_perm) matrix of signatures, as a (n, b) array."""
        out = np.empty((len(sigs), self.b), dtype=np.uint64)
        for i in range(0, len(sigs), _BLOCK):
            bands = sigs[i : i + _BLOCK, : self.b * self.r].reshape(-1, self.b, self.r)
            out[i : i + _BLOCK] = _fmix64((bands * self._mix).sum(axis=2, dtype=np.uint64))
        return out

    def query(self, keys: list[int]) -> set[str]:
        found: set[str] = set()
        for table, key in zip(self.tables, keys, strict=True):
            bucket = table.get(key)
            if bucket:
                found.update(bucket)
        if len(self._frozen):
            salted = np.array(keys, dtype=np.uint64) ^ self._salt
            lo = np.searchsorted(self._frozen, salted, "left")
            hi = np.searchsorted(self._frozen, salted, "right")
            hit = hi > lo
            for start, end in zip(lo[hit].tolist(), hi[hit].tolist(), strict=True):
                for n in self._frozen_at[start:end].tolist():
                    item = self._frozen_items[n]
                    if self._number.get(item) == n:
                        found.add(item)
        return found

    def insert(self, item: str, keys: list[int]) -> None:
        for table, key in zip(self.tables, keys, strict=True):
            bucket = table.get(key)
            table[key] = (item,) if bucket is None else (*bucket, item)

    def freeze(self, items: list[str], keys: npt.NDArray[np.uint64]) -> None:
        """Insert many items at once, with their (n, b) `keys_many`, into the frozen layer."""
        if not items:
            return
        base = len(self._frozen_items)
        self._frozen_items.extend(items)
        self._number.update(zip(items, range(base, base + len(items)), strict=True))
        salted = (keys ^ self._salt).ravel()  # item i's keys at [i*b, (i+1)*b)
        order = np.argsort(salted, kind="stable")
        salted = salted[order]
        order //= self.b
        numbers = order.astype(np.int32) + np.int32(base)
        del order
        if len(self._frozen):
            salted = np.concatenate([self._frozen, salted])
            numbers = np.concatenate([self._frozen_at, numbers])
            order = np.argsort(salted, kind="stable")
            salted, numbers = salted[order], numbers[order]
        self._frozen, self._frozen_at = salted, numbers

    def remove(self, item: str, keys: list[int]) -> None:
        if self._number.pop(item, None) is not None:  # a frozen item: marked, its keys stay
            return
        for table, key in zip(self.tables, keys, strict=True):
            bucket = table[key]
            i = bucket.index(item)
            if len(bucket) == 1:
                del table[key]
            else:
                table[key] = bucket[:i] + bucket[i + 1 :]


@dataclass(frozen=True, slots=True)
class Sketch:
    """What the index needs of a text: its exact key and its MinHash signature (None: no words). Pure and
    picklable, so the ingest runner computes it in its worker processes, beside the extraction."""

    key: str
    sig: U64 | None


_SIGNERS: dict[int, Signer] = {}


def _signer(num_perm: int) -> Signer:
    signer = _SIGNERS.get(num_perm)
    if signer is None:
        signer = _SIGNERS[num_perm] = Signer(num_perm)
    return signer


def sketch(text: str, num_perm: int = NUM_PERM) -> Sketch:
    key, hashes = fingerprint(text)
    if not len(hashes):
        return Sketch(key, None)
    return Sketch(key, _signer(num_perm).signature(hashes))


def scheme(num_perm: int = NUM_PERM) -> str:
    """The name of the sketches `sketch(text, num_perm)` makes: equal names, comparable sketches."""
    signer = _signer(num_perm)
    digest = hashlib.sha1(f"{FORMAT} {SHINGLE} {int(_BASE)} {signer.seed}".encode())
    for table in (_NORM, _WORD, _MIX, signer.a, signer.b):
        digest.update(table.tobytes())
    return f"minhash{FORMAT}-{num_perm}-{digest.hexdigest()[:16]}"


def signature_bytes(sig: U64) -> bytes:
    """A signature as the store keeps it: its values as little-endian uint64."""
    return sig.astype("<u8", copy=False).tobytes()


def signature_from_bytes(blob: bytes) -> U64:
    """The inverse of `signature_bytes` (a read-only view of `blob` on little-endian machines)."""
    sig: U64 = np.frombuffer(blob, dtype="<u8").astype(np.uint64, copy=False)
    return sig
