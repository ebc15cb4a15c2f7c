"""Words that report no event (GUIDELINES §1): a trigger word inside a date, a name, a fixture or a
policy, and the cues of non-events found in the corpus (bench/extractor_diff.py). Arabic sentences written
for these tests."""

from datetime import UTC, date, datetime

import pytest

from marsad import extract

PUBLISHED = datetime(2018, 4, 16, 10, 0, tzinfo=UTC)  # a Monday

NO_EVENT = [
    # a policy or a right names no protest and no shooting
    "وقالت المنظمة في التماسها إن سياسة إطلاق النار ضد المتظاهرين في قطاع غزة غير قانونية.",
    "وشددت الخارجية على حق الفلسطينيين في التظاهر السلمي في قطاع غزة.",
    "ودعت المنظمة إلى احترام حرية التظاهر في البصرة.",
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
    # a diplomatic protest note, a cultural festival
    "وبعث وزير الخارجية اليمني رسالة احتجاج شديدة اللهجة إلى نظيره الإيراني في طهران.",
    "وتنظم الهيئة في أبوظبي تظاهرة ثقافية تضم فعاليات تراثية للفلاحين.",
]


@pytest.mark.parametrize("text", NO_EVENT)
def test_no_event(text: str) -> None:
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
