"""A per-client-IP token bucket in front of the whole app (`RateLimit`).

Each client address gets a bucket of `burst` tokens refilled at `rate` tokens per second; a request takes
one token, and a request finding the bucket empty is answered 429 with `Retry-After` (whole seconds until a
token is back) without reaching the app. The client is the TCP peer address (`scope["client"]`):
`X-Forwarded-For` is not trusted, so behind a reverse proxy every client shares the proxy's bucket; limit
per client at the proxy then, or raise the limit here.

The default (`DEFAULT_RATE` per second, bursts of twice that) is far above what a person with the dashboard
sends: it is there to stop one client from monopolising the server, not as a quota, and it leaves the
load target (200 requests/s from one address, bench/api_load.py) a factor of two of headroom. Buckets of
addresses not seen for a minute are dropped, so memory stays bounded by the addresses of the last minute.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `marsad serve --help` reads DEFAULT_RATE: no web framework imported for it
    from starlette.types import ASGIApp, Receive, Scope, Send

#: Requests per second per client address that `create_app` and `marsad serve` allow by default.
DEFAULT_RATE = 400.0
#: Idle seconds after which an address's bucket is forgotten (it would be full again by then).
FORGET_AFTER = 60.0


@dataclass(slots=True)
class _Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """The buckets, keyed by client address; `take(key)` is 0.0 when a token was taken, else the seconds
    until one is available. Not thread-safe: the middleware calls it from the event loop only."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"a rate limit needs rate > 0 and burst >= 1, got {rate}, {burst}")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._swept = clock()

    def take(self, key: str) -> float:
        now = self._clock()
        if now - self._swept > FORGET_AFTER:
            self._sweep(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(self.burst, now)
        else:
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _sweep(self, now: float) -> None:
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.stamp <= FORGET_AFTER}
        self._swept = now

    def __len__(self) -> int:
        return len(self._buckets)


class RateLimit:
    """ASGI middleware: 429 `{"error": "too_many_requests", ...}` with `Retry-After` once a client address
    has spent its bucket."""

    def __init__(self, app: ASGIApp, rate: float = DEFAULT_RATE, burst: float | None = None) -> None:
        self.app = app
        self.buckets = TokenBuckets(rate, burst if burst is not None else 2 * rate)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.buckets.take(client[0] if client else "")
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            body = {
                "error": "too_many_requests",
                "detail": f"over {self.buckets.rate:g} requests/s from this address: retry in {seconds} s",
            }
            raw = json.dumps(body).encode("utf-8")
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(raw)).encode("ascii")),
                (b"retry-after", str(seconds).encode("ascii")),
            ]
            await send({"type": "http.response.start", "status": 429, "headers": headers})
            await send({"type": "http.response.body", "body": raw})
            return
        await self.app(scope, receive, send)
