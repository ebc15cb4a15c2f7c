"""Summaries and look-ups: `/stats`, `/places` and `/health`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from marsad.server import places, queries
from marsad.server.deps import Filters, State, no_nul
from marsad.server.models import ErrorBody, Health, Place, Stats

router = APIRouter()


@router.get(
    "/stats",
    response_model=Stats,
    tags=["stats"],
    summary="Totals and counts by event type, country and admin1",
    responses={422: {"model": ErrorBody, "description": "bad filter"}},
)
def get_stats(
    state: State,
    filters: Filters,
    top: Annotated[int, Query(ge=1, le=500, description="how many provinces in by_admin1")] = 20,
) -> Response:
    """Over the events matching the filters (the same as `/events`; all events without any): how many,
    their date range, fatalities, the articles and outlets reporting them, and counts by group."""
    store = state.pool.get()

    def answer() -> bytes:
        return Stats.model_validate(queries.stats(store, filters, top)).model_dump_json().encode("utf-8")

    return state.cached(store, ("stats", filters, top), answer)


@router.get(
    "/places",
    response_model=list[Place],
    tags=["places"],
    summary="Search the gazetteer by Arabic or English name",
    responses={422: {"model": ErrorBody, "description": "bad parameter"}},
)
def search_places(
    q: Annotated[str, Query(min_length=1, max_length=100, description="part of an Arabic or English name")],
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="only places of this country (ISO2)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[dict[str, Any]]:
    """Places whose name equals, starts with or contains `q` (in that order; Arabic compared normalized:
    alef forms, ta marbuta, ya, diacritics and tatweel do not matter)."""
    no_nul("q", q)
    return places.search(q, country.upper() if country else None, limit)


@router.get("/health", response_model=Health, tags=["meta"], summary="Liveness and store summary")
def health(state: State) -> dict[str, Any]:
    store = state.pool.get()
    return {"status": "ok", "schema_version": store.schema_version(), "events": queries.event_count(store)}
