"""Casualty counts: each killed / injured count attaches to its own keyword, with the span of both."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.finders.casualties import (
    INJURED,
    KILLED,
    CasualtyMention,
    find_casualties,
    load_casualty_lexicon,
)
from marsad.text.normalize import normalize

K, J = KILLED, INJURED  # J for jarh (wounded): `I` reads as 1

# (sentence, [(kind, value, span text, at_least), ...]) in text order.
CASES: list[tuple[str, list[tuple[str, int | None, str, bool]]]] = [
    ("أعلنت الشرطة مقتل 5 أشخاص في انفجار عبوة ناسفة", [(K, 5, "مقتل 5 أشخاص", False)]),
    ("قُتل ثلاثة مدنيين بنيران قناص في حي الشعلة", [(K, 3, "قُتل ثلاثة مدنيين", False)]),
    ("أدى القصف إلى سقوط 3 قتلى و7 جرحى", [(K, 3, "3 قتلى", False), (J, 7, "7 جرحى", False)]),
    (
        "الهجوم أسفر عن مقتل 12 شخصا وإصابة 20 آخرين بجروح",
        [(K, 12, "مقتل 12 شخصا", False), (J, 20, "إصابة 20 آخرين", False)],
    ),
    ("لقي 4 عناصر حتفهم إثر انفجار عبوة", [(K, 4, "لقي 4 عناصر حتفهم", False)]),
    ("وارتفعت حصيلة القتلى إلى 30 بحسب مصادر طبية", [(K, 30, "حصيلة القتلى إلى 30", False)]),
    ("ارتفاع عدد الضحايا إلى 12 قتيلا", [(K, 12, "12 قتيلا", False)]),
    ("خلف التفجير ما لا يقل عن 12 قتيلا", [(K, 12, "12 قتيلا", True)]),
    ("مقتل 12 شخصا على الأقل في الغارة", [(K, 12, "مقتل 12 شخصا", True)]),
    ("أكدت المصادر مقتل ما لا يقل عن عشرين مسلحا", [(K, 20, "مقتل ما لا يقل عن عشرين مسلحا", True)]),
    ("أفاد مصدر أمني بمقتل شخص وإصابة اثنين", [(K, 1, "مقتل شخص", False), (J, 2, "إصابة اثنين", False)]),
    ("مقتل جنديين في هجوم على نقطة تفتيش", [(K, 2, "مقتل جنديين", False)]),
    ("مقتل جندي وإصابة آخر بانفجار لغم", [(K, 1, "مقتل جندي", False), (J, 1, "إصابة آخر", False)]),
    (
        "أسفر الانفجار عن مقتل وإصابة 10 أشخاص",
        [(K, None, "مقتل وإصابة 10 أشخاص", False), (J, None, "مقتل وإصابة 10 أشخاص", False)],
    ),
    ("سقط عشرات القتلى في المجزرة", [(K, 12, "عشرات القتلى", False)]),
    ("أدى القصف إلى سقوط مئات الجرحى", [(J, 100, "مئات الجرحى", False)]),
    ("وأسفر الهجوم عن عدد من القتلى", [(K, None, "عدد من القتلى", False)]),
    (
        "انفجرت العبوة دون وقوع إصابات",
        [(K, 0, "دون وقوع إصابات", False), (J, 0, "دون وقوع إصابات", False)],
    ),
    (
        "سقطت القذيفة في أرض زراعية ولم تسفر عن إصابات",
        [(K, 0, "لم تسفر عن إصابات", False), (J, 0, "لم تسفر عن إصابات", False)],
    ),
    (
        "الهجوم لم يسفر عن وقوع ضحايا",
        [(K, 0, "لم يسفر عن وقوع ضحايا", False), (J, 0, "لم يسفر عن وقوع ضحايا", False)],
    ),
    (
        "سمع دوي انفجار وأنباء عن سقوط قتلى وجرحى",
        [(K, None, "قتلى وجرحى", False), (J, None, "قتلى وجرحى", False)],
    ),
    ("أعلن التحالف مقتل زعيم التنظيم في غارة", [(K, 1, "مقتل زعيم", False)]),
    ("مقتل قائد ميداني في اشتباكات", [(K, 1, "مقتل قائد", False)]),
    ("قتلت القوات الأمنية 5 مسلحين في الاشتباك", [(K, 5, "قتلت القوات الأمنية 5 مسلحين", False)]),
    ("وقال إن ثلاثة جنود قتلوا في الكمين", [(K, 3, "ثلاثة جنود قتلوا", False)]),
    ("سقوط قتيل وثلاثة جرحى في إطلاق نار", [(K, 1, "قتيل", False), (J, 3, "ثلاثة جرحى", False)]),
    ("القصف أودى بحياة 7 أشخاص بينهم طفلان", [(K, 7, "أودى بحياة 7 أشخاص", False)]),
    ("أصيب خمسة من عناصر الشرطة بجروح", [(J, 5, "أصيب خمسة من عناصر", False)]),
    ("مصرع ١٥ شخصاً وجرح ٢٣ آخرين", [(K, 15, "مصرع ١٥ شخصا", False), (J, 23, "جرح ٢٣ آخرين", False)]),
    ("استشهاد ستة عشر فلسطينيا برصاص الاحتلال", [(K, 16, "استشهاد ستة عشر فلسطينيا", False)]),
    ("مقتل أحد عناصر الحشد بهجوم", [(K, 1, "مقتل أحد عناصر", False)]),
    (
        "ارتفع عدد القتلى إلى 30 والجرحى إلى 50",
        [(K, 30, "عدد القتلى إلى 30", False), (J, 50, "الجرحى إلى 50", False)],
    ),
    (
        "سقوط 10 قتلى وجرحى في التفجير",
        [(K, None, "10 قتلى وجرحى", False), (J, None, "10 قتلى وجرحى", False)],
    ),
    ("قتل 1,200 شخص منذ بداية المعارك", [(K, 1200, "قتل 1,200 شخص", False)]),
    ("وأسفرت الغارة عن مقتل خمسة وعشرين مدنيا", [(K, 25, "مقتل خمسة وعشرين مدنيا", False)]),
    ("بينهم امرأة، وسقوط قتيلين", [(K, 2, "قتيلين", False)]),
    # Coordinated victims add up to one count.
    ("أسفرت الغارة عن مقتل 5 جنود و3 مدنيين", [(K, 8, "مقتل 5 جنود و3 مدنيين", False)]),
    ("قتل ستة أطفال وامرأتان في القصف", [(K, 8, "قتل ستة أطفال وامرأتان", False)]),
    # A toll far from its noun, across commas.
    (
        "بلغت حصيلة القتلى منذ الأحد، بحسب مصادر محلية، 40 شخصا",
        [(K, 40, "حصيلة القتلى منذ الأحد، بحسب مصادر محلية، 40 شخصا", False)],
    ),
    (
        "ولم ينتج عن سقوط القذيفة أية إصابات",
        [
            (K, 0, "لم ينتج عن سقوط القذيفة أية إصابات", False),
            (J, 0, "لم ينتج عن سقوط القذيفة أية إصابات", False),
        ],
    ),
    ("وأشار إلى أن مئات جرحوا في المواجهات", [(J, 100, "مئات جرحوا", False)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_counts_attach_to_their_keywords(
    text: str, expected: list[tuple[str, int | None, str, bool]]
) -> None:
    found = find_casualties(normalize(text))
    assert [(m.kind, m.value, m.text, m.at_least) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


# Numbers near a casualty word that are not its count.
FALSE_ATTACHMENTS = [
    "قتل في عام 2014 على يد التنظيم",
    "وقع الهجوم الذي أدى إلى مقتل 18 أبريل الماضي",
    "انفجرت 3 سيارات مفخخة قرب السوق",
    "شاب يبلغ 25 عاما قتل برصاص مجهولين",
    "تسجيل 500 إصابة بفيروس كورونا",
    "مقتل 3 آلاف دولار",
    "أصيب 40 بالمئة من المباني",
    "قتل 2015 على يد مسلحين",
]


@pytest.mark.parametrize("text", FALSE_ATTACHMENTS)
def test_numbers_that_count_something_else(text: str) -> None:
    assert all(m.value in (None, 1) for m in find_casualties(normalize(text)))


def test_coordinated_counts_stay_with_their_own_keyword() -> None:
    text = "أصيب 7 أشخاص وقتل 3 آخرون"
    found = find_casualties(normalize(text))
    assert [(m.kind, m.value) for m in found] == [(J, 7), (K, 3)]


def test_age_after_the_victim_is_not_a_count() -> None:
    found = find_casualties(normalize("مقتل شاب يبلغ من العمر 25 عاما"))
    assert [(m.kind, m.value, m.text) for m in found] == [(K, 1, "مقتل شاب")]


def test_diacritics_and_tatweel_map_back() -> None:
    text = "مَقْتَلُ ثَلاثـــةِ أشخاصٍ"
    [m] = find_casualties(normalize(text))
    assert (m.value, m.text) == (3, "مَقْتَلُ ثَلاثـــةِ أشخاص")


def test_lexicon_is_well_formed() -> None:
    lex = load_casualty_lexicon()
    assert lex.keywords["مقتل"].kind == KILLED
    assert "before" in lex.keywords["مقتل"].roles
    assert lex.keywords["جرحي"].kind == INJURED
    assert "after" in lex.keywords["الجرحي"].roles
    assert lex.lists["zero_both"]
    # Normalized keys only.
    assert not any(set(form) & set("أإآىةئؤ") for form in lex.keywords)
    for words in lex.lists.values():
        assert not any(set(w) & set("أإآىةئؤ") for w in words)


PIECES = st.sampled_from(
    [
        "مقتل ",
        "وإصابة ",
        "قتلى ",
        "جرحى ",
        "حصيلة القتلى إلى ",
        "لقي ",
        "حتفهم ",
        "دون وقوع إصابات ",
        "ثلاثة ",
        "عشرات ",
        "5 ",
        "١٢ ",
        "أشخاص ",
        "عام ",
        "، ",
        "ً",
        "ـ",
        "مقتل وإصابة ",
        "قتلى وجرحى ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=30))
def test_random_text_gives_sound_spans(parts: list[str]) -> None:
    text = "".join(parts)
    nt = normalize(text)
    found = find_casualties(nt)
    assert found == find_casualties(nt)
    for m in found:
        assert isinstance(m, CasualtyMention)
        assert m.kind in (KILLED, INJURED)
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.value is None or m.value >= 0


def test_count_adjective_and_at_least_before_the_verb() -> None:
    # An adjective and "at least" between the counted noun and its verb.
    text = "قالت مصادر إن 4 متمردين حوثيين على الأقل لقوا مصرعهم في المواجهات"
    (found,) = find_casualties(normalize(text))
    assert (found.kind, found.value) == ("killed", 4)
    assert found.text == "4 متمردين حوثيين على الأقل لقوا مصرعهم"
