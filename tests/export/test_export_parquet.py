"""Parquet export: the fixed schema, row groups of bounded size, values read back unchanged."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from export_helpers import sample_event, synthetic_events

pq = pytest.importorskip("pyarrow.parquet")

from marsad.export import PARQUET_SCHEMA, write_parquet  # noqa: E402


def test_parquet_round_trip_of_one_event() -> None:
    buffer = io.BytesIO()
    events = [sample_event(), sample_event(id="ev-0002", latitude=None, fatalities=None)]
    assert write_parquet(events, buffer) == 2
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    assert table.schema.equals(PARQUET_SCHEMA)
    rows = table.to_pylist()
    assert rows[0]["date"] == date(2018, 4, 16)
    assert rows[0]["location_ar"] == "حي الشعلة"
    assert rows[0]["fatalities"] == 7 and rows[1]["fatalities"] is None and rows[1]["latitude"] is None
    assert rows[0]["sources"][1]["published"] == datetime(2018, 4, 17, 9, 30, tzinfo=UTC)
    assert rows[0]["sources"][1]["report_id"] is None


def test_parquet_row_groups_are_bounded() -> None:
    buffer = io.BytesIO()
    assert write_parquet(synthetic_events(2_500), buffer, row_group_size=1_000) == 2_500
    meta = pq.ParquetFile(io.BytesIO(buffer.getvalue())).metadata
    assert meta.num_rows == 2_500
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [1_000, 1_000, 500]


def test_parquet_of_nothing_has_the_schema() -> None:
    buffer = io.BytesIO()
    assert write_parquet([], buffer) == 0
    assert pq.read_table(io.BytesIO(buffer.getvalue())).schema.equals(PARQUET_SCHEMA)
