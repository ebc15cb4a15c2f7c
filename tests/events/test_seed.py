"""The article that started marsad (GUIDELINES §9): threats, statements and trends around one old raid.

Read from ../shared/eval/seed (not redistributable); skipped where it is absent.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from marsad import extract
from marsad.model import Event

PUBLISHED = "2022-04-18T12:00:00+03:00"


@pytest.fixture(scope="module")
def events(shared_dir: Path) -> list[Event]:
    title, _, text = (
        (shared_dir / "eval" / "seed" / "alaraby-2022-04-18.txt").read_text(encoding="utf-8").partition("\n")
    )
    return extract(text.strip("\n"), published=PUBLISHED, title=title.strip())


def test_no_core_event_in_the_scoring_window(events: list[Event]) -> None:
    window_start = date(2022, 4, 18) - timedelta(days=30)
    in_window = [e for e in events if e.core and e.date >= window_start]
    assert in_window == [], [e.to_json()["evidence"] for e in in_window]


def test_the_atmeh_raid_is_found_in_idlib_early_february(events: list[Event]) -> None:
    raids = [e for e in events if e.sub_event_type == "armed_clash"]
    assert len(raids) == 1
    raid = raids[0]
    assert (raid.country, raid.admin1, raid.location_ar) == ("SY", "SY-ID", "أطمة")
    assert (raid.date, raid.date_precision) == (date(2022, 2, 1), "month")


@pytest.mark.xfail(strict=True, reason="actor roles: the sentence's generic 'قوات الأمن' (Iraqi) wins actor1")
def test_the_raid_is_by_us_forces(events: list[Event]) -> None:
    (raid,) = [e for e in events if e.sub_event_type == "armed_clash"]
    assert raid.actor1 == "US Forces"


def test_threat_and_trend_are_not_attacks(events: list[Event]) -> None:
    kinds = {e.event_type for e in events}
    assert "explosions_remote_violence" not in kinds
    assert all(e.country != "IQ" or not e.core for e in events)
