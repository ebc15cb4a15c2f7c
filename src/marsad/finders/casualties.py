"""Killed and injured counts in Arabic news text, each with the span of its count and keyword.

The stage assumes the normalized view of `marsad.text.normalize` and reports offsets into `nt.original`.
It works in two steps, find then interpret:

1. Find. One regular expression, built at import from `data/lexicon/casualties.yaml`, finds every casualty
   keyword (with its proclitics و ف ب ل), every zero phrase, joint phrase and running toll; one pass of
   `extract.numbers` finds every number. Both go into one list of atoms in text order.
2. Attach. Counts attach to keywords next to them, in this order of precedence, each atom used once:
   zero phrases ("دون وقوع إصابات") and joint phrases ("مقتل وإصابة 10", "قتلى وجرحى"); a count right
   before a casualty noun ("5 قتلى", "عشرات الجرحى"); a running toll ("ارتفعت حصيلة القتلى إلى 30");
   a count after a keyword ("مقتل 12 شخصا", "لقي 4 عناصر حتفهم"), or after a short subject when a person
   noun follows it ("قتلت القوات 5 مسلحين"); a count and person noun before a verb ("3 جنود قتلوا");
   last a keyword that is itself a count ("قتيل" = 1, "قتيلين" = 2) or takes a singular or dual person
   noun ("مقتل جندي" = 1, "مقتل جنديين" = 2).

Values follow GUIDELINES §6. An explicit statement that nobody was hurt ("دون وقوع إصابات", "لم يسفر عن
وقوع ضحايا") gives value 0 for both killed and injured ("قتلى"/"جرحى" as its object give 0 for that kind
only). A vague count gives its guideline value (عشرات = 12) or None ("عدد من القتلى"). A joint count
("مقتل وإصابة 10 أشخاص", "10 قتلى وجرحى") cannot be split, so it gives a killed and an injured mention,
both with value None, over the same span. "ما لا يقل عن", "على الأقل", "أكثر من" set `at_least`.

A count is not attached when it reads as something else: a year or age ("عام 2014", "يبلغ 25"), a date
("18 أبريل"), money, distance or objects ("3 سيارات"), or a disease count ("500 إصابة بفيروس كورونا").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from marsad.data import load_lexicon_yaml
from marsad.finders.numbers import RawNumber, scan_numbers, word_alternation
from marsad.text.normalize import NormText, normalize_string

__all__ = [
    "INJURED",
    "KILLED",
    "CasualtyLexiconError",
    "CasualtyMention",
    "find_casualties",
    "load_casualty_lexicon",
]

KILLED = "killed"
INJURED = "injured"
_LEXICON = "casualties.yaml"
_ROLES = ("before", "after", "verb_after", "single", "dual")


class CasualtyLexiconError(ValueError):
    """`casualties.yaml` is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    """A count of killed or injured people. `start`/`end` index `nt.original` and cover count and keyword;
    `value` is None when the text gives no usable number."""

    kind: str
    value: int | None
    start: int
    end: int
    text: str
    at_least: bool


@dataclass(frozen=True, slots=True)
class Role:
    """What a keyword form can do: its kind and the roles of the YAML header."""

    kind: str
    roles: frozenset[str]


def _norm(word: str) -> str:
    return " ".join(normalize_string(word).split())


def _list(data: dict[str, Any], *path: str, allow_empty: bool = False) -> list[str]:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise CasualtyLexiconError(f"{_LEXICON}: missing `{'.'.join(path)}`")
        node = node[key]
    where = ".".join(path)
    if not isinstance(node, list) or (not node and not allow_empty):
        raise CasualtyLexiconError(f"{_LEXICON}: `{where}` must be a non-empty list of words")
    for word in node:
        if not isinstance(word, str) or not word.strip() or any(c.isdigit() for c in word):
            raise CasualtyLexiconError(f"{_LEXICON}: `{where}` has a bad entry {word!r}")
    return [_norm(w) for w in node]


def _int(data: dict[str, Any], *path: str) -> int:
    node: Any = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, int) or isinstance(node, bool) or not 0 < node < 20:
        raise CasualtyLexiconError(f"{_LEXICON}: `{'.'.join(path)}` must be a small positive integer")
    return node


