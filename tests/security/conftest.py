"""Fixtures of the security tests: real `marsad serve` processes on free ports.

`hostile` serves a store filled through the API itself: the hostile articles of `security_data` are posted
to `POST /articles` with the token, as an attacker with a leaked or a partner's token would. `readonly`
serves the same store without a token. Both are stopped at the end of the session.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from security_data import HOSTILE, TOKEN, Server, serve


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-write server whose store holds the hostile articles, posted through the API."""
    tmp = tmp_path_factory.mktemp("security")
    db = str(tmp / "hostile.db")
    for server in serve(db, TOKEN, tmp / "hostile.log"):
        with server.client() as c:
            response = c.post("/articles", json=HOSTILE, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        failed = [a for a in response.json()["articles"] if a["status"] == "failed"]
        assert not failed, failed
        yield server


@pytest.fixture(scope="session")
def readonly(hostile: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-only server (no token) over the same store (SQLite takes readers from several processes)."""
    yield from serve(hostile.db, None, tmp_path_factory.mktemp("security-ro") / "readonly.log")
