"""`POST /articles` through real server processes: 403 when writes are disabled, 401 without the right
token, and with it the articles' statuses and events, which `/events` then lists."""

from __future__ import annotations

import importlib.util
from typing import Any

import httpx
import pytest
from server_data import TOKEN, Server

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {
    "id": "w1",
    "source": "alsumaria",
    "url": "https://alsumaria.example/w1",
    "published": "2023-06-20T09:00:00+03:00",
    "title": "هجوم مسلح في كركوك",
    "text": "قتل أربعة أشخاص بهجوم مسلح نفذه مسلحون مجهولون على نقطة تفتيش"
    " في قضاء الحويجة بمحافظة كركوك اليوم.",
}
NOT_ARABIC = {
    **ARTICLE,
    "id": "w2",
    "title": "",
    "text": "Four people were killed in an attack in Kirkuk today.",
}
BAD_DATE = {**ARTICLE, "id": "w3", "published": "last tuesday"}

needs_dedup = pytest.mark.skipif(
    importlib.util.find_spec("marsad.dedup.events") is None, reason="marsad.dedup.events is not there yet"
)


def test_writes_are_disabled_without_a_configured_token(client: httpx.Client) -> None:
    for headers in ({}, AUTH):
        response = client.post("/articles", json=ARTICLE, headers=headers)
        assert response.status_code == 403
        assert response.json() == {
            "error": "forbidden",
            "detail": "writes are disabled: start the server with a token (--token-env)",
        }


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}],
    ids=["missing", "wrong", "basic", "bare"],
)
def test_a_missing_or_wrong_token_is_401(api_rw: Server, headers: dict[str, str]) -> None:
    with api_rw.client() as c:
        response = c.post("/articles", json=ARTICLE, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ([], "no articles"),
        ([ARTICLE] * 2, "twice"),
        ([{**ARTICLE, "id": f"x{i}"} for i in range(101)], "at most 100"),
        ({"id": "x", "published": "2023-01-01"}, "text"),
        ("just a string", "body"),
    ],
    ids=["empty", "same-id", "too-many", "no-text", "not-an-object"],
)
def test_requests_that_are_not_articles_are_422(api_rw: Server, body: Any, says: str) -> None:
    with api_rw.client() as c:
        response = c.post("/articles", json=body, headers=AUTH)
    assert response.status_code == 422
    assert says in response.json()["detail"]


def test_a_body_that_is_not_json_is_422(api_rw: Server) -> None:
    with api_rw.client() as c:
        response = c.post(
            "/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}
        )
    assert response.status_code == 422


@needs_dedup
def test_ingest_returns_events_and_they_are_listed(api_rw: Server) -> None:
    with api_rw.client() as c:
        response = c.post("/articles", json=[ARTICLE, NOT_ARABIC, BAD_DATE], headers=AUTH)
        assert response.status_code == 200, response.text
        body = response.json()
        by_ref = {a["ref"]: a for a in body["articles"]}
        assert list(by_ref) == ["w1", "w2", "w3"]
        assert by_ref["w1"]["status"] == "new"
        assert (by_ref["w2"]["status"], by_ref["w2"]["code"]) == ("failed", "not_arabic")
        assert (by_ref["w3"]["status"], by_ref["w3"]["code"]) == ("failed", "bad_date")
        events = by_ref["w1"]["events"]
        assert events and events[0]["admin1"] == "IQ-KI" and events[0]["evidence_spans"]["trigger"]
        canonical_id = events[0]["canonical_id"]
        assert canonical_id
        listed = c.get("/events", params={"admin1": "IQ-KI", "date_from": "2023-06-20"}).json()["events"]
        assert canonical_id in [e["id"] for e in listed]
        detail = c.get(f"/events/{canonical_id}").json()
        assert "w1" in [s["article_id"] for s in detail["sources"]]
        assert c.get("/articles/w1").json()["reports"][0]["event_id"] == canonical_id
        # The same article again: stored already, not extracted again, same events.
        again = c.post("/articles", json=ARTICLE, headers=AUTH).json()["articles"][0]
        assert again["status"] == "unchanged"
        assert [e["canonical_id"] for e in again["events"]] == [e["canonical_id"] for e in events]
        # An edited version replaces it.
        edited = c.post("/articles", json={**ARTICLE, "title": "هجوم في الحويجة"}, headers=AUTH).json()
        assert edited["articles"][0]["status"] == "updated"
