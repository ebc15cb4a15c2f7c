"""`/events`, `/events/{id}` and `/articles/{id}` against a real server process: every filter, pagination,
error answers and injection strings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest
from server_data import Server

Event = dict[str, Any]


def _pages(client: httpx.Client, params: dict[str, Any], limit: int) -> list[list[Event]]:
    pages, cursor = [], None
    while True:
        page = client.get(
            "/events", params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200, page.text
        body = page.json()
        assert body["count"] == len(body["events"]) <= limit
        pages.append(body["events"])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages


def test_all_events_newest_first(all_events: list[Event], api: Server) -> None:
    assert len(all_events) == api.data["total"]
    keys = [(e["date"], e["id"]) for e in all_events]
    assert keys == sorted(keys, key=lambda k: (-date.fromisoformat(k[0]).toordinal(), k[1]))


def test_pagination_covers_every_event_exactly_once(client: httpx.Client, all_events: list[Event]) -> None:
    pages = _pages(client, {}, limit=7)
    ids = [e["id"] for page in pages for e in page]
    assert len(ids) == len(set(ids)) == len(all_events)
    assert ids == [e["id"] for e in all_events]
    assert all(len(p) == 7 for p in pages[:-1])


def test_sorted_by_toll_pages_through_every_event(client: httpx.Client, all_events: list[Event]) -> None:
    ids = [e["id"] for page in _pages(client, {"sort": "fatalities_desc"}, limit=11) for e in page]
    assert sorted(ids) == sorted(e["id"] for e in all_events) and len(ids) == len(set(ids))
    tolls = [e["fatalities"] if e["fatalities"] is not None else -1 for e in all_events]
    by_id = dict(zip((e["id"] for e in all_events), tolls, strict=True))
    assert [by_id[i] for i in ids] == sorted(tolls, reverse=True)
    # A cursor of one order is refused by another.
    cursor = client.get("/events", params={"sort": "fatalities_desc", "limit": 3}).json()["next_cursor"]
    assert client.get("/events", params={"cursor": cursor}).status_code == 422


def test_filtered_pagination(client: httpx.Client, all_events: list[Event]) -> None:
    expected = [e["id"] for e in all_events if e["country"] == "SY"]
    ids = [e["id"] for page in _pages(client, {"country": "SY"}, limit=9) for e in page]
    assert ids == expected and len(expected) > 9


def _in_bbox(e: Event, box: tuple[float, float, float, float]) -> bool:
    lon, lat = e["longitude"], e["latitude"]
    return lon is not None and lat is not None and box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


FILTERS: list[tuple[dict[str, Any], Callable[[Event], bool]]] = [
    ({"date_from": "2023-03-01"}, lambda e: e["date"] >= "2023-03-01"),
    ({"date_to": "2023-02-01"}, lambda e: e["date"] <= "2023-02-01"),
    ({"date_from": "2023-02-01", "date_to": "2023-02-28"},
     lambda e: "2023-02-01" <= e["date"] <= "2023-02-28"),
    ({"country": "IQ"}, lambda e: e["country"] == "IQ"),
    ({"country": "iq"}, lambda e: e["country"] == "IQ"),
    ({"admin1": "SY-HL"}, lambda e: e["admin1"] == "SY-HL"),
    ({"country": "IQ", "admin1": "IQ-DI"}, lambda e: e["admin1"] == "IQ-DI"),
    ({"event_type": "protests"}, lambda e: e["event_type"] == "protests"),
    ({"sub_event_type": "air_drone_strike"}, lambda e: e["sub_event_type"] == "air_drone_strike"),
    ({"actor": "Islamic State"}, lambda e: "Islamic State" in (e["actor1"], e["actor2"])),
    ({"actor": "Civilians"}, lambda e: "Civilians" in (e["actor1"], e["actor2"])),
    ({"min_fatalities": 5}, lambda e: (e["fatalities"] or 0) >= 5),
    ({"q": "بعقوبة"}, lambda e: "بعقوبة" in (e["evidence"] or "") + (e["location_ar"] or "")),
    ({"q": "aleppo"}, lambda e: (e["location_en"] or "").lower() == "aleppo"),
    ({"q": "رقم 17 "}, lambda e: "رقم 17 " in (e["evidence"] or "")),
    ({"bbox": "35,32,38,37"}, lambda e: _in_bbox(e, (35, 32, 38, 37))),
    ({"bbox": "44.36,33.31,44.37,33.33"}, lambda e: _in_bbox(e, (44.36, 33.31, 44.37, 33.33))),
    (
        {"country": "IQ", "event_type": "battles", "min_fatalities": 3, "date_from": "2023-02-01"},
        lambda e: e["country"] == "IQ" and e["event_type"] == "battles" and (e["fatalities"] or 0) >= 3
        and e["date"] >= "2023-02-01",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_filter(
    client: httpx.Client, all_events: list[Event], params: dict[str, Any], keep: Callable[[Event], bool]
) -> None:
    expected = [e["id"] for e in all_events if keep(e)]
    assert expected, "the test data must hold events for every filter"
    body = client.get("/events", params={**params, "limit": 1000}).json()
    assert [e["id"] for e in body["events"]] == expected


def test_filters_can_match_nothing(client: httpx.Client) -> None:
    for params in (
        {"country": "EG"},
        {"actor": "nobody"},
        {"q": "لا يوجد هذا النص"},
        {"min_fatalities": 10_000},
    ):
        body = client.get("/events", params=params).json()
        assert body == {"events": [], "next_cursor": None, "count": 0}


INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE events; --', "%", "_", "\\", "') OR ('1'='1"]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("name", ["event_type", "sub_event_type", "actor", "q"])
def test_injection_strings_are_plain_values(client: httpx.Client, api: Server, name: str, value: str) -> None:
    response = client.get("/events", params={name: value})
    assert response.status_code == 200
    assert response.json()["events"] == []
    assert client.get("/health").json()["events"] == api.data["total"]  # the table is still there


@pytest.mark.parametrize("value", INJECTIONS[:2])
@pytest.mark.parametrize("name", ["country", "admin1", "bbox", "date_from", "cursor"])
def test_injection_strings_in_coded_params_are_refused(client: httpx.Client, name: str, value: str) -> None:
    response = client.get("/events", params={name: value})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"date_from": "2023-13-01"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"date_from": "2023-03-01", "date_to": "2023-02-01"}, "after date_to"),
        ({"bbox": "1,2,3"}, "four numbers"),
        ({"bbox": "a,b,c,d"}, "four numbers"),
        ({"bbox": "40,30,30,40"}, "min <= max"),
        ({"bbox": "-200,0,10,10"}, "out of range"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"min_fatalities": -1}, "min_fatalities"),
        ({"country": "IRQ"}, "country"),
        ({"admin1": "Baghdad"}, "admin1"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"sort": "toll"}, "sort"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_are_422_with_a_message(
    client: httpx.Client, params: dict[str, Any], says: str
) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert says in body["detail"]


def test_event_detail_has_sources_with_evidence_spans(client: httpx.Client, api: Server) -> None:
    event_id = api.data["merged"]
    event = client.get(f"/events/{event_id}").json()
    assert event["id"] == event_id and event["n_sources"] == 2
    assert [s["article_id"] for s in event["sources"]] == ["a1", api.data["copy"]]
    assert [s["reason"] for s in event["sources"]] == ["new", "same place and day"]
    assert event["audit"] == ["opened"]
    for source in event["sources"]:
        assert source["url"].startswith("https://") and source["independent"] is True
        article = client.get(f"/articles/{source['article_id']}").json()
        spans = source["evidence_spans"]
        assert spans["sentence"] and spans["trigger"]
        for span in spans.values():
            if span is not None:
                assert article["canonical"][span["start"] : span["end"]] == span["text"]


def test_every_real_event_links_to_its_article(client: httpx.Client, api: Server) -> None:
    for event_id, article_id in api.data["real"].items():
        event = client.get(f"/events/{event_id}").json()
        assert event["sources"][0]["article_id"] == article_id
        assert event["sources"][0]["evidence_spans"]["trigger"]["text"]


def test_article_has_canonical_text_and_reports(client: httpx.Client, api: Server) -> None:
    article = client.get("/articles/a1").json()
    assert article["canonical"] == article["title"] + "\n\n" + article["text"]
    assert article["published"] == "2023-03-05T08:00:00+03:00"
    assert article["reports"][0]["event_id"] == api.data["merged"]
    untitled = client.get("/articles/a4").json()
    assert untitled["title"] == "" and untitled["canonical"] == untitled["text"]


def test_arabic_is_not_escaped(client: httpx.Client) -> None:
    raw = client.get("/articles/a1").content
    assert "بعقوبة".encode() in raw and b"\\u0" not in raw


@pytest.mark.parametrize("path", ["/events/nope", "/articles/nope", "/events/' OR 1=1 --", "/nowhere"])
def test_unknown_ids_are_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