@dataclass(frozen=True, slots=True)
class CasualtyLexicon:
    """The casualty lexicon, normalized, with every list the regexes are built from."""

    keywords: dict[str, Role]
    lists: dict[str, list[str]]
    toll_max_gap: int
    loose_gap: int


@cache
def load_casualty_lexicon() -> CasualtyLexicon:
    """Load and check `casualties.yaml`; raises `CasualtyLexiconError` naming what is wrong."""
    data = load_lexicon_yaml(_LEXICON, CasualtyLexiconError)
    if data.get("version") != 1:
        raise CasualtyLexiconError(f"{_LEXICON}: expected a mapping with `version: 1`")
    keywords: dict[str, set[str]] = {}
    kinds: dict[str, str] = {}
    for kind in (KILLED, INJURED):
        for role in _ROLES:
            for form in _list(data, kind, role):
                if kinds.setdefault(form, kind) != kind:
                    raise CasualtyLexiconError(f"{_LEXICON}: `{form}` is both killed and injured")
                keywords.setdefault(form, set()).add(role)
                if role == "after":
                    # Vague counts take the noun with the article: عشرات القتلى، عدد من الجرحى.
                    article = "ال" + form
                    kinds.setdefault(article, kind)
                    keywords.setdefault(article, set()).add(role)
    specs = {
        "perish_verbs": ("perished", "verbs"),
        "perish_tails": ("perished", "tails"),
        "joint_before": ("joint", "before"),
        "joint_after": ("joint", "after"),
        "toll_heads": ("toll", "heads"),
        "toll_killed": ("toll", "killed"),
        "toll_injured": ("toll", "injured"),
        "toll_lead": ("toll", "lead"),
        "zero_lead": ("zero", "lead"),
        "zero_verb_lead": ("zero", "verb_lead"),
        "zero_glue": ("zero", "glue"),
        "zero_both": ("zero", "both"),
        "zero_killed": ("zero", "killed"),
        "zero_injured": ("zero", "injured"),
        "persons_single": ("persons", "single"),
        "persons_dual": ("persons", "dual"),
        "persons_plural": ("persons", "plural"),
        "not_persons": ("not_persons",),
        "disease": ("disease",),
        "not_count_before": ("not_count_before",),
        "months": ("months",),
        "at_least_before": ("at_least", "before"),
        "at_least_after": ("at_least", "after"),
        "approx": ("approx",),
    }
    lists = {name: _list(data, *path) for name, path in specs.items()}
    for kind in ("both", KILLED, INJURED):
        lists[f"zero_phrases_{kind}"] = _list(data, "zero", "phrases", kind, allow_empty=True)
    return CasualtyLexicon(
        keywords={form: Role(kinds[form], frozenset(roles)) for form, roles in keywords.items()},
        lists=lists,
        toll_max_gap=_int(data, "toll", "max_gap"),
        loose_gap=_int(data, "loose_gap"),
    )


_LEX = load_casualty_lexicon()


def _alt(*names: str) -> str:
    words = [w for name in names for w in _LEX.lists[name]]
    return word_alternation(words) if words else "(?!)"


