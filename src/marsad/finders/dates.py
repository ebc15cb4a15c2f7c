"""Date expressions in Arabic news text, found with their spans and resolved against the publication time.

Finding is one pass of one regular expression over the normalized view (`NormText.text`). The expression is
an ordered alternation of rules (numeric dates, Hijri dates, weekdays, day + month, period words, months,
"last night", relative days, weeks and months, "N days ago"), each greedy over its optional parts, so at a
given start the longest reading is taken and matches never overlap. All words are data
(`data/lexicon/dates.yaml`); the expression is built from them once, at import.

Resolving follows the annotation guidelines (GUIDELINES §3): the anchor is `published.date()`, the article's
own local date, whatever its time zone; nothing here reads the clock. "اليوم" is the anchor, "أمس" the day
before, a weekday the most recent such day on or before the anchor, "الليلة الماضية" the day before unless
the article was published in the evening. A week is reported as its Monday (precision "week"), a month as
its 1st (precision "month"). A year alone ("منذ عام 2014") is not a date mention and is never reported.

A day and month with no year take the latest such date no later than seven days after the anchor: a story
may announce something scheduled for the coming days ("يبدأ في 20 آذار"), and a date further ahead is far
more likely last year's. A month with no year is the latest such month on or before the anchor's month.
`relative` is True whenever the anchor supplied any part of the date (the day, or only the year).

Assumptions: the text is normalized as `marsad.text.normalize` does it (hamza forms folded, ة → ه, ى → ي,
diacritics and tatweel deleted, Arabic-Indic digits ASCII). Numeric dates are day/month/year ("14/4/2018")
or ISO ("2018-04-14"); a month/day/year order is not recognised.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from hijridate import Hijri

from marsad.data import load_lexicon_yaml
from marsad.text.normalize import NormText, normalize_string
from marsad.text.regex import trie_alternation

__all__ = ["DateLexicon", "DateLexiconError", "DateMention", "find_dates", "load_date_lexicon"]

_LEXICON = "dates.yaml"

DAY = "day"
WEEK = "week"
MONTH = "month"

# Seven days of grace after the anchor for a day and month with no year (see the module docstring).
_SCHEDULE_DAYS = 7


class DateLexiconError(ValueError):
    """`dates.yaml` is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: `start`/`end` index `nt.original`; `date` is the resolved day (the Monday of a week,
    the 1st of a month)."""

    start: int
    end: int
    text: str
    date: datetime.date
    precision: str
    relative: bool


@dataclass(frozen=True, slots=True)
class DateLexicon:
    """`dates.yaml`, normalized: every word form maps to its reading."""

    months: dict[str, int]
    ambiguous_months: frozenset[str]
    hijri_months: dict[str, int]
    hijri_suffixes: tuple[str, ...]
    weekdays: dict[str, int]
    day_parts: tuple[str, ...]
    relative_days: dict[str, int]
    last_night: tuple[str, ...]
    evening_hour: int
    today_not_after: tuple[str, ...]
    today_not_before: tuple[str, ...]
    relative_weeks: dict[str, int]
    relative_months: dict[str, int]
    bare_month_word: tuple[str, ...]
    relative_years: dict[str, int]
    year_words: tuple[str, ...]
    year_suffixes: tuple[str, ...]
    periods: tuple[str, ...]
    past_markers: tuple[str, ...]
    next_markers: tuple[str, ...]
    month_context: tuple[str, ...]
    month_word: tuple[str, ...]
    agreeing: tuple[str, ...]
    ago: tuple[str, ...]
    ago_not_before: tuple[str, ...]
    # "قبل أيام", "منذ أسابيع": an uncounted span of days or of weeks, known only to its month.
    ago_vague_days: tuple[str, ...]
    ago_vague_weeks: tuple[str, ...]
    counts: dict[str, int]
    # unit form -> unit ("day" | "week" | "month"), for the singular, dual and counted forms.
    units_one: dict[str, str]
    units_two: dict[str, str]
    units_many: dict[str, str]


def _norm(word: str) -> str:
    return " ".join(normalize_string(word).split())


def _word_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise DateLexiconError(f"{_LEXICON}: `{where}` must be a non-empty list of words")
    return tuple(dict.fromkeys(_norm(w) for w in value))


def _words(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    return _word_list(data.get(key), key)


def _table(data: Mapping[str, Any], key: str, lo: int, hi: int) -> dict[str, int]:
    """A mapping value -> words, inverted to word -> value; values must lie in [lo, hi]."""
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise DateLexiconError(f"{_LEXICON}: `{key}` must be a mapping of value -> list of words")
    out: dict[str, int] = {}
    for value, words in table.items():
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            raise DateLexiconError(f"{_LEXICON}: `{key}` has a bad value {value!r}")
        for form in _word_list(words, f"{key}.{value}"):
            if out.get(form, value) != value:
                raise DateLexiconError(f"{_LEXICON}: `{form}` is listed twice in `{key}`")
            out[form] = value
    return out


def _units(data: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    units = data.get("units")
    if not isinstance(units, dict) or set(units) != {DAY, WEEK, MONTH}:
        raise DateLexiconError(f"{_LEXICON}: `units` must map day, week and month to their forms")
    tables: tuple[dict[str, str], dict[str, str], dict[str, str]] = ({}, {}, {})
    for unit, forms in units.items():
        if not isinstance(forms, dict):
            raise DateLexiconError(f"{_LEXICON}: `units.{unit}` must be a mapping")
        for table, key in zip(tables, ("one", "two", "many"), strict=True):
            for form in _word_list(forms.get(key), f"units.{unit}.{key}"):
                table[form] = unit
    return tables


@cache
def load_date_lexicon() -> DateLexicon:
    """Load and check `dates.yaml`; raises `DateLexiconError` naming what is wrong."""
    data = load_lexicon_yaml(_LEXICON, DateLexiconError)
    if data.get("version") != 1:
        raise DateLexiconError(f"{_LEXICON}: expected a mapping with `version: 1`")
    months = _table(data, "months", 1, 12)
    if set(months.values()) != set(range(1, 13)):
        raise DateLexiconError(f"{_LEXICON}: `months` must name every month 1..12")
    hijri = _table(data, "hijri_months", 1, 12)
    if set(hijri.values()) != set(range(1, 13)):
        raise DateLexiconError(f"{_LEXICON}: `hijri_months` must name every month 1..12")
    weekdays = _table(data, "weekdays", 0, 6)
    if set(weekdays.values()) != set(range(7)):
        raise DateLexiconError(f"{_LEXICON}: `weekdays` must name every day 0..6")
    ambiguous = frozenset(_words(data, "ambiguous_months"))
    if not ambiguous <= months.keys():
        raise DateLexiconError(f"{_LEXICON}: `ambiguous_months` must be month names")
    evening = data.get("evening_hour")
    if not isinstance(evening, int) or isinstance(evening, bool) or not 0 <= evening <= 23:
        raise DateLexiconError(f"{_LEXICON}: `evening_hour` must be an hour 0..23")
    one, two, many = _units(data)
    return DateLexicon(
        months=months,
        ambiguous_months=ambiguous,
        hijri_months=hijri,
        hijri_suffixes=_words(data, "hijri_suffixes"),
        weekdays=weekdays,
        day_parts=_words(data, "day_parts"),
        relative_days=_table(data, "relative_days", -7, 0),
        last_night=_words(data, "last_night"),
        evening_hour=evening,
        today_not_after=_words(data, "today_not_after"),
        today_not_before=_words(data, "today_not_before"),
        relative_weeks=_table(data, "relative_weeks", -4, 4),
        relative_months=_table(data, "relative_months", -12, 12),
        bare_month_word=_words(data, "bare_month_word"),
        relative_years=_table(data, "relative_years", -5, 5),
        year_words=_words(data, "year_words"),
        year_suffixes=_words(data, "year_suffixes"),
        periods=_words(data, "periods"),
        past_markers=_words(data, "past_markers"),
        next_markers=_words(data, "next_markers"),
        month_context=_words(data, "month_context"),
        month_word=_words(data, "month_word"),
        agreeing=_words(data, "agreeing"),
        ago=_words(data, "ago"),
        ago_not_before=_words(data, "ago_not_before"),
        ago_vague_days=_words(data, "ago_vague_days"),
        ago_vague_weeks=_words(data, "ago_vague_weeks"),
        counts=_table(data, "counts", 1, 99),
        units_one=one,
        units_two=two,
        units_many=many,
    )


# --- the expression ---------------------------------------------------------------------------------------

# A word ends where no letter or digit follows; the text is normalized, so diacritics are gone.
_END = r"(?![^\W_])"
# Proclitics a date word may carry: وأمس، بالأمس، وفي، ولليوم. Must agree with `[وف]?[بلك]?` below.
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
# Characters that may stand right before a date and are no part of one: blanked in `_scan_text` so that
# the word after them starts after a space. "(" opens "شباط (فبراير)": a space separates a doubled month
# as well as "/" does.
_BLANKS = ("\n", "\r", "\t", "\xa0", '"', "(")


def _alt(words: Iterable[str], *, whole: bool = True, digit: str = r"\d") -> str:
    """An alternation of `words` ending at a word boundary (`whole`) or matching any word they begin; "#"
    stands for a digit (or what `digit` says)."""
    return trie_alternation(words, end=_END if whole else "", prefixes=not whole, special={"#": digit})


def _build(lex: DateLexicon) -> re.Pattern[str]:
    mon = _alt(lex.months)
    parts = _alt(lex.day_parts)
    weekday = _alt(lex.weekdays)
    today = _alt(w for w, off in lex.relative_days.items() if off == 0)
    past = _alt(lex.past_markers)
    nxt = _alt(lex.next_markers)
    rel_years = _alt(lex.relative_years)
    rel_weeks = _alt(lex.relative_weeks)
    rel_months = _alt(lex.relative_months)
    month_word = _alt(lex.month_word)
    sep = r"\s*[,،]?\s*"

    def month_expr(p: str) -> str:
        # One name, or a doubled form: "فبراير/ شباط", "شباط (فبراير)", "نيسان - أبريل".
        return rf"(?P<{p}m1>{mon})(?:(?:\s*[/\-]\s*|\s+)(?P<{p}m2>{mon})\s*\)?)?"

    def year_part(p: str) -> str:
        return (
            rf"(?:{sep}(?:(?:من\s+)?{_alt(lex.year_words)}\s*)?(?P<{p}y>(?:19|20)\d\d)"
            rf"(?:\s*{_alt(lex.year_suffixes)})?{_END}"
            rf"|\s+(?:من\s+)?(?P<{p}yr>{rel_years}))"
        )

    def marker(p: str) -> str:
        return rf"\s+(?:(?P<{p}past>{past})|(?P<{p}next>{nxt}))"

    def day_month(p: str) -> str:
        return rf"(?P<{p}d>\d{{1,2}})\s+(?:من\s+)?(?:{month_word}\s+)?{month_expr(p)}"

    rules = {
        # Phrases that look like dates and are not: consumed here so no later rule reads them.
        # ("حتى اليوم" is caught by looking back from a match, in `find_dates`.)
        "skip": rf"(?:{parts}\s+)?{today}\s+{_alt(lex.today_not_before)}",
        # 2018-04-14, 2018/4/14, 14/4/2018, 14-04-2018, 14.4.2018: one separator throughout.
        "num": (
            r"(?P<ny>(?:19|20)\d\d)(?P<ns1>[-/.])(?P<nm>\d{1,2})(?P=ns1)(?P<nd>\d{1,2})(?![\d/.\-]?\d)"
            r"|(?P<nd2>\d{1,2})(?P<ns2>[-/.])(?P<nm2>\d{1,2})(?P=ns2)(?P<ny2>(?:19|20)\d\d)(?![\d/.\-]?\d)"
        ),
        "hijri": (
            rf"(?P<hd>\d{{1,2}})\s+(?:من\s+)?(?:{month_word}\s+)?(?P<hm>{_alt(lex.hijri_months)})"
            rf"{sep}(?:{_alt(lex.year_words)}\s*)?(?P<hy>1[34]\d\d)(?:\s*{_alt(lex.hijri_suffixes)})?"
        ),
        # "يوم الخميس", "مساء الثلاثاء", "الخميس الماضي", "السبت 14 نيسان/أبريل 2018".
        "wd": (
            rf"(?:{parts}\s+)?(?P<wdw>{weekday})"
            rf"(?:{sep}(?:{_alt(lex.agreeing)}\s+)?{day_month('wd')}(?:{year_part('wd')})?|{marker('wd')})?"
        ),
        "dm": rf"{day_month('dm')}(?:{year_part('dm')}|{marker('dm')})?",
        # "مطلع فبراير/ شباط الماضي", "أواخر الشهر الماضي", "منتصف الأسبوع الجاري".
        "per": (
            rf"{_alt(lex.periods)}\s+(?:{month_expr('p')}(?:{year_part('p')}|{marker('p')})?"
            rf"|(?P<prm>{rel_months}|{_alt(lex.bare_month_word)})|(?P<prw>{rel_weeks}))"
        ),
        # A month without a day; whether the context makes it a month is decided in `_month_only`.
        "mon": rf"(?P<mword>{month_word}\s+)?{month_expr('m')}(?:{year_part('m')}|{marker('m')})?",
        "night": _alt(lex.last_night),
        # "صباح اليوم", "يوم أمس", "اليوم الاثنين", "أمس الأحد", "اليوم (الثلاثاء)" ("(" is blanked).
        "rel": rf"(?:{parts}\s+)?(?P<rdw>{_alt(lex.relative_days)})(?:{sep}{weekday}(?:\s*\))?)?",
        "rweek": rel_weeks,
        "rmonth": rel_months,
        # "منذ ثلاثة أيام", "قبل يومين", "قبل أسبوع";
        # not "قبل يومين من الانتخابات", "منذ يوم الخميس", "منذ شهر آب".
        "ago": (
            rf"{_alt(lex.ago)}\s+(?:(?P<an>\d{{1,2}}|{_alt(lex.counts)})\s+(?P<aum>{_alt(lex.units_many)})"
            rf"|(?P<au2>{_alt(lex.units_two)})"
            rf"|(?P<au1>{_alt(lex.units_one)})(?!\s+(?:{weekday}|{_alt(lex.relative_days)}|{mon}|\d))"
            rf"|(?P<av>{_alt(lex.ago_vague_days + lex.ago_vague_weeks)}))"
            rf"(?!\s+{_alt(lex.ago_not_before)})"
        ),
    }
    body = "|".join(f"(?P<{name}>{pattern})" for name, pattern in rules.items())
    # Speed. The expression runs over `_scan_text`, where every word start follows a space: a literal first
    # character lets the engine jump from space to space in C. Most words begin no rule; one trie of every
    # rule's first word (with its proclitics), as a lookahead, rejects them in a single walk instead of one
    # attempt per rule.
    first = (
        lex.months, lex.weekdays, lex.day_parts, lex.relative_days, lex.last_night, lex.relative_weeks,
        lex.relative_months, lex.periods, lex.month_word, lex.ago,
    )  # fmt: skip
    heads = {w.split(" ")[0] for words in first for w in words}
    # Most numbers in news are counts: a number opens a rule only before a separator or a month name.
    month_heads = _alt({w.split(" ")[0] for w in (*lex.months, *lex.hijri_months)}, whole=False)
    number = rf"\d{{1,4}}(?:[-/.]\d|\s+(?:من\s+|{month_word}\s+)?{month_heads})"
    gate = _alt((c + w for c in _PROCLITICS for w in (*heads, "#")), whole=False, digit=number)
    # A lazy proclitic (و ف, then ب ل ك): "فبراير" and "ليلة" are tried whole before "ف" + "براير".
    return re.compile(rf" (?={gate})(?:[وف]?[بلك]?)??(?:{body}){_END}")


def _look_back(words: Iterable[str]) -> re.Pattern[str]:
    """One of `words` ending right before a match; searched in a short window that ends at the match."""
    return re.compile(rf"(?<![^\W_])(?:[وف]?[بلك]?)(?:{_alt(words)})\s+$")


_LEX = load_date_lexicon()
_RE = _build(_LEX)
# "حتى اليوم", "إلى مساء اليوم", "ذلك اليوم": not the event day.
_NOT_TODAY = _look_back(_LEX.today_not_after)
# "في مارس", "خلال أيار": what makes a bare month name a month.
_MONTH_CONTEXT = _look_back(_LEX.month_context)
_TODAY = frozenset(w for w, off in _LEX.relative_days.items() if off == 0)
# Characters normalization deletes (diacritics, tatweel, zero-width marks).
_MARKS = frozenset(
    ch
    for ch in map(chr, (*range(0x0600, 0x0700), *range(0x2000, 0x2070), 0xFEFF))
    if not normalize_string(ch)
)
# Enough characters to hold the longest look-back phrase.
_BACK = 24


# --- resolving -------------------------------------------------------------------------------------------


def _key(form: str) -> str:
    """A matched phrase as its lexicon key: runs of whitespace become one space."""
    return " ".join(form.split())


def _make(year: int, month: int, day: int) -> datetime.date | None:
    """The date, or None when it does not exist (31 شباط)."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]) or not 1 <= year <= 9999:
        return None
    return datetime.date(year, month, day)


