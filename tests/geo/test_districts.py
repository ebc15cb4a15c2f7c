"""The curated district files (districts_*.yaml): well-formed rows, and the names resolving in sentences."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml
from iso3166_2 import Subdivisions

from marsad.geo import sources
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.places import KINDS
from marsad.text.normalize import normalize

# Rough bounding boxes (lat_min, lat_max, lon_min, lon_max), Socotra included in Yemen's.
BOXES = {
    "YE": (12.0, 19.1, 41.8, 54.6),
    "SY": (32.3, 37.4, 35.6, 42.4),
    "IQ": (29.0, 37.4, 38.7, 48.7),
    "LY": (19.4, 33.3, 9.3, 25.2),
}
REQUIRED = ("ar", "en", "kind", "admin1", "lat", "lon")


def _folder() -> Any:
    return resources.files("marsad.data").joinpath("geo")


def _load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load(_folder().joinpath(name).read_text(encoding="utf-8")) or []


DISTRICT_FILES = sorted(
    e.name for e in _folder().iterdir() if e.name.startswith("districts_") and e.name.endswith(".yaml")
)
ROWS = [(name, row) for name in DISTRICT_FILES for row in _load(name)]


def _id(row: dict[str, Any]) -> str:
    return sources.curated_id(row)


def test_every_country_has_a_district_file() -> None:
    assert [f"districts_{c.lower()}.yaml" for c in sorted(BOXES, key=str.lower)] == DISTRICT_FILES
    assert len(ROWS) > 600


@pytest.mark.parametrize("name", DISTRICT_FILES)
def test_rows_are_well_formed(name: str) -> None:
    country = name.removeprefix("districts_").removesuffix(".yaml").upper()
    subdivisions: dict[str, Any] = Subdivisions()[country]  # type: ignore[assignment]
    codes = set(subdivisions)
    lat_min, lat_max, lon_min, lon_max = BOXES[country]
    for row in _load(name):
        assert all(row.get(k) is not None for k in REQUIRED), row
        assert set(row) <= {*REQUIRED, "country", "population", "admin2"}, row
        assert row["kind"] != "admin2" or country not in sources.COMPLETE_ADMIN2, row  # in admin2_*.yaml
        assert row["kind"] in KINDS and row["kind"] not in ("country", "admin1"), row
        assert row["admin1"] in codes, row
        assert str(row["admin1"]).startswith(country + "-"), row
        assert lat_min <= float(row["lat"]) <= lat_max and lon_min <= float(row["lon"]) <= lon_max, row
        names = str(row["ar"]).split("|")
        assert len(names) == len(set(names)), row
        assert all(sources.usable_arabic(n) for n in names), row


def test_no_duplicate_ids() -> None:
    seen: dict[str, str] = {_id(row): "places.yaml" for row in _load("places.yaml")}
    admin2 = sorted(e.name for e in _folder().iterdir() if e.name.startswith("admin2_"))
    for name, row in [*ROWS, *((n, r) for n in admin2 for r in _load(n))]:
        ident = _id(row)
        assert ident not in seen, (ident, name, seen.get(ident))
        seen[ident] = name


def test_district_files_are_loaded() -> None:
    ids = {n.place.id for n in sources.curated_names()}
    assert {_id(row) for _, row in ROWS} <= ids


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


# (sentence, the place name in it, the expected admin1)
SENTENCES = [
    ("غارات على مديرية رازح في محافظة صعدة", "رازح", "YE-SD"),
    ("قصف صاروخي على مديريات حيدان ومنبه", "منبه", "YE-SD"),
    ("معارك عنيفة في مديرية باجل شرقي الحديدة", "باجل", "YE-HU"),
    ("تقدم القوات الحكومية في مديرية الجراحي جنوب المحافظة", "الجراحي", "YE-HU"),
    ("سقوط قذائف على مديرية مقبنة غربي تعز", "مقبنة", "YE-TA"),
    ("مواجهات بين الطرفين في الملاجم", "الملاجم", "YE-BA"),
    ("تقدم نحو مديرية أرحب شمال العاصمة", "مديرية أرحب", "YE-SN"),
    ("قتلى في هجوم على مديرية لودر", "لودر", "YE-AB"),
    ("انفجار عبوة ناسفة في مديرية التواهي", "التواهي", "YE-AD"),
    ("اشتباكات متقطعة في مدينة دمت", "دمت", "YE-DA"),
    ("غارات على بلدة بصر الحرير في ريف درعا الشرقي", "بصر الحرير", "SY-DR"),
    ("اشتباكات في مليحة العطش بعد منتصف الليل", "مليحة العطش", "SY-DR"),
    ("سيطرت قوات النظام على المسيفرة", "المسيفرة", "SY-DR"),
    ("قصف مدفعي على بلدة طفس غرب المدينة", "طفس", "SY-DR"),
    ("غارات روسية على مدينة أريحا جنوب إدلب", "أريحا", "SY-ID"),
    ("قصف على قلعة المضيق في سهل الغاب", "قلعة المضيق", "SY-HM"),
    ("سقطت قذائف على زملكا في الغوطة الشرقية", "زملكا", "SY-RD"),
    ("معارك مع التنظيم في الباغوز", "الباغوز", "SY-DY"),
    ("هجوم على سجن غويران في الحسكة", "سجن غويران", "SY-HA"),
    ("قصف تركي على ناحية سيدكان", "سيدكان", "IQ-AR"),
    ("غارات تركية على منطقة برادوست", "برادوست", "IQ-AR"),
    ("هجوم لداعش على ناحية الرياض جنوب غربي كركوك", "ناحية الرياض", "IQ-KI"),
    ("مقتل مدني بهجوم في ناحية العباسي", "ناحية العباسي", "IQ-KI"),
    ("انفجار عبوة ناسفة في ناحية يثرب", "يثرب", "IQ-SD"),
    ("هجوم مسلح على قرية تابعة لناحية العظيم", "ناحية العظيم", "IQ-DI"),
    ("اشتباكات قرب ناحية قره تبه", "قره تبه", "IQ-DI"),
    ("هجوم على نقطة تفتيش في قضاء الدور", "قضاء الدور", "IQ-SD"),
    ("قصف جوي على مواقع في جبال قنديل", "جبال قنديل", "IQ-SU"),
    ("قصف على بلدة بن جواد غرب رأس لانوف", "بن جواد", "LY-SR"),
    ("اشتباكات قرب ميناء الزويتينة النفطي", "الزويتينة", "LY-WA"),
    ("هجوم على مطار معيتيقة في العاصمة", "مطار معيتيقة", "LY-TB"),
    ("مسلحون يهاجمون بوابة جالو", "جالو", "LY-WA"),
]


@pytest.mark.parametrize(("sentence", "name", "admin1"), SENTENCES)
def test_sentence_resolves(gaz: Gazetteer, sentence: str, name: str, admin1: str) -> None:
    target = sources.key(name)
    found = [(m.text, m.place.admin1) for m in gaz.find(normalize(sentence))]
    assert any(target in sources.key(text) and a1 == admin1 for text, a1 in found), found


# Common words that share a district's name: they must not become a place of these countries.
NOT_PLACES = [
    "وأكد أنه لم يكن يعلم بالأمر وأنه سيعود قريبا",
    "الأمر مختلف من ناحية المشاهدة والتأثير",
    "وقعت الشركات الصينية عقودا جديدة",
    "حملات الذباب الإلكتروني على مواقع التواصل",
    "الحكومة بصدد إعداد خطة جديدة",
    "بدأت حملة لقاح الأطفال في المدارس",
    "بحوث علمية جديدة في اللغة",
    "تتميز بمقصورة هادئة ورحبة",
]


@pytest.mark.parametrize("sentence", NOT_PLACES)
def test_common_words_are_not_districts(gaz: Gazetteer, sentence: str) -> None:
    found = [(m.text, m.place.id) for m in gaz.find(normalize(sentence))]
    assert not [f for f in found if f[1].split(":")[1][:2] in ("ye", "sy", "iq", "ly")], found


def test_riyadh_stays_riyadh(gaz: Gazetteer) -> None:
    mentions = gaz.find(normalize("وصل الوفد إلى الرياض لبحث الأزمة"))
    assert [m.place.admin1 for m in mentions] == ["SA-01"]


def test_type_word_name_does_not_swallow_a_longer_name(gaz: Gazetteer) -> None:
    mentions = gaz.find(normalize("اشتباكات في مدينة تل أبيض شمال الرقة"))
    assert mentions[0].place.admin1 == "SY-RA" and "أبيض" in mentions[0].text
