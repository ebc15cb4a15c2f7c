"""Event assembly on Arabic sentences written for these tests: what must and must not become an event."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad import extract
from marsad.model import Event

PUBLISHED = datetime(2018, 4, 16, 10, 0, tzinfo=UTC)  # a Monday


def _events(text: str, title: str = "") -> list[Event]:
    return extract(text, published=PUBLISHED, title=title)


def _core(events: list[Event]) -> list[Event]:
    return [e for e in events if e.core]


def test_car_bomb_with_place_date_and_counts() -> None:
    text = "قتل خمسة مدنيين وأصيب 12 آخرون بانفجار سيارة مفخخة في حي الشعلة ببغداد صباح اليوم الاثنين."
    (event,) = _events(text)
    assert (event.event_type, event.sub_event_type) == (
        "explosions_remote_violence",
        "remote_explosive_landmine_ied",
    )
    assert (event.country, event.admin1, event.location_ar) == ("IQ", "IQ-BG", "الشعلة")
    assert (event.date, event.date_precision) == (date(2018, 4, 16), "day")
    assert (event.fatalities, event.injured) == (5, 12)
    assert event.actor2 == "Civilians"
    ev = event.evidence
    assert ev.trigger.text == "بانفجار سيارة مفخخة"
    assert ev.date is not None and ev.date.text == "صباح اليوم الاثنين"
    assert ev.fatalities is not None and "خمسة" in ev.fatalities.text
    for span in (ev.sentence, ev.trigger, ev.date, ev.place, ev.fatalities, ev.injured):
        assert span is not None
        assert text[span.start : span.end] == span.text


def test_yesterday_air_strike_in_idlib_by_the_coalition_on_a_group() -> None:
    text = "شنت طائرات التحالف الدولي أمس غارات جوية على مواقع لتنظيم داعش في ريف إدلب الجنوبي."
    (event,) = _core(_events(text))
    assert event.sub_event_type == "air_drone_strike"
    assert (event.country, event.admin1) == ("SY", "SY-ID")
    assert event.date == date(2018, 4, 15)
    assert event.actor1 == "International Coalition"
    assert event.actor2 == "Islamic State"


@pytest.mark.parametrize(
    "text",
    [
        "توعد تنظيم داعش بشن هجمات انتحارية في بغداد خلال الأيام المقبلة.",
        "حذر وزير الداخلية من احتمال وقوع تفجيرات بسيارات مفخخة في كركوك.",
        "نفت قيادة العمليات المشتركة وقوع أي اشتباكات في قضاء سنجار.",
        "ما زالت بقايا التنظيم تنفذ هجمات متفرقة في ديالى والأنبار.",
        "أصدرت المحكمة حكما بالإعدام على متهم بتفجير سيارة مفخخة في الموصل عام 2016.",
        "قتل ثلاثة أشخاص في حادث سير على طريق بغداد كركوك.",
        "وكانت القوات العراقية قد سيطرت على المدينة في صيف 2017.",
    ],
    ids=["threat", "warning", "denial", "trend", "trial", "accident", "background"],
)
def test_non_events_give_no_core_event(text: str) -> None:
    assert _core(_events(text)) == []


def test_headline_and_body_are_one_event_with_the_most_specific_place() -> None:
    title = "مقتل 4 جنود بهجوم انتحاري في صلاح الدين"
    text = (
        "قتل أربعة جنود عراقيين صباح اليوم بتفجير انتحاري استهدف نقطة تفتيش في قضاء بيجي بمحافظة صلاح الدين."
    )
    events = _core(_events(text, title=title))
    assert len(events) == 1
    assert events[0].sub_event_type == "suicide_bomb"
    assert events[0].admin1 == "IQ-SD"
    assert events[0].fatalities == 4


def test_bombings_in_two_cities_are_two_events_without_a_shared_toll() -> None:
    text = "انفجرت سيارتان مفخختان اليوم في بغداد وبعقوبة ما أسفر عن مقتل عشرة أشخاص."
    events = _core(_events(text))
    assert {e.admin1 for e in events} == {"IQ-BG", "IQ-DI"}
    assert all(e.fatalities is None for e in events)


def test_intercepted_missile_is_disrupted_weapons_use() -> None:
    text = "اعترضت قوات الدفاع الجوي السعودي صباح اليوم صاروخا باليستيا أطلقه الحوثيون باتجاه جازان."
    events = _core(_events(text))
    assert [e.sub_event_type for e in events] == ["disrupted_weapons_use"]
    assert events[0].country == "SA"


def test_protest_turning_violent_is_a_riot() -> None:
    text = "أحرق محتجون غاضبون مقر مجلس المحافظة في البصرة اليوم خلال تظاهرة احتجاجا على انقطاع الكهرباء."
    events = _core(_events(text))
    assert [e.sub_event_type for e in events] == ["violent_demonstration"]
    assert events[0].actor1 == "Rioters"


def test_arrest_puts_the_state_first() -> None:
    text = "ألقت القوات الأمنية القبض على ثلاثة عناصر من داعش في كركوك أمس."
    (event,) = _core(_events(text))
    assert event.sub_event_type == "arrests"
    assert event.actor1 == "Iraqi Security Forces"
    assert event.actor2 == "Islamic State"


def test_article_with_no_security_content() -> None:
    assert _events("افتتح وزير الثقافة معرض الكتاب في بغداد اليوم بمشاركة مئات دور النشر.") == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_valid_events(text: str) -> None:
    events = _events(text)
    canonical = text
    for e in events:
        for name in ("sentence", "trigger", "date", "place", "actor1", "actor2", "fatalities", "injured"):
            span = getattr(e.evidence, name)
            if span is not None:
                assert 0 <= span.start <= span.end <= len(canonical)
                assert canonical[span.start : span.end] == span.text
        assert 0.0 <= e.confidence <= 1.0


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(["قصف", "غارة جوية", "في", "حلب", "أمس", "مقتل", "5", "داعش", "،", ".", "\n"]),
        max_size=60,
    )
)
def test_arabic_word_salad_is_deterministic(words: list[str]) -> None:
    text = " ".join(words)
    assert [e.to_json() for e in _events(text)] == [e.to_json() for e in _events(text)]


def test_huge_input_does_not_raise() -> None:
    text = "قصف مدفعي على حلب أمس أسفر عن مقتل 3 مدنيين. " * 3000
    events = _events(text)
    assert len(events) >= 1


def test_a_cause_after_a_dated_response_keeps_its_own_date() -> None:
    text = (
        "شنت طائرات التحالف الدولي غارات جوية على مواقع في الرقة السبت، ردا على هجوم يعتقد أنه كيماوي، "
        "أسفر عن مقتل 12 مدنيا في دوما قبل أيام."
    )
    events = {e.sub_event_type: e for e in _core(_events(text))}
    assert events["air_drone_strike"].date == date(2018, 4, 14)
    chemical = events["chemical_weapon"]
    assert (chemical.date, chemical.date_precision) == (date(2018, 4, 1), "month")
    assert chemical.admin1 == "SY-RD"


def test_a_campaign_headline_dates_undated_events_by_month() -> None:
    title = "قصف النظام على درعا مستمر"
    text = (
        "وقالت مصادر طبية إن القصف الجوي على بلدة نوى تسبب بخروج مستشفى عن الخدمة. "
        "وقتل ثلاثة مدنيين الخميس في غارة على داعل."
    )
    events = _core(_events(text, title=title))
    by_place = {e.location_ar: e for e in events}
    assert (by_place["نوى"].date, by_place["نوى"].date_precision) == (date(2018, 4, 1), "month")
    assert (by_place["داعل"].date, by_place["داعل"].date_precision) == (date(2018, 4, 12), "day")


@pytest.mark.parametrize(
    "text",
    [
        "ويأتي إطلاق النار في بغداد وسط مخاوف من هجمات جديدة.",
        "قبل نحو خمسة أعوام ألقت القوات الأمنية القبض على قيادي في داعش بالموصل.",
        "في هذه الرواية يقتل البطل ثلاثة مسلحين في اشتباك بحلب.",
    ],
    ids=["reference", "years-ago", "fiction"],
)
def test_references_old_events_and_fiction_are_not_news(text: str) -> None:
    assert _core(_events(text)) == []
