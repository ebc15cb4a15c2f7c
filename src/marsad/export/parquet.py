"""Parquet export with a fixed schema (`SCHEMA`), written in row groups so memory stays bounded.

Columns: `id`, the `CanonicalEvent.fields` keys (`date` as a date; coordinates and confidence as float64;
types, precision and counts as integers), the store's `first_seen` / `updated_at` as UTC timestamps, and
`sources` as a list of structs (`report_id`, `article_id`, `source`, `url`, `published` as a UTC timestamp,
`independent`). Keys outside the schema are dropped. At most `row_group_size` events are held at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from marsad.export.fields import event_day, parse_timestamp, sources_of

_TS = pa.timestamp("us", tz="UTC")
SOURCE_TYPE = pa.struct(
    [
        ("report_id", pa.string()),
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published", _TS),
        ("independent", pa.bool_()),
    ]
)
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("core", pa.bool_()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("location_ar", pa.string()),
        ("location_en", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int8()),
        ("actor1", pa.string()),
        ("actor2", pa.string()),
        ("actor1_type", pa.int8()),
        ("actor2_type", pa.int8()),
        ("fatalities", pa.int32()),
        ("injured", pa.int32()),
        ("confidence", pa.float64()),
        ("evidence", pa.string()),
        ("n_sources", pa.int32()),
        ("first_seen", _TS),
        ("updated_at", _TS),
        ("sources", pa.list_(SOURCE_TYPE)),
    ]
)
_NAMES = tuple(SCHEMA.names)


def parquet_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event as a dict of `SCHEMA`'s columns, in the Python types pyarrow converts."""
    event_id = event.get("id")
    row = {name: event.get(name) for name in _NAMES}
    row["date"] = event_day(event)
    row["first_seen"] = parse_timestamp(event.get("first_seen"), event_id)
    row["updated_at"] = parse_timestamp(event.get("updated_at"), event_id)
    row["sources"] = [
        {
            **{k: s.get(k) for k in ("report_id", "article_id", "source", "url", "independent")},
            "published": parse_timestamp(s.get("published"), event_id),
        }
        for s in sources_of(event)
    ]
    return row


def write_parquet(
    events: Iterable[Mapping[str, Any]], out: BinaryIO | str | Path, *, row_group_size: int = 10_000
) -> int:
    """Write the events to `out` (a path or a binary stream); returns the number written."""
    if row_group_size < 1:
        raise ValueError(f"row_group_size must be positive, got {row_group_size}")
    count = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(out, SCHEMA) as writer:
        for event in events:
            batch.append(parquet_row(event))
            if len(batch) >= row_group_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA), row_group_size=row_group_size)
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA), row_group_size=row_group_size)
            count += len(batch)
    return count
