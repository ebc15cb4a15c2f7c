"""Dedup at scale: incremental canonical fields, the reach of the date factor, and the caps that bound the
cost of a report whatever the density of its block (issue 4, part 2)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

import marsad.dedup.events as events_module
from marsad.dedup.canonical import FieldTally, canonical_fields
from marsad.dedup.compare import THRESHOLD, Match, Profile, compare, reach
from marsad.dedup.events import MAX_CANDIDATES, MAX_PROBES, EventClusterer, event_id
from marsad.model import Event, Evidence, Span
from marsad.records import Report

DAY = date(2018, 4, 16)
PUBLISHED = datetime(2018, 4, 16, 12, 0, tzinfo=UTC)
# Towns of one (imaginary) governorate, on a grid far enough apart (> 25 km) never to count as one place.
TOWNS = [(f"بلدة{i}", 30.0 + 0.5 * (i // 20), 40.0 + 0.5 * (i % 20)) for i in range(200)]


def report(
    rid: str,
    article: str,
    town: int = 0,
    day: date = DAY,
    sub: str = "remote_explosive_landmine_ied",
    etype: str = "explosions_remote_violence",
    killed: int | None = None,
    actor1: str | None = None,
    precision: str = "day",
) -> Report:
    name, lat, lon = TOWNS[town]
    sentence = f"انفجار في {name}"
    event = Event(
        id=rid, doc_id=article, event_type=etype, sub_event_type=sub, core=True, date=day,
        date_precision=precision, country="IQ", admin1="IQ-BG", location_ar=name, location_en=None,
        latitude=lat, longitude=lon, geo_precision=1, actor1=actor1, actor2=None, actor1_type=None,
        actor2_type=None, fatalities=killed, injured=None, confidence=0.8,
        evidence=Evidence(sentence=Span(0, len(sentence), sentence), trigger=Span(0, 5, "انفجار")),
        extractor_version="test",
    )  # fmt: skip
    return Report(event, article, f"outlet{hash(article) % 5}", f"https://x/{article}", PUBLISHED)


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, a: Profile, b: Profile) -> Match | None:
        self.calls += 1
        return compare(a, b)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Counting:
    counter = Counting()
    monkeypatch.setattr(events_module, "compare", counter)
    return counter


# -- canonical fields, updated in constant work per member -----------------------------------------------


def reference_fields(members: list[Profile]) -> dict[str, Any]:
    """The rules of marsad.dedup.canonical written the slow, obvious way (a pass over every member)."""
    types = Counter(m.sub_event_type for m in members)
    best_conf = {t: max(m.confidence for m in members if m.sub_event_type == t) for t in types}
    core = {m.sub_event_type: m.core for m in members}
    sub = min(types, key=lambda t: (-types[t], not core[t], -best_conf[t], t))
    best = min((m for m in members if m.sub_event_type == sub), key=lambda m: (-m.confidence, m.published))
    rank = {"day": 0, "week": 1, "month": 2}
    precision = min((m.date_precision for m in members), key=rank.__getitem__)
    dates = Counter(m.date for m in members if m.date_precision == precision)
    place = min(members, key=lambda m: (m.geo_precision, m.location_ar is None, -m.confidence, m.report_id))

    def vote(values: list[str | None]) -> str | None:
        counts = Counter(v for v in values if v is not None)
        return min(counts, key=lambda v: (-counts[v], v)) if counts else None

    actor1 = vote([m.actor1 for m in members])
    killed = [m.fatalities for m in members if m.fatalities is not None]
    return {
        "sub_event_type": sub,
        "evidence": best.evidence,
        "date": min(dates, key=lambda d: (-dates[d], d)),
        "date_precision": precision,
        "location_ar": place.location_ar,
        "actor1": actor1,
        "actor1_type": min((m.report_id, m.actor1_type) for m in members if m.actor1 == actor1)[1],
        "fatalities": max(killed) if killed else None,
        "confidence": max(m.confidence for m in members),
        "n_sources": len({m.source for m in members if m.independent}),
    }


def random_profile(rng: random.Random, i: int) -> Profile:
    sub = rng.choice(["attack", "armed_clash", "air_drone_strike"])
    name, lat, lon = TOWNS[rng.randrange(4)]
    actor = rng.choice([None, "Islamic State", "Houthis"])
    published = f"2018-04-{rng.randint(10, 20)}T10:00:00+00:00"
    return Profile(
        f"r{i:03d}", f"a{i}", rng.choice(["bbc", "cnn", "afp"]), published, rng.random() < 0.8, "x", sub,
        sub != "armed_clash", f"2018-04-{rng.randint(14, 17)}", rng.choice(["day", "day", "week", "month"]),
        "IQ", "IQ-BG", name, None, lat, lon, rng.choice([1, 2, 3]), actor, None,
        None if actor is None else rng.choice([2, 3]), None, rng.choice([None, 3, 5, 12]), None,
        rng.choice([0.5, 0.7, 0.9]), f"sentence {i}",
    )  # fmt: skip


@pytest.mark.parametrize("seed", range(20))
def test_the_running_tally_gives_the_fields_of_every_prefix_and_ignores_order(seed: int) -> None:
    rng = random.Random(seed)
    members = [random_profile(rng, i) for i in range(rng.randint(1, 40))]
    tally = FieldTally()
    for i, m in enumerate(members):
        tally.add(m)
        got = tally.fields()
        assert {k: got[k] for k in reference_fields(members[: i + 1])} == reference_fields(members[: i + 1])
    shuffled = rng.sample(members, len(members))
    assert canonical_fields(shuffled) == tally.fields()


def test_fields_need_a_member() -> None:
    with pytest.raises(ValueError):
        FieldTally().fields()


# -- how far apart two reports can be and still fit ------------------------------------------------------


def test_reach_of_the_default_threshold() -> None:
    assert reach(THRESHOLD, True, True) == 2  # 3 days: 0.3 x 1.25 < 0.45
    assert reach(THRESHOLD, False, False) == 3  # two periods: 0.4 x 1.25 >= 0.45 up to WINDOW_DAYS
    assert reach(THRESHOLD, True, False) == 7  # a day in the other's week or month
    assert reach(0.3, True, True) == 3
    assert reach(0.2, True, True) == 7  # the update factor then counts


@pytest.mark.parametrize("gap", range(8))
def test_beyond_the_reach_not_even_the_best_pair_fits(gap: int) -> None:
    """The same place, type and toll: only the date factor is left, and past `reach` it cannot fit."""
    a = Profile.of(report("a", "a1", killed=4))
    b = Profile.of(report("b", "b1", day=DAY + timedelta(days=gap), killed=4))
    match = compare(a, b)
    fits = match is not None and match.score >= THRESHOLD
    assert fits == (gap <= reach(THRESHOLD, True, True))


def test_members_out_of_reach_are_not_scored(counting: Counting) -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", day=DAY))
    counting.calls = 0
    _, decision = clusterer.add(report("r2", "a2", day=DAY + timedelta(days=3)))  # same town and type
    assert decision == "new" and counting.calls == 0
    clusterer.add(report("r3", "a3", day=DAY + timedelta(days=2)))
    assert counting.calls == 2  # r1 (2 days) and r2 (1 day) are both within reach


# -- the caps --------------------------------------------------------------------------------------------


def dense_block(clusterer: EventClusterer, n: int) -> None:
    """`n` events of one governorate on one day, each in its own town (1 to n), of three types: one
    report each, none of which fits another, nor a report of town 0."""
    kinds = [("armed_clash", "battles"), ("air_drone_strike", "explosions_remote_violence"), ("attack",
             "violence_against_civilians")]  # fmt: skip
    for i in range(n):
        sub, etype = kinds[i % 3]
        clusterer.add(report(f"d{i:03d}", f"dense{i}", town=1 + i, sub=sub, etype=etype))
    assert len(clusterer) >= n


def test_a_capped_clusterer_still_finds_the_best_event_in_a_dense_block(counting: Counting) -> None:
    # The event to find sorts after every other by id: the order of candidates (same type at the same
    # place first) must bring it forward, not its id.
    target = max((f"t{i}" for i in range(500)), key=event_id)
    assert event_id(target) > max(event_id(f"d{i:03d}") for i in range(3 * MAX_CANDIDATES))
    capped, uncapped = EventClusterer(), EventClusterer(max_candidates=None, max_probes=None)
    for clusterer in (capped, uncapped):
        dense_block(clusterer, 3 * MAX_CANDIDATES)
        clusterer.add(report(target, "t1", town=0, killed=7))
    counting.calls = 0
    ev, decision = capped.add(report("probe", "p1", town=0, killed=7))
    assert decision == "merged" and ev is capped.event_of(target)
    assert counting.calls <= MAX_CANDIDATES * MAX_PROBES
    capped_calls, counting.calls = counting.calls, 0
    ev, decision = uncapped.add(report("probe", "p1", town=0, killed=7))
    assert decision == "merged" and ev is uncapped.event_of(target)
    assert counting.calls > capped_calls  # the uncapped one scored the whole block


def test_the_cost_of_a_report_is_bounded_whatever_the_density(counting: Counting) -> None:
    calls = []
    for n in (MAX_CANDIDATES, 4 * MAX_CANDIDATES, 12 * MAX_CANDIDATES):
        clusterer = EventClusterer(bridge=None)
        dense_block(clusterer, n)
        counting.calls = 0
        clusterer.add(report("probe", "p1", town=0, sub="armed_clash", etype="battles"))
        calls.append(counting.calls)
    assert calls[0] <= MAX_CANDIDATES and calls[1] == calls[2] == MAX_CANDIDATES


def test_the_member_cap_keeps_the_member_with_the_same_toll(counting: Counting) -> None:
    """One event told with many different tolls on one day: more members than MAX_PROBES to score. The one
    with the report's toll (x1.25) is among those scored."""
    clusterer = EventClusterer()
    for i in range(3 * MAX_PROBES):
        clusterer.add(report(f"m{i:02d}", f"art{i}", day=DAY - timedelta(days=1), killed=10 + i))
    assert len(clusterer) == 1
    counting.calls = 0
    ev, decision = clusterer.add(report("probe", "p1", killed=10 + 2 * MAX_PROBES))
    assert decision == "merged" and counting.calls == MAX_PROBES
    assert ev.links[-1].score == 1.0 and f"same toll {10 + 2 * MAX_PROBES}" in ev.links[-1].reason


def test_candidates_come_same_type_and_place_first_then_same_type_then_the_rest() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("a-other", "a1", town=1, sub="armed_clash", etype="battles"))
    clusterer.add(report("b-type", "a2", town=2))
    clusterer.add(report("c-place-far", "a3", town=0, day=DAY - timedelta(days=5)))  # an update away
    clusterer.add(report("d-place", "a4", town=0))
    probe = Profile.of(report("probe", "p1", town=0))
    order = [clusterer.event_of(r) for r in ("d-place", "c-place-far", "b-type", "a-other")]
    assert list(clusterer._candidates(probe)) == [ev.id for ev in order if ev is not None]


def test_without_caps_every_candidate_is_scored(counting: Counting) -> None:
    clusterer = EventClusterer(max_candidates=None, max_probes=None, bridge=None)
    dense_block(clusterer, 4 * MAX_CANDIDATES)
    counting.calls = 0
    clusterer.add(report("probe", "p1", town=0, sub="armed_clash", etype="battles"))
    assert counting.calls == 4 * MAX_CANDIDATES
