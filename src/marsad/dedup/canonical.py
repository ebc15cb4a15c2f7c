"""The fields of a canonical event, computed from its members' profiles (a pure function of the set).

Because the fields depend only on the set of members, never on the order they arrived in, an event built in
one pass and one rebuilt from a store (`EventClusterer.load`) have the same fields. The rules:

* **Type**: the sub-event type most members report; ties go to a core type, then to the one whose best
  report is most confident, then alphabetically. `core` follows the type.
* **Date**: the most precise precision present (day over week over month); among those dates, the one most
  members agree on; ties go to the earliest.
* **Place**: the member with the most precise place (geo precision 1 = the town itself, over 2, over 3 =
  province or country), then one with a location over one with only admin1, then the most confident; its
  country, admin1, location, coordinates and geo precision come together so they stay consistent.
* **Counts**: the highest stated fatalities and injured (tolls only grow as a story is updated, and
  GUIDELINES §6 takes the highest stated).
* **Actors**: the value most members name (nulls do not vote), ties alphabetically; the actor type with it.
* **Evidence**: the sentence of the most confident member of the chosen type (ties: earliest published).
* `confidence`: the highest; `n_sources`: distinct outlets among independent members.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from marsad.dedup.compare import Profile

_PRECISION = {"day": 0, "week": 1, "month": 2}


def _vote(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def canonical_fields(members: list[Profile]) -> dict[str, Any]:
    if not members:
        raise ValueError("a canonical event needs at least one member")
    types = Counter(m.sub_event_type for m in members)
    best_conf = {t: max(m.confidence for m in members if m.sub_event_type == t) for t in types}
    core = {m.sub_event_type: m.core for m in members}
    sub = min(types, key=lambda t: (-types[t], not core[t], -best_conf[t], t))
    typed = [m for m in members if m.sub_event_type == sub]
    best = min(typed, key=lambda m: (-m.confidence, m.published, m.report_id))

    precision = min((m.date_precision for m in members), key=lambda p: _PRECISION.get(p, 3))
    dates = Counter(m.date for m in members if m.date_precision == precision)
    day = min(dates, key=lambda d: (-dates[d], d))

    place = min(
        members,
        key=lambda m: (m.geo_precision, m.location_ar is None, m.admin1 is None, -m.confidence, m.report_id),
    )
    actor1 = _vote([m.actor1 for m in members])
    actor2 = _vote([m.actor2 for m in members])
    killed = [m.fatalities for m in members if m.fatalities is not None]
    injured = [m.injured for m in members if m.injured is not None]
    return {
        "event_type": best.event_type,
        "sub_event_type": sub,
        "core": best.core,
        "date": day,
        "date_precision": precision,
        "country": place.country,
        "admin1": place.admin1,
        "location_ar": place.location_ar,
        "location_en": place.location_en,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "actor1": actor1,
        "actor2": actor2,
        "actor1_type": min((m.report_id, m.actor1_type) for m in members if m.actor1 == actor1)[1],
        "actor2_type": min((m.report_id, m.actor2_type) for m in members if m.actor2 == actor2)[1],
        "fatalities": max(killed) if killed else None,
        "injured": max(injured) if injured else None,
        "confidence": max(m.confidence for m in members),
        "evidence": best.evidence,
        "n_sources": len({m.source for m in members if m.independent}),
    }