def _add_months(d: datetime.date, months: int) -> datetime.date:
    """The 1st of the month `months` after (before, when negative) d's month."""
    index = d.year * 12 + d.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _monday(d: datetime.date) -> datetime.date:
    return d - datetime.timedelta(days=d.weekday())


def _month_of(m: re.Match[str], p: str) -> int:
    return _LEX.months[_key(m.group(p + "m1"))]


def _year_of(m: re.Match[str], p: str, anchor: datetime.date) -> int | None:
    """The year the expression writes (a number, or "العام الماضي" resolved against the anchor)."""
    year = m.group(p + "y")
    if year is not None:
        return int(year)
    rel = m.group(p + "yr")
    if rel is not None:
        return anchor.year + _LEX.relative_years[_key(rel)]
    return None


def _day_month(m: re.Match[str], p: str, anchor: datetime.date) -> tuple[datetime.date, bool] | None:
    """A day and month, with the year written, relative, or inferred; None for an impossible date."""
    day, month = int(m.group(p + "d")), _month_of(m, p)
    year = _year_of(m, p, anchor)
    if year is not None:
        d = _make(year, month, day)
        return None if d is None else (d, m.group(p + "y") is None)
    candidates = [c for y in (anchor.year + 1, anchor.year, anchor.year - 1) if (c := _make(y, month, day))]
    if m.groupdict().get(p + "past") is not None:
        before = [c for c in candidates if c < anchor]
        return (before[0], True) if before else None
    if m.groupdict().get(p + "next") is not None:
        after = [c for c in candidates if c > anchor]
        return (after[-1], True) if after else None
    limit = anchor + datetime.timedelta(days=_SCHEDULE_DAYS)
    fits = [c for c in candidates if c <= limit]
    return (fits[0], True) if fits else None


