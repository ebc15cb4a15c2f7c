"""Number mentions in Arabic news text: digits, number words and vague quantifiers, with their spans.

Finding is one pass of one regular expression over the normalized view (`NormText.text`): a run of digits
(with an optional scale word, "1.5 ألف") or a run of number words joined by spaces or the conjunction و.
Interpreting is a small grammar over the words of a run (`_Grammar`), which also splits a run that is not
one number ("ثلاثة وأربعة" is two numbers, not seven). The words are data (`data/lexicon/numbers.yaml`);
the regular expression is built from them once, at import.

Assumptions: the text is normalized as `marsad.text.normalize` does it, so Arabic-Indic digits are ASCII,
"٬" is "," and "٫" is "."; a digit group such as "1.200" or "1,200" is a thousands separator when every
group after the first has three digits, otherwise "." is a decimal point. Dates and times written with
"/", ":" or "-" between digits are not numbers here, nor is a decimal with no scale word ("2.5"), since
neither can be a count. Vague quantifiers take the values of GUIDELINES §6 (عشرات = 12, مئات = 100,
آلاف = 1000) and "عدد من", "بضعة", "العديد من" have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from marsad.data import load_lexicon_yaml
from marsad.text.normalize import NormText, normalize_string
from marsad.text.regex import trie_alternation

__all__ = [
    "NumberLexiconError",
    "NumberMention",
    "find_numbers",
    "load_number_lexicon",
    "parse_number",
    "word_alternation",
]

_LEXICON = "numbers.yaml"

# Word kinds of the grammar.
UNIT = "unit"
TEN = "ten"
TENS = "tens"
HUNDRED = "hundred"
HUNDREDS = "hundreds"
THOUSAND = "thousand"
THOUSANDS = "thousands"
MILLION = "million"
VAGUE = "vague"
_KINDS = (UNIT, TEN, TENS, HUNDRED, HUNDREDS, THOUSAND, THOUSANDS, MILLION, VAGUE)
_SCALES = {HUNDRED: 100, THOUSAND: 1000, MILLION: 1_000_000}


class NumberLexiconError(ValueError):
    """`numbers.yaml` is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number in the text. `start`/`end` index `nt.original`; `value` is None for "عدد من" and kin."""

    start: int
    end: int
    text: str
    value: int | None
    vague: bool


@dataclass(frozen=True, slots=True)
class NumberWord:
    """How the grammar reads one normalized word form. `alone` is the vague value of a word standing alone
    (آلاف = 1000) when that differs from its reading inside a number."""

    kind: str
    value: int | None
    alone: int | None = None


@dataclass(frozen=True, slots=True)
class RawNumber:
    """A number found in the normalized text: [cstart, start) is its proclitic (و، ب ...), [start, end) the
    number itself, in normalized offsets."""

    cstart: int
    start: int
    end: int
    value: int | None
    vague: bool


def _read_yaml(name: str) -> dict[str, Any]:
    return load_lexicon_yaml(name, NumberLexiconError)


def _words(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise NumberLexiconError(f"{_LEXICON}: `{key}` must be a non-empty list of words")
    return [" ".join(normalize_string(w).split()) for w in value]


def _valued(data: dict[str, Any], key: str, *, allow_null: bool = False) -> list[tuple[int | None, str]]:
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise NumberLexiconError(f"{_LEXICON}: `{key}` must be a mapping of value -> list of words")
    out: list[tuple[int | None, str]] = []
    for raw_value, words in table.items():
        if raw_value is None and allow_null:
            value: int | None = None
        elif isinstance(raw_value, int) and not isinstance(raw_value, bool) and raw_value > 0:
            value = raw_value
        else:
            raise NumberLexiconError(f"{_LEXICON}: `{key}` has a bad value {raw_value!r}")
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise NumberLexiconError(f"{_LEXICON}: `{key}.{raw_value}` must be a list of words")
        out.extend((value, " ".join(normalize_string(w).split())) for w in words)
    return out


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """The number lexicon, normalized: word form -> reading, plus clitics and digit scale words."""

    words: dict[str, NumberWord]
    clitics: tuple[str, ...]
    digit_scales: dict[str, int]


@cache
def load_number_lexicon() -> NumberLexicon:
    """Load and check `numbers.yaml`; raises `NumberLexiconError` naming what is wrong."""
    data = _read_yaml(_LEXICON)
    if data.get("version") != 1:
        raise NumberLexiconError(f"{_LEXICON}: unsupported version {data.get('version')!r}")
    words: dict[str, NumberWord] = {}

    def add(form: str, word: NumberWord) -> None:
        old = words.get(form)
        if old is not None and old != word:
            raise NumberLexiconError(f"{_LEXICON}: `{form}` is listed twice with different readings")
        words[form] = word

    for value, form in _valued(data, "units"):
        if value is None or not 1 <= value <= 9:
            raise NumberLexiconError(f"{_LEXICON}: unit `{form}` must have a value 1..9")
        add(form, NumberWord(UNIT, value))
    for form in _words(data, "ten"):
        add(form, NumberWord(TEN, 10))
    for value, form in _valued(data, "tens"):
        add(form, NumberWord(TENS, value))
    hundred_forms = _words(data, "hundred")
    for form in hundred_forms:
        add(form, NumberWord(HUNDRED, 100))
    for value, form in _valued(data, "hundreds"):
        add(form, NumberWord(HUNDREDS, value))
    for value, prefix in _valued(data, "hundred_prefixes"):
        assert value is not None
        for hundred in hundred_forms:
            add(prefix + hundred, NumberWord(HUNDREDS, value * 100))
    for form in _words(data, "thousand"):
        add(form, NumberWord(THOUSAND, 1000))
    for value, form in _valued(data, "thousands"):
        add(form, NumberWord(THOUSANDS, value))
    for form in _words(data, "million"):
        add(form, NumberWord(MILLION, 1_000_000))
    for value, form in _valued(data, "vague", allow_null=True):
        old = words.get(form)
        if old is not None:
            # آلاف is a multiplier after a number and a vague quantity on its own.
            words[form] = NumberWord(old.kind, old.value, alone=value)
        else:
            add(form, NumberWord(VAGUE, value))
        if value is not None:
            add("ال" + form, NumberWord(VAGUE, value))
    clitics = tuple(_words(data, "clitics"))
    if not all(len(c) == 1 for c in clitics):
        raise NumberLexiconError(f"{_LEXICON}: clitics must be single letters")
    scales: dict[str, int] = {}
    for value, form in _valued(data, "digit_scales"):
        assert value is not None
        scales[form] = value
    return NumberLexicon(words=words, clitics=clitics, digit_scales=scales)


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words` (one trie walk, longest first); the caller checks the boundary."""
    return trie_alternation(words)


