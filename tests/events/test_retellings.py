"""The mentions an event is merged from, and sentences that name a campaign or a running toll rather than
an event (GUIDELINES §1). Arabic sentences written for these tests."""

from datetime import UTC, date, datetime

import pytest

from marsad import extract
from marsad.model import Article
from marsad.pipeline import extract_told

PUBLISHED = datetime(2018, 4, 16, 10, 0, tzinfo=UTC)  # a Monday

HEADLINE = "انفجار عبوة ناسفة بدورية للشرطة في الرمادي"
BODY = "وقالت الشرطة إن عبوة ناسفة انفجرت صباح اليوم الاثنين بدورية للشرطة في الرمادي وأصابت جنديين."


def test_an_event_keeps_every_telling_merged_into_it() -> None:
    # The headline and the body tell one bombing (same type, day and place): one event, two tellings.
    article = Article("t1", "test", "", PUBLISHED, HEADLINE, BODY)
    ((event, told),) = extract_told(article)
    text = article.canonical
    assert (event.date, event.location_ar) == (date(2018, 4, 16), "الرمادي")
    assert [text[t.trigger[0] : t.trigger[1]] for t in told] == ["عبوة ناسفة", "عبوة ناسفة"]
    assert [t.sentence[0] for t in told] == [0, len(HEADLINE) + 2]
    assert all(t.sub_event_type == "remote_explosive_landmine_ied" for t in told)
    assert all(t.place is not None and text[t.place[0] : t.place[1]] == "الرمادي" for t in told)


@pytest.mark.parametrize(
    "text",
    [
        # a running toll since the first day of a campaign
        "قتل 40 فلسطينيا برصاص القوات الإسرائيلية على حدود غزة منذ أن بدأت الاحتجاجات يوم 30 مارس الماضي.",
        # the organisers' title names no protest
        "قال رئيس اللجنة المنظمة للاحتجاجات في غزة إن اليوم سيكون يوم حداد.",
    ],
)
def test_no_event(text: str) -> None:
    assert [e for e in extract(text, published=PUBLISHED) if e.core] == []


def test_since_a_campaign_is_not_the_campaign_of_that_day() -> None:
    # The doctor killed today is an event; "since the protests of 30 March" only names when a period began.
    text = "قتل طبيب فلسطيني برصاص الجيش الإسرائيلي في غزة اليوم، وهو ثالث طبيب يقتل منذ مظاهرات 30 مارس."
    (event,) = extract(text, published=PUBLISHED)
    assert (event.sub_event_type, event.date) == ("attack", date(2018, 4, 16))


def test_the_day_a_campaign_began_does_not_date_its_later_events() -> None:
    text = "قتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي على حدود غزة خلال مسيرة العودة التي بدأت في 30 مارس."
    (event,) = extract(text, published=PUBLISHED)
    assert event.sub_event_type == "attack"
    assert event.date != date(2018, 3, 30)


@pytest.mark.parametrize(
    "text",
    [
        # a policy or a right names no protest and no shooting
        "وقالت المنظمة في التماسها إن سياسة إطلاق النار ضد المتظاهرين في قطاع غزة غير قانونية.",
        "وشددت الخارجية على حق الفلسطينيين في التظاهر السلمي في قطاع غزة.",
        "ودعت المنظمة إلى احترام حرية التظاهر في البصرة.",
    ],
)
def test_a_policy_or_a_right_is_no_event(text: str) -> None:
    assert [e for e in extract(text, published=PUBLISHED) if e.core] == []


def test_dawn_is_no_detonation() -> None:
    # فجر is "he detonated" and "dawn": in a date (فجر الأربعاء, فجر اليوم) it is the time of day.
    text = "وانطلقت، فجر الاثنين، عملية عسكرية واسعة لتحرير مدينة الحديدة بإسناد من التحالف."
    assert [e.sub_event_type for e in extract(text, published=PUBLISHED)] != ["remote_explosive_landmine_ied"]
    assert not any(e.evidence.trigger.text == "فجر" for e in extract(text, published=PUBLISHED))
    # ... and the detonation is still one, dated by the dawn it happened at.
    bombing = "فجر انتحاري نفسه في سوق ببغداد فجر اليوم، ما أسفر عن مقتل خمسة أشخاص."
    (event,) = extract(bombing, published=PUBLISHED)
    assert (event.sub_event_type, event.date) == ("suicide_bomb", date(2018, 4, 16))


