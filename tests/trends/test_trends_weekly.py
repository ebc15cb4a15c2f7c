"""Weekly counts: ISO weeks from Monday, zero-filled, across the 2020-W53 year boundary, order-independent."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from marsad.trends import WeekCount, weekly_counts
from marsad.trends.weekly import week_starts


def ev(day: str, admin1: str | None = "IQ-KI", country: str | None = "IQ", **more: Any) -> dict[str, Any]:
    return {"id": f"{day}-{admin1}-{more.get('fatalities')}", "date": day, "date_precision": "day",
            "country": country, "admin1": admin1, **more}  # fmt: skip


def test_zero_filled_iso_weeks_across_week_53() -> None:
    # 2020 has 53 ISO weeks; 2020-W53 runs from Monday 2020-12-28 to Sunday 2021-01-03.
    events = [ev("2020-12-07"), ev("2020-12-28", fatalities=2), ev("2021-01-03", fatalities=None),
              ev("2021-01-04")]  # fmt: skip
    counts = weekly_counts(events, weeks_back=4, until=date(2021, 1, 3))
    weeks = counts[("IQ", "IQ-KI")]
    assert [w.iso_week for w in weeks] == ["2020-W50", "2020-W51", "2020-W52", "2020-W53"]
    assert [(w.events, w.fatalities) for w in weeks] == [(1, 0), (0, 0), (0, 0), (2, 2)]
    assert weeks[-1].week_start == date(2020, 12, 28)


def test_the_window_runs_into_the_new_iso_year() -> None:
    counts = weekly_counts([ev("2021-01-05"), ev("2020-12-31")], weeks_back=3, until=date(2021, 1, 6))
    assert [(w.iso_week, w.events) for w in counts[("IQ", "IQ-KI")]] == [
        ("2020-W52", 0), ("2020-W53", 1), ("2021-W01", 1),
    ]  # fmt: skip


def test_events_after_until_or_before_the_window_are_left_out() -> None:
    events = [ev("2024-03-14"), ev("2024-03-13"), ev("2024-01-01")]
    counts = weekly_counts(events, weeks_back=2, until=date(2024, 3, 13))
    assert [w.events for w in counts[("IQ", "IQ-KI")]] == [0, 1]


def test_areas_precision_and_missing_places() -> None:
    events = [
        ev("2024-03-11", admin1="IQ-BG"),
        ev("2024-03-11", admin1=None),
        ev("2024-03-11", country=None, admin1=None),
        ev("2024-03-04", date_precision="week"),
        {**ev("2024-03-01"), "date_precision": "month"},
    ]
    counts = weekly_counts(events, weeks_back=2, until=date(2024, 3, 17))
    assert list(counts) == [("IQ", None), ("IQ", "IQ-BG"), ("IQ", "IQ-KI")]
    assert [w.events for w in counts[("IQ", "IQ-KI")]] == [1, 0]
    with_months = weekly_counts(events, weeks_back=3, until=date(2024, 3, 17), include_month_precision=True)
    assert [w.events for w in with_months[("IQ", "IQ-KI")]] == [1, 1, 0]  # 2024-03-01 is in the week of 02-26


def test_input_order_does_not_matter() -> None:
    events = [ev(f"2024-0{m}-{d:02d}", admin1=a, fatalities=d % 4)
              for m in (1, 2, 3) for d in (3, 11, 19, 27) for a in ("IQ-KI", "IQ-BG", "IQ-NI")]  # fmt: skip
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    until = date(2024, 3, 31)
    assert weekly_counts(events, 14, until) == weekly_counts(shuffled, 14, until)
    assert list(weekly_counts(shuffled, 14, until)) == [("IQ", "IQ-BG"), ("IQ", "IQ-KI"), ("IQ", "IQ-NI")]


def test_week_starts_are_mondays() -> None:
    starts = week_starts(3, date(2024, 3, 17))
    assert starts == [date(2024, 2, 26), date(2024, 3, 4), date(2024, 3, 11)]
    assert WeekCount(starts[0]).iso_week == "2024-W09"
    with pytest.raises(ValueError, match="weeks_back"):
        week_starts(0, date(2024, 3, 17))


def test_a_bad_date_names_the_event() -> None:
    with pytest.raises(ValueError, match="bad"):
        weekly_counts([{"id": "bad", "date": "16/03/2024", "country": "IQ"}], 2, date(2024, 3, 17))
