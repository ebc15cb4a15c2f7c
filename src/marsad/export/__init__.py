"""Exports of canonical events: ACLED-compatible CSV, GeoJSON, JSONL and Parquet.

Each writer takes an iterable of canonical event dicts (`fields.py` describes their shape) and a stream,
reads the events one at a time and returns how many it wrote, so a store of any size can be exported with
bounded memory (Parquet holds one row group at a time). pyarrow, an optional dependency, is imported only
when `write_parquet` or `PARQUET_SCHEMA` is first used.
"""

from __future__ import annotations

from typing import Any

from marsad.export.acled import COLUMNS as ACLED_CSV_COLUMNS
from marsad.export.acled import acled_row, write_acled_csv
from marsad.export.fields import ExportError
from marsad.export.streams import write_geojson, write_jsonl

__all__ = [
    "ACLED_CSV_COLUMNS",
    "PARQUET_SCHEMA",
    "ExportError",
    "acled_row",
    "write_acled_csv",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]


def __getattr__(name: str) -> Any:
    if name in ("write_parquet", "PARQUET_SCHEMA"):
        from marsad.export import parquet

        return parquet.write_parquet if name == "write_parquet" else parquet.SCHEMA
    raise AttributeError(f"module 'marsad.export' has no attribute {name!r}")
