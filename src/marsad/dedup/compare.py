"""Do two reports tell the same real-world event? The scoring cascade of cross-source dedup.

A report is reduced to a `Profile` (its type, date, place, actors and counts); a canonical event keeps the
profiles of its members. `compare(new, member)` returns a `Match` (score in [0, 1] and the reasons) or
None when the pair is ruled out. The cascade, cheapest test first:

1. **Block** (done by the clusterer's index, repeated here): same country, dates at most `UPDATE_DAYS`
   apart.
2. **Type** factor: same sub-event type 1.0; same event type `SAME_EVENT_TYPE` (0.6); related types (a
   clash told as an attack on civilians or a riot, a strike told as a clash, an intercepted missile told as
   a missile attack) `RELATED` (0.5); anything else rules the pair out.
3. **Place** gate and factor. Two known, different admin1 codes rule the pair out. Then: the same location
   (normalized `location_ar`, or one name containing the other word for word, or two precise places at one
   point: العاصمة and بغداد, a name placed by its anchor and the anchor) 1.0; coordinates of two
   precise places (geo precision 1-2) less than `NEAR_KM` apart 0.8; same admin1 where one side names only
   the province 0.5; admin1 unknown on one side (a country-level report) 0.3, weak evidence that only a
   strong type and date can carry; two precise places of one province farther apart 0.1.
4. **Date** factor: both dated to the day, 0 days apart 1.0, 1 day 0.8, 2 days 0.5, `WINDOW_DAYS` (3) 0.3;
   up to `UPDATE_DAYS` (7) apart `UPDATE_FACTOR` (0.2) only for an update (same sub-event type and same
   location), else out. Two week- or month-precise dates at most `WINDOW_DAYS` apart `SAME_PERIOD` (0.4);
   a day within the other's week or month `DAY_IN_PERIOD` (0.5).
5. **Counts and actors** adjust (`adjustments`): the same stated toll x`SAME_TOLL` (1.25); tolls that
   cannot be one event's (both at least 5 apart and 4x) x`OTHER_TOLL` (0.6); two different named
   perpetrators x`OTHER_ACTOR` (0.7).

score = place x type x date (x adjustments, capped at 1); the reasons list place, type, date, then the
adjustments. The clusterer merges at `THRESHOLD` (0.45) and joins two events that one report fits at
`BRIDGE` (0.6) or more. These values were chosen on the tuning split of eval/dedup/pairs.jsonl
(bench/dedup_eval.py); the variants tried are listed in eval/dedup/README.md.

Because every factor is at most 1 and only the same toll lifts a score, the date factor alone bounds how
far apart two reports can be and still reach a threshold (`reach`): at 0.45, two reports dated to the day
need to be at most 2 days apart (the 3-day factor 0.3 x 1.25 and the update factor stay below it). The
clusterer scores no member farther apart, which changes no decision.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from marsad.records import Report
from marsad.text.normalize import normalize_string

WINDOW_DAYS = 3
UPDATE_DAYS = 7
NEAR_KM = 25.0
#: Two precise places closer than this are one site under two names (the gazetteer gives one place one point).
SAME_SITE_KM = 0.5
THRESHOLD = 0.45
#: A report that fits two events at this score or more makes them one (None: never); the caller deletes
#: the absorbed events (`EventClusterer.removed()`), as the ingest runner does.
BRIDGE: float | None = 0.6
SAME_EVENT_TYPE = 0.6
RELATED = 0.5
#: Date factor of an update: same sub-event type and location, WINDOW_DAYS to UPDATE_DAYS apart.
UPDATE_FACTOR = 0.2
#: Date factors of two week- or month-precise dates at most WINDOW_DAYS apart, and of a day within the
#: other report's week or month.
SAME_PERIOD = 0.4
DAY_IN_PERIOD = 0.5
#: The adjustments: the same stated toll (the only one above 1), incompatible tolls, two named perpetrators.
SAME_TOLL = 1.25
OTHER_TOLL = 0.6
OTHER_ACTOR = 0.7

_DATE = {0: 1.0, 1: 0.8, 2: 0.5, 3: 0.3}
_RELATED = {
    frozenset({"battles", "violence_against_civilians"}),
    frozenset({"battles", "riots"}),
    frozenset({"battles", "protests"}),
    frozenset({"protests", "riots"}),
    frozenset({"protests", "violence_against_civilians"}),
    frozenset({"riots", "violence_against_civilians"}),
    frozenset({"battles", "explosions_remote_violence"}),
}
_INTERCEPT = frozenset({"disrupted_weapons_use", "shelling_artillery_missile_attack"})
_UNNAMED = {None, "Unidentified Armed Group", "Civilians"}


@dataclass(frozen=True, slots=True)
class Profile:
    """What dedup needs of one report; JSON-able, so a stored event keeps its members."""

    report_id: str
    article_id: str
    source: str
    published: str
    independent: bool
    event_type: str
    sub_event_type: str
    core: bool
    date: str
    date_precision: str
    country: str | None
    admin1: str | None
    location_ar: str | None
    location_en: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    actor1: str | None
    actor2: str | None
    actor1_type: int | None
    actor2_type: int | None
    fatalities: int | None
    injured: int | None
    confidence: float
    evidence: str
    # Derived once (compare runs ~30 times per report): the date as a day number, the normalized location.
    ordinal: int = field(init=False, repr=False, compare=False)
    place_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ordinal", _day(self.date).toordinal())
        object.__setattr__(self, "place_key", _norm(self.location_ar))

    @classmethod
    def of(cls, report: Report) -> Profile:
        e = report.event
        return cls(
            report.id, report.article_id, report.source, report.published.isoformat(), not report.duplicate,
            e.event_type, e.sub_event_type, e.core, e.date.isoformat(), e.date_precision, e.country, e.admin1,
            e.location_ar, e.location_en, e.latitude, e.longitude, e.geo_precision, e.actor1, e.actor2,
            e.actor1_type, e.actor2_type, e.fatalities, e.injured, round(e.confidence, 3),
            e.evidence.sentence.text,
        )  # fmt: skip

    @property
    def day(self) -> dt.date:
        return _day(self.date)

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Profile:
        return cls(**obj)


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    reasons: tuple[str, ...]


_FIELDS = tuple(f.name for f in fields(Profile) if f.init)


@lru_cache(maxsize=4096)
def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@lru_cache(maxsize=1 << 16)
def _norm(name: str | None) -> str:
    return " ".join(normalize_string(name).split()) if name else ""


def _km(a: Profile, b: Profile) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(a: Profile, b: Profile) -> bool:
    ka, kb = a.place_key, b.place_key
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    return f" {short} " in f" {long} "


def place_factor(a: Profile, b: Profile) -> tuple[float, str] | None:
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return None
    if _same_place(a, b):
        return 1.0, f"location {b.location_ar}"
    km = _km(a, b)
    if km is not None and max(a.geo_precision, b.geo_precision) <= 2 and km < SAME_SITE_KM:
        # one place under two names: العاصمة / بغداد, or a name placed by its anchor (جبل مرثد / مأرب)
        return 1.0, f"location {b.location_ar} at {a.location_ar}"
    if km is not None and max(a.geo_precision, b.geo_precision) <= 2 and km < NEAR_KM:
        return 0.8, f"{km:.0f} km apart"
    if a.admin1 and a.admin1 == b.admin1:
        if max(a.geo_precision, b.geo_precision) >= 3:
            return 0.5, f"same admin1 {a.admin1}"
        return 0.1, f"other places of {a.admin1}"
    if a.admin1 or b.admin1:
        return 0.3, "admin1 unknown on one side"
    return 0.3, "country only"


def type_factor(a: Profile, b: Profile) -> tuple[float, str] | None:
    if a.sub_event_type == b.sub_event_type:
        return 1.0, f"same type {a.sub_event_type}"
    if a.event_type == b.event_type:
        return SAME_EVENT_TYPE, f"same event type {a.event_type}"
    if frozenset({a.event_type, b.event_type}) in _RELATED or (
        frozenset({a.sub_event_type, b.sub_event_type}) == _INTERCEPT
    ):
        return RELATED, f"related types {a.sub_event_type}/{b.sub_event_type}"
    return None


def _within(day: dt.date, other: Profile) -> bool:
    d = other.day
    if other.date_precision == "month":
        return (d.year, d.month) == (day.year, day.month)
    return 0 <= (day - d).days < 7


def date_factor(a: Profile, b: Profile, update: bool) -> tuple[float, str] | None:
    days = abs(a.ordinal - b.ordinal)
    if a.date_precision == "day" and b.date_precision == "day":
        if days in _DATE:
            return _DATE[days], f"{days} day{'s' if days != 1 else ''} apart"
        if update and days <= UPDATE_DAYS:
            return UPDATE_FACTOR, f"{days} days apart (update)"
        return None
    if a.date_precision != "day" and b.date_precision != "day":
        return (SAME_PERIOD, "same period") if days <= WINDOW_DAYS else None
    day, period = (a, b) if a.date_precision == "day" else (b, a)
    return (DAY_IN_PERIOD, "day within the other's period") if _within(day.day, period) else None


@lru_cache(maxsize=64)
def reach(threshold: float, day_a: bool, day_b: bool) -> int:
    """The largest gap in days at which two reports, dated to the day (`day_a`, `day_b`) or to a week or
    month, can still score `threshold`: with the same place, type and toll at best, only the date factor
    varies. -1 when no gap can. The clusterer does not score members farther apart: at the default
    threshold, two reports dated to the day 3 or more days apart never merge (0.3 x 1.25 < 0.45)."""
    if day_a and day_b:
        gaps = [d for d, f in _DATE.items() if f * SAME_TOLL >= threshold]
        if threshold <= UPDATE_FACTOR * SAME_TOLL:
            gaps.append(UPDATE_DAYS)
        return max(gaps, default=-1)
    if not day_a and not day_b:
        return WINDOW_DAYS if threshold <= SAME_PERIOD * SAME_TOLL else -1
    return UPDATE_DAYS if threshold <= DAY_IN_PERIOD * SAME_TOLL else -1


def adjustments(a: Profile, b: Profile) -> list[tuple[float, str]]:
    """The factors the tolls and actors apply: the same stated toll, tolls that cannot be one event's, two
    different named perpetrators."""
    out: list[tuple[float, str]] = []
    if a.fatalities is not None and b.fatalities is not None:
        low, high = sorted((a.fatalities, b.fatalities))
        if low == high and high > 0:
            out.append((SAME_TOLL, f"same toll {high}"))
        elif high - low >= 5 and high > 4 * max(low, 1):
            out.append((OTHER_TOLL, f"tolls {low} and {high}"))
    if a.actor1 not in _UNNAMED and b.actor1 not in _UNNAMED and a.actor1 != b.actor1:
        out.append((OTHER_ACTOR, f"actors {a.actor1} and {b.actor1}"))
    return out


def compare(a: Profile, b: Profile) -> Match | None:
    """How well `a` fits `b` (see the module docstring); None when ruled out."""
    if a.country != b.country or abs(a.ordinal - b.ordinal) > UPDATE_DAYS:
        return None
    kind = type_factor(a, b)  # the cheapest test first
    if kind is None:
        return None
    place = place_factor(a, b)
    if place is None:
        return None
    when = date_factor(a, b, update=kind[0] == 1.0 and place[0] == 1.0)
    if when is None:
        return None
    score = place[0] * kind[0] * when[0]
    reasons = [place[1], kind[1], when[1]]
    for factor, reason in adjustments(a, b):
        score *= factor
        reasons.append(reason)
    return Match(min(1.0, score), tuple(reasons))