def _build_keyword_re() -> re.Pattern[str]:
    lists = _LEX.lists
    heads = _alt("toll_heads")
    obj = {k: _alt(f"zero_{k}") for k in ("both", KILLED, INJURED)}
    glue = rf"(?:\s+(?:{_alt('zero_glue')}))*"
    # "لم يسفر الهجوم عن إصابات", "لم ينتج عن اعتراض الصاروخ أية إصابات": a verb lead may have a short
    # subject before عن and a short complement after it.
    word = r"\s+[^\W\d_]+"
    lead = (
        rf"(?:{_alt('zero_lead')})"
        rf"|(?:{_alt('zero_verb_lead')})(?:{word}){{0,2}}?\s+عن(?:ه|ها|هم)?(?:{word}){{0,3}}?(?={glue}\s)"
        rf"|(?:{_alt('zero_verb_lead')})"
    )

    def zero(kind: str) -> str:
        phrases = lists[f"zero_phrases_{kind}"]
        alt = rf"(?:{lead}){glue}\s+(?:ال)?(?:{obj[kind]})"
        return alt + (rf"|{word_alternation(phrases)}" if phrases else "")

    groups = [
        ("zero_b", zero("both")),
        ("zero_k", zero(KILLED)),
        ("zero_i", zero(INJURED)),
        ("toll_j", rf"(?:{heads})\s+(?:{_alt('joint_after')})"),
        ("joint_b", _alt("joint_before")),
        ("joint_a", _alt("joint_after")),
        ("toll_k", rf"(?:{heads})\s+(?:ال)?(?:{_alt('toll_killed')})"),
        ("toll_i", rf"(?:{heads})\s+(?:ال)?(?:{_alt('toll_injured')})"),
        ("ell_k", rf"ال(?:{_alt('toll_killed')})(?=\s+(?:{_alt('toll_lead')}))"),
        ("ell_i", rf"ال(?:{_alt('toll_injured')})(?=\s+(?:{_alt('toll_lead')}))"),
        ("kw", word_alternation(_LEX.keywords)),
        ("lqy", _alt("perish_verbs")),
    ]
    body = "|".join(f"(?P<{name}>{rx})" for name, rx in groups)
    # Lazy clitic: "وفاه" is a keyword itself, not و + "فاه". The scanning form consumes the non-word
    # character before the keyword instead of looking behind for it: sre then skips ahead on a character
    # set, which makes the scan about a third faster; the text's first word is matched on its own.
    return re.compile(rf"[^\w](?:[وفبل]{{1,2}})??(?:{body})(?!\w)")


_KEYWORD_RE = _build_keyword_re()
_KEYWORD_AT_START = re.compile(_KEYWORD_RE.pattern.removeprefix(r"[^\w]"))

_FILLER = rf"(?:\s+(?:{_alt('at_least_before', 'approx')}))*\s+"
_GAP_STRICT = re.compile(_FILLER)
_GAP_LOOSE = re.compile(rf"(?:\s+[^\W\d_]+){{1,{_LEX.loose_gap}}}{_FILLER}")
_GAP_NOUN = re.compile(r"\s+(?:من\s+)?")
# The toll may be far from its noun, across commas: "حصيلة القتلى خلال أسبوع، وفق المرصد، 29".
_GAP_TOLL = re.compile(
    rf"(?:[\s،,]+[^\W\d_]+){{0,{_LEX.toll_max_gap}}}?(?:\s+(?:{_alt('toll_lead')}))?"
    rf"(?:\s+(?:{_alt('at_least_before', 'approx')}))*[\s،,]+"
)
_PERSON = rf"(?:ال)?(?:{_alt('persons_single', 'persons_dual', 'persons_plural')})(?!\w)"
_PERSON_OR_PLURAL = rf"(?:{_PERSON}|[^\W\d_]{{2,}}(?:ين|ون|يا)(?!\w))"
_NOT_PERSON = rf"(?:ال)?(?:{_alt('not_persons', 'months')})(?!\w)"
# A person noun after a count; the guess from the ending (مسلحين، حوثيون، فلسطينيا) is tried only when the
# word is not a known non-person ("سنين").
_CLASSIFIER = re.compile(rf"\s+(?:من\s+)?(?!{_NOT_PERSON}){_PERSON_OR_PLURAL}")
_NOT_COUNT_AFTER = re.compile(rf"\s*(?:%|[/:\-]\s*\d)|\s+(?:من\s+)?{_NOT_PERSON}")
_NOT_COUNT_BEFORE = re.compile(rf"(?<!\w)(?:{_alt('not_count_before')})\s*$")
_AT_LEAST_BEFORE = re.compile(rf"(?<!\w)(?:{_alt('at_least_before')})\s*$")
_AT_LEAST_AFTER = re.compile(rf"\s*[،,]?\s*(?:{_alt('at_least_after')})(?!\w)")
_DISEASE = re.compile(rf"\s+(?:{_alt('disease')})(?!\w)")
_PERISH_TAIL = re.compile(rf"\s+(?:{_alt('perish_tails')})(?!\w)")
_SINGLE_PERSON = re.compile(rf"\s+(?:ال)?(?:{_alt('persons_single')})(?!\w)")
_DUAL_PERSON = re.compile(rf"\s+(?:{_alt('persons_dual')})(?!\w)")
_COORD_SINGLE = re.compile(rf"\s+و(?:ال)?(?:{_alt('persons_single')})(?!\w)")
_COORD_DUAL = re.compile(rf"\s+و(?:{_alt('persons_dual')})(?!\w)")
_NUMBER_SOON = re.compile(r"(?:\s+[^\W\d_]+)?\s+[وفبل]?\d")
_WS = re.compile(r"\s+")
# Between a counted noun and its verb: one adjective and "at least" may stand ("4 متمردين حوثيين على الأقل
# لقوا مصرعهم").
_GAP_VERB = re.compile(rf"(?:\s+[^\W\d_]+)?(?:\s+(?:{_alt('at_least_after')}))?\s+")
# How far from a keyword its count may be (characters): a count and person noun before a verb; a toll's
# gap of `max_gap` words and a lead after its noun.
_REACH_BEFORE = 60
_REACH_AFTER = 150
# How far back the before-count checks look (the longest cue is a few words).
_LOOKBACK = 30


