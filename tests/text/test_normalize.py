"""Normalization is a view: every normalized span maps back to the original letters it came from."""

from hypothesis import given
from hypothesis import strategies as st

from marsad.text.normalize import normalize, normalize_string


def test_letter_forms_fold() -> None:
    assert normalize_string("أإآٱ") == "اااا"
    assert normalize_string("مستشفى") == "مستشفي"
    assert normalize_string("محافظة") == "محافظه"
    assert normalize_string("مسؤول") == "مسوول"
    assert normalize_string("هيئة") == "هييه"


def test_digits_become_ascii() -> None:
    assert normalize_string("٣٥ و۱۲") == "35 و12"


def test_diacritics_and_tatweel_are_deleted_and_mapped_back() -> None:
    original = "قُتِلَ ثلاثـــة مسلّحين"
    nt = normalize(original)
    assert nt.text == "قتل ثلاثه مسلحين"
    start = nt.text.index("ثلاثه")
    s, e = nt.to_original(start, start + len("ثلاثه"))
    assert original[s:e] == "ثلاثـــة"
    s, e = nt.to_original(0, 3)
    assert original[s:e] == "قُتِل"


def test_no_deletions_is_identity_map() -> None:
    nt = normalize("بغداد")
    assert nt.to_original(1, 3) == (1, 3)


@given(st.text())
def test_spans_stay_in_bounds_and_hold_the_same_letters(text: str) -> None:
    nt = normalize(text)
    assert len(nt.text) <= len(text)
    for start in range(len(nt.text)):
        s, e = nt.to_original(start, start + 1)
        assert 0 <= s < e <= len(text)
        assert normalize_string(text[s:e]) == nt.text[start]


def test_ta_marbuta_ends_survive_deleted_marks() -> None:
    original = "مُحافظةِ كركوك قتلَه والمدينةْ"
    nt = normalize(original)
    ends = nt.ta_marbuta_ends()
    assert ends == {nt.text.index("محافظه") + 6, len(nt.text)}


@given(st.text(alphabet="ةهاَُِّـ بك", max_size=60))
def test_ta_marbuta_ends_point_at_folded_letters(text: str) -> None:
    nt = normalize(text)
    for end in nt.ta_marbuta_ends():
        assert nt.text[end - 1] == "ه"
        s, e = nt.to_original(end - 1, end)
        assert text[s:e] == "ة"
