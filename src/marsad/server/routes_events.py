"""Reading events and articles: `/events` (filtered, cursor-paginated), `/events/{id}` (with every source
article and its evidence spans) and `/articles/{id}` (with the canonical text the spans index)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from marsad.model import TITLE_SEPARATOR
from marsad.server.deps import Filters, State, check_cursor, not_found
from marsad.server.models import Article, ErrorBody, EventDetail, EventPage
from marsad.store.query import MAX_LIMIT

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody, "description": "bad filter or cursor"}}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "unknown id"}}


@router.get(
    "/events",
    response_model=EventPage,
    tags=["events"],
    summary="Filtered events, sorted and cursor-paginated",
    responses=_ERRORS,
)
def list_events(
    state: State,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="events per page")] = 100,
    cursor: Annotated[str | None, Query(description="the next_cursor of the previous page")] = None,
    sort: Annotated[
        Literal["date_desc", "date_asc", "fatalities_desc"],
        Query(
            description="date_desc (default): newest first; date_asc: oldest first; fatalities_desc:"
            " deadliest first (unknown tolls last), then newest; ties by id. A cursor continues only its"
            " own order."
        ),
    ] = "date_desc",
) -> Response:
    """Events matching every given filter. Pages are keyset-paginated: pass `next_cursor` back as `cursor`
    (with the same filters) until it is null; events stored meanwhile never shift a page."""
    store = state.pool.get()
    check_cursor(cursor, sort)

    def page() -> bytes:
        rows, next_cursor = store.query_events(filters, limit, cursor, sort)
        # Validated and serialized here, on the worker thread, by pydantic: FastAPI would validate the page
        # on another trip through the thread pool, then serialize it again (~4x the time).
        body = EventPage.model_validate({"events": rows, "next_cursor": next_cursor, "count": len(rows)})
        return body.model_dump_json().encode("utf-8")

    return state.cached(store, ("events", filters, limit, cursor, sort), page)


@router.get(
    "/events/{event_id}",
    response_model=EventDetail,
    tags=["events"],
    summary="One event with its sources, evidence spans and audit trail",
    responses=_NOT_FOUND,
)
def get_event(state: State, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """The event, every article that reported it (url, publication time, why it was merged, whether it is
    independent evidence, the evidence spans into that article's canonical text) and its audit lines."""
    event = state.pool.get().get_event(event_id)
    if event is None:
        raise not_found(f"no event with id {event_id!r}")
    return event


@router.get(
    "/articles/{article_id}",
    response_model=Article,
    tags=["articles"],
    summary="One stored article, its canonical text and its reports",
    responses=_NOT_FOUND,
)
def get_article(state: State, article_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
    """`canonical` is the text evidence spans index: title + blank line + text (the text alone when the
    article has no title). `reports` are its extracted events and the canonical event each joined."""
    article = state.pool.get().get_article(article_id)
    if article is None:
        raise not_found(f"no article with id {article_id!r}")
    title, text = article["title"], article["text"]
    article["canonical"] = title + TITLE_SEPARATOR + text if title else text
    return article
