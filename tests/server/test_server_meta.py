"""Health, OpenAPI, CORS, the body limit, the dashboard, `/stats`, `/places`, `/trends` and `/alerts`."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from server_data import Server

from marsad.server import create_app
from marsad.server.app import MAX_BODY

ENDPOINTS = {
    ("get", "/events"),
    ("get", "/events/{event_id}"),
    ("get", "/articles/{article_id}"),
    ("post", "/articles"),
    ("get", "/places"),
    ("get", "/stats"),
    ("get", "/trends"),
    ("get", "/alerts"),
    ("get", "/export"),
    ("get", "/health"),
}


def test_health(client: httpx.Client, api: Server) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["events"] == api.data["total"] and body["schema_version"] >= 1


def test_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    found = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert found == ENDPOINTS
    for path, ops in spec["paths"].items():
        for op in ops.values():
            assert op.get("tags") and op.get("summary"), path
    for model in ("Event", "EventPage", "EventDetail", "Article", "Place", "Stats", "Trends", "Alerts"):
        assert model in spec["components"]["schemas"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    # Swagger UI from the package, never a CDN: the dashboard and the docs work with no internet.
    assert "/docs-assets/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


def test_no_cors_headers_by_default(client: httpx.Client) -> None:
    origin = {"Origin": "https://evil.example"}
    response = client.get("/events", headers=origin)
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/events", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_only_for_the_given_origins(built_store: tuple[str, dict[str, Any]]) -> None:
    app = create_app(built_store[0], cors_origins=["https://dash.example"])
    with TestClient(app) as tc:
        ok = tc.get("/health", headers={"Origin": "https://dash.example"})
        assert ok.headers["access-control-allow-origin"] == "https://dash.example"
        other = tc.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_responses_say_nosniff(client: httpx.Client) -> None:
    assert client.get("/health").headers["x-content-type-options"] == "nosniff"
    assert client.get("/events/nope").headers["x-content-type-options"] == "nosniff"


def test_body_over_the_limit_is_413(api_rw: Server) -> None:
    with api_rw.client() as c:
        big = b"[" + b" " * (MAX_BODY + 10) + b"]"
        response = c.post("/articles", content=big, headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.json()["error"] == "too_large"


def test_body_without_length_over_the_limit_is_413(api_rw: Server) -> None:
    """A chunked body carries no Content-Length: the limit holds while it is read."""
    from server_data import TOKEN

    def chunks() -> Any:
        yield b"["
        for _ in range(MAX_BODY // 65536 + 2):
            yield b" " * 65536
        yield b"]"

    with api_rw.client() as c:
        response = c.post(
            "/articles",
            content=chunks(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        )
    assert response.status_code == 413


def test_root_points_at_the_docs_without_a_dashboard(
    built_store: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    with TestClient(create_app(built_store[0], web_dir=tmp_path)) as tc:
        assert tc.get("/").json()["docs"] == "/docs"


def test_dashboard_is_served_when_present(built_store: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>مرصد</title>", encoding="utf-8")
    (tmp_path / "app.js").write_text("console.log(1)", encoding="utf-8")
    with TestClient(create_app(built_store[0], web_dir=tmp_path)) as tc:
        page = tc.get("/")
        assert page.status_code == 200 and "مرصد" in page.text
        assert tc.get("/static/app.js").text == "console.log(1)"
        assert tc.get("/static/../conftest.py").status_code == 404


def test_stats(client: httpx.Client, all_events: list[dict[str, Any]]) -> None:
    stats = client.get("/stats").json()
    assert stats["totals"]["events"] == len(all_events)
    assert stats["totals"]["fatalities"] == sum(e["fatalities"] or 0 for e in all_events)
    assert stats["totals"]["store_articles"] == 5
    assert stats["totals"]["articles"] == 5 and stats["totals"]["sources"] == 5
    assert stats["date_from"] == min(e["date"] for e in all_events)
    assert stats["date_to"] == max(e["date"] for e in all_events)
    by_type = {c["value"]: c["events"] for c in stats["by_event_type"]}
    assert sum(by_type.values()) == len(all_events)
    assert by_type["protests"] == sum(e["event_type"] == "protests" for e in all_events)
    assert len(client.get("/stats", params={"top": 3}).json()["by_admin1"]) == 3


def test_stats_takes_the_event_filters(client: httpx.Client, all_events: list[dict[str, Any]]) -> None:
    params = {"country": "IQ", "date_from": "2023-03-01"}
    stats = client.get("/stats", params=params).json()
    expected = [e for e in all_events if e["country"] == "IQ" and e["date"] >= "2023-03-01"]
    assert stats["totals"]["events"] == len(expected)
    assert [c["value"] for c in stats["by_country"]] == ["IQ"]
    assert client.get("/stats", params={"date_from": "bad"}).status_code == 422


@pytest.mark.parametrize(
    ("params", "expect_id"),
    [
        ({"q": "بغداد"}, "iso:IQ-BG"),
        ({"q": "بَغْداد"}, "iso:IQ-BG"),  # diacritics do not matter
        ({"q": "baghdad"}, "gn:98182"),  # the city is "Baghdad"; the province has a longer English name
        ({"q": "Iraq"}, "iso:IQ"),
        ({"q": "العراق"}, "iso:IQ"),
    ],
)
def test_places(client: httpx.Client, params: dict[str, str], expect_id: str) -> None:
    places = client.get("/places", params=params).json()
    assert places and places[0]["id"] == expect_id
    fields = {"id", "name_ar", "name_en", "kind", "country", "admin1", "admin2", "parent", "lat", "lon"}
    assert set(places[0]) == fields


def test_a_town_lists_its_district_and_the_district_is_a_place(client: httpx.Client) -> None:
    found = client.get("/places", params={"q": "تلعفر", "country": "IQ", "limit": 50}).json()
    towns = [p for p in found if p["kind"] in ("city", "town") and p["admin1"] == "IQ-NI"]
    assert towns, found
    district_id = towns[0]["admin2"]
    assert district_id
    districts = [p for p in found if p["id"] == district_id]
    assert districts and districts[0]["kind"] == "admin2" and districts[0]["admin1"] == "IQ-NI"
    assert districts[0]["admin2"] == district_id  # a district is its own district
    assert towns[0]["parent"] == district_id and districts[0]["parent"] == "iso:IQ-NI"


def test_places_by_country_and_limit(client: httpx.Client) -> None:
    places = client.get("/places", params={"q": "ال", "country": "SY", "limit": 5}).json()
    assert len(places) == 5 and {p["country"] for p in places} == {"SY"}
    assert client.get("/places", params={"q": ""}).status_code == 422
    assert client.get("/places").status_code == 422


def test_trends(client: httpx.Client, all_events: list[dict[str, Any]]) -> None:
    trends = client.get("/trends", params={"weeks": 4, "country": "SY"}).json()
    assert trends["until"] == max(e["date"] for e in all_events if e["country"] == "SY")
    assert len(trends["weeks"]) == 4
    assert {s["country"] for s in trends["series"]} == {"SY"}
    assert sum(w["events"] for w in trends["weeks"]) == sum(
        sum(w["events"] for w in s["weeks"]) for s in trends["series"]
    )
    fixed = client.get("/trends", params={"weeks": 52, "until": "2023-06-30"}).json()
    assert sum(w["events"] for w in fixed["weeks"]) == len(all_events)
    assert client.get("/trends", params={"weeks": 0}).status_code == 422


def test_alerts(client: httpx.Client) -> None:
    body = client.get("/alerts").json()
    assert body["until"] and body["alerts"]
    assert {a["level"] for a in body["alerts"]} <= {"normal", "elevated", "high"}
    high = client.get("/alerts", params={"min_level": "high"}).json()["alerts"]
    assert all(a["level"] == "high" for a in high)
    empty = client.get("/alerts", params={"country": "EG"}).json()
    assert empty == {"until": None, "alerts": []}


def test_serve_refuses_a_bad_store_url() -> None:
    from marsad.server.cli import main

    assert main(["--db", "ftp://nowhere/x", "--port", str(_port())]) == 2


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
