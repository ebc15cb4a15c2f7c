"""ACLED's labels for marsad's codes, read from `marsad/data/acled/*.yaml` once per process.

`taxonomy.yaml` maps event and sub-event types, disorder types and time precision; `countries.yaml` gives each
ISO alpha-2 country its alpha-3 and numeric codes, English name and ACLED region; `admin1.yaml` gives ACLED's
spelling of first-level subdivisions, and any other ISO 3166-2 code takes the `iso3166-2` package's name
without diacritics. A code these tables lack raises `ExportError`: the export never invents a label.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from marsad.export.fields import ExportError


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    numeric: int
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class SubEventLabel:
    event_type: str
    sub_event_type: str
    disorder_type: str


def _load(name: str) -> dict[str, Any]:
    text = resources.files("marsad.data").joinpath("acled", name).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ExportError(f"data/acled/{name}: not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ExportError(f"data/acled/{name}: the top level must be a mapping")
    return data


@functools.cache
def _taxonomy() -> dict[str, Any]:
    return _load("taxonomy.yaml")


@functools.cache
def _countries() -> dict[str, Country]:
    return {
        str(iso2): Country(str(iso2), str(c["iso3"]), int(c["numeric"]), str(c["name"]), str(c["region"]))
        for iso2, c in _load("countries.yaml").items()
    }


@functools.cache
def _admin1_overrides() -> dict[str, str]:
    return {str(k): str(v) for k, v in _load("admin1.yaml").items()}


def sub_event_label(event_type: str, sub_event_type: str, event_id: Any = None) -> SubEventLabel:
    """ACLED's event type, sub-event type and disorder type for our codes."""
    tax = _taxonomy()
    main = tax["event_types"].get(event_type)
    sub = tax["sub_event_types"].get(sub_event_type)
    if main is None or sub is None:
        raise ExportError(f"event {event_id!r}: no ACLED label for {event_type}/{sub_event_type}")
    return SubEventLabel(str(main), str(sub["label"]), str(sub["disorder_type"]))


def time_precision(date_precision: str | None, event_id: Any = None) -> int:
    value = _taxonomy()["time_precision"].get(date_precision or "day")
    if value is None:
        raise ExportError(f"event {event_id!r}: unknown date_precision {date_precision!r}")
    return int(value)


@functools.cache
def civilian_actors() -> frozenset[str]:
    return frozenset(str(a) for a in _taxonomy()["civilian_actors"])


def country(iso2: str, event_id: Any = None) -> Country:
    found = _countries().get(iso2)
    if found is None:
        raise ExportError(f"event {event_id!r}: unknown ISO 3166-1 country code {iso2!r}")
    return found


@functools.cache
def _iso_subdivisions(iso2: str) -> dict[str, str]:
    from iso3166_2 import Subdivisions

    try:
        found: dict[str, dict[str, Any]] = Subdivisions()[iso2]  # type: ignore[assignment]
    except (KeyError, ValueError):  # the package raises ValueError for codes it does not know
        return {}
    return {code: _ascii(str(info["name"])) for code, info in found.items()}


def _ascii(name: str) -> str:
    """ "Al Anbār" -> "Al Anbar": Latin letters without their marks (ʻ and ’ become ')."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ʻ", "'").replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace(" [city]", "")


def admin1_name(code: str, event_id: Any = None) -> str:
    """The English name of an ISO 3166-2 first-level subdivision."""
    name = _admin1_overrides().get(code) or _iso_subdivisions(code.split("-", 1)[0]).get(code)
    if name is None:
        raise ExportError(f"event {event_id!r}: unknown ISO 3166-2 subdivision {code!r}")
    return name