def _month(m: re.Match[str], p: str, anchor: datetime.date) -> tuple[datetime.date, bool]:
    """A month without a day: written or relative year, else the latest on or before the anchor's month
    (strictly before with الماضي, strictly after with المقبل)."""
    month = _month_of(m, p)
    year = _year_of(m, p, anchor)
    if year is not None:
        return datetime.date(year, month, 1), m.group(p + "y") is None
    this = anchor.replace(day=1)
    d = datetime.date(anchor.year, month, 1)
    if m.group(p + "past") is not None:
        return (d if d < this else d.replace(year=d.year - 1)), True
    if m.group(p + "next") is not None:
        return (d if d > this else d.replace(year=d.year + 1)), True
    return (d if d <= this else d.replace(year=d.year - 1)), True


def _weekday(m: re.Match[str], anchor: datetime.date) -> datetime.date:
    wd = _LEX.weekdays[_key(m.group("wdw"))]
    back = (anchor.weekday() - wd) % 7
    if m.group("wdnext") is not None:
        return anchor + datetime.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    if m.group("wdpast") is not None and back == 0:
        back = 7
    return anchor - datetime.timedelta(days=back)


def _month_only(m: re.Match[str], anchor: datetime.date) -> tuple[datetime.date, bool] | None:
    """A month name without a day, read as a month only when the context says so."""
    name = _key(m.group("mm1"))
    start = m.start("mon")
    clear = (
        m.group("my") is not None
        or m.group("myr") is not None
        or m.group("mpast") is not None
        or m.group("mnext") is not None
        or m.group("mword") is not None
        or m.group("mm2") is not None
        # "في مارس", "خلال أيار"; but "في آب" may be "in a father".
        or (
            name not in _LEX.ambiguous_months
            and _MONTH_CONTEXT.search(m.string, max(0, start - _BACK), start) is not None
        )
    )
    return _month(m, "m", anchor) if clear else None