@dataclass(slots=True)
class _Atom:
    """A keyword (group != "num") or a number, in normalized offsets; [cstart, start) is a proclitic."""

    group: str
    cstart: int
    start: int
    end: int
    form: str = ""
    num: RawNumber | None = None


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str
    value: int | None
    start: int
    end: int
    at_least: bool


class _Attacher:
    """The attachment passes over one text's atoms; `used` keeps each atom to one mention."""

    def __init__(self, text: str, atoms: list[_Atom]) -> None:
        self.text = text
        self.atoms = atoms
        self.used = [False] * len(atoms)
        self.found: list[_Found] = []

    # -- neighbours and checks -------------------------------------------------------------------------

    def _num(self, i: int) -> _Atom | None:
        if 0 <= i < len(self.atoms) and not self.used[i] and self.atoms[i].group == "num":
            return self.atoms[i]
        return None

    def _gap(self, rx: re.Pattern[str], start: int, end: int) -> bool:
        return start <= end and rx.fullmatch(self.text, start, end) is not None

    def _counts_people(self, num: _Atom, *, noun_follows: bool) -> bool:
        """False when the number is a year, age, date, amount or count of things, not of people."""
        text = self.text
        if _NOT_COUNT_BEFORE.search(text, max(0, num.cstart - _LOOKBACK), num.cstart):
            return False
        if noun_follows:
            return True
        if _NOT_COUNT_AFTER.match(text, num.end):
            return False
        raw = text[num.start : num.end]
        return not (len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100)

    def _at_least(self, num: _Atom, end: int) -> bool:
        text = self.text
        return bool(
            _AT_LEAST_BEFORE.search(text, max(0, num.cstart - _LOOKBACK), num.cstart)
            or _AT_LEAST_AFTER.match(text, end)
        )

    def _add(
        self, kind: str, num: _Atom | None, start: int, end: int, value: int | None = None, extra: int = 0
    ) -> None:
        if num is not None:
            assert num.num is not None
            value = None if num.num.value is None else num.num.value + extra
            at_least = self._at_least(num, end)
        else:
            at_least = False
        self.found.append(_Found(kind, value, start, end, at_least))

    def _both(self, value: int | None, start: int, end: int, num: _Atom | None = None) -> None:
        at_least = num is not None and self._at_least(num, end)
        self.found.append(_Found(KILLED, value, start, end, at_least))
        self.found.append(_Found(INJURED, value, start, end, at_least))

    def _role(self, atom: _Atom) -> Role | None:
        return _LEX.keywords.get(atom.form) if atom.group == "kw" else None

    # -- passes, in order of precedence ----------------------------------------------------------------

    def run(self) -> list[_Found]:
        for step in (self._zero_joint, self._count_noun, self._toll, self._count_after, self._verb_after):
            for i, atom in enumerate(self.atoms):
                if not self.used[i] and atom.group != "num":
                    step(i, atom)
        for i, atom in enumerate(self.atoms):
            if not self.used[i] and atom.group != "num":
                self._alone(i, atom)
        return self.found

    def _zero_joint(self, i: int, a: _Atom) -> None:
        g = a.group
        if g == "zero_b":
            self._both(0, a.start, a.end)
        elif g in ("zero_k", "zero_i"):
            self._add(KILLED if g == "zero_k" else INJURED, None, a.start, a.end, 0)
        elif g in ("joint_b", "toll_j"):
            num = self._num(i + 1)
            gap = _GAP_STRICT if g == "joint_b" else _GAP_TOLL
            if (
                num is not None
                and self._gap(gap, a.end, num.cstart)
                and self._counts_people(num, noun_follows=False)
            ):
                self.used[i + 1] = True
                cls = _CLASSIFIER.match(self.text, num.end)
                self._both(None, a.start, cls.end() if cls else num.end, num)
            else:
                self._both(None, a.start, a.end)
        elif g == "joint_a":
            num = self._num(i - 1)
            if num is not None and a.cstart == a.start and self._gap(_GAP_NOUN, num.end, a.start):
                self.used[i - 1] = True
                self._both(None, num.start, a.end, num)
            else:
                self._both(None, a.start, a.end)
        else:
            return
        self.used[i] = True

    def _count_noun(self, i: int, a: _Atom) -> None:
        role = self._role(a)
        if role is None or "after" not in role.roles or a.cstart != a.start:
            return
        num = self._num(i - 1)
        if num is None or not self._gap(_GAP_NOUN, num.end, a.start):
            return
        if not self._counts_people(num, noun_follows=True):
            return
        if role.kind == INJURED and _DISEASE.match(self.text, a.end):
            return
        self.used[i - 1] = self.used[i] = True
        self._add(role.kind, num, num.start, a.end)

    def _toll(self, i: int, a: _Atom) -> None:
        if a.group not in ("toll_k", "toll_i", "ell_k", "ell_i"):
            return
        num = self._num(i + 1)
        if num is None or num.cstart != num.start or not self._gap(_GAP_TOLL, a.end, num.start):
            return
        if not self._counts_people(num, noun_follows=False):
            return
        self.used[i] = self.used[i + 1] = True
        kind = KILLED if a.group.endswith("_k") else INJURED
        cls = _CLASSIFIER.match(self.text, num.end)
        self._add(kind, num, a.start, cls.end() if cls else num.end)

    def _count_after(self, i: int, a: _Atom) -> None:
        role = self._role(a)
        lqy = a.group == "lqy"
        if not lqy and (role is None or "before" not in role.roles):
            return
        num = self._num(i + 1)
        if num is None or num.cstart != num.start:
            return
        text = self.text
        cls = _CLASSIFIER.match(text, num.end)
        end = cls.end() if cls else num.end
        if lqy:
            tail = _PERISH_TAIL.match(text, end)
            if tail is None or not self._gap(_GAP_STRICT, a.end, num.start):
                return
            end = tail.end()
        elif not self._gap(_GAP_STRICT, a.end, num.start) and not (
            cls is not None and self._gap(_GAP_LOOSE, a.end, num.start)
        ):
            return
        if not self._counts_people(num, noun_follows=cls is not None):
            return
        kind = KILLED if lqy or role is None else role.kind
        if kind == INJURED and _DISEASE.match(text, end):
            return
        self.used[i] = self.used[i + 1] = True
        extra = 0
        if cls is not None and not lqy and num.num is not None and num.num.value is not None:
            extra, end = self._coordinated(i + 2, end)
        self._add(kind, num, a.start, end, extra=extra)

    def _coordinated(self, j: int, end: int) -> tuple[int, int]:
        """People coordinated with a count: "قتل 15 طفلا وامرأتان" is 17, "مقتل 5 جنود و3 مدنيين" is 8.

        Returns what to add and the new end of the span; claims the numbers it adds.
        """
        text = self.text
        extra = 0
        for _ in range(3):
            m = _COORD_DUAL.match(text, end) or _COORD_SINGLE.match(text, end)
            if m is not None:
                extra += 2 if m.re is _COORD_DUAL else 1
                end = m.end()
                continue
            num = self._num(j)
            if num is None or num.num is None or num.num.value is None or text[num.cstart : num.start] != "و":
                break
            cls = _CLASSIFIER.match(text, num.end)
            if cls is None or not self._gap(_WS, end, num.cstart):
                break
            self.used[j] = True
            extra += num.num.value
            end = cls.end()
            j += 1
        return extra, end

    def _verb_after(self, i: int, a: _Atom) -> None:
        role = self._role(a)
        if role is None or "verb_after" not in role.roles or a.cstart != a.start:
            return
        num = self._num(i - 1)
        if num is None:
            return
        cls = _CLASSIFIER.match(self.text, num.end)
        if not self._gap(_GAP_VERB if cls else _WS, cls.end() if cls else num.end, a.start):
            return
        if not self._counts_people(num, noun_follows=True):
            return
        self.used[i - 1] = self.used[i] = True
        self._add(role.kind, num, num.start, a.end)

    def _alone(self, i: int, a: _Atom) -> None:
        role = self._role(a)
        if role is None:
            return
        text = self.text
        if "single" in role.roles or "dual" in role.roles:
            prev = self.atoms[i - 1] if i > 0 else None
            if prev is not None and prev.group == "num" and self._gap(_GAP_NOUN, prev.end, a.cstart):
                return  # a count that did not attach ("2014 قتيلا"): not a count of one either
            self.used[i] = True
            self._add(role.kind, None, a.start, a.end, 1 if "single" in role.roles else 2)
            return
        if "before" not in role.roles:
            return
        for rx, value in ((_SINGLE_PERSON, 1), (_DUAL_PERSON, 2)):
            m = rx.match(text, a.end)
            # "قتل مسلح 5 أشخاص": the gunman killed; the singular noun is the agent, not the victim.
            if m is not None and not _NUMBER_SOON.match(text, m.end()):
                self.used[i] = True
                self._add(role.kind, None, a.start, m.end(), value)
                return


