"""What the routes share: the per-thread store, the API error, the `/events` filter parameters and the write
token check.

A `Store` is not thread-safe and FastAPI runs sync endpoints in a thread pool, so each worker thread opens
its own store once (`StorePool.get`) and keeps it; a route calls `get()` inside its body, never in a
dependency (a dependency may run on another thread than the endpoint). Opening a store per request would
cost only ~1 ms, but opening checks the schema inside a write transaction, so every read would queue
behind a running ingest batch.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from marsad.server.cache import AnswerCache
from marsad.store import EventFilter, Store, StoreError, open_store
from marsad.store.query import decode_cursor, store_generation


class ApiError(Exception):
    """An error answered as JSON `{"error": code, "detail": message}` with `status`."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


def invalid(detail: str) -> ApiError:
    return ApiError(422, "invalid_request", detail)


def not_found(detail: str) -> ApiError:
    return ApiError(404, "not_found", detail)


class StorePool:
    """One open store per thread, all closed together when the app shuts down."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: list[Store] = []

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._open.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._open = self._open, []
        for store in stores:
            store.close()


@dataclass(slots=True)
class ServerState:
    """What `create_app` configured: the stores, the write token (None: writes disabled), the write lock,
    the answer cache."""

    pool: StorePool
    token: str | None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: AnswerCache = field(default_factory=AnswerCache)

    def cached(self, store: Store, key: tuple[Hashable, ...], compute: Callable[[], bytes]) -> Response:
        """A JSON answer from the cache, under the store's change counter (`marsad.server.cache`); the
        `X-Cache` header says whether it was a hit."""
        if self.cache.max_bytes:
            body, hit = self.cache.get_or_compute((store_generation(store.db), *key), compute)
        else:
            body, hit = compute(), False
        return Response(body, media_type="application/json", headers={"X-Cache": "hit" if hit else "miss"})


def state(request: Request) -> ServerState:
    server: ServerState = request.app.state.marsad
    return server


State = Annotated[ServerState, Depends(state)]


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError as err:
        raise invalid(f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat, got {text!r}") from err
    if not all(-180 <= x <= 180 for x in (min_lon, max_lon)) or not all(
        -90 <= y <= 90 for y in (min_lat, max_lat)
    ):
        raise invalid(f"bbox out of range (longitudes -180..180, latitudes -90..90): {text!r}")
    if min_lon > max_lon or min_lat > max_lat:
        raise invalid(f"bbox must be min_lon,min_lat,max_lon,max_lat with min <= max, got {text!r}")
    return min_lon, min_lat, max_lon, max_lat


def no_nul(name: str, value: str | None) -> None:
    """422 for a text parameter holding NUL: SQLite ends a LIKE pattern at NUL, so `q=%00` would match
    every event (and no stored text holds one)."""
    if value is not None and "\x00" in value:
        raise invalid(f"query parameter {name}: must not contain the NUL character")


_TEXT = 200  # longest text filter accepted
_MAX_COUNT = 1_000_000_000  # largest count filter accepted


async def event_filter(
    date_from: Annotated[date | None, Query(description="events on or after this day (YYYY-MM-DD)")] = None,
    date_to: Annotated[date | None, Query(description="events on or before this day (YYYY-MM-DD)")] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2, e.g. IQ")
    ] = None,
    admin1: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$", description="ISO 3166-2, e.g. IQ-BG")
    ] = None,
    event_type: Annotated[str | None, Query(max_length=_TEXT, description="ACLED event type")] = None,
    sub_event_type: Annotated[str | None, Query(max_length=_TEXT, description="ACLED sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=_TEXT, description="actor1 or actor2, exactly")] = None,
    # Bounded: SQLite's integers are 64-bit, and a larger bound parameter is an OverflowError (a 500).
    min_fatalities: Annotated[
        int | None, Query(ge=0, le=_MAX_COUNT, description="at least this many killed")
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=_TEXT, description="substring of the evidence sentence or the location name"),
    ] = None,
    bbox: Annotated[
        str | None, Query(description="min_lon,min_lat,max_lon,max_lat (events with coordinates inside)")
    ] = None,
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise invalid(f"date_from {date_from} is after date_to {date_to}")
    for name, value in (
        ("event_type", event_type),
        ("sub_event_type", sub_event_type),
        ("actor", actor),
        ("q", q),
    ):
        no_nul(name, value)
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        country=country.upper() if country else None,
        admin1=admin1.upper() if admin1 else None,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor=actor,
        min_fatalities=min_fatalities,
        q=q or None,
        bbox=_bbox(bbox) if bbox else None,
    )


Filters = Annotated[EventFilter, Depends(event_filter)]


def check_cursor(cursor: str | None, sort: str = "date_desc") -> str | None:
    if cursor is not None:
        try:
            decode_cursor(cursor, sort)
        except StoreError as err:
            raise invalid(str(err)) from err
    return cursor


_bearer = HTTPBearer(auto_error=False, description="the token the server was started with (--token-env)")


async def write_access(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """403 when the server has no token (writes disabled), 401 when the request's token is missing or wrong;
    the comparison takes the same time whatever the token."""
    token = state(request).token
    if token is None:
        raise ApiError(403, "forbidden", "writes are disabled: start the server with a token (--token-env)")
    given = creds.credentials if creds is not None else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")) or creds is None:
        raise ApiError(401, "unauthorized", "a valid token is required: Authorization: Bearer <token>")


WriteAccess = Depends(write_access)
