"""`/export`: every event of an `/events` filter as ACLED-style CSV, GeoJSON, JSONL or Parquet, streamed.

The `marsad.export` writers push text or bytes into a stream while they pull events from an iterator; a
response pulls chunks. A producer thread joins the two: it opens its own store, pages through the events
(`queries.iter_events`, one page in memory) into the writer, whose output goes through a bounded queue to
the response. Memory stays bounded whatever the export's size, and a client that hangs up stops the
producer at its next write. An error after the first bytes are sent can only end the stream early: it is
logged, and the truncated body is what the client gets.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any, BinaryIO, Literal, TextIO, cast

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from marsad import export
from marsad.server.deps import Filters, State
from marsad.server.models import ErrorBody
from marsad.server.queries import iter_events
from marsad.store import EventFilter, open_store

log = logging.getLogger(__name__)

router = APIRouter()

Format = Literal["csv", "geojson", "jsonl", "parquet"]
#: format → (media type, file extension)
MEDIA: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}
CHUNK = 64 * 1024  # bytes per chunk handed to the response
QUEUE = 16  # chunks buffered between the writer and the client (so at most ~1 MB)


class _Cancelled(Exception):
    """The client went away: the producer stops."""


class _Sink:
    """A write-only file object (text or bytes) whose output is cut into chunks put on a queue."""

    def __init__(self, chunks: queue.Queue[bytes | None], cancelled: threading.Event) -> None:
        self._chunks = chunks
        self._cancelled = cancelled
        self._buffer = bytearray()
        self._written = 0
        self.closed = False

    def write(self, data: str | bytes) -> int:
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        self._buffer += raw
        self._written += len(raw)
        if len(self._buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._put(bytes(self._buffer))
            self._buffer.clear()

    def _put(self, item: bytes | None) -> None:
        while True:
            if self._cancelled.is_set():
                raise _Cancelled
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def tell(self) -> int:
        return self._written

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        # pyarrow closes the file it was given; the end of the stream is `finish`'s business.
        self.flush()
        self.closed = True

    def finish(self) -> None:
        if not self.closed:
            self.flush()
        self._put(None)


def _writer(fmt: str) -> Callable[[Iterator[dict[str, Any]], _Sink], int]:
    if fmt == "csv":
        return lambda events, out: export.write_acled_csv(events, cast(TextIO, out))
    if fmt == "geojson":
        return lambda events, out: export.write_geojson(events, cast(TextIO, out))
    if fmt == "jsonl":
        return lambda events, out: export.write_jsonl(events, cast(TextIO, out))
    return lambda events, out: int(export.write_parquet(events, cast(BinaryIO, out)))


def stream_export(store_url: str, filters: EventFilter, fmt: str) -> Iterator[bytes]:
    """The export's bytes, chunk by chunk (see the module docstring)."""
    chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUE)
    cancelled = threading.Event()
    sink = _Sink(chunks, cancelled)
    write = _writer(fmt)

    def produce() -> None:
        try:
            with open_store(store_url) as store:
                count = write(iter_events(store, filters, sources=True), sink)
            log.info("export %s: %d events", fmt, count)
        except _Cancelled:
            log.info("export %s: client went away", fmt)
            return
        except Exception:  # the response is under way: all that can be done is end it and say why here
            log.exception("export %s failed; the stream was cut short", fmt)
        with contextlib.suppress(_Cancelled):
            sink.finish()

    thread = threading.Thread(target=produce, name=f"marsad-export-{fmt}", daemon=True)
    thread.start()
    try:
        while (chunk := chunks.get()) is not None:
            yield chunk
    finally:
        cancelled.set()


@router.get(
    "/export",
    tags=["export"],
    summary="Every event of a filter as CSV, GeoJSON, JSONL or Parquet (streamed)",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "the file, streamed",
            "content": {media: {} for media, _ in MEDIA.values()},
        },
        422: {"model": ErrorBody, "description": "bad filter or format"},
    },
)
def export_events(
    state: State,
    filters: Filters,
    format: Annotated[
        Format,
        Query(
            description="csv: ACLED columns plus marsad's; geojson: events with coordinates; jsonl: one "
            "event per line; parquet: fixed schema"
        ),
    ] = "csv",
) -> StreamingResponse:
    """Takes the `/events` filters. Events come newest first, each with its sources; memory stays bounded
    whatever the number of events."""
    media, ext = MEDIA[format]
    return StreamingResponse(
        stream_export(state.pool.url, filters, format),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="marsad-events.{ext}"'},
    )