def _atoms(text: str) -> list[_Atom]:
    keywords: list[_Atom] = []
    first = _KEYWORD_AT_START.match(text)
    matches = [first] if first else []
    matches.extend(_KEYWORD_RE.finditer(text, first.end() if first else 0))
    for k, m in enumerate(matches):
        group = m.lastgroup
        assert group is not None
        cstart = m.start() if k == 0 and first else m.start() + 1
        keywords.append(_Atom(group, cstart, m.start(group), m.end(), _WS.sub(" ", m.group(group))))
    if not keywords:
        return []
    # Numbers matter only near a keyword, so only windows around keywords are scanned for them. A window
    # starts at a word boundary; the reach covers the longest gap the attachment rules allow.
    numbers: list[RawNumber] = []
    win_start = win_end = -1
    for kw in keywords:
        lo, hi = max(0, kw.cstart - _REACH_BEFORE), min(len(text), kw.end + _REACH_AFTER)
        if lo > win_end:
            if win_end > win_start:
                numbers.extend(scan_numbers(text, win_start, win_end))
            space = text.rfind(" ", 0, lo)
            win_start, win_end = (space + 1 if space >= 0 else 0), hi
        else:
            win_end = max(win_end, hi)
    numbers.extend(scan_numbers(text, win_start, win_end))
    atoms = keywords + [_Atom("num", n.cstart, n.start, n.end, num=n) for n in numbers]
    atoms.sort(key=lambda a: a.start)
    return atoms


def find_casualties(nt: NormText) -> list[CasualtyMention]:
    """Every killed / injured count of the text, in text order, with spans into `nt.original`."""
    atoms = _atoms(nt.text)
    if not atoms:
        return []
    out = []
    for f in sorted(_Attacher(nt.text, atoms).run(), key=lambda f: (f.start, f.end, f.kind != KILLED)):
        start, end = nt.to_original(f.start, f.end)
        out.append(CasualtyMention(f.kind, f.value, start, end, nt.original[start:end], f.at_least))
    return out
