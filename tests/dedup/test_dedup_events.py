"""Cross-source event dedup: one canonical event per real-world event, with its sources and audit."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from marsad.dedup.events import EventClusterer, event_id
from marsad.model import Event, Evidence, Span
from marsad.records import CanonicalEvent, Report

PUBLISHED = datetime(2018, 4, 16, 12, 0, tzinfo=UTC)
PLACES: dict[str, tuple[str | None, str, float | None, float | None, int]] = {
    # location_ar: admin1, location_en, lat, lon, geo precision
    "حي الشعلة": ("IQ-BG", "Shula", 33.39, 44.30, 1),
    "بغداد": ("IQ-BG", "Baghdad", 33.34, 44.40, 3),
    "الموصل": ("IQ-NI", "Mosul", 36.34, 43.13, 1),
    "كركوك": ("IQ-KI", "Kirkuk", 35.47, 44.39, 1),
    "الحويجة": ("IQ-KI", "Hawija", 35.32, 43.77, 1),
    # a name the gazetteer lacks, placed at its anchor's point (geo.anchoring), 7 km from Hawija
    "قرى الصفرة": ("IQ-KI", "", 35.47, 44.39, 2),
    "قرية الزاب": ("IQ-KI", "", 35.35, 43.70, 2),
}


def report(
    rid: str,
    article: str,
    source: str,
    place: str = "بغداد",
    day: date = date(2018, 4, 16),
    sub: str = "remote_explosive_landmine_ied",
    etype: str = "explosions_remote_violence",
    killed: int | None = None,
    duplicate: bool = False,
    precision: str = "day",
) -> Report:
    admin1, name_en, lat, lon, gp = PLACES[place]
    sentence = f"انفجار في {place} أسفر عن قتلى"
    event = Event(
        id=rid, doc_id=article, event_type=etype, sub_event_type=sub, core=True, date=day,
        date_precision=precision, country="IQ", admin1=admin1, location_ar=place, location_en=name_en,
        latitude=lat, longitude=lon, geo_precision=gp, actor1=None, actor2="Civilians", actor1_type=None,
        actor2_type=7, fatalities=killed, injured=None, confidence=0.8,
        evidence=Evidence(sentence=Span(0, len(sentence), sentence), trigger=Span(0, 5, "انفجار")),
        extractor_version="test",
    )  # fmt: skip
    return Report(event, article, source, f"https://{source}/{article}", PUBLISHED, duplicate)


def partition(clusterer: EventClusterer, reports: list[Report]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in reports:
        ev = clusterer.event_of(r.id)
        assert ev is not None
        groups.setdefault(ev.id, set()).add(r.id)
    return {frozenset(g) for g in groups.values()}


def test_two_outlets_reports_of_one_bombing_merge_with_the_best_fields() -> None:
    clusterer = EventClusterer()
    first, decision = clusterer.add(report("r1", "bbc-1", "bbc", "بغداد", killed=5))
    assert decision == "new"
    merged, decision = clusterer.add(report("r2", "cnn-1", "cnn", "حي الشعلة", killed=7))
    assert decision == "merged" and merged.id == first.id == event_id("r1")
    f = merged.fields
    assert f["fatalities"] == 7  # the highest stated toll
    assert (f["location_ar"], f["admin1"], f["geo_precision"]) == ("حي الشعلة", "IQ-BG", 1)
    assert f["n_sources"] == 2
    assert [link.report_id for link in merged.links] == ["r1", "r2"]
    assert merged.audit[0].startswith("opened by r1 from bbc")
    assert merged.audit[1].startswith("merged r2 from cnn: ") and "same admin1 IQ-BG" in merged.audit[1]
    assert "score" in merged.audit[1]


def test_different_governorates_do_not_merge() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك"))
    _, decision = clusterer.add(report("r2", "a2", "cnn", "الموصل"))
    assert decision == "new" and len(clusterer) == 2


def test_same_place_beyond_the_window_does_not_merge() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك"))
    _, decision = clusterer.add(report("r2", "a2", "cnn", "كركوك", day=date(2018, 4, 21)))
    assert decision == "new"


def test_other_towns_of_one_governorate_do_not_merge() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك"))
    assert clusterer.add(report("r2", "a2", "cnn", "الحويجة"))[1] == "new"


def test_a_next_day_report_of_the_same_place_merges() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك", killed=3))
    ev, decision = clusterer.add(report("r2", "a2", "cnn", "كركوك", day=date(2018, 4, 17), killed=3))
    assert decision == "merged" and "1 day apart" in ev.links[1].reason


def test_reports_of_the_same_article_never_merge() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك"))
    assert clusterer.add(report("r2", "a1", "bbc", "كركوك"))[1] == "new"
    # ... not even through a third report that fits both
    clusterer.add(report("r3", "a2", "cnn", "كركوك"))
    assert clusterer.event_of("r1") != clusterer.event_of("r2")


def test_reports_of_near_duplicate_articles_join_but_are_not_independent() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك"))
    ev, decision = clusterer.add(report("r2", "a2", "skynews", "كركوك", duplicate=True))
    assert decision == "merged"
    assert [link.independent for link in ev.links] == [True, False]
    assert ev.fields["n_sources"] == 1
    assert "not independent" in ev.audit[1]


def test_the_day_beats_the_week_and_the_majority_day_wins() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك", day=date(2018, 4, 16), precision="week"))
    clusterer.add(report("r2", "a2", "cnn", "كركوك", day=date(2018, 4, 17)))
    clusterer.add(report("r3", "a3", "afp", "كركوك", day=date(2018, 4, 18)))
    ev, _ = clusterer.add(report("r4", "a4", "rt", "كركوك", day=date(2018, 4, 18)))
    assert len(clusterer) == 1
    assert (ev.fields["date"], ev.fields["date_precision"]) == ("2018-04-18", "day")


def test_changed_flushes_the_modified_events_once() -> None:
    clusterer = EventClusterer()
    clusterer.add(report("r1", "a1", "bbc", "كركوك"))
    clusterer.add(report("r2", "a2", "bbc", "الموصل"))
    assert [e.id for e in clusterer.changed()] == sorted([event_id("r1"), event_id("r2")])
    assert clusterer.changed() == []
    clusterer.add(report("r3", "a3", "cnn", "كركوك"))
    assert [e.id for e in clusterer.changed()] == [event_id("r1")]


def _stream() -> list[Report]:
    out: list[Report] = []
    for i, (place, offset) in enumerate(
        [("كركوك", 0), ("الموصل", 0), ("بغداد", 0), ("كركوك", 1), ("حي الشعلة", 1), ("الموصل", 2),
         ("كركوك", 6), ("الحويجة", 6), ("الموصل", 9)]
    ):  # fmt: skip
        for source in ("bbc", "cnn"):
            day = date(2018, 4, 10) + timedelta(days=offset)
            out.append(report(f"r{i}{source}", f"{source}-{i}", source, place, day=day, killed=i))
    return out


def _roundtrip(events: list[CanonicalEvent]) -> list[CanonicalEvent]:
    """What a store gives back: fields through JSON, links and audit as they were."""
    fields: list[dict[str, Any]] = [json.loads(json.dumps(e.fields, ensure_ascii=False)) for e in events]
    return [
        CanonicalEvent(e.id, f, list(e.links), list(e.audit)) for e, f in zip(events, fields, strict=True)
    ]


def test_load_and_resume_gives_the_same_result_as_one_pass() -> None:
    stream = _stream()
    one = EventClusterer()
    for r in stream:
        one.add(r)
    first, second = EventClusterer(), EventClusterer()
    for r in stream[:9]:
        first.add(r)
    second.load(_roundtrip(first.events))
    for r in stream[9:]:
        second.add(r)
    assert partition(second, stream) == partition(one, stream)
    assert [(e.id, e.fields, e.audit) for e in second.events] == [
        (e.id, e.fields, e.audit) for e in one.events
    ]


def test_order_of_reports_within_a_day_does_not_change_the_events() -> None:
    stream = _stream()
    expected = EventClusterer()
    for r in stream:
        expected.add(r)
    for seed in range(5):
        shuffled = sorted(stream, key=lambda r: (r.event.date, random.Random(seed).random()))
        got = EventClusterer()
        for r in shuffled:
            got.add(r)
        assert partition(got, stream) == partition(expected, stream)
        fields = {
            frozenset(lk.report_id for lk in e.links): {**e.fields, "members": None} for e in got.events
        }
        for e in expected.events:
            assert fields[frozenset(lk.report_id for lk in e.links)] == {**e.fields, "members": None}


def test_a_report_seen_twice_is_known() -> None:
    clusterer = EventClusterer()
    r = report("r1", "a1", "bbc", "كركوك")
    clusterer.add(r)
    assert clusterer.add(r)[1] == "known" and len(clusterer) == 1


def test_a_report_that_fits_two_events_bridges_them() -> None:
    clusterer = EventClusterer()  # bridge=0.6 by default
    clash = {"sub": "armed_clash", "etype": "battles"}
    attack = {"sub": "attack", "etype": "violence_against_civilians"}
    clusterer.add(report("r1", "a1", "bbc", "كركوك", killed=4, **clash))
    assert clusterer.add(report("r2", "a2", "cnn", "كركوك", day=date(2018, 4, 17), **attack))[1] == "new"
    clusterer.changed()
    ev, decision = clusterer.add(report("r3", "a3", "afp", "كركوك", killed=4, **attack))
    assert decision == "merged" and ev.id == event_id("r2")
    assert sorted(link.report_id for link in ev.links) == ["r1", "r2", "r3"]
    assert any(line.startswith(f"absorbed {event_id('r1')}: r3 fits both") for line in ev.audit)
    assert clusterer.removed() == [event_id("r1")] and clusterer.removed() == []
    assert [e.id for e in clusterer.changed()] == [event_id("r2")]
    assert clusterer.event_of("r1") is ev


def test_without_bridging_events_are_never_merged_afterwards() -> None:
    clusterer = EventClusterer(bridge=None)
    attack = {"sub": "attack", "etype": "violence_against_civilians"}
    clusterer.add(report("r1", "a1", "bbc", "كركوك", killed=4, sub="armed_clash", etype="battles"))
    clusterer.add(report("r2", "a2", "cnn", "كركوك", day=date(2018, 4, 17), **attack))
    clusterer.add(report("r3", "a3", "afp", "كركوك", killed=4, **attack))
    assert len(clusterer) == 2 and clusterer.removed() == []


def test_stored_events_without_members_still_match() -> None:
    one = EventClusterer()
    ev, _ = one.add(report("r1", "a1", "bbc", "كركوك", killed=3))
    bare = {k: v for k, v in ev.fields.items() if k != "members"}
    resumed = EventClusterer()
    resumed.load([CanonicalEvent(ev.id, bare, list(ev.links), list(ev.audit))])
    merged, decision = resumed.add(report("r2", "a2", "cnn", "كركوك", killed=3))
    assert decision == "merged" and merged.id == ev.id and merged.fields["n_sources"] == 2


def test_a_name_placed_at_its_anchor_is_the_anchors_location() -> None:
    from marsad.dedup.compare import Profile, place_factor

    at_kirkuk = Profile.of(report("r1", "a1", "bbc", "كركوك"))
    anchored = Profile.of(report("r2", "a2", "cnn", "قرى الصفرة"))
    near_hawija = Profile.of(report("r3", "a3", "cnn", "قرية الزاب"))
    hawija = Profile.of(report("r4", "a4", "bbc", "الحويجة"))
    assert place_factor(at_kirkuk, anchored) == (1.0, "location قرى الصفرة at كركوك")
    factor = place_factor(hawija, near_hawija)
    assert factor is not None and factor[0] == 0.8  # near, not one point
