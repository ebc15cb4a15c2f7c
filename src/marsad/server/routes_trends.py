"""`/trends` and `/alerts`: `marsad.trends` over the store's events.

`until` defaults to the date of the newest event (of `country`, when given), never to today: the same store
answers the same way whatever the day, and a store fed late still shows its last weeks.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from marsad import trends
from marsad.server import queries
from marsad.server.deps import State
from marsad.server.models import Alerts, ErrorBody, Trends
from marsad.store import EventFilter, Store
from marsad.trends.weekly import monday

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": ErrorBody, "description": "bad parameter"}}
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$", description="only this country (ISO2)")]
Until = Annotated[date | None, Query(description="last day counted (default: the newest event's date)")]


def _window(store: Store, weeks: int, until: date | None, country: str | None) -> tuple[date | None, Any]:
    """`until` (defaulted) and the events of the `weeks` ISO weeks ending with its week."""
    base = EventFilter(country=country)
    until = until or queries.latest_date(store, base)
    if until is None:
        return None, iter(())
    first = monday(until) - timedelta(weeks=weeks - 1)
    window = EventFilter(date_from=first, date_to=until, country=country)
    return until, iter(queries.trend_rows(store, window))


def _week(w: trends.WeekCount) -> dict[str, Any]:
    return {
        "week_start": w.week_start,
        "iso_week": w.iso_week,
        "events": w.events,
        "fatalities": w.fatalities,
    }


@router.get(
    "/trends", response_model=Trends, tags=["stats"], summary="Weekly counts per province", responses=_ERRORS
)
def get_trends(
    state: State,
    weeks: Annotated[int, Query(ge=1, le=260, description="how many ISO weeks, ending with until's")] = 12,
    until: Until = None,
    country: Country = None,
) -> dict[str, Any]:
    """Events and fatalities per ISO week (Monday to Sunday) and per (country, admin1), zero-filled; events
    dated to a month only are left out (see `marsad.trends.weekly`)."""
    store = state.pool.get()
    last, events = _window(store, weeks, until, country.upper() if country else None)
    if last is None:
        return {"until": None, "weeks": [], "series": []}
    counts = trends.weekly_counts(events, weeks, last)
    starts = trends.weekly.week_starts(weeks, last)
    totals = [trends.WeekCount(s, 0, 0) for s in starts]
    for series in counts.values():
        totals = [trends.WeekCount(t.week_start, t.events + w.events, t.fatalities + w.fatalities)
                  for t, w in zip(totals, series, strict=True)]  # fmt: skip
    return {
        "until": last,
        "weeks": [_week(t) for t in totals],
        "series": [
            {"country": c, "admin1": a, "weeks": [_week(w) for w in series]}
            for (c, a), series in counts.items()
        ],
    }


@router.get(
    "/alerts",
    response_model=Alerts,
    tags=["stats"],
    summary="This week's alert level per province",
    responses=_ERRORS,
)
def get_alerts(
    state: State,
    until: Until = None,
    country: Country = None,
    min_level: Annotated[
        Literal["normal", "elevated", "high"], Query(description="only areas at this level or above")
    ] = "normal",
) -> dict[str, Any]:
    """The rule of `marsad.trends.alerts` for the ISO week holding `until`, per (country, admin1) with events
    in the weeks it reads: a level (normal, elevated, high) from this week's events and fatalities against
    the area's baseline, and whether security is declining (a rising trend or a persisting level)."""
    rule = trends.AlertRule()
    store = state.pool.get()
    last, events = _window(store, rule.weeks_needed, until, country.upper() if country else None)
    if last is None:
        return {"until": None, "alerts": []}
    floor = trends.LEVELS.index(min_level)
    found = [a for a in trends.compute_alerts(events, last, rule) if trends.LEVELS.index(a.level) >= floor]
    return {"until": last, "alerts": [a.to_json() for a in found]}
