"""Number mentions: digits and Arabic number words read to their values, with spans into the original."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.finders.numbers import (
    NumberMention,
    find_numbers,
    load_number_lexicon,
    parse_number,
)
from marsad.text.normalize import normalize

ONE_TO_TWENTY = [
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنان", 2),
    ("اثنين", 2),
    ("اثنتان", 2),
    ("اثنتين", 2),
    ("ثلاث", 3),
    ("ثلاثة", 3),
    ("أربع", 4),
    ("أربعة", 4),
    ("خمس", 5),
    ("خمسة", 5),
    ("ست", 6),
    ("ستة", 6),
    ("سبع", 7),
    ("سبعة", 7),
    ("ثماني", 8),
    ("ثمانية", 8),
    ("تسع", 9),
    ("تسعة", 9),
    ("عشر", 10),
    ("عشرة", 10),
    ("أحد عشر", 11),
    ("إحدى عشرة", 11),
    ("اثنا عشر", 12),
    ("اثني عشر", 12),
    ("اثنتا عشرة", 12),
    ("ثلاثة عشر", 13),
    ("ثلاث عشرة", 13),
    ("أربعة عشر", 14),
    ("خمس عشرة", 15),
    ("ستة عشر", 16),
    ("سبعة عشر", 17),
    ("ثماني عشرة", 18),
    ("تسعة عشر", 19),
    ("عشرون", 20),
    ("عشرين", 20),
]

TENS_AND_COMPOUNDS = [
    ("ثلاثون", 30),
    ("أربعين", 40),
    ("خمسون", 50),
    ("ستين", 60),
    ("سبعون", 70),
    ("ثمانين", 80),
    ("تسعون", 90),
    ("واحد وعشرون", 21),
    ("خمسة وعشرين", 25),
    ("ثلاث وثلاثون", 33),
    ("تسعة وتسعين", 99),
]

HUNDREDS_AND_THOUSANDS = [
    ("مئة", 100),
    ("مائة", 100),
    ("مئتين", 200),
    ("مائتي", 200),
    ("مئتان", 200),
    ("ثلاثمئة", 300),
    ("ثلاث مئة", 300),
    ("خمسمائة", 500),
    ("مئة وخمسون", 150),
    ("مئة وخمسة وعشرون", 125),
    ("ثلاثمائة وخمسون", 350),
    ("ألف", 1000),
    ("ألفين", 2000),
    ("ألفان", 2000),
    ("ثلاثة آلاف", 3000),
    ("عشرة آلاف", 10000),
    ("خمسة وعشرين ألفا", 25000),
    ("ألف ومئتان", 1200),
    ("مليون", 1_000_000),
]

DIGITS = [
    ("12", 12),
    ("١٢", 12),
    ("۱۵", 15),
    ("1,200", 1200),
    ("1.200", 1200),
    ("١٬٢٠٠", 1200),
    ("1.5 ألف", 1500),
    ("١٫٥ ألف", 1500),
    ("3 آلاف", 3000),
    ("2 مليون", 2_000_000),
]

VAGUE = [
    ("عشرات", 12),
    ("العشرات", 12),
    ("مئات", 100),
    ("آلاف", 1000),
    ("عشرات الآلاف", 12000),
    ("عدد من", None),
    ("بضعة", None),
    ("العديد من", None),
]


@pytest.mark.parametrize(("phrase", "value"), ONE_TO_TWENTY + TENS_AND_COMPOUNDS)
def test_units_teens_tens(phrase: str, value: int) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize(("phrase", "value"), HUNDREDS_AND_THOUSANDS)
def test_hundreds_thousands(phrase: str, value: int) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize(("phrase", "value"), DIGITS)
def test_digits(phrase: str, value: int) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize(("phrase", "value"), VAGUE)
def test_vague_quantifiers(phrase: str, value: int | None) -> None:
    assert parse_number(phrase) == value
    [mention] = find_numbers(normalize(phrase))
    assert mention.vague


@pytest.mark.parametrize("phrase", ["وثلاثة", "بخمسة", "ولعشرة", "و7"])
def test_clitics_stay_outside_the_span(phrase: str) -> None:
    [mention] = find_numbers(normalize(phrase))
    assert mention.text == phrase.lstrip("وبل")
    assert parse_number(phrase) is not None


@pytest.mark.parametrize(
    "phrase",
    ["2.5", "ثلاثة وأربعة", "قتلى", "", "18/4/2022", "الاثنين"],
)
def test_not_one_number(phrase: str) -> None:
    assert parse_number(phrase) is None


def test_mentions_in_a_sentence() -> None:
    text = "قُتل ثلاثةُ جنود وأصيب ١٢ آخرون، وشارك خمسةٌ وعشرون عنصراً في العملية يوم الاثنين 18/4/2022"
    found = find_numbers(normalize(text))
    assert [(m.text, m.value, m.vague) for m in found] == [
        ("ثلاثة", 3, False),  # a trailing diacritic stays outside the smallest span
        ("١٢", 12, False),
        ("خمسةٌ وعشرون", 25, False),
    ]
    for m in found:
        assert text[m.start : m.end] == m.text


def test_monday_and_sunday_are_not_numbers() -> None:
    assert find_numbers(normalize("وقع الهجوم يوم الأحد وتبعه آخر الاثنين")) == []


def test_lexicon_is_well_formed() -> None:
    lex = load_number_lexicon()
    assert lex.words["ثلاثه"].value == 3
    assert lex.words["عشرات"].value == 12
    assert lex.words["الاف"].alone == 1000
    assert set(lex.clitics) >= {"و", "ب"}
    # Every form is normalized: no hamza seats, alef maqsura or ta marbuta survive in the keys.
    assert not any(set(form) & set("أإآىةئؤ") for form in lex.words)


ARABIC = st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويةىأإآئؤ ٠١٢٣٤٥٦٧٨٩0123456789.,،/-\u064e\u0640"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(ARABIC, st.sampled_from(["ثلاثة ", "عشر ", "وعشرين ", "آلاف ", "1,200 "]))))
def test_random_text_gives_sound_spans(parts: list[str]) -> None:
    text = "".join(parts)
    nt = normalize(text)
    found = find_numbers(nt)
    assert found == find_numbers(nt)
    for m in found:
        assert isinstance(m, NumberMention)
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.value is None or m.value >= 0


@given(st.text(max_size=60))
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)
