"""JSONL and GeoJSON exports, written one event at a time so memory does not grow with the input.

JSONL: one canonical event per line, as given (keys in their order, UTF-8 text, Arabic not escaped).

GeoJSON (RFC 7946): a FeatureCollection written as a header, then one Feature per event, then the footer.
Each Feature has the event's `id`, a Point geometry `[longitude, latitude]` and every other key of the event
(sources included) as its properties. Events without both coordinates cannot be placed and are skipped;
`stats`, when given, receives the counts `written` and `skipped_no_coordinates`.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, MutableMapping
from datetime import date, datetime
from typing import Any, TextIO

from marsad.export.fields import ExportError

log = logging.getLogger(__name__)

_GEOJSON_HEADER = '{"type": "FeatureCollection", "features": [\n'
_GEOJSON_FOOTER = "\n]}\n"


def _default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_default, allow_nan=False)


def write_jsonl(events: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """One event per line; returns the number written."""
    count = 0
    for event in events:
        out.write(_dumps(dict(event)))
        out.write("\n")
        count += 1
    return count


def _coordinates(event: Mapping[str, Any]) -> list[float] | None:
    lat, lon = event.get("latitude"), event.get("longitude")
    if lat is None or lon is None:
        return None
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ExportError(f"event {event.get('id')!r}: coordinates ({lat}, {lon}) are out of range")
    return [lon, lat]


def feature(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """The GeoJSON Feature of an event, or None when it has no coordinates."""
    point = _coordinates(event)
    if point is None:
        return None
    properties = {k: v for k, v in event.items() if k != "id"}
    return {
        "type": "Feature",
        "id": event.get("id"),
        "geometry": {"type": "Point", "coordinates": point},
        "properties": properties,
    }


def write_geojson(
    events: Iterable[Mapping[str, Any]], out: TextIO, *, stats: MutableMapping[str, int] | None = None
) -> int:
    """A FeatureCollection of the events that have coordinates; returns the number of features written."""
    written = skipped = 0
    out.write(_GEOJSON_HEADER)
    for event in events:
        item = feature(event)
        if item is None:
            skipped += 1
            continue
        if written:
            out.write(",\n")
        out.write(_dumps(item))
        written += 1
    out.write(_GEOJSON_FOOTER)
    if skipped:
        log.info("GeoJSON export: %d events without coordinates skipped", skipped)
    if stats is not None:
        stats["written"] = stats.get("written", 0) + written
        stats["skipped_no_coordinates"] = stats.get("skipped_no_coordinates", 0) + skipped
    return written