def _not_today(m: re.Match[str]) -> bool:
    """ "حتى اليوم", "ذلك اليوم": the publication day as a limit or a reference, not as the event day."""
    if _key(m.group("rdw")) not in _TODAY:
        return False
    start = m.start("rel")
    return _NOT_TODAY.search(m.string, max(0, start - _BACK), start) is not None


VAGUE_DAYS_BACK = 3
VAGUE_WEEKS_BACK = 14


def _ago(m: re.Match[str], anchor: datetime.date) -> tuple[datetime.date, str]:
    if m.group("av") is not None:
        # A few days or weeks back: the month they most likely fall in.
        days = _key(m.group("av")) in {_key(w) for w in _LEX.ago_vague_days}
        back = VAGUE_DAYS_BACK if days else VAGUE_WEEKS_BACK
        return (anchor - datetime.timedelta(days=back)).replace(day=1), MONTH
    if m.group("au1") is not None:
        n, unit = 1, _LEX.units_one[_key(m.group("au1"))]
    elif m.group("au2") is not None:
        n, unit = 2, _LEX.units_two[_key(m.group("au2"))]
    else:
        count = m.group("an")
        n = int(count) if count.isdigit() else _LEX.counts[_key(count)]
        unit = _LEX.units_many[_key(m.group("aum"))]
    if unit == DAY:
        return anchor - datetime.timedelta(days=n), DAY
    if unit == WEEK:
        return _monday(anchor - datetime.timedelta(weeks=n)), WEEK
    return _add_months(anchor, -n), MONTH