def _build_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = load_number_lexicon()
    words = word_alternation(lex.words)
    clitic = "[" + "".join(lex.clitics) + "]{1,2}"
    scales = word_alternation(lex.digit_scales)
    # Lazy clitic: "واحد" must read as the word itself, not و + "احد"; "وثلاثه" falls back to the clitic.
    run = rf"{words}(?!\w)(?:\s+و?{words}(?!\w))*"
    digits = rf"\d+(?:[.,]\d+)*(?![/:\-]?\d)(?:\s*(?P<scale>{scales})(?!\w))?"
    number = re.compile(rf"(?<![\w/:.,\-])(?:{clitic})??(?:(?P<d>{digits})|(?P<w>{run}))")
    token = re.compile(rf"(?<!\w)(?:(?P<bare>{words})|(?P<cl>{clitic})(?P<cw>{words}))(?!\w)")
    return number, token


_NUMBER_RE, _TOKEN_RE = _build_regexes()
_WORDS = load_number_lexicon().words
_DIGIT_SCALES = load_number_lexicon().digit_scales
_WS = re.compile(r"\s+")


def _digit_value(digits: str) -> int | None:
    """ "1,200" / "1.200" -> 1200, "15" -> 15; None for a decimal or a malformed grouping."""
    groups = re.split(r"[.,]", digits)
    if len(groups) == 1:
        return int(digits)
    seps = {c for c in digits if c in ".,"}
    if len(seps) == 1 and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return int("".join(groups))
    return None


def _scaled(digits: str, scale: int) -> int | None:
    """ "1.5" x 1000 -> 1500. A decimal is only a count when a scale word makes it whole."""
    whole = _digit_value(digits)
    if whole is not None:
        return whole * scale
    if digits.count(".") == 1 and "," not in digits:
        intpart, frac = digits.split(".")
        # Exact arithmetic on the decimal digits, so 1.1 x 1000 is 1100, not 1100.0000000000002.
        num = int(intpart + frac) * scale
        den: int = 10 ** len(frac)
        if num % den == 0:
            return num // den
    return None


