"""Weekly event and fatality counts per first-level subdivision, zero-filled over ISO weeks.

Weeks are ISO 8601 weeks (Monday to Sunday), so a year may have week 53 and a week may straddle two calendar
years; a week is named by its Monday (`week_start`) and by `YYYY-Www` of its ISO year. The window is the
`weeks_back` weeks that end with the week holding `until`; events dated after `until` are left out, so the
last week may be partial. An event with `date_precision` "week" is dated on its Monday and counts in that
week; one with precision "month" is dated on the 1st and is left out unless `include_month_precision`.
Events without a country are left out; those without an admin1 count under `(country, None)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

#: A series key: (ISO 3166-1 alpha-2 country, ISO 3166-2 admin1 code or None).
AreaKey = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class WeekCount:
    """The events and fatalities of one area in the ISO week that starts on `week_start` (a Monday)."""

    week_start: date
    events: int = 0
    fatalities: int = 0

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_starts(weeks_back: int, until: date) -> list[date]:
    """The Mondays of the `weeks_back` ISO weeks ending with the week of `until`, oldest first."""
    if weeks_back < 1:
        raise ValueError(f"weeks_back must be at least 1, got {weeks_back}")
    last = monday(until)
    return [last - timedelta(weeks=n) for n in range(weeks_back - 1, -1, -1)]


def _day(event: Mapping[str, Any]) -> date:
    value = event.get("date")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ValueError(f"event {event.get('id')!r}: date {value!r} is not an ISO date") from err


def weekly_counts(
    events: Iterable[Mapping[str, Any]],
    weeks_back: int,
    until: date,
    *,
    include_month_precision: bool = False,
) -> dict[AreaKey, list[WeekCount]]:
    """Per (country, admin1) seen in the window, one `WeekCount` per week, oldest first, zero-filled.

    Keys are sorted (country, then admin1 with None first) so the result does not depend on input order.
    """
    starts = week_starts(weeks_back, until)
    index = {start: i for i, start in enumerate(starts)}
    tallies: dict[AreaKey, list[list[int]]] = {}
    for event in events:
        country = event.get("country")
        if not country:
            continue
        if event.get("date_precision") == "month" and not include_month_precision:
            continue
        day = _day(event)
        slot = index.get(monday(day))
        if slot is None or day > until:
            continue
        key: AreaKey = (str(country), str(event["admin1"]) if event.get("admin1") else None)
        rows = tallies.setdefault(key, [[0, 0] for _ in starts])
        rows[slot][0] += 1
        rows[slot][1] += int(event.get("fatalities") or 0)
    ordered = sorted(tallies, key=lambda k: (k[0], k[1] or ""))
    return {
        key: [WeekCount(start, n, dead) for start, (n, dead) in zip(starts, tallies[key], strict=True)]
        for key in ordered
    }
