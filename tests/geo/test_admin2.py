"""The district level (admin2) of Iraq and Syria: the curated files, districts given to towns, matching.

The checks against other people's reference lists are in test_admin2_reference.py.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from iso3166_2 import Subdivisions

from marsad.cli import geocode_mentions
from marsad.geo import sources
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.places import Place
from marsad.geo.store import PlaceRecord, open_store
from marsad.geo.user import gazetteer_for
from marsad.text.normalize import normalize

BOXES = {"SY": (32.3, 37.4, 35.6, 42.4), "IQ": (29.0, 37.4, 38.7, 48.7)}
SETTLEMENTS = ("city", "town", "neighbourhood", "facility")


def _rows(country: str) -> list[dict[str, Any]]:
    folder = resources.files("marsad.data").joinpath("geo")
    text = folder.joinpath(f"admin2_{country.lower()}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize("country", sorted(sources.COMPLETE_ADMIN2))
def test_admin2_rows_are_well_formed(country: str) -> None:
    rows = _rows(country)
    provinces: dict[str, Any] = Subdivisions()[country]  # type: ignore[assignment]
    lat_min, lat_max, lon_min, lon_max = BOXES[country]
    for row in rows:
        assert set(row) == {"code", "ar", "en", "kind", "admin1", "lat", "lon"}, row
        assert row["kind"] == "admin2" and row["admin1"] in provinces, row
        assert re.fullmatch(rf"{row['admin1']}-[A-Z0-9]+", row["code"]), row
        assert lat_min <= row["lat"] <= lat_max and lon_min <= row["lon"] <= lon_max, row
        assert row["en"].endswith(" District"), row
        names = str(row["ar"]).split("|")
        assert len(names) == len(set(names)) and all(sources.usable_arabic(n) for n in names), row
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    # every governorate has its districts (Iraq's Kurdistan region, IQ-KR, is not a governorate)
    assert {row["admin1"] for row in rows} == {c for c in provinces if c != "IQ-KR"}


def test_admin2_counts() -> None:
    assert 100 <= len(_rows("IQ")) <= 120
    assert len(_rows("SY")) == 65


def test_explicit_districts_exist_in_the_row_province() -> None:
    folder = resources.files("marsad.data").joinpath("geo")
    codes = {row["code"]: row["admin1"] for c in sources.COMPLETE_ADMIN2 for row in _rows(c)}
    explicit = [
        row
        for name in sources._curated_files()
        if not name.startswith("admin2_")
        for row in yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8")) or ()
        if "admin2" in row
    ]
    assert len(explicit) >= 30
    for row in explicit:
        assert codes.get(row["admin2"]) == row["admin1"], row
        assert row["kind"] in SETTLEMENTS, row


def test_every_settlement_has_a_district_of_its_province(gaz: Gazetteer) -> None:
    settlements = [p for p in gaz.places if p.country in sources.COMPLETE_ADMIN2 and p.kind in SETTLEMENTS]
    assert len(settlements) > 500
    for p in settlements:
        district = gaz.by_admin2(p.admin2)
        assert district is not None and district.kind == "admin2", p
        assert district.admin1 == p.admin1, (p, district)


def test_districts_are_their_own_admin2(gaz: Gazetteer) -> None:
    mosul = gaz.by_admin2("cur:iq-ni-mosul")
    assert mosul is not None and mosul.admin2 == mosul.id and mosul.name_en == "Mosul District"
    # Blocked names (التل "the hill") are never matched, but their district is known by id.
    tall = gaz.by_admin2(sources.admin2_id("SY-RD-TALL"))
    assert tall is not None and tall.admin1 == "SY-RD"
    assert tall.id not in {p.id for p in gaz.places}


def test_explicit_admin2_in_data_wins(gaz: Gazetteer) -> None:
    # Hammam al-Alil is nearer the centre of Hamdaniya District but lies in Mosul District.
    [m] = gaz.find(normalize("نزوح عشرات العائلات من ناحية حمام العليل جنوب الموصل"))[:1]
    assert m.place.name_en == "Hammam al-Alil" and m.place.admin2 == "cur:iq-ni-mosul"


def test_other_countries_have_no_town_districts(gaz: Gazetteer) -> None:
    [m] = gaz.find(normalize("اشتباكات عنيفة في مدينة زنجبار"))
    assert m.place.country == "YE" and m.place.admin2 is None


def _place(gaz: Gazetteer, sentence: str, name: str) -> tuple[Place, int]:
    found = [m for m in gaz.find(normalize(sentence)) if sources.key(name) == sources.key(m.text)]
    assert found, [m.text for m in gaz.find(normalize(sentence))]
    return found[0].place, found[0].geo_precision


# (sentence, name, kind of the chosen place, its admin1, its admin2 code, geo precision)
SENTENCES = [
    # the district seat shares the district's name: the town (or city) is read, with its district
    ("قتل ثلاثة في هجوم في قضاء تلعفر غربي الموصل", "تلعفر", "town", "IQ-NI", "IQ-NI-TALAFAR", 2),
    ("قتل ثلاثة في هجوم في قضاء تلعفر غربي الموصل", "الموصل", "city", "IQ-NI", "IQ-NI-MOSUL", 2),
    ("انفجار سيارة مفخخة في الموصل صباح اليوم", "الموصل", "city", "IQ-NI", "IQ-NI-MOSUL", 1),
    ("هجوم لداعش على قرية في قضاء الحويجة", "الحويجة", "town", "IQ-KI", "IQ-KI-HAWIJA", 2),
    ("هجوم على نقطة تفتيش في قضاء الدور", "قضاء الدور", "town", "IQ-SD", "IQ-SD-DOUR", 1),
    ("اشتباكات عنيفة في منطقة عفرين بريف حلب", "عفرين", "town", "SY-HL", "SY-HL-AFRIN", 1),
    # towns and neighbourhoods get the district they lie in
    ("قصف تركي على ناحية سيدكان في أربيل", "سيدكان", "town", "IQ-AR", "IQ-AR-SORAN", 2),
    ("انفجار عبوة ناسفة في حي الشعلة ببغداد", "الشعلة", "neighbourhood", "IQ-BG", "IQ-BG-KADHIMIYA", 1),
    ("مقتل مزارع بانفجار لغم قرب جلولاء", "جلولاء", "town", "IQ-DI", "IQ-DI-KHANAQIN", 2),
    ("هجوم مسلح على قرية تابعة لناحية العظيم", "ناحية العظيم", "town", "IQ-DI", "IQ-DI-KHALIS", 1),
    ("غارات روسية على مدينة سراقب في ريف إدلب", "سراقب", "town", "SY-ID", "SY-ID-IDLIB", 1),
    ("قصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي", "كفرنبل", "town", "SY-ID", "SY-ID-MAARATALNUMAN", 1),
    ("سيطرت فصائل المعارضة على بلدة تادف جنوب مدينة الباب", "تادف", "town", "SY-HL", "SY-HL-BAB", 1),
    ("انفجار دراجة مفخخة في مخيم أطمة", "أطمة", "town", "SY-ID", "SY-ID-HARIM", 1),
    ("اشتباكات بين قسد وفصائل موالية لتركيا قرب عين عيسى", "عين عيسى", "town", "SY-RA", "SY-RA-TALABYAD", 2),
    ("سقطت قذائف على زملكا في الغوطة الشرقية", "زملكا", "town", "SY-RD", "SY-RD-MARKAZ", 1),
    # a district name no settlement shares is the district
    (
        "حريق في مخازن صناديق الاقتراع في جانب الرصافة من بغداد",
        "الرصافة",
        "admin2",
        "IQ-BG",
        "IQ-BG-RUSAFA",
        2,
    ),
    ("خروج مظاهرة في قضاء شط العرب شمال البصرة", "قضاء شط العرب", "admin2", "IQ-BA", "IQ-BA-SHATTALARAB", 2),
    ("قصف مدفعي على قرى منطقة جبل سمعان", "جبل سمعان", "admin2", "SY-HL", "SY-HL-JABALSAMAN", 2),
    ("انفجار عبوة ناسفة في قضاء المدائن جنوب شرقي بغداد", "المدائن", "admin2", "IQ-BG", "IQ-BG-MADAIN", 2),
]


@pytest.mark.parametrize(("sentence", "name", "kind", "admin1", "code", "precision"), SENTENCES)
def test_sentence_resolves_with_its_district(
    gaz: Gazetteer, sentence: str, name: str, kind: str, admin1: str, code: str, precision: int
) -> None:
    place, prec = _place(gaz, sentence, name)
    assert (place.kind, place.admin1, place.admin2, prec) == (
        kind,
        admin1,
        sources.admin2_id(code),
        precision,
    )


def test_a_province_named_by_its_city_stays_the_province(gaz: Gazetteer) -> None:
    mentions = gaz.find(normalize("اشتباكات في محافظة الموصل"))
    assert [m.place.id for m in mentions] == ["iso:IQ-NI"]


def test_the_district_is_a_candidate_of_its_seat(gaz: Gazetteer) -> None:
    [m] = gaz.find(normalize("انفجار في تلعفر"))
    assert m.place.id == "cur:iq-tal-afar"
    assert "cur:iq-ni-talafar" in {c.id for c in m.candidates}


def test_geocode_shows_the_district() -> None:
    [row] = geocode_mentions("قتل شرطي في هجوم في قضاء تلعفر", None, None)
    place = row["place"]
    assert place["admin2"] == "cur:iq-ni-talafar" and place["admin2_name_en"] == "Tal Afar District"
    assert place["admin2_name_ar"] == "تلعفر"


def test_store_settlements_get_a_district(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    with open_store(path) as store:
        store.upsert_places(
            [
                PlaceRecord(
                    "csv", "1", "town", "كوجو", "Kocho", "IQ", "IQ-NI", latitude=36.22, longitude=41.83
                ),
                PlaceRecord(
                    "csv", "2", "town", "الكسرات", "al-Kasrat", "SY", "SY-RA", latitude=35.92, longitude=39.05
                ),
            ]
        )
    gaz = gazetteer_for(path)
    kocho, _ = _place(gaz, "هجوم على قرية كوجو جنوب سنجار", "كوجو")
    assert kocho.admin2 == "cur:iq-ni-sinjar"
    kasrat, _ = _place(gaz, "غارات على بلدة الكسرات جنوب الرقة", "الكسرات")
    assert kasrat.admin2 == "cur:sy-ra-raqqa"