class _Grammar:
    """Reads number words left to right, as one number while they combine, starting anew when they don't.

    `total` holds what is complete at the thousand/million level, `cur` the part below it.
    """

    __slots__ = ("cur", "kind", "total", "vague", "value_alone", "words")

    def __init__(self, word: NumberWord) -> None:
        self.total = 0
        self.cur = 0
        self.kind = word.kind
        self.vague = False
        self.words = 1
        self.value_alone = word.alone
        self._start(word)

    def _start(self, word: NumberWord) -> None:
        if word.kind == VAGUE:
            self.vague = True
            self.cur = word.value or 0
        elif word.kind in (THOUSAND, THOUSANDS, MILLION):
            self.total = word.value or 0
        else:
            self.cur = word.value or 0

    def value(self) -> int | None:
        if self.words == 1 and self.value_alone is not None:
            return self.value_alone
        if self.vague and self.total + self.cur == 0:
            return None
        return self.total + self.cur

    def is_vague(self) -> bool:
        return self.vague or (self.words == 1 and self.value_alone is not None)

    def extend(self, word: NumberWord, conj: bool) -> bool:
        """Add `word` (preceded by و when `conj`) if it continues this number; False leaves it unchanged."""
        k, last, v = word.kind, self.kind, word.value or 0
        below = self.cur % 100
        after_scale = last in (HUNDRED, HUNDREDS, THOUSAND, THOUSANDS, MILLION)
        if self.vague:
            # عشرات الآلاف: a vague count of thousands.
            thousands = word.alone == 1000 or (k == VAGUE and word.value == 1000)
            if not conj and last == VAGUE and self.cur in (12, 100) and thousands:
                self.cur *= 1000
                self.kind = THOUSAND
                self.words += 1
                return True
            return False
        ok = False
        if k == TEN:
            ok = (not conj and last == UNIT and 1 <= below <= 9) or (conj and after_scale and below == 0)
            if ok:
                self.cur += 10
        elif k == UNIT:
            ok = conj and after_scale and below == 0
            if ok:
                self.cur += v
        elif k == TENS:
            ok = conj and ((last == UNIT and 1 <= below <= 9) or (after_scale and below == 0))
            if ok:
                self.cur += v
        elif k == HUNDRED:
            ok = not conj and last == UNIT and 1 <= self.cur <= 9
            if ok:
                self.cur *= 100
        elif k == HUNDREDS:
            ok = conj and last in (THOUSAND, THOUSANDS, MILLION) and self.cur == 0
            if ok:
                self.cur += v
        elif k == THOUSAND:
            ok = not conj and last in (UNIT, TEN, TENS, HUNDRED, HUNDREDS) and self.total % 1_000_000 == 0
            if ok:
                self.total += self.cur * 1000
                self.cur = 0
        elif k == THOUSANDS:
            ok = conj and last == MILLION and self.cur == 0
            if ok:
                self.total += v
        elif k == MILLION:
            ok = (
                not conj and last in (UNIT, TEN, TENS, HUNDRED, HUNDREDS, THOUSAND) and self.total < 1_000_000
            )
            if ok:
                self.total = (self.total + self.cur) * 1_000_000
                self.cur = 0
        if ok:
            self.kind = k
            self.words += 1
        return ok


def _word_numbers(text: str, pos: int, end: int) -> Iterator[RawNumber]:
    """Split the word run text[pos:end] (clitic included) into numbers."""
    gram: _Grammar | None = None
    g_cstart = g_start = g_end = 0
    for m in _TOKEN_RE.finditer(text, pos, end):
        if m.group("bare") is not None:
            w_start, form, clitic = m.start("bare"), m.group("bare"), ""
        else:
            w_start, form, clitic = m.start("cw"), m.group("cw"), m.group("cl")
        word = _WORDS[_WS.sub(" ", form)]
        if gram is not None and gram.extend(word, clitic == "و"):
            g_end = m.end()
            continue
        if gram is not None:
            yield RawNumber(g_cstart, g_start, g_end, gram.value(), gram.is_vague())
        gram = _Grammar(word)
        g_cstart, g_start, g_end = m.start(), w_start, m.end()
    if gram is not None:
        yield RawNumber(g_cstart, g_start, g_end, gram.value(), gram.is_vague())


def scan_numbers(text: str, pos: int = 0, endpos: int | None = None) -> list[RawNumber]:
    """Every number in normalized `text` (optionally within [pos, endpos)), in normalized offsets."""
    out: list[RawNumber] = []
    stop = len(text) if endpos is None else endpos
    for m in _NUMBER_RE.finditer(text, pos, stop):
        if m.group("d") is not None:
            digits_end = m.end("d") if m.group("scale") is None else m.start("scale")
            digits = text[m.start("d") : digits_end].rstrip()
            scale_word = m.group("scale")
            if scale_word is None:
                value = _digit_value(digits)
            else:
                value = _scaled(digits, _DIGIT_SCALES[_WS.sub(" ", scale_word)])
            if value is None:
                continue
            out.append(RawNumber(m.start(), m.start("d"), m.end("d"), value, False))
        else:
            out.extend(_word_numbers(text, m.start(), m.end("w")))
    return out


def find_numbers(nt: NormText) -> list[NumberMention]:
    """Every number mention of the text, in text order, with spans into `nt.original`."""
    out = []
    for raw in scan_numbers(nt.text):
        start, end = nt.to_original(raw.start, raw.end)
        out.append(NumberMention(start, end, nt.original[start:end], raw.value, raw.vague))
    return out


def parse_number(words: str) -> int | None:
    """The value of a number phrase ("خمسة وعشرين" -> 25, "١٬٢٠٠" -> 1200, "عشرات" -> 12).

    None when the phrase is not exactly one number, or is a vague quantity with no value ("عدد من").
    """
    text = normalize_string(words).strip()
    found = scan_numbers(text)
    if len(found) != 1 or found[0].end != len(text):
        return None
    return found[0].value