@pytest.mark.parametrize(
    "text",
    [
        # an organisation's name, a weapons system, control of a fire: a trigger word that names no event
        "وقالت منظمة حظر الأسلحة الكيميائية إن مفتشيها سيصلون إلى سوريا الأسبوع المقبل.",
        "وأعلنت روسيا تسليم منظومة الدفاع الجوي إلى سوريا خلال أسبوعين.",
        "وتمكنت فرق الإطفاء من السيطرة على الحريق في بغداد دون إصابات.",
        # a football fixture
        "ويلتقي الفريقان في ختام مواجهات دور المجموعات من دوري أبطال آسيا على ملعب الكويت.",
        # celebratory gunfire, a killing over a quarrel, attacks on computers
        "وسمع مراسل في مدينة دمشق أصوات إطلاق نار احتفالا بعد إعلان النتائج.",
        "أقدم مواطن على قتل جاره بإطلاق النار عليه من مسدس لخلاف سابق بينهما في الرياض.",
        "واتهمت بريطانيا المخابرات الروسية بالوقوف وراء أربع هجمات إلكترونية استهدفت شركات في لندن.",
        # rules of engagement, the death penalty, a missile test, an arms deal
        "وقال الجيش إن قواته تطلق النار على الحدود بما يتماشى مع قواعد الاشتباك.",
        "وقال الوزير إننا ندين عقوبة الإعدام ونأمل ألا تطبق في العراق.",
        "وفشل الجيش في إطلاق صاروخ عابر للقارات في تجربة جديدة فوق المحيط.",
        "ووقعت تركيا اتفاقا مع روسيا لشراء بطاريات صواريخ إس-400 في أنقرة.",
        # aircraft flying over, and what aircraft will do
        "وحلق الطيران الحربي بكثافة في سماء مدينة إدلب طوال الليل.",
        "وقال المسؤول إن التحالف سيبدأ غارات جوية على مواقع داعش في الرقة.",
        # a name, riot police, a helicopter ride, a ceasefire with an adjective, waste disposal
        "وقالت كريستين لاغارد مديرة صندوق النقد الدولي في بغداد إن النمو سيتباطأ.",
        "وانتشرت قوات مكافحة الشغب في ساحة التحرير ببغداد صباح اليوم.",
        "وعاد الرئيس إلى بغداد على متن مروحية بعد زيارته للموصل.",
        "ودعا المبعوث الأممي في دمشق إلى وقف عاجل لإطلاق النار في سوريا.",
        "وتستخدم الأفران في إعدام المخلفات الطبية في مستشفيات بغداد.",
    ],
)
def test_a_trigger_word_inside_a_name_or_a_fixture_is_no_event(text: str) -> None:
    assert [e for e in extract(text, published=PUBLISHED) if e.core] == []


def test_the_attack_an_organisation_investigates_is_still_told() -> None:
    # The mask covers the organisation's name only: the attack named beside it is still an event.
    text = "وقالت منظمة حظر الأسلحة الكيميائية إن هجوما كيميائيا استهدف مدينة دوما يوم السبت وقتل 40 شخصا."
    (event,) = extract(text, published=PUBLISHED)
    assert (event.sub_event_type, event.location_ar, event.fatalities) == ("chemical_weapon", "دوما", 40)


def test_a_ceasefire_with_an_adjective_is_an_agreement_not_shooting() -> None:
    text = "وتعهد الرؤساء الثلاثة بالتعاون من أجل التوصل إلى وقف دائم لإطلاق النار في سوريا."
    assert [(e.sub_event_type, e.core) for e in extract(text, published=PUBLISHED)] == [("agreement", False)]


def test_a_strike_seen_from_space_is_still_a_strike() -> None:
    text = "ونشر الجيش صورا من الأقمار الصناعية لمواقع إيرانية في حمص استهدفتها غارات إسرائيلية فجر اليوم."
    assert [e.sub_event_type for e in extract(text, published=PUBLISHED)] == ["air_drone_strike"]


def test_a_strike_after_a_ceasefire_is_still_a_strike() -> None:
    text = "وبعد ساعات من وقف إطلاق النار قصفت الطائرات الحربية بلدة سقبا في الغوطة الشرقية اليوم."
    assert "air_drone_strike" in [e.sub_event_type for e in extract(text, published=PUBLISHED)]
