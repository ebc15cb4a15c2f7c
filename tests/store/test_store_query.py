"""The API's event query: each filter, keyset pagination that visits every row once, hostile values."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from store_records import canonical, synthetic

from marsad.store import EventFilter, Store, StoreError
from marsad.store.query import decode_cursor, encode_cursor

#: (id, fields that differ from the synthetic event)
EVENTS: list[tuple[str, dict[str, Any]]] = [
    ("k1", {}),  # Kirkuk, IQ-KI, 2022-04-18, explosions, Islamic State vs Civilians, 3 killed
    (
        "b1",
        {
            "admin1": "IQ-BG",
            "location_ar": "بغداد",
            "location_en": "Baghdad",
            "latitude": 33.34,
            "longitude": 44.40,
            "date": date(2022, 4, 20),
            "fatalities": 0,
            "actor1": "Iraqi Security Forces",
        },
    ),
    (
        "h1",
        {
            "country": "SY",
            "admin1": "SY-HL",
            "location_ar": "حلب",
            "location_en": "Aleppo",
            "latitude": 36.2,
            "longitude": 37.16,
            "date": date(2022, 5, 2),
            "event_type": "battles",
            "sub_event_type": "armed_clash",
            "fatalities": 12,
            "actor2": "Syrian Democratic Forces",
        },
    ),
    (
        "s1",
        {
            "country": "YE",
            "admin1": "YE-SA",
            "location_ar": "صنعاء",
            "location_en": "Sana'a",
            "latitude": 15.35,
            "longitude": 44.2,
            "date": date(2022, 3, 30),
            "event_type": "explosions_remote_violence",
            "sub_event_type": "air_drone_strike",
            "fatalities": None,
            "actor1": "Saudi-led Coalition",
            "actor2": None,
        },
    ),
    (
        "n1",
        {
            "country": None,
            "admin1": None,
            "location_ar": None,
            "location_en": None,
            "latitude": None,
            "longitude": None,
            "date": date(2022, 4, 19),
            "fatalities": 1,
            "actor1": None,
            "actor2": None,
            "event_type": "protests",
            "sub_event_type": "peaceful_protest",
        },
    ),
]


@pytest.fixture
def events(store: Store) -> Store:
    saved = []
    for eid, fields in EVENTS:
        _, reports = synthetic(f"art-{eid}", **fields)
        saved.append(
            canonical(eid, reports, evidence=f"جملة الحدث {fields.get('location_ar') or ''} 50%_off")
        )
    store.save_events(saved)
    return store


def _ids(store: Store, **filters: Any) -> list[str]:
    rows, cursor = store.query_events(EventFilter(**filters), limit=100)
    assert cursor is None
    return [r["id"] for r in rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["h1", "b1", "n1", "k1", "s1"]),  # date descending
        ({"date_from": date(2022, 4, 19)}, ["h1", "b1", "n1"]),
        ({"date_to": date(2022, 4, 19)}, ["n1", "k1", "s1"]),
        ({"date_from": date(2022, 4, 18), "date_to": date(2022, 4, 20)}, ["b1", "n1", "k1"]),
        ({"country": "IQ"}, ["b1", "k1"]),
        ({"country": "IQ", "admin1": "IQ-KI"}, ["k1"]),
        ({"admin1": "SY-HL"}, ["h1"]),
        ({"event_type": "explosions_remote_violence"}, ["b1", "k1", "s1"]),
        ({"sub_event_type": "air_drone_strike"}, ["s1"]),
        ({"actor": "Islamic State"}, ["h1", "k1"]),  # actor1
        ({"actor": "Civilians"}, ["b1", "k1"]),  # actor2
        ({"actor": "Syrian Democratic Forces"}, ["h1"]),
        ({"min_fatalities": 3}, ["h1", "k1"]),
        ({"min_fatalities": 0}, ["h1", "b1", "n1", "k1"]),  # unknown counts never match
        ({"q": "حلب"}, ["h1"]),  # evidence or location_ar
        ({"q": "kirk"}, ["k1"]),  # location_en, case-insensitive
        ({"q": "sana'a"}, ["s1"]),
        ({"q": "50%_"}, ["h1", "b1", "n1", "k1", "s1"]),  # % and _ are literal
        ({"q": "5%"}, []),
        ({"bbox": (44.0, 33.0, 45.0, 36.0)}, ["b1", "k1"]),
        ({"bbox": (37.16, 36.2, 37.16, 36.2)}, ["h1"]),  # edges included
        ({"country": "IQ", "min_fatalities": 1, "event_type": "explosions_remote_violence"}, ["k1"]),
    ],
)
def test_each_filter(events: Store, filters: dict[str, Any], expected: list[str]) -> None:
    assert _ids(events, **filters) == expected


@pytest.mark.parametrize(
    "hostile", ["'; DROP TABLE events; --", "x' OR '1'='1", '"; DELETE FROM events; --', "\\", "?", "%s", "%"]
)
def test_hostile_values_are_only_values(events: Store, hostile: str) -> None:
    for field in ("country", "admin1", "event_type", "sub_event_type", "actor"):
        assert _ids(events, **{field: hostile}) == []
    # Every evidence sentence holds a literal "%": that one is found, as a character.
    assert _ids(events, q=hostile) == (["h1", "b1", "n1", "k1", "s1"] if hostile == "%" else [])
    assert events.counts()["events"] == len(EVENTS)
    assert events.get_event(hostile) is None and events.get_article(hostile) is None
    assert events.known_articles([hostile]) == {}


def test_a_value_with_quotes_is_stored_and_found(store: Store) -> None:
    odd = 'O\'Brien "the" ; DROP TABLE events; --'
    _, reports = synthetic("a'1", actor1=odd)
    store.save_events([canonical("e'1", reports)])
    assert _ids(store, actor=odd) == ["e'1"]
    assert store.get_event("e'1") is not None


def test_pagination_visits_every_row_once(store: Store) -> None:
    saved = []
    for i in range(203):
        day = date(2022, 1, 1) + timedelta(days=i % 17)  # many events share a date: ties broken by id
        _, reports = synthetic(f"a{i}", date=day, fatalities=i % 5)
        saved.append(canonical(f"ev{i:03d}", reports))
    store.save_events(saved)
    expected = [e.id for e in sorted(saved, key=lambda e: (-e.date.toordinal(), e.id))]
    for filters, want in [(EventFilter(), expected), (EventFilter(min_fatalities=4), None)]:
        seen: list[str] = []
        cursor: str | None = None
        pages = 0
        while True:
            rows, cursor = store.query_events(filters, limit=10, cursor=cursor)
            seen.extend(r["id"] for r in rows)
            pages += 1
            if cursor is None:
                break
        assert len(seen) == len(set(seen))
        if want is not None:
            assert seen == want and pages == 21
        else:
            assert seen == [i for i in expected if int(i[2:]) % 5 == 4]


def _toll(e: Any) -> int:
    return e.fields["fatalities"] if e.fields["fatalities"] is not None else -1


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("date_asc", lambda e: (e.date.toordinal(), e.id)),
        ("fatalities_desc", lambda e: (-_toll(e), -e.date.toordinal(), e.id)),
    ],
)  # fmt: skip
def test_every_sort_pages_through_every_row_once_in_its_order(store: Store, sort: str, key: Any) -> None:
    saved = []
    for i in range(57):
        day = date(2022, 1, 1) + timedelta(days=i % 6)
        _, reports = synthetic(f"a{i}", date=day, fatalities=None if i % 7 == 0 else i % 4)
        saved.append(canonical(f"ev{i:03d}", reports))
    store.save_events(saved)
    expected = [e.id for e in sorted(saved, key=key)]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        rows, cursor = store.query_events(EventFilter(), limit=5, cursor=cursor, sort=sort)
        seen.extend(r["id"] for r in rows)
        if cursor is None:
            break
    assert seen == expected


def test_an_exact_last_page_has_no_next_cursor(events: Store) -> None:
    rows, cursor = events.query_events(EventFilter(), limit=3)
    assert [r["id"] for r in rows] == ["h1", "b1", "n1"] and cursor is not None
    rows, cursor = events.query_events(EventFilter(), limit=2, cursor=cursor)
    assert [r["id"] for r in rows] == ["k1", "s1"] and cursor is None


def test_rows_carry_the_canonical_fields(events: Store) -> None:
    (row,), _ = events.query_events(EventFilter(admin1="IQ-KI"))
    assert row["date"] == "2022-04-18" and row["core"] is True and row["latitude"] == 35.46806
    assert row["n_sources"] == 1 and row["location_ar"] == "كركوك"


def test_cursors_are_opaque_and_checked() -> None:
    cursor = encode_cursor(date(2022, 4, 18), "ev'1")
    assert decode_cursor(cursor) == (date(2022, 4, 18), "ev'1", -1)
    by_toll = encode_cursor(date(2022, 4, 18), "ev'1", "fatalities_desc", 7)
    assert decode_cursor(by_toll, "fatalities_desc") == (date(2022, 4, 18), "ev'1", 7)
    with pytest.raises(StoreError, match="bad cursor"):
        decode_cursor(by_toll)  # a cursor continues only the order it was made for
    for bad in ["", "not a cursor", "W10", encode_cursor(date(2022, 1, 1), "x")[:-3]]:
        with pytest.raises(StoreError, match="bad cursor"):
            decode_cursor(bad)


def test_bad_limits_and_boxes(store: Store) -> None:
    with pytest.raises(ValueError, match="limit"):
        store.query_events(EventFilter(), limit=0)
    with pytest.raises(ValueError, match="bbox"):
        EventFilter(bbox=(45.0, 30.0, 44.0, 31.0))


def test_listed_rows_leave_out_the_clustering_state_but_keep_other_extras(store: Store) -> None:
    _, reports = synthetic("art-m")
    members = [{"report_id": "r1", "evidence": "جملة طويلة " * 50}]
    store.save_events([canonical("m1", reports, members=members, note_for_analysts="kept")])
    (row,), _ = store.query_events(EventFilter())
    assert "members" not in row
    assert row["note_for_analysts"] == "kept"
    detail = store.get_event("m1")
    assert detail is not None and detail["members"] == members  # the detail still has every field
