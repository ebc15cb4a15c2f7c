"""The curated admin2 level of Iraq and Syria checked against reference lists in ../shared/gazetteer.

The reference files are other people's data: they are read here, never copied into the repository. Checked:

- completeness: every district of OCHA's Iraq list (irq_cod_ADM2.csv) and of IOM DTM's Iraqi locations, and
  every county of Who's On First for Iraq and Syria, is an admin2 of the default gazetteer, in the same
  governorate, by Arabic or English name (or under another name listed in ALIASES);
- centres: each curated district centre lies near the WOF county's point;
- assignment: a settlement of the default gazetteer that IOM DTM (Iraq) or WOF (Syria) also lists, under the
  same name and nearby, is given the district those lists put it in, for nearly all settlements. (WOF's
  Iraqi localities are not used for this: their counties come from coarse shapes and often disagree with
  the district a town is the seat of.)

Skipped when ../shared (or $MARSAD_SHARED) is absent.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from marsad.geo import sources
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.importers import Admin1Index
from marsad.geo.places import Place
from marsad.geo.store import distance_km

# Another name of the same district in a reference list: reference English name -> our code.
ALIASES = {
    "Al-Thawra": "IQ-BG-SADR1",  # OCHA's one Thawra (Sadr City) district; IOM and WOF split it in two
    "Thawra1": "IQ-BG-SADR1",
    "Thawra2": "IQ-BG-SADR2",
    "Al-Zibar": "IQ-AR-MERGASUR",  # Zibar district, seat Mergasur
    "Rawanduz": "IQ-AR-SORAN",  # Soran district's older name
    "Fiq Zawiyah": "SY-QU-FIQ",
    # transliterations too far apart for the name comparison
    "Koisnjaq": "IQ-AR-KOYA",
    "Tooz": "IQ-SD-TUZ",
    "Mejar Al-Kabi": "IQ-MA-MAJARALKABIR",
    "As-Saqlabiyah": "SY-HM-SUQAYLABIYAH",
}
# Districts the reference lists put in another governorate than the gazetteer does (where their towns are).
ADMIN1_ELSEWHERE = {"IQ-DA-AKRE": "IQ-NI"}
# Reference districts the curated list leaves out on purpose (see the header of admin2_iq.yaml).
NOT_LISTED = {"Al-Fares", "Fares", "Thethar"}
CENTRE_KM = 75.0  # a district centre is approximate; the largest districts span 300 km and more
AGREEMENT = 0.85  # share of settlements whose district agrees with the reference lists


def _gazetteer_dir(shared_dir: Path) -> Path:
    path = shared_dir / "gazetteer"
    if not path.is_dir():
        pytest.skip(f"no reference gazetteer files at {path}")
    return path


@dataclass(frozen=True)
class District:
    code: str
    place: Place
    keys: frozenset[str]  # Arabic name keys without a leading type word
    en: str  # normalized English name


def _en(name: str) -> str:
    """An English place name reduced to a rough skeleton, so that transliterations compare (Heet, Hit)."""
    name = name.lower().replace("district", "").replace("markaz", "")
    name = re.sub(r"\b(al|el|ar|as|ad|ash|an|at|az|a)[-' ]", "", name)
    name = re.sub("[^a-z]", "", name)
    for a, b in (("ee", "i"), ("oo", "u"), ("ou", "u"), ("dh", "d"), ("th", "t"), ("kh", "h"), ("q", "k")):
        name = name.replace(a, b)
    name = name.translate(str.maketrans("eoyw", "iuiu"))
    name = re.sub(r"(.)\1+", r"\1", name)
    return re.sub("(ah|ih|a|i)$", "a", name)


@pytest.fixture(scope="module")
def names() -> list[sources.Name]:
    return sources.default_names()


@pytest.fixture(scope="module")
def districts(names: list[sources.Name]) -> dict[str, District]:
    type_words = frozenset(
        sources.key(w) for ws in sources._data("context_words.yaml")["type_words"].values() for w in ws
    )
    keys: dict[str, set[str]] = {}
    places: dict[str, Place] = {}
    for n in names:
        if n.place.kind == "admin2" and n.place.country in sources.COMPLETE_ADMIN2:
            places[n.place.id] = n.place
            keys.setdefault(n.place.id, set()).add(sources._bare_key(n.text, type_words))
    return {
        p.id: District(p.id.removeprefix("cur:").upper(), p, frozenset(keys[p.id]), _en(p.name_en))
        for p in places.values()
    }


def _find(
    districts: dict[str, District], country: str, admin1: str | None, ar: str, en: str
) -> District | None:
    """Our district a reference row names: by alias, Arabic key, the province's own name for its centre
    district (Markaz Idlib), then the closest English name (>= 0.75)."""
    if en in ALIASES:
        return districts[sources.admin2_id(ALIASES[en])]
    pool = [
        d
        for d in districts.values()
        if d.place.country == country
        and (admin1 is None or admin1 in (d.place.admin1, ADMIN1_ELSEWHERE.get(d.code)))
    ]
    k = sources.key(ar.strip()) if ar.strip() else ""
    by_ar = [d for d in pool if k and k in d.keys]
    if len(by_ar) == 1:
        return by_ar[0]
    if en.startswith("Markaz ") and admin1:
        province = Gazetteer.default().by_admin1(admin1)
        centre = [d for d in pool if province and sources.key(province.name_ar) in d.keys]
        if len(centre) == 1:
            return centre[0]
    scored = sorted(
        ((difflib.SequenceMatcher(None, d.en, _en(en)).ratio(), d.code) for d in pool), reverse=True
    )
    if scored and scored[0][0] >= 0.75:
        return districts[sources.admin2_id(scored[0][1])]
    return None


def _admin1(country: str, ar: str, en: str) -> str | None:
    return Admin1Index.default().by_name(country, [ar], [en])


def _rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def test_every_ocha_iraq_district_is_an_admin2(shared_dir: Path, districts: dict[str, District]) -> None:
    missing, found = [], set()
    for row in _rows(_gazetteer_dir(shared_dir) / "irq_cod_ADM2.csv"):
        admin1 = _admin1("IQ", row["ADM1_AR"], row["ADM1_EN"])
        assert admin1 is not None, row["ADM1_EN"]
        d = _find(districts, "IQ", admin1, row["ADM2_AR"], row["ADM2_EN"])
        if d is None:
            missing.append((row["ADM2_EN"], admin1))
        else:
            found.add(d.code)
    assert not missing
    assert len(found) >= 100


def test_every_iom_iraq_district_is_an_admin2(shared_dir: Path, districts: dict[str, District]) -> None:
    seen = {
        (r["governorate"], r["district"])
        for r in _rows(_gazetteer_dir(shared_dir) / "iom_dtm_iraq_locations.csv")
    }
    missing = []
    for governorate, district in sorted(seen):
        admin1 = _admin1("IQ", "", governorate)
        assert admin1 is not None, governorate
        if district in NOT_LISTED:
            continue
        if _find(districts, "IQ", admin1, "", district) is None:
            missing.append((district, governorate, admin1))
    assert not missing


def _wof(path: Path, country: str) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    """The rows of a WOF file, and its counties by id, each with the ISO code of its region as `admin1`."""
    rows = list(_rows(path, "\t"))
    regions = {
        r["wof_id"]: _admin1(country, r["names_ara"].split("|")[0], r["name_eng"] or r["name"])
        for r in rows
        if r["placetype"] == "region"
    }
    counties = {
        r["wof_id"]: {**r, "admin1": regions.get(r["region_id"]) or ""}
        for r in rows
        if r["placetype"] == "county"
    }
    return rows, counties


def _county(districts: dict[str, District], country: str, c: dict[str, str]) -> District | None:
    return _find(
        districts, country, c["admin1"] or None, c["names_ara"].split("|")[0], c["name_eng"] or c["name"]
    )


@pytest.mark.parametrize("country", ["IQ", "SY"])
def test_wof_counties_are_admin2_with_centres_near(
    shared_dir: Path, districts: dict[str, District], country: str
) -> None:
    _, counties = _wof(_gazetteer_dir(shared_dir) / f"wof_{country.lower()}.tsv", country)
    missing, far = [], []
    for c in counties.values():
        en = c["name_eng"] or c["name"]
        if en in NOT_LISTED:
            continue
        d = _county(districts, country, c)
        if d is None:
            missing.append(en)
            continue
        km = distance_km(
            (float(c["lat"]), float(c["lon"])), (d.place.latitude or 0.0, d.place.longitude or 0.0)
        )
        if km > CENTRE_KM:
            far.append((en, d.code, round(km)))
    assert not missing
    assert not far


def _settlements(names: list[sources.Name], country: str) -> dict[str, tuple[Place, set[str]]]:
    out: dict[str, tuple[Place, set[str]]] = {}
    for n in names:
        p = n.place
        if p.country == country and p.kind in ("city", "town", "neighbourhood", "facility") and not n.nisba:
            out.setdefault(p.id, (p, set()))[1].add(sources.key(n.text))
    return out


def _agreement(
    ours: dict[str, tuple[Place, set[str]]], refs: list[tuple[str, float, float, District | None]]
) -> tuple[int, list[tuple[str, str, str]]]:
    """How many of our settlements a reference location (same name key, within 10 km) places in a district,
    and those whose admin2 differs from it. Settlements of a district the reference does not have (one
    created after its list was drawn: al-Atarib, Qudsaya) are left out."""
    by_key: dict[str, list[tuple[float, float, District | None]]] = {}
    for k, lat, lon, d in refs:
        by_key.setdefault(k, []).append((lat, lon, d))
    known = {d.place.id for _, _, _, d in refs if d is not None}
    compared, differ = 0, []
    for p, keys in ours.values():
        if p.admin2 not in known:
            continue
        here = (p.latitude or 0.0, p.longitude or 0.0)
        near = [(distance_km(here, (lat, lon)), d) for k in keys for lat, lon, d in by_key.get(k, ())]
        near = [x for x in near if x[0] <= 10 and x[1] is not None]
        if not near:
            continue
        compared += 1
        ref = min(near, key=lambda x: x[0])[1]
        assert ref is not None
        if p.admin2 != ref.place.id:
            differ.append((p.name_en, str(p.admin2), ref.code))
    return compared, differ


def test_iraqi_settlements_get_the_iom_district(
    shared_dir: Path, names: list[sources.Name], districts: dict[str, District]
) -> None:
    refs = []
    cache: dict[tuple[str, str], District | None] = {}
    for r in _rows(_gazetteer_dir(shared_dir) / "iom_dtm_iraq_locations.csv"):
        key = (r["governorate"], r["district"])
        if key not in cache:
            admin1 = _admin1("IQ", "", r["governorate"])
            cache[key] = (
                None if r["district"] in NOT_LISTED else _find(districts, "IQ", admin1, "", r["district"])
            )
        refs.append((sources.key(r["name_ar"]), float(r["lat"]), float(r["lon"]), cache[key]))
    compared, differ = _agreement(_settlements(names, "IQ"), refs)
    assert compared >= 40
    assert 1 - len(differ) / compared >= AGREEMENT, (compared, sorted(differ))


def test_syrian_settlements_get_the_wof_district(
    shared_dir: Path, names: list[sources.Name], districts: dict[str, District]
) -> None:
    rows, counties = _wof(_gazetteer_dir(shared_dir) / "wof_sy.tsv", "SY")
    ours = {cid: _county(districts, "SY", c) for cid, c in counties.items()}
    refs = [
        (sources.key(ar), float(r["lat"]), float(r["lon"]), ours.get(r["county_id"]))
        for r in rows
        if r["placetype"] == "locality" and r["county_id"] in ours
        for ar in r["names_ara"].split("|")
        if ar and sources.usable_arabic(ar)
    ]
    compared, differ = _agreement(_settlements(names, "SY"), refs)
    assert compared > 100
    assert 1 - len(differ) / compared >= AGREEMENT, (compared, sorted(differ))
