"""Tokens with offsets, and the clitic-stripped forms under which a token may meet a lexicon entry.

Arabic attaches conjunctions (و ف), prepositions (ب ل ك), the future particle (س) and the article (ال) to
the front of a word, and pronouns (ه ها هم ...) to its end: وبمحافظة، لداعش، بكركوك، مقتله. Rather than
guess one segmentation, `variants` lists every reading a lexicon lookup should try, longest first.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+")

_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")
_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه")


class Token(NamedTuple):
    """A word of the normalized text: [start, end) are normalized offsets.

    `final_ta` says the original word ends in ta marbuta (ة), which normalization folds into ه: such a word
    carries no pronoun suffix ه (محافظة is not محافظ + ه).
    """

    start: int
    end: int
    text: str
    final_ta: bool = False


def words(norm: str) -> list[str]:
    """The words of normalized text, without offsets (cheaper than `tokenize` when offsets are not needed)."""
    return _WORD.findall(norm)


_new_token = tuple.__new__  # Token(...) goes through a Python-level __new__; this skips it (hot loop)


def tokenize(norm: str, ta_ends: Container[int] | None = None) -> list[Token]:
    """Split normalized text into word tokens (letters and digits), with their offsets.

    Given `ta_ends` (`NormText.ta_marbuta_ends()`), tokens also learn whether they end in ة.
    """
    ends = ta_ends if ta_ends is not None else ()
    # Spans first, then slices: half the cost of calling start(), end() and group() on every match.
    spans = [m.span() for m in _WORD.finditer(norm)]
    return [_new_token(Token, (s, e, norm[s:e], e in ends)) for s, e in spans]


def strip_article(word: str) -> str:
    """`الموصل` -> `موصل`; a word too short to carry the article is returned as is."""
    if word.startswith("ال") and len(word) >= 4:
        return word[2:]
    return word


@lru_cache(maxsize=100_000)
def proclitic_variants(word: str) -> list[str]:
    """Readings of `word` with its proclitics removed, the word itself first, each without the article."""
    out = [word]
    rest = word
    if len(rest) > 3 and rest[0] in _CONJ:
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 3 and rest.startswith("لل"):
        out.append("ال" + rest[2:])
    elif (len(rest) > 3 and rest[0] in _PREP) or (len(rest) > 3 and rest[0] == "س"):
        out.append(rest[1:])
    result: list[str] = []
    for form in out:
        for f in (form, strip_article(form)):
            if f not in result:
                result.append(f)
    return result


def suffix_variants(word: str, final_ta: bool = False) -> list[str]:
    """Readings of `word` without a pronoun suffix (مقتله -> مقتل), for words long enough to carry one."""
    out = []
    for suf in _SUFFIXES:
        if suf == "ه" and final_ta:
            continue
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            out.append(word[: -len(suf)])
    return out
