"""`POST /articles`: refused without a configured token (403) and with a missing, wrong, differently sized or
malformed token (401), through a real server; and the token is compared with `hmac.compare_digest`
whatever its length (read in `marsad.server.deps.write_access`, asserted here by wrapping the function)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from security_data import HOSTILE, TOKEN, Server

from marsad.server.app import create_app

ARTICLE = {**HOSTILE[0], "id": "write-1"}


def test_no_configured_token_is_403_whatever_is_sent(readonly: Server) -> None:
    with readonly.client() as c:
        for headers in ({}, {"Authorization": f"Bearer {TOKEN}"}, {"Authorization": "Bearer"}):
            response = c.post("/articles", json=ARTICLE, headers=headers)
            assert response.status_code == 403
            assert response.json()["error"] == "forbidden"
        total = c.get("/health").json()["events"]
    with readonly.client() as c:
        assert c.get("/health").json()["events"] == total


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer wrong",
        f"Bearer {TOKEN[:-1]}",  # one character short
        f"Bearer {TOKEN}x",  # one character long
        f"Bearer {TOKEN[:-1]}X",  # same length, last character differs
        f"Bearer {TOKEN * 50}",  # much longer
        f"Bearer {TOKEN.upper()}",
        f"bearer  {TOKEN} extra",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer",
    ],
    ids=["missing", "wrong", "shorter", "longer", "same-length", "much-longer", "case", "extra", "basic",
         "bare", "empty"],
)  # fmt: skip
def test_a_wrong_token_is_401_and_writes_nothing(hostile: Server, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization is not None else {}
    with hostile.client() as c:
        before = c.get("/health").json()["events"]
        response = c.post("/articles", json=ARTICLE, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
        assert c.get("/articles/write-1").status_code == 404
        assert c.get("/health").json()["events"] == before


def test_a_token_that_is_not_ascii_is_401_not_500(hostile: Server) -> None:
    raw = f"Bearer {TOKEN[:-1]}\u00e9".encode("latin-1")  # a header byte the token cannot hold
    with hostile.client() as c:
        response = c.post("/articles", json=ARTICLE, headers=[(b"Authorization", raw)])
    assert response.status_code == 401


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, Any]]]:
    """Every call of `hmac.compare_digest` while the test runs (the real function still answers)."""
    seen: list[tuple[Any, Any]] = []
    real = hmac.compare_digest

    def spy(a: Any, b: Any) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    yield seen


@pytest.mark.parametrize("given", ["wrong", TOKEN, TOKEN + "-longer", "x"])
def test_the_token_is_compared_in_constant_time(
    tmp_path: Any, calls: list[tuple[Any, Any]], given: str
) -> None:
    app = create_app(str(tmp_path / "w.db"), token=TOKEN, rate_limit=None)
    with TestClient(app) as tc:
        # Not an article: the token is checked first (401), or the body is refused after it (422).
        response = tc.post("/articles", json={"nope": 1}, headers={"Authorization": f"Bearer {given}"})
    assert response.status_code == (422 if given == TOKEN else 401)
    assert calls == [(given.encode("utf-8"), TOKEN.encode("utf-8"))]


def test_no_token_header_still_goes_through_compare_digest(
    tmp_path: Any, calls: list[tuple[Any, Any]]
) -> None:
    app = create_app(str(tmp_path / "w.db"), token=TOKEN, rate_limit=None)
    with TestClient(app) as tc:
        assert tc.post("/articles", json={"nope": 1}).status_code == 401
    assert calls == [(b"", TOKEN.encode("utf-8"))]


def test_an_empty_token_cannot_be_configured(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="empty"):
        create_app(str(tmp_path / "w.db"), token="")


def test_reads_need_no_token_and_writes_are_not_get(readonly: Server) -> None:
    with httpx.Client(base_url=readonly.url) as c:
        assert c.get("/events").status_code == 200
        assert c.get("/articles").status_code in (404, 405)
