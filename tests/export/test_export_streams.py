"""JSONL and GeoJSON exports: valid documents, Arabic as written, events without coordinates counted."""

from __future__ import annotations

import io
import json
import math

import pytest
from export_helpers import sample_event, synthetic_events

from marsad.export import ExportError, write_geojson, write_jsonl


def test_jsonl_writes_one_event_per_line_unescaped() -> None:
    out = io.StringIO()
    events = [sample_event(), sample_event(id="ev-0002", latitude=None)]
    assert write_jsonl(events, out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == events
    assert "حي الشعلة" in lines[0]


def test_geojson_is_a_feature_collection_with_lon_lat_points() -> None:
    out = io.StringIO()
    stats: dict[str, int] = {}
    events = [sample_event(), sample_event(id="ev-0002", latitude=None), sample_event(id="ev-0003")]
    assert write_geojson(events, out, stats=stats) == 2
    assert stats == {"written": 2, "skipped_no_coordinates": 1}
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection"
    assert [f["id"] for f in doc["features"]] == ["ev-0001", "ev-0003"]
    first = doc["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [44.3152, 33.3732]}
    assert first["properties"]["location_ar"] == "حي الشعلة"
    assert first["properties"]["sources"][0]["source"] == "alsumaria"
    assert "id" not in first["properties"]


def test_geojson_of_nothing_is_an_empty_collection() -> None:
    out = io.StringIO()
    assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_geojson_of_many_events_parses() -> None:
    out = io.StringIO()
    written = write_geojson(synthetic_events(700), out)
    assert written == 600  # every 7th synthetic event has no latitude
    assert len(json.loads(out.getvalue())["features"]) == 600


@pytest.mark.parametrize("lat", [91.0, math.nan])
def test_geojson_rejects_impossible_coordinates(lat: float) -> None:
    with pytest.raises(ExportError, match="ev-0001"):
        write_geojson([sample_event(latitude=lat)], io.StringIO())