def _period(m: re.Match[str], anchor: datetime.date) -> tuple[datetime.date, str, bool]:
    weeks = m.group("prw")
    if weeks is not None:
        return _monday(anchor) + datetime.timedelta(weeks=_LEX.relative_weeks[_key(weeks)]), WEEK, True
    months = m.group("prm")
    if months is not None:
        # "مطلع الشهر" alone is the publication month.
        return _add_months(anchor, _LEX.relative_months.get(_key(months), 0)), MONTH, True
    d, relative = _month(m, "p", anchor)
    return d, MONTH, relative


def _resolve(
    m: re.Match[str], rule: str, published: datetime.datetime
) -> tuple[datetime.date, str, bool] | None:
    """(date, precision, relative) of a match of `rule`, or None when it names no valid date."""
    anchor = published.date()
    if rule == "num":
        if m.group("ny") is not None:
            d = _make(int(m.group("ny")), int(m.group("nm")), int(m.group("nd")))
        else:
            d = _make(int(m.group("ny2")), int(m.group("nm2")), int(m.group("nd2")))
        return None if d is None else (d, DAY, False)
    if rule == "hijri":
        try:
            h = Hijri(int(m.group("hy")), _LEX.hijri_months[_key(m.group("hm"))], int(m.group("hd")))
            g = h.to_gregorian()
        except (ValueError, OverflowError):
            # hijridate rejects a day the month does not have, and years outside its table.
            return None
        return datetime.date(g.year, g.month, g.day), DAY, False
    if rule in ("wd", "dm"):
        p = "wd" if rule == "wd" else "dm"
        if m.group(p + "d") is not None:
            found = _day_month(m, p, anchor)
            return None if found is None else (found[0], DAY, found[1])
        return _weekday(m, anchor), DAY, True
    if rule == "per":
        return _period(m, anchor)
    if rule == "mon":
        month = _month_only(m, anchor)
        return None if month is None else (month[0], MONTH, month[1])
    if rule == "night":
        evening = published.hour >= _LEX.evening_hour
        return anchor - datetime.timedelta(days=0 if evening else 1), DAY, True
    if rule == "rel":
        if _not_today(m):
            return None
        return anchor + datetime.timedelta(days=_LEX.relative_days[_key(m.group("rdw"))]), DAY, True
    if rule == "rweek":
        return (
            _monday(anchor) + datetime.timedelta(weeks=_LEX.relative_weeks[_key(m.group(rule))]),
            WEEK,
            True,
        )
    if rule == "rmonth":
        return _add_months(anchor, _LEX.relative_months[_key(m.group(rule))]), MONTH, True
    if rule == "ago":
        d, precision = _ago(m, anchor)
        return d, precision, True
    return None  # "skip"


def _scan_text(text: str) -> str:
    """`text` with a space before it and `_BLANKS` made spaces: same offsets plus one, same words."""
    for ch in _BLANKS:
        if ch in text:
            text = text.replace(ch, " ")
    return " " + text


def find_dates(nt: NormText, published: datetime.datetime) -> list[DateMention]:
    """All date expressions, in text order, non-overlapping (longest wins)."""
    out: list[DateMention] = []
    original = nt.original
    size = len(original)
    for m in _RE.finditer(_scan_text(nt.text)):
        rule = m.lastgroup
        if rule is None or rule == "skip":
            continue
        try:
            found = _resolve(m, rule, published)
        except OverflowError:
            # Arithmetic past year 1 or 9999 (a far-fetched anchor): no date rather than a crash.
            continue
        if found is None:
            continue
        start, end = nt.to_original(m.start(rule) - 1, m.end(rule) - 1)
        # The marks (diacritics, tatweel) on the last letter belong to the expression: "الخميسِ", "هـ".
        while end < size and original[end] in _MARKS:
            end += 1
        out.append(DateMention(start, end, original[start:end], found[0], found[1], found[2]))
    return out
