"""Trie alternations match exactly the words they were built from, longest first."""

import re

import pytest

from marsad.text.regex import trie_alternation

WORDS = ["قتل", "قتلى", "قتيل", "مقتل", "كانون الثاني"]


@pytest.mark.parametrize("word", WORDS)
def test_every_word_matches_whole(word: str) -> None:
    assert re.fullmatch(trie_alternation(WORDS), word)


def test_longest_first_and_spaces() -> None:
    assert re.match(trie_alternation(WORDS), "قتلى في").group() == "قتلى"
    assert re.fullmatch(trie_alternation(WORDS), "كانون   الثاني")


def test_prefixes_and_special() -> None:
    assert re.match(trie_alternation(["قتل"], prefixes=True), "قتلوا").group() == "قتل"
    assert re.fullmatch(trie_alternation(["#/#"], special={"#": r"\d+"}), "12/3")
    assert not re.fullmatch(trie_alternation(WORDS), "قت")
