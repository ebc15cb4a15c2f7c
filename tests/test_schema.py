"""The events-v1 schema is valid draft 2020-12 and accepts what Event.to_json writes, and no more."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import jsonschema
import pytest

from marsad.api import SCHEMA_NAME, output_line, output_schema
from marsad.model import Article, Event, Evidence, Span
from marsad.pipeline import EXTRACTOR_VERSION

TITLE = "مقتل سبعة مدنيين بانفجار في بغداد"
TEXT = "قتل سبعة مدنيين وأصيب 12 آخرون بانفجار سيارة مفخخة في حي الشعلة ببغداد اليوم."
ARTICLE = Article("d-1", "test", "", datetime(2021, 3, 14, 18, tzinfo=UTC), TITLE, TEXT)


def span(needle: str) -> Span:
    start = ARTICLE.canonical.index(needle)
    return Span(start, start + len(needle), needle)


def event(**changes: Any) -> Event:
    fields: dict[str, Any] = {
        "id": "d-1:0",
        "doc_id": "d-1",
        "event_type": "explosions_remote_violence",
        "sub_event_type": "remote_explosive_landmine_ied",
        "core": True,
        "date": date(2021, 3, 14),
        "date_precision": "day",
        "country": "IQ",
        "admin1": "IQ-BG",
        "location_ar": "حي الشعلة",
        "location_en": "Shula district, Baghdad",
        "latitude": 33.38,
        "longitude": 44.3,
        "geo_precision": 1,
        "actor1": None,
        "actor2": "Civilians",
        "actor1_type": None,
        "actor2_type": 8,
        "fatalities": 7,
        "injured": 12,
        "confidence": 0.8,
        "evidence": Evidence(
            sentence=span(TEXT),
            trigger=span("بانفجار سيارة مفخخة"),
            date=span("اليوم"),
            place=span("حي الشعلة"),
            actor2=span("مدنيين"),
            fatalities=span("سبعة"),
            injured=span("12"),
        ),
        "extractor_version": EXTRACTOR_VERSION,
    }
    fields.update(changes)
    return Event(**fields)


def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(output_schema(), format_checker=jsonschema.FormatChecker())


def errors(doc: dict[str, Any]) -> list[str]:
    return [e.message for e in validator().iter_errors(doc)]


def test_schema_is_valid_draft_2020_12_and_versioned() -> None:
    schema = output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "v1" in schema["$id"]
    assert schema["properties"]["schema"]["const"] == SCHEMA_NAME


def test_every_event_field_is_required() -> None:
    required = output_schema()["$defs"]["event"]["required"]
    assert set(required) == set(event().to_json())


def test_a_hand_built_event_validates() -> None:
    assert errors(output_line(ARTICLE, [event()])) == []
    assert errors(output_line(ARTICLE, [])) == []
    unknowns = event(country=None, admin1=None, latitude=None, longitude=None, fatalities=None, injured=None)
    assert (
        errors(output_line(ARTICLE, [unknowns, event(actor1="Other: Tribal fighters", actor1_type=4)])) == []
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"sub_event_type": "armed_clash"},  # sub-type of another type
        {"event_type": "strategic_developments", "sub_event_type": "agreement"},  # not core, flagged core
        {"event_type": "strategic_developments", "sub_event_type": "arrests", "core": False},
        {"date_precision": "year"},
        {"country": "Iraq"},
        {"admin1": "BG"},
        {"geo_precision": 4},
        {"confidence": 1.5},
        {"fatalities": -1},
        {"actor1": "ISIS"},
    ],
)
def test_a_bad_event_fails(changes: dict[str, Any]) -> None:
    assert errors(output_line(ARTICLE, [event(**changes)]))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["events"][0].pop("evidence_spans"),
        lambda d: d["events"][0].update(date="14/03/2021"),
        lambda d: d["events"][0]["evidence_spans"].update(sentence=None),
        lambda d: d["events"][0]["evidence_spans"]["trigger"].pop("text"),
        lambda d: d["events"][0].update(surprise=1),
        lambda d: d.update(schema="marsad/events/v2"),
        lambda d: d.pop("published"),
    ],
)
def test_a_bad_line_fails(mutate: Any) -> None:
    doc = copy.deepcopy(output_line(ARTICLE, [event()]))
    mutate(doc)
    assert errors(doc)
