"""The fields of a canonical event, computed from its members' profiles (a pure function of the set).

Because the fields depend only on the set of members, never on the order they arrived in, an event built in
one pass and one rebuilt from a store (`EventClusterer.load`) have the same fields. `FieldTally` keeps the
running counts and bests the rules need, so adding a member costs the same whether the event has one report
or hundreds (the clusterer updates an event's fields after every report it takes); `canonical_fields` is
the tally of a list of members. The rules:

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

from typing import Any

from marsad.dedup.compare import Profile

_PRECISION = {"day": 0, "week": 1, "month": 2}


def _vote(counts: dict[str, int]) -> str | None:
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _place_key(m: Profile) -> tuple[Any, ...]:
    return (m.geo_precision, m.location_ar is None, m.admin1 is None, -m.confidence, m.report_id)


def _best_key(m: Profile) -> tuple[Any, ...]:
    return (-m.confidence, m.published, m.report_id)


class FieldTally:
    """The running counts and bests behind the fields: adding a member costs O(1); reading the fields costs
    the number of distinct types, dates and actors, not the number of members."""

    __slots__ = (
        "actor_types", "actors", "best", "best_conf", "confidence", "core", "dates", "injured", "killed",
        "n", "place", "precisions", "sources", "types",
    )  # fmt: skip

    def __init__(self) -> None:
        self.n = 0
        self.types: dict[str, int] = {}
        self.best_conf: dict[str, float] = {}
        self.core: dict[str, bool] = {}
        self.best: dict[str, Profile] = {}  # per sub-event type: its most confident report
        self.precisions: dict[str, int] = {}  # in order of first appearance
        self.dates: dict[str, dict[str, int]] = {}  # per precision: date -> count
        self.place: Profile | None = None
        self.actors: tuple[dict[str, int], dict[str, int]] = ({}, {})
        #: Per actor value (None included), the smallest (report id, actor type) of the members naming it.
        self.actor_types: tuple[dict[str | None, tuple[str, Any]], dict[str | None, tuple[str, Any]]] = (
            {},
            {},
        )
        self.killed: int | None = None
        self.injured: int | None = None
        self.confidence = 0.0
        self.sources: set[str] = set()

    def add(self, m: Profile) -> None:
        self.n += 1
        t = m.sub_event_type
        self.types[t] = self.types.get(t, 0) + 1
        self.best_conf[t] = max(self.best_conf.get(t, m.confidence), m.confidence)
        self.core[t] = m.core  # the last member of a type decides, as a dict built over the members would
        held = self.best.get(t)
        if held is None or _best_key(m) < _best_key(held):
            self.best[t] = m
        self.precisions[m.date_precision] = self.precisions.get(m.date_precision, 0) + 1
        days = self.dates.setdefault(m.date_precision, {})
        days[m.date] = days.get(m.date, 0) + 1
        if self.place is None or _place_key(m) < _place_key(self.place):
            self.place = m
        for i, (actor, kind) in enumerate(((m.actor1, m.actor1_type), (m.actor2, m.actor2_type))):
            if actor is not None:
                self.actors[i][actor] = self.actors[i].get(actor, 0) + 1
            low = self.actor_types[i].get(actor)
            if low is None or (m.report_id, kind) < low:
                self.actor_types[i][actor] = (m.report_id, kind)
        if m.fatalities is not None:
            self.killed = m.fatalities if self.killed is None else max(self.killed, m.fatalities)
        if m.injured is not None:
            self.injured = m.injured if self.injured is None else max(self.injured, m.injured)
        self.confidence = max(self.confidence, m.confidence) if self.n > 1 else m.confidence
        if m.independent:
            self.sources.add(m.source)

    def fields(self) -> dict[str, Any]:
        if not self.n or self.place is None:
            raise ValueError("a canonical event needs at least one member")
        types, core, best_conf = self.types, self.core, self.best_conf
        sub = min(types, key=lambda t: (-types[t], not core[t], -best_conf[t], t))
        best = self.best[sub]
        precision = min(self.precisions, key=lambda p: _PRECISION.get(p, 3))
        dates = self.dates[precision]
        day = min(dates, key=lambda d: (-dates[d], d))
        place = self.place
        actor1, actor2 = _vote(self.actors[0]), _vote(self.actors[1])
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
            "actor1_type": self.actor_types[0][actor1][1],
            "actor2_type": self.actor_types[1][actor2][1],
            "fatalities": self.killed,
            "injured": self.injured,
            "confidence": self.confidence,
            "evidence": best.evidence,
            "n_sources": len(self.sources),
        }


def canonical_fields(members: list[Profile]) -> dict[str, Any]:
    """The fields of an event with these members (what `FieldTally` gives after adding each of them)."""
    tally = FieldTally()
    for m in members:
        tally.add(m)
    return tally.fields()
