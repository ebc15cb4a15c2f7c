"""The REST API (issue 5): `marsad serve`, FastAPI over the store.

    from marsad.server import create_app
    app = create_app("marsad.db", token=None)          # read-only; uvicorn.run(app)

Modules: `app` (the application, errors, body limit, CORS, dashboard), `deps` (per-thread stores, filters,
the write token), `models` (response shapes), `routes_events` (/events, /events/{id}, /articles/{id}),
`routes_info` (/stats, /places, /health), `routes_trends` (/trends, /alerts), `routes_export` (/export),
`routes_write` (POST /articles), `queries` (aggregates), `places` (gazetteer search), `cli` (`marsad serve`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marsad.server.app import create_app


def __getattr__(name: str) -> Any:
    # FastAPI is imported when the server is used, not by every `marsad` command that imports this package.
    if name == "create_app":
        from marsad.server.app import create_app

        return create_app
    raise AttributeError(name)


__all__ = ["create_app"]
