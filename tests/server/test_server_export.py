"""`/export` through a real server: every format streamed, with the `/events` filters."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pyarrow.parquet as pq
import pytest


def _export(client: httpx.Client, **params: Any) -> httpx.Response:
    response = client.get("/export", params=params)
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize(
    ("fmt", "media", "ext"),
    [
        ("csv", "text/csv; charset=utf-8", "csv"),
        ("geojson", "application/geo+json", "geojson"),
        ("jsonl", "application/x-ndjson", "jsonl"),
        ("parquet", "application/vnd.apache.parquet", "parquet"),
    ],
)
def test_content_type_and_filename(client: httpx.Client, fmt: str, media: str, ext: str) -> None:
    response = _export(client, format=fmt, country="YE")
    assert response.headers["content-type"] == media
    assert response.headers["content-disposition"] == f'attachment; filename="marsad-events.{ext}"'


def test_jsonl_is_every_event_of_the_filter_with_sources(
    client: httpx.Client, all_events: list[dict[str, Any]]
) -> None:
    lines = _export(client, format="jsonl").text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [e["id"] for e in all_events]
    real = next(r for r in rows if r["id"].startswith("ev-") and r["n_sources"] == 2)
    assert [s["article_id"] for s in real["sources"]] == ["a1", "a1b"]
    assert real["first_seen"] and real["updated_at"]
    iq = [json.loads(line) for line in _export(client, format="jsonl", country="IQ").text.splitlines()]
    assert [r["id"] for r in iq] == [e["id"] for e in all_events if e["country"] == "IQ"]


def test_csv_has_acled_columns(client: httpx.Client, all_events: list[dict[str, Any]]) -> None:
    text = _export(client, format="csv", event_type="battles").text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["marsad_id"] for r in rows] == [e["id"] for e in all_events if e["event_type"] == "battles"]
    assert {r["event_type"] for r in rows} == {"Battles"}


def test_geojson_places_events_with_coordinates(
    client: httpx.Client, all_events: list[dict[str, Any]]
) -> None:
    doc = json.loads(_export(client, format="geojson", country="LY").text)
    assert doc["type"] == "FeatureCollection"
    expected = [e for e in all_events if e["country"] == "LY" and e["latitude"] is not None]
    assert [f["id"] for f in doc["features"]] == [e["id"] for e in expected]
    assert doc["features"][0]["geometry"]["coordinates"] == [
        expected[0]["longitude"],
        expected[0]["latitude"],
    ]


def test_parquet_reads_back(client: httpx.Client, all_events: list[dict[str, Any]]) -> None:
    table = pq.read_table(io.BytesIO(_export(client, format="parquet").content))
    assert table.num_rows == len(all_events)
    assert table.column("id").to_pylist() == [e["id"] for e in all_events]


def test_empty_export_is_still_a_valid_file(client: httpx.Client) -> None:
    assert json.loads(_export(client, format="geojson", country="EG").text)["features"] == []
    assert _export(client, format="jsonl", country="EG").text == ""
    assert pq.read_table(io.BytesIO(_export(client, format="parquet", country="EG").content)).num_rows == 0


def test_bad_format_or_filter_is_422(client: httpx.Client) -> None:
    assert client.get("/export", params={"format": "xlsx"}).status_code == 422
    assert client.get("/export", params={"bbox": "1,2"}).status_code == 422
