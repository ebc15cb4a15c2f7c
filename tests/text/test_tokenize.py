"""Clitics: the readings a token offers to a lexicon lookup."""

import pytest

from marsad.text.tokenize import proclitic_variants, suffix_variants, tokenize


def test_tokens_carry_offsets() -> None:
    toks = tokenize("قصف على حلب، 3 قتلى")
    assert [t.text for t in toks] == ["قصف", "على", "حلب", "3", "قتلى"]
    assert all("قصف على حلب، 3 قتلى"[t.start : t.end] == t.text for t in toks)


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("وبمحافظه", "محافظه"),
        ("لداعش", "داعش"),
        ("بكركوك", "كركوك"),
        ("بالموصل", "موصل"),
        ("للحشد", "الحشد"),
        ("وكركوك", "كركوك"),
        ("فالقوات", "قوات"),
    ],
)
def test_proclitics(word: str, reading: str) -> None:
    assert reading in proclitic_variants(word)


def test_short_words_keep_their_letters() -> None:
    assert proclitic_variants("بين") == ["بين"]


def test_pronoun_suffix() -> None:
    assert "مقتل" in suffix_variants("مقتله")
    assert suffix_variants("قتل") == []
