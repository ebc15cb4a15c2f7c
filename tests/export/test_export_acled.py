"""The ACLED-compatible CSV: ACLED's columns first, labels from data/acled, RFC 4180 quoting, Arabic kept."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

import pytest
from export_helpers import EVIDENCE, sample_event

from marsad.export import ACLED_CSV_COLUMNS, ExportError, acled_row, write_acled_csv
from marsad.export.acled import ACLED_COLUMNS, event_id_cnty, interaction

ACLED_ORDER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


def _rows(events: list[dict[str, object]]) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    assert write_acled_csv(events, out) == len(events)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_acled_columns_come_first_in_acled_order() -> None:
    assert list(ACLED_COLUMNS) == ACLED_ORDER
    assert list(ACLED_CSV_COLUMNS[: len(ACLED_ORDER)]) == ACLED_ORDER
    assert {"marsad_id", "admin1_code", "location_ar", "injured", "confidence", "n_sources", "evidence",
            "date_precision"} <= set(ACLED_CSV_COLUMNS[len(ACLED_ORDER):])  # fmt: skip


def test_a_suicide_bombing_in_baghdad() -> None:
    (row,) = _rows([sample_event()])
    assert row["event_date"] == "2018-04-16" and row["year"] == "2018" and row["time_precision"] == "1"
    assert row["disorder_type"] == "Political violence"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Suicide bomb"
    actors = (row["actor1"], row["inter1"], row["actor2"], row["inter2"])
    assert actors == ("Islamic State", "2", "Civilians", "7")
    assert row["interaction"] == "27"
    assert row["civilian_targeting"] == "Civilian targeting"
    place = (row["iso"], row["region"], row["country"], row["admin1"])
    assert place == ("368", "Middle East", "Iraq", "Baghdad")
    assert row["location"] == "Shula district, Baghdad"
    assert row["source"] == "alsumaria; shafaq"
    assert row["fatalities"] == "7" and row["fatalities_reported"] == "7" and row["injured"] == "12"
    assert row["event_id_cnty"].startswith("IRQ") and row["event_id_cnty"][3:].isdigit()
    # the latest source: 2018-04-17T12:30+03:00 = 09:30 UTC
    assert row["timestamp"] == "1523957400"
    assert row["location_ar"] == "حي الشعلة" and row["evidence"] == EVIDENCE
    assert row["notes"].startswith("On 2018-04-16, suicide bomb in Shula district, Baghdad, Iraq")
    assert row["admin2"] == row["assoc_actor_1"] == row["tags"] == ""


def test_rfc4180_quoting_and_arabic_kept_intact() -> None:
    out = io.StringIO(newline="")
    write_acled_csv([sample_event(location_ar='حي "الشعلة"،\nبغداد')], out)
    text = out.getvalue()
    assert text.endswith("\r\n") and text.count("\r\n") == 2  # header and one row, the embedded \n is quoted
    assert '"حي ""الشعلة""،\nبغداد"' in text
    assert EVIDENCE.replace('"', '""') in text
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["location_ar"] == 'حي "الشعلة"،\nبغداد'


def test_every_sub_event_type_of_the_schema_has_acled_labels() -> None:
    text = resources.files("marsad").joinpath("schema", "events-v1.schema.json").read_text(encoding="utf-8")
    event = json.loads(text)["$defs"]["event"]
    pairs = []
    for rule in event["allOf"]:
        event_type = rule["if"]["properties"]["event_type"].get("const")
        subs = rule.get("then", {}).get("properties", {}).get("sub_event_type", {}).get("enum", [])
        pairs += [(event_type, sub) for sub in subs]
    assert {sub for _, sub in pairs} == set(event["properties"]["sub_event_type"]["enum"])
    for event_type, sub in pairs:
        row = acled_row(sample_event(event_type=event_type, sub_event_type=sub))
        assert row["event_type"] and row["sub_event_type"] and row["disorder_type"]


@pytest.mark.parametrize(
    ("event_type", "sub", "disorder", "label"),
    [
        ("protests", "excessive_force_against_protesters", "Political violence; Demonstrations",
         "Excessive force against protesters"),
        ("riots", "violent_demonstration", "Demonstrations", "Violent demonstration"),
        ("riots", "mob_violence", "Political violence", "Mob violence"),
        ("strategic_developments", "arrests", "Strategic developments", "Arrests"),
        ("explosions_remote_violence", "remote_explosive_landmine_ied", "Political violence",
         "Remote explosive/landmine/IED"),
        ("violence_against_civilians", "abduction_forced_disappearance", "Political violence",
         "Abduction/forced disappearance"),
    ],
)  # fmt: skip
def test_disorder_types_follow_acled(event_type: str, sub: str, disorder: str, label: str) -> None:
    row = acled_row(sample_event(event_type=event_type, sub_event_type=sub))
    assert (row["disorder_type"], row["sub_event_type"]) == (disorder, label)


@pytest.mark.parametrize(("precision", "code"), [("day", 1), ("week", 2), ("month", 3)])
def test_time_precision(precision: str, code: int) -> None:
    assert acled_row(sample_event(date_precision=precision))["time_precision"] == code


def test_interaction_codes() -> None:
    assert interaction(1, 2) == 12
    assert interaction(2, 1) == 12
    assert interaction(6, 1) == 16
    assert interaction(6, 6) == 66
    assert interaction(6, None) == 60
    assert interaction(None, 7) == 70
    assert interaction(None, None) is None


def test_event_id_cnty_is_stable_and_country_prefixed() -> None:
    assert event_id_cnty("ev-1", "IRQ") == event_id_cnty("ev-1", "IRQ")
    assert event_id_cnty("ev-1", "IRQ") != event_id_cnty("ev-2", "IRQ")
    assert event_id_cnty("ev-1", None).startswith("XXX")
    assert len(event_id_cnty("ev-1", "SYR")) <= 3 + 15


def test_unknown_values_are_empty_not_invented() -> None:
    row = acled_row(sample_event(country=None, admin1=None, actor2=None, actor2_type=None, actor1_type=None,
                                 fatalities=None, latitude=None, sources=[]))  # fmt: skip
    assert row["iso"] is None and row["country"] is None and row["admin1"] == ""
    assert row["interaction"] is None and row["civilian_targeting"] is None
    assert row["fatalities"] == 0 and row["fatalities_reported"] is None
    assert row["timestamp"] == 1523836800  # 2018-04-16T00:00Z, no source or update time
    assert row["event_id_cnty"].startswith("XXX")


def test_updated_at_wins_for_the_timestamp() -> None:
    assert acled_row(sample_event(updated_at="2018-05-01T00:00:00+00:00"))["timestamp"] == 1525132800


def test_admin1_outside_the_curated_table_uses_the_iso_name() -> None:
    assert acled_row(sample_event(country="EG", admin1="EG-SIN"))["admin1"] == "Shamal Sina'"


@pytest.mark.parametrize(
    "overrides",
    [{"sub_event_type": "bombing"}, {"country": "QQ"}, {"admin1": "IQ-ZZ"}, {"date_precision": "year"},
     {"date": "16/04/2018"}],
)  # fmt: skip
def test_bad_codes_raise_with_the_event_id(overrides: dict[str, object]) -> None:
    with pytest.raises(ExportError, match="ev-0001"):
        acled_row(sample_event(**overrides))
