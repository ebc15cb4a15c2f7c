"""`POST /articles`: ingest one article or a batch through the same run as `marsad ingest` (extraction,
near-duplicates, store, event dedup), and answer with what became of each and its events.

Only with a token configured (`--token-env`), else 403; a missing or wrong token is 401. The request is
refused (422) when it is not an article or a list of at most `MAX_ARTICLES`; an article the pipeline cannot
use (a bad date, not Arabic, empty) is reported `failed` with its code and the others are stored, as in a
run. Writes in one server process are serialized (one writer at a time, as the runner assumes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from marsad.ingest.articles import ArticleError, parse_article
from marsad.ingest.items import SourceItem, language_checked
from marsad.records import content_hash
from marsad.server.deps import ApiError, State, WriteAccess, invalid
from marsad.server.models import ErrorBody, WriteResponse
from marsad.store import Store

if TYPE_CHECKING:
    from marsad.runner.ingest import IngestRun

router = APIRouter()

MAX_ARTICLES = 100


class ArticleIn(BaseModel):
    """An article in the corpus format."""

    id: str = Field(min_length=1, max_length=500)
    source: str = ""
    url: str = ""
    published: str = Field(description="ISO 8601; relative dates in the text resolve against it")
    title: str = ""
    text: str


def _results(store: Store, statuses: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The stored outcome of each article that was stored: status, duplicate_of, events."""
    out: dict[str, dict[str, Any]] = {}
    joined: dict[str, str | None] = {}
    for article_id in statuses:
        article = store.get_article(article_id)
        if article is None:  # cannot happen after a successful run; say so rather than guess
            out[article_id] = {
                "status": "failed",
                "code": "not_stored",
                "detail": "the article was not stored",
            }
            continue
        out[article_id] = {
            "status": statuses[article_id],
            "duplicate_of": article["duplicate_of"],
            "events": [],
        }
        joined.update((r["id"], r["event_id"]) for r in article["reports"])
    for report in store.reports_for_articles(list(statuses)):
        out[report.article_id]["events"].append(
            {**report.event.to_json(), "canonical_id": joined.get(report.id)}
        )
    return out


def _ingest_run() -> type[IngestRun]:
    """The runner, imported when a write comes (a read-only server never loads dedup and MinHash)."""
    try:
        from marsad.runner.ingest import IngestRun
    except ImportError as err:
        raise ApiError(503, "unavailable", f"ingestion is not available in this installation: {err}") from err
    return IngestRun


@router.post(
    "/articles",
    response_model=WriteResponse,
    tags=["write"],
    summary="Ingest one article or a batch; returns each article's status and events",
    dependencies=[WriteAccess],
    responses={
        401: {"model": ErrorBody, "description": "missing or wrong token"},
        403: {"model": ErrorBody, "description": "writes are disabled (no token configured)"},
        413: {"model": ErrorBody, "description": "request body too large"},
        422: {"model": ErrorBody, "description": "not an article or a list of them"},
    },
)
def post_articles(
    state: State,
    body: Annotated[ArticleIn | list[ArticleIn], Body(description="an article or a list of at most 100")],
) -> dict[str, Any]:
    """Extraction, near-duplicate detection, storage and event deduplication, as `marsad ingest` does.
    Each result says whether the article was `new`, `updated`, `unchanged` (same content already stored:
    not extracted again) or `failed`, and gives its events with the canonical event each joined."""
    posted = body if isinstance(body, list) else [body]
    if not posted:
        raise invalid("no articles: send an article object or a non-empty list of them")
    if len(posted) > MAX_ARTICLES:
        raise invalid(f"at most {MAX_ARTICLES} articles per request, got {len(posted)}")
    ids = [a.id for a in posted]
    if len(set(ids)) != len(ids):
        raise invalid("the same article id appears twice in the request")
    results: dict[str, dict[str, Any]] = {}
    items: list[SourceItem] = []
    for article_in in posted:
        try:
            article = parse_article(article_in.model_dump(), require_arabic=False)
        except ArticleError as err:
            results[article_in.id] = {"status": "failed", "code": err.code, "detail": err.message}
            continue
        items.append(language_checked(SourceItem(article.id, article)))
    run_class = _ingest_run()
    with state.write_lock:
        store = state.pool.get()
        known = store.known_articles(it.item.id for it in items if not isinstance(it.item, ArticleError))
        statuses: dict[str, str] = {}
        for it in items:
            if not isinstance(it.item, ArticleError):
                stored = known.get(it.item.id)
                same = stored == content_hash(it.item)
                statuses[it.item.id] = "new" if stored is None else "unchanged" if same else "updated"
        report = run_class(store, batch_size=max(1, len(items))).run(items, workers=1, command="api")
        for ref, code, message in report.failures:
            results[ref] = {"status": "failed", "code": code, "detail": message}
            statuses.pop(ref, None)
        results.update(_results(store, statuses))
    return {
        "articles": [{"ref": ref, **results[ref]} for ref in ids],
        "run_id": report.run_id,
        "counts": report.counts(),
    }
