"""`create_app`: the FastAPI application over a store.

Read-only unless a write token is given; errors are JSON `{"error": code, "detail": message}` (422 bad
parameter, 404 unknown id or path, 401/403 token, 413 body too large, 429 rate limit, 503 store
unavailable); request bodies are capped at `MAX_BODY` bytes; each client address may send `rate_limit`
requests/s (bursts of twice that; `marsad.server.ratelimit`); no CORS headers unless origins are given.
The dashboard's folder, if it has an `index.html`, is served at `/` with its files under `/static/`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import marsad
from marsad.server import routes_events, routes_export, routes_info, routes_trends, routes_write
from marsad.server.cache import DEFAULT_BYTES, AnswerCache
from marsad.server.deps import ApiError, ServerState, StorePool
from marsad.server.ratelimit import DEFAULT_RATE, RateLimit
from marsad.store import StoreError, open_store
from marsad.web import CONTENT_SECURITY_POLICY

log = logging.getLogger(__name__)

#: Requests served at once on the thread pool (see `create_app`'s lifespan).
DEFAULT_THREADS = 4
#: Largest request body accepted, in bytes.
MAX_BODY = 5 * 1024 * 1024
DEFAULT_WEB_DIR = Path(marsad.__file__).parent / "web" / "static"

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
}
_CODES |= {413: "too_large", 422: "invalid_request", 429: "too_many_requests", 503: "unavailable"}

TAGS = [
    {"name": "events", "description": "Canonical (deduplicated) events: filter, page, read one."},
    {"name": "articles", "description": "Stored articles, with the canonical text evidence spans index."},
    {"name": "places", "description": "The gazetteer."},
    {"name": "stats", "description": "Totals, weekly trends and alerts."},
    {"name": "export", "description": "Streamed exports: ACLED CSV, GeoJSON, JSONL, Parquet."},
    {"name": "write", "description": "Ingest articles (only with a configured token)."},
    {"name": "meta", "description": "Health."},
]


def error(status: int, detail: str, **extra: Any) -> JSONResponse:
    body = {"error": _CODES.get(status, "error"), "detail": detail, **extra}
    return JSONResponse(body, status_code=status)


class Guard:
    """Caps request bodies at `max_body` bytes (by Content-Length, and while reading a body without one)
    and marks every response `X-Content-Type-Options: nosniff`."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"").decode("latin-1")
        too_large = f"request body larger than {self.max_body} bytes"
        if length.isdigit() and int(length) > self.max_body:
            await error(413, too_large)(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise HTTPException(413, too_large)
            return message

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]
            await send(message)

        await self.app(scope, limited, marked)


def _validation_detail(err: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    problems = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in err.errors()
    ]
    # ("query", "limit") → "query parameter limit: Input should be ..."
    words = [
        f"{p['loc'][0]} parameter {'.'.join(p['loc'][1:])}: {p['msg']}" if len(p["loc"]) > 1 else p["msg"]
        for p in problems
    ]
    return "; ".join(words) or "invalid request", problems


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        response = JSONResponse({"error": exc.code, "detail": exc.detail}, status_code=exc.status)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such path: {request.url.path} (the API is described at /docs)"
        return error(exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, problems = _validation_detail(exc)
        return error(422, detail, errors=problems)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s: %s", request.url.path, exc)
        return error(503, f"the store cannot answer: {exc}")


def _docs(app: FastAPI) -> None:
    """Swagger UI at /docs with its files from the swagger-ui-bundle package: works with no internet."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs-assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="marsad API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def _web(app: FastAPI, web_dir: Path) -> None:
    index = web_dir / "index.html"
    if index.is_file():
        app.mount("/static", StaticFiles(directory=web_dir), name="static")

        @app.get("/", include_in_schema=False)
        def dashboard() -> FileResponse:
            # The page builds every node from text and loads nothing from elsewhere: a strict policy holds.
            return FileResponse(index, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})

    else:

        @app.get("/", include_in_schema=False)
        def root() -> dict[str, str]:
            return {"name": "marsad", "docs": "/docs", "openapi": "/openapi.json"}


def create_app(
    store_url: str,
    *,
    token: str | None = None,
    web_dir: Path | None = None,
    cors_origins: tuple[str, ...] | list[str] = (),
    max_body: int = MAX_BODY,
    rate_limit: float | None = DEFAULT_RATE,
    threads: int = DEFAULT_THREADS,
    cache_bytes: int = DEFAULT_BYTES,
) -> FastAPI:
    """The API over the store at `store_url` (opened and migrated here, so a bad URL fails now). Writes
    (`POST /articles`) need `token`; without one they answer 403. `cors_origins` adds CORS for exactly those
    origins; none by default. `rate_limit`: requests per second per client address (bursts of twice that),
    answered 429 beyond; None or 0 turns the limit off. `threads`: how many requests run at once on the
    thread pool (the sync endpoints: store reads, writes, export chunks). `cache_bytes`: the bound of the
    answer cache of `/events` and `/stats` (`marsad.server.cache`); 0 turns it off."""
    with open_store(store_url):
        pass
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads}")
    if token is not None and not token:
        raise ValueError("the write token must not be empty")
    pool = StorePool(store_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run on anyio's thread pool, 40 threads by default: under load 40 threads fight over
        # the GIL (each with its own store), and a 2-core machine answered ~45 requests/s with 175 MiB; 4
        # threads answered ~110/s with 73 MiB (bench/api_load.py). The limit is the event loop's.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        pool.close()

    app = FastAPI(
        title="marsad",
        version=marsad.__version__ if hasattr(marsad, "__version__") else "0.1.0",
        summary="Security events from Arabic news, with the evidence behind every field",
        description="Read-only by default. Errors are JSON `{error, detail}`. Lists page by cursor.",
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # served below from the swagger-ui-bundle package: FastAPI's own page loads a CDN
        redoc_url=None,
    )
    _docs(app)
    app.state.marsad = ServerState(pool=pool, token=token, cache=AnswerCache(cache_bytes))
    for module in (routes_events, routes_info, routes_trends, routes_export, routes_write):
        app.include_router(module.router)
    _handlers(app)
    _web(app, web_dir if web_dir is not None else DEFAULT_WEB_DIR)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    if rate_limit:
        app.add_middleware(RateLimit, rate=rate_limit)
    app.add_middleware(Guard, max_body=max_body)  # outermost: a 429 says nosniff too
    return app


def app_from_environment() -> FastAPI:
    """The app of one `marsad serve --workers N` process, from the settings `run_serve` left in
    `$MARSAD_SERVE_SETTINGS` (the token from the environment variable they name)."""
    import json
    import os

    from marsad.server.cli import SETTINGS_ENV

    raw = os.environ.get(SETTINGS_ENV)
    if not raw:
        raise RuntimeError(f"${SETTINGS_ENV} is not set: start workers with `marsad serve --workers N`")
    settings = json.loads(raw)
    return create_app(
        settings["db"],
        token=os.environ.get(settings["token_env"]) or None,
        web_dir=Path(settings["web_dir"]) if settings["web_dir"] else None,
        cors_origins=tuple(settings["cors_origins"]),
        rate_limit=settings["rate_limit"] or None,
        cache_bytes=settings["cache_bytes"],
    )
