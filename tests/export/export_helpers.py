"""Canonical event dicts for the export tests and bench/export_memory.py: one realistic event, and a
generator of as many varied synthetic ones as asked (never held in a list)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

EVIDENCE = (
    'فجر انتحاري نفسه في حي الشعلة، غرب بغداد، ما أسفر عن مقتل 7 أشخاص وإصابة 12 آخرين، "بحسب" مصدر أمني.'
)


def sample_event(**overrides: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "ev-0001",
        "event_type": "explosions_remote_violence",
        "sub_event_type": "suicide_bomb",
        "core": True,
        "date": "2018-04-16",
        "date_precision": "day",
        "country": "IQ",
        "admin1": "IQ-BG",
        "location_ar": "حي الشعلة",
        "location_en": "Shula district, Baghdad",
        "latitude": 33.3732,
        "longitude": 44.3152,
        "geo_precision": 1,
        "actor1": "Islamic State",
        "actor2": "Civilians",
        "actor1_type": 2,
        "actor2_type": 7,
        "fatalities": 7,
        "injured": 12,
        "confidence": 0.91,
        "evidence": EVIDENCE,
        "n_sources": 2,
        "sources": [
            {"article_id": "a1", "source": "alsumaria", "url": "https://example.org/a1",
             "published": "2018-04-17T10:00:00+04:00", "independent": True},
            {"article_id": "a2", "source": "shafaq", "url": "https://example.org/a2",
             "published": "2018-04-17T12:30:00+03:00", "independent": True},
        ],
    }  # fmt: skip
    event.update(overrides)
    return event


_TYPES = [
    ("battles", "armed_clash", "IQ", "IQ-KI"),
    ("explosions_remote_violence", "air_drone_strike", "SY", "SY-ID"),
    ("violence_against_civilians", "abduction_forced_disappearance", "YE", "YE-TA"),
    ("protests", "peaceful_protest", "LY", "LY-BA"),
    ("strategic_developments", "arrests", "EG", "EG-C"),
]


def synthetic_events(n: int) -> Iterator[dict[str, Any]]:
    """`n` distinct events, made one at a time."""
    start = date(2020, 1, 1)
    for i in range(n):
        event_type, sub_type, country, admin1 = _TYPES[i % len(_TYPES)]
        yield sample_event(
            id=f"ev-{i:08d}",
            event_type=event_type,
            sub_event_type=sub_type,
            core=True,
            date=(start + timedelta(days=i % 1500)).isoformat(),
            country=country,
            admin1=admin1,
            latitude=None if i % 7 == 0 else 30.0 + (i % 100) / 100,
            fatalities=None if i % 3 == 0 else i % 11,
            evidence=f"{EVIDENCE} ({i})",
        )


class NullText(io.TextIOBase):
    """A text sink that counts characters and keeps nothing."""

    def __init__(self) -> None:
        self.chars = 0

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.chars += len(s)
        return len(s)
