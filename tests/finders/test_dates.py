"""Date expressions: each case checks the exact span, the resolved date and its precision."""

from __future__ import annotations

import datetime
import inspect
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.finders import dates
from marsad.finders.dates import DateMention, find_dates, load_date_lexicon
from marsad.text.normalize import normalize

# Thursday 14 March 2019, mid-morning, Baghdad time.
TZ = datetime.timezone(datetime.timedelta(hours=3))
MORNING = datetime.datetime(2019, 3, 14, 10, 30, tzinfo=TZ)
EVENING = datetime.datetime(2019, 3, 14, 21, 15, tzinfo=TZ)
D = datetime.date


def found(text: str, published: datetime.datetime = MORNING) -> list[DateMention]:
    return find_dates(normalize(text), published)


def only(text: str, published: datetime.datetime = MORNING) -> DateMention:
    mentions = found(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


CASES = [
    # The publication day.
    ("قال مصدر أمني اليوم إن الهجوم أسفر عن قتلى", "اليوم", D(2019, 3, 14), "day"),
    ("انفجرت عبوة ناسفة صباح اليوم في سوق شعبي", "صباح اليوم", D(2019, 3, 14), "day"),
    ("شنت طائرات مسيرة فجر اليوم غارات على مواقع", "فجر اليوم", D(2019, 3, 14), "day"),
    ("تظاهر المئات مساء اليوم أمام مبنى المحافظة", "مساء اليوم", D(2019, 3, 14), "day"),
    ("سقطت قذائف هاون ظهر اليوم على حي سكني", "ظهر اليوم", D(2019, 3, 14), "day"),
    ("أعلنت الشرطة اليوم الخميس اعتقال خلية", "اليوم الخميس", D(2019, 3, 14), "day"),
    ("أعلنت الوزارة اليوم (الخميس) مقتل مسلحين", "اليوم (الخميس)", D(2019, 3, 14), "day"),
    ('قال "أمس" إن الهجوم فشل', "أمس", D(2019, 3, 13), "day"),
    # Yesterday and the day before.
    ("قتل جندي أمس في هجوم مسلح", "أمس", D(2019, 3, 13), "day"),
    ("اندلعت اشتباكات البارحة في الحي الغربي", "البارحة", D(2019, 3, 13), "day"),
    ("استهدف صاروخ صباح أمس قاعدة عسكرية", "صباح أمس", D(2019, 3, 13), "day"),
    ("وقع الانفجار مساء أمس قرب نقطة تفتيش", "مساء أمس", D(2019, 3, 13), "day"),
    ("أفادت مصادر محلية يوم أمس بمقتل مدنيين", "يوم أمس", D(2019, 3, 13), "day"),
    ("أكدت الوزارة أمس الأربعاء مقتل ثلاثة", "أمس الأربعاء", D(2019, 3, 13), "day"),
    ("وقع الهجوم أول أمس على الطريق الدولي", "أول أمس", D(2019, 3, 12), "day"),
    ("عثر على الجثث أول من أمس في بستان", "أول من أمس", D(2019, 3, 12), "day"),
    ("وقال المتحدث وأمس أعلنت القوات", "أمس", D(2019, 3, 13), "day"),
    # Weekdays: the most recent such day on or before the publication day (a Thursday).
    ("شهدت المدينة يوم الخميس هجوما انتحاريا", "يوم الخميس", D(2019, 3, 14), "day"),
    ("قتل شرطيان الثلاثاء في كمين", "الثلاثاء", D(2019, 3, 12), "day"),
    ("اقتحم مسلحون القرية مساء الثلاثاء", "مساء الثلاثاء", D(2019, 3, 12), "day"),
    ("سقطت صواريخ فجر الأحد على المطار", "فجر الأحد", D(2019, 3, 10), "day"),
    ("خرج متظاهرون بعد صلاة الجمعة", "الجمعة", D(2019, 3, 8), "day"),
    ("أعلنت الشرطة السبت تفكيك عبوة", "السبت", D(2019, 3, 9), "day"),
    ("وقعت الاشتباكات الإثنين الماضي", "الإثنين الماضي", D(2019, 3, 11), "day"),
    ("نفذت الغارة الخميس الماضي", "الخميس الماضي", D(2019, 3, 7), "day"),
    ("ولا تزال الطرق مغلقة منذ يوم الخميس", "يوم الخميس", D(2019, 3, 14), "day"),
    # Last night: the day before, for a morning article.
    ("تعرضت بلدة لقصف مدفعي الليلة الماضية", "الليلة الماضية", D(2019, 3, 13), "day"),
    ("هاجم مسلحون نقطة أمنية ليلة أمس", "ليلة أمس", D(2019, 3, 13), "day"),
    # Weeks: the Monday of the week.
    ("نفذ التنظيم الأسبوع الماضي سلسلة هجمات", "الأسبوع الماضي", D(2019, 3, 4), "week"),
    ("اعتقلت القوات الأسبوع الفائت عشرة مطلوبين", "الأسبوع الفائت", D(2019, 3, 4), "week"),
    ("تصاعدت الاشتباكات خلال الأسبوع المنصرم", "الأسبوع المنصرم", D(2019, 3, 4), "week"),
    ("وقعت عدة تفجيرات هذا الأسبوع في المدينة", "هذا الأسبوع", D(2019, 3, 11), "week"),
    ("تستمر الحملة الأمنية الأسبوع الجاري", "الأسبوع الجاري", D(2019, 3, 11), "week"),
    ("اندلعت المواجهات نهاية الأسبوع الماضي", "نهاية الأسبوع الماضي", D(2019, 3, 4), "week"),
    # Months: the 1st of the month.
    ("قتل العشرات في هجمات الشهر الماضي", "الشهر الماضي", D(2019, 2, 1), "month"),
    ("اختطف الصحفي الشهر الفائت", "الشهر الفائت", D(2019, 2, 1), "month"),
    ("اغتيل القيادي أواخر الشهر الماضي", "أواخر الشهر الماضي", D(2019, 2, 1), "month"),
    ("بدأت العملية العسكرية منتصف الشهر الماضي", "منتصف الشهر الماضي", D(2019, 2, 1), "month"),
    ("قتل الزعيمان مطلع فبراير/ شباط الماضي في غارة", "مطلع فبراير/ شباط الماضي", D(2019, 2, 1), "month"),
    (
        "سيطر المسلحون على البلدة أوائل كانون الثاني الماضي",
        "أوائل كانون الثاني الماضي",
        D(2019, 1, 1),
        "month",
    ),
    ("وقع الهجوم أواسط أكتوبر الماضي", "أواسط أكتوبر الماضي", D(2018, 10, 1), "month"),
    ("اعتقل في فبراير الماضي خلال مداهمة", "فبراير الماضي", D(2019, 2, 1), "month"),
    ("تكررت الهجمات خلال مارس في المحافظة", "مارس", D(2019, 3, 1), "month"),
    ("وفي أيار شنت القوات حملة واسعة", "أيار", D(2018, 5, 1), "month"),
    ("أعدم التنظيم رهائن في مارس من العام الماضي", "مارس من العام الماضي", D(2018, 3, 1), "month"),
    ("تعرض السجن لهجوم في تشرين الثاني 2018", "تشرين الثاني 2018", D(2018, 11, 1), "month"),
    ("قصفت المدينة في فبراير/ شباط 2018", "فبراير/ شباط 2018", D(2018, 2, 1), "month"),
    ("عاد النازحون منذ شهر آب الماضي", "شهر آب الماضي", D(2018, 8, 1), "month"),
    ("استهدفت الدورية في آب الماضي", "آب الماضي", D(2018, 8, 1), "month"),
    # N days / weeks / months ago.
    ("اختفى الناشط منذ ثلاثة أيام", "منذ ثلاثة أيام", D(2019, 3, 11), "day"),
    ("قتل منذ 5 أيام في قصف", "منذ 5 أيام", D(2019, 3, 9), "day"),
    ("اغتيل ضابط قبل يومين في وضح النهار", "قبل يومين", D(2019, 3, 12), "day"),
    ("أطلق سراح الرهينة قبل يوم", "قبل يوم", D(2019, 3, 13), "day"),
    ("وقع التفجير قبل أسبوع في السوق", "قبل أسبوع", D(2019, 3, 4), "week"),
    ("بدأ الحصار قبل أسبوعين", "قبل أسبوعين", D(2019, 2, 25), "week"),
    ("سقطت البلدة قبل شهرين", "قبل شهرين", D(2019, 1, 1), "month"),
    # Written dates.
    ("وقع الهجوم في 18 أبريل 2017 على الحاجز", "18 أبريل 2017", D(2017, 4, 18), "day"),
    ("بتاريخ 18 ابريل 2016 قتل خمسة", "18 ابريل 2016", D(2016, 4, 18), "day"),
    ("السبت 14 نيسان/أبريل 2018 شنت غارات", "السبت 14 نيسان/أبريل 2018", D(2018, 4, 14), "day"),
    ("الخميس الموافق 7 آذار 2019 انفجرت سيارة", "الخميس الموافق 7 آذار 2019", D(2019, 3, 7), "day"),
    ("صدر البيان في 14/4/2018 عن القيادة", "14/4/2018", D(2018, 4, 14), "day"),
    ("تاريخ النشر 2018-04-14 في الموقع", "2018-04-14", D(2018, 4, 14), "day"),
    ("قتل 3 شباط (فبراير) 2019 مسلحان", "3 شباط (فبراير) 2019", D(2019, 2, 3), "day"),
    ("سقطت قذيفة يوم 2 كانون الأول 2018 على مدرسة", "2 كانون الأول 2018", D(2018, 12, 2), "day"),
    ("جرت الانتخابات في 12 جانفي 2019 وسط إجراءات", "12 جانفي 2019", D(2019, 1, 12), "day"),
    ("قتل جنديان يوم 7 جويلية 2018 في كمين", "7 جويلية 2018", D(2018, 7, 7), "day"),
    ("هوجمت الثكنة في 3 أفريل الماضي", "3 أفريل الماضي", D(2018, 4, 3), "day"),
    ("أغلقت المعابر في 2 أيلول من العام الجاري", "2 أيلول من العام الجاري", D(2019, 9, 2), "day"),
    # Day and month without a year: the latest on or before the publication day...
    ("وقع الاعتداء في 3 آب على قافلة", "3 آب", D(2018, 8, 3), "day"),
    ("اعتقل المتهم يوم 5 مارس", "5 مارس", D(2019, 3, 5), "day"),
    ("وقع الهجوم في 28 ديسمبر", "28 ديسمبر", D(2018, 12, 28), "day"),
    # ... or at most seven days after it (scheduled).
    ("تبدأ المحاكمة في 20 مارس", "20 مارس", D(2019, 3, 20), "day"),
    ("جرى التفجير في 25 مارس", "25 مارس", D(2018, 3, 25), "day"),
    # Hijri dates.
    ("وقع الهجوم في 15 رمضان 1436 على المسجد", "15 رمضان 1436", D(2015, 7, 2), "day"),
    ("صدر البيان في 10 محرم 1440 هـ عن الجماعة", "10 محرم 1440 هـ", D(2018, 9, 20), "day"),
    # Arabic-Indic digits, diacritics and tatweel: the span is the original text.
    ("قُتِلَ ثلاثة يَوْمَ الخَمِيسِ في الرمادي", "يَوْمَ الخَمِيسِ", D(2019, 3, 14), "day"),
    ("انفجرت سيارة أمـــس قرب الجسر", "أمـــس", D(2019, 3, 13), "day"),
    ("وقعت المجزرة في ١٨ أبريـــل ٢٠١٧ بالقرية", "١٨ أبريـــل ٢٠١٧", D(2017, 4, 18), "day"),
    ("أعلن الجيش الأُسْبُوعَ الماضِي مقتل قيادي", "الأُسْبُوعَ الماضِي", D(2019, 3, 4), "week"),
    ("وقال بالأمس إن القوات انسحبت", "الأمس", D(2019, 3, 13), "day"),
]


@pytest.mark.parametrize(("text", "span", "date", "precision"), CASES)
def test_date_expression(text: str, span: str, date: datetime.date, precision: str) -> None:
    mention = only(text)
    assert mention.text == span
    assert text[mention.start : mention.end] == span
    assert mention.date == date
    assert mention.precision == precision


@pytest.mark.parametrize(
    ("text", "span", "date"),
    [
        ("تعرضت بلدة لقصف مدفعي الليلة الماضية", "الليلة الماضية", D(2019, 3, 14)),
        ("هاجم مسلحون نقطة أمنية ليلة أمس", "ليلة أمس", D(2019, 3, 14)),
        # "مساء أمس" is yesterday whatever the hour.
        ("وقع الانفجار مساء أمس قرب نقطة تفتيش", "مساء أمس", D(2019, 3, 13)),
    ],
)
def test_last_night_in_an_evening_article_is_the_same_day(text: str, span: str, date: datetime.date) -> None:
    mention = only(text, EVENING)
    assert (mention.text, mention.date, mention.precision) == (span, date, "day")


@pytest.mark.parametrize(
    "text",
    [
        "لم يتغير الوضع الأمني حتى اليوم في المدينة",
        "ما زال المفقودون مجهولي المصير حتى الآن",
        "أحيت المنظمات اليوم العالمي لحقوق الإنسان",
        "وفي اليوم التالي انسحبت القوات",
        "استمر القتال حتى مساء اليوم دون توقف",
        "يسيطر التنظيم على المنطقة منذ عام 2014",
        "بلغ عدد الضحايا في 2017 أكثر من ألف",
        "قتل شخص قبل يومين من الانتخابات البرلمانية",
        "مارس الضغط على الحكومة لإطلاق سراحهم",
        "وصل الوفد في آب وسط تكتم",
        "اشترى سيارة نيسان جديدة",
        "قتل في 31 شباط 2019 عدد من الأشخاص",
        "قتل في 30 فبراير عدد من الأشخاص",
        "وقع في 31 محرم 1440 هجوم",
        "وقع في 32 مارس هجوم",
        "في 1/13/2018 وقع هجوم",
        "قال الشيخ خميس إن الأوضاع هادئة",
        "",
    ],
)
def test_not_a_date(text: str) -> None:
    assert found(text) == []


def test_relative_flag() -> None:
    assert only("قتل جندي أمس في هجوم").relative
    assert only("نفذ التنظيم الأسبوع الماضي هجمات").relative
    # The year comes from the publication date.
    assert only("وقع الاعتداء في 3 آب على قافلة").relative
    assert not only("وقع الهجوم في 18 أبريل 2017 على الحاجز").relative
    assert not only("صدر البيان في 14/4/2018").relative
    assert not only("وقع الهجوم في 15 رمضان 1436").relative
    assert not only("السبت 14 نيسان/أبريل 2018 شنت غارات").relative


def test_anchor_is_the_articles_own_local_date() -> None:
    # 01:00 in Baghdad is still the previous day in UTC: the article's own date counts.
    early = datetime.datetime(2019, 3, 15, 1, 0, tzinfo=TZ)
    assert only("قتل جندي أمس في هجوم", early).date == D(2019, 3, 14)
    naive = datetime.datetime(2019, 3, 15, 1, 0)
    assert only("قتل جندي أمس في هجوم", naive).date == D(2019, 3, 14)


def test_weekday_never_after_the_anchor() -> None:
    for day in range(1, 29):
        published = datetime.datetime(2019, 2, day, 9, 0)
        for name in ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"):
            mention = only(f"وقع الهجوم يوم {name} في المدينة", published)
            assert 0 <= (published.date() - mention.date).days <= 6


def test_mentions_in_order_without_overlap() -> None:
    text = (
        "أعلنت الشرطة اليوم الاثنين أن مسلحين هاجموا مساء أمس حاجزا، بعد هجوم مماثل الأسبوع الماضي "
        "ومنذ 3 أيام، وكان آخر هجوم كبير في 2 كانون الثاني/يناير 2019."
    )
    published = datetime.datetime(2019, 3, 11, 12, 0)
    mentions = find_dates(normalize(text), published)
    assert [(m.text, m.date, m.precision) for m in mentions] == [
        ("اليوم الاثنين", D(2019, 3, 11), "day"),
        ("مساء أمس", D(2019, 3, 10), "day"),
        ("الأسبوع الماضي", D(2019, 3, 4), "week"),
        ("منذ 3 أيام", D(2019, 3, 8), "day"),
        ("2 كانون الثاني/يناير 2019", D(2019, 1, 2), "day"),
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_lexicon_loads_with_every_month() -> None:
    lex = load_date_lexicon()
    assert set(lex.months.values()) == set(range(1, 13))
    assert set(lex.hijri_months.values()) == set(range(1, 13))
    assert set(lex.weekdays.values()) == set(range(7))
    # Entries are normalized on loading.
    assert lex.months["ابريل"] == 4
    assert lex.months["كانون الاول"] == 12
    assert lex.months["اب"] == 8


def test_nothing_reads_the_clock() -> None:
    source = inspect.getsource(dates)
    assert ".now(" not in source
    assert ".today(" not in source
    assert "utcnow" not in source


_PIECES = st.sampled_from(
    [
        "اليوم", "أمس", "الخميس", "مساء", "الليلة الماضية", "الأسبوع الماضي", "الشهر", "مطلع", "منذ",
        "قبل", "يومين", "ثلاثة أيام", "شباط", "فبراير/", "(", ")", "/", "آب", "الماضي", "15", "2019",
        "31", "رمضان", "1440", "هـ", "ـ", "\u064e", "\u0651", "١٨", " ", "\n", "و", "ب", "حتى", "في",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)))
def test_any_text_gives_valid_spans(text: str) -> None:
    nt = normalize(text)
    mentions = find_dates(nt, MORNING)
    assert mentions == find_dates(nt, MORNING)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.start >= previous_end
        assert m.precision in ("day", "week", "month")
        previous_end = m.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قتل العشرات في دوما قبل أيام", (datetime.date(2018, 4, 1), "month")),
        ("وقع الهجوم منذ بضعة أيام", (datetime.date(2018, 4, 1), "month")),
        ("بدأت الحملة قبل أسابيع", (datetime.date(2018, 3, 1), "month")),
    ],
)
def test_uncounted_days_and_weeks_give_their_month(text: str, expected: tuple[datetime.date, str]) -> None:
    (found,) = find_dates(normalize(text), datetime.datetime(2018, 4, 14, 9, 0))
    assert (found.date, found.precision) == expected
