"""The answer cache: serialized answers of the read endpoints, kept per server process under the store's
change counter, so an answer is never served after the events changed.

`/events` pages and `/stats` are pure functions of their parameters and of the events table. Each request
reads the counter (`store_generation`, one row that every write to the events table raises in the writing
transaction, whatever process writes) and looks its answer up under (counter, endpoint, parameters). A
write makes every older entry unreachable; they age out of the LRU. Why it is safe with no lock around the
read: the counter is read before the query, so an answer stored under value g was computed from a state
at least as new as g, and once a write has raised the counter no request looks under g again.

Bounded by the bytes of the answers it holds (`max_bytes`, the oldest-used evicted first); 0 turns it off.
At 100k events a cached `/events` page is answered in about a fifth of the time of a computed one
(bench/api_load.py reports hits and misses).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

#: Default bound, bytes per server process (an `/events` page of 100 events is about 50 KB).
DEFAULT_BYTES = 64 * 1024 * 1024


class AnswerCache:
    """A thread-safe LRU of answer bodies, bounded by their total size."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        if max_bytes < 0:
            raise ValueError(f"max_bytes must be >= 0, got {max_bytes}")
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        return self._size

    def get_or_compute(self, key: Hashable, compute: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The body cached under `key`, else `compute()` (outside the lock) stored under it; and whether it
        was a hit. Two threads missing the same key both compute it (the same answer), rather than wait."""
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return body, True
            self.misses += 1
        body = compute()
        self.put(key, body)
        return body, False

    def put(self, key: Hashable, body: bytes) -> None:
        if not self.max_bytes or len(body) > self.max_bytes:
            return  # the cache is off, or the answer is larger than the whole cache: not kept
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._items[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)
