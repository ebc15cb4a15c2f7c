"""Names the gazetteer does not know, placed by the known place their clause ties them to.

News names mountains, dams, camps, hamlets and colleges that no shipped source lists: "جبل مرثد شمالي
المديرية بين مأرب وصنعاء", "قرى الحميرة المحاذية لكركوك", "أكاديمية الشرطة في كابول". A type word says
such a phrase is a place, and a known place in the same clause says roughly where it is. `anchor` reads
those phrases after the gazetteer has found the names it knows: the unknown name (a few words after a
type word that heads proper names) becomes a place of its own, with the country, province, district and
coordinates of its anchor, and a geo-precision no better than 2 (near the anchor, not at it). The rules and
word lists are data (`context_words.yaml`, `anchoring`); the reading is documented there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from marsad.geo import sources
from marsad.geo.places import Place, PlaceMention
from marsad.text.normalize import NormText
from marsad.text.tokenize import Token

_SENTENCE_END = re.compile(r"[.!?؟\n]")
_NAME_BREAK = re.compile(r"[.!?؟\n،,;؛:()\[\]]")
_CLAUSE_BREAK = re.compile(r"[.!?؟\n،,;؛]")
# Type-word roles whose unknown names are anchored, and the kind of place such a name is.
_KINDS = {"locality": "town", "area": "town", "facility": "facility"}
_CONJUNCTIONS = ("و", "فال")
Forms = Callable[[str], tuple[str, ...]]
_END = attrgetter("end")


@dataclass(frozen=True, slots=True)
class Known:
    """A place mention the gazetteer found, with the tokens it covers."""

    first: int
    last: int
    mention: PlaceMention


def anchor(
    nt: NormText,
    toks: Sequence[Token],
    known: Sequence[Known],
    lex: sources.Lexicon,
    forms: Forms,
) -> list[PlaceMention]:
    """Mentions of unknown names after type words, each placed at its anchor (see the module docstring).

    `known` are the gazetteer's mentions in token order; `forms(word)` gives a word without each proclitic
    it may carry, the word first (the gazetteer's `_forms`).
    """
    rules = lex.anchoring
    if rules is None or not known:
        return []
    taken = {i for k in known for i in range(k.first, k.last + 1)}
    out: list[PlaceMention] = []
    done = -1  # the last token of the previous name: names do not overlap
    for i in ending_with(nt, toks, rules.heads):
        if i <= done or i in taken:
            continue
        head = _head(toks[i].text, lex, forms)
        if head is None or not _placed(nt, toks, i, toks[i].text[: head[1]], lex, forms):
            continue
        names = _name(nt, toks, i, taken, lex, forms)
        if not names:
            continue
        word, cut = head
        last = done = names[-1]
        name = sources.key(nt.text[toks[names[0]].start : toks[last].end])
        if name in lex.never and (lex.type_roles[word] != "facility" or " " in name):
            continue  # منطقة الخليج العربي، منطقة الجنوب: a name the stoplist keeps out (كلية الشرطة is one)
        if _construct(nt, toks, known, last):
            continue  # منطقة صهاريج رأس لانوف: a part of a known place, which locates it
        found = _after(nt, toks, known, last, rules.after) or _before(nt, toks, known, i, rules.before)
        if found is not None:
            out.append(_mention(nt, toks, i, cut, last, word, lex, found))
    return out


def ending_with(nt: NormText, toks: Sequence[Token], words: frozenset[str]) -> list[int]:
    """Indices of the tokens of `toks` that end with one of `words`, in order.

    Place matching runs on every article, and most of its tokens are none of these words: `str.find` of
    each word over the text costs a fraction of a Python test of each token (or of one regex of them all)."""
    text, ends, out = nt.text, None, set()
    for word in words:
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if ends is None:
                ends = list(map(_END, toks))
            k = bisect.bisect_left(ends, end)
            if k < len(ends) and ends[k] == end:
                out.add(k)
            at = text.find(word, end)
    return sorted(out)


def _construct(nt: NormText, toks: Sequence[Token], known: Sequence[Known], last: int) -> bool:
    """Whether a known place follows the name right after it, bare (صهاريج رأس لانوف, not الدولي بجدة)."""
    j = last + 1
    if j >= len(toks) or _NAME_BREAK.search(nt.text, toks[last].end, toks[j].start):
        return False
    k = next((k for k in known if k.first == j), None)
    return k is not None and k.mention.start == nt.to_original(toks[j].start, toks[j].end)[0]


def _placed(
    nt: NormText, toks: Sequence[Token], i: int, glued: str, lex: sources.Lexicon, forms: Forms
) -> bool:
    """Whether the head at `i` stands where a place is named: بمنطقة، في منطقة، وغربي جبل، منطقة سد."""
    rules = lex.anchoring
    assert rules is not None
    if glued.lstrip("وف").startswith("ب"):
        return True
    if i == 0 or _NAME_BREAK.search(nt.text, toks[i - 1].end, toks[i].start):
        return False
    return any(f in rules.after_words or f in lex.type_roles for f in forms(toks[i - 1].text))


def _head(text: str, lex: sources.Lexicon, forms: Forms) -> tuple[str, int] | None:
    """The head type word `text` is (without its clitics), and where it starts in `text`."""
    rules = lex.anchoring
    assert rules is not None
    for form in forms(text):
        cut = len(text) - len(form)
        if text[:cut].endswith(("ال", "لل")):
            return None  # الجبل الأبيض، المطار: a definite head refers back to a place, it does not name one
        if form in rules.heads and lex.type_roles.get(form) in _KINDS:
            return form, cut
    return None


def _name(
    nt: NormText,
    toks: Sequence[Token],
    head: int,
    taken: set[int],
    lex: sources.Lexicon,
    forms: Forms,
) -> list[int]:
    """Token indices of the unknown name after the type word at `head` (empty when there is none)."""
    rules = lex.anchoring
    assert rules is not None
    out: list[int] = []
    j = head + 1
    while j < len(toks) and len(out) < rules.name_words and j not in taken:
        if _NAME_BREAK.search(nt.text, toks[j - 1].end, toks[j].start):
            break
        text = toks[j].text
        if not _name_word(text, lex, forms):
            break
        after_title = any(toks[k].text in rules.titles for k in out)
        if out and _definite(toks[out[-1]].text) and not _definite(text) and not after_title:
            break  # منطقة المسؤولية تم: a construct ends with its definite noun (not مطار الملك فهد)
        if not out and not _first_word(text, rules):
            return []
        out.append(j)
        j += 1
    return out


def _name_word(text: str, lex: sources.Lexicon, forms: Forms) -> bool:
    rules = lex.anchoring
    assert rules is not None
    if len(text) < 2 or not text.isalpha() or text in rules.name_stops or text.startswith(_CONJUNCTIONS):
        return False
    for form in forms(text):
        bare = form[2:] if form.startswith("ال") else form
        if bare in lex.type_roles or bare in lex.directions_before or bare in lex.directions_after:
            return False
    return True


def _first_word(text: str, rules: sources.Anchoring) -> bool:
    """Whether the word after the type word can start a name (سد عويرض, not قاعدة عسكرية)."""
    if _definite(text):
        return text[2:] not in rules.not_names
    return text not in rules.not_names and not text.startswith(("ل", "ب")) and not text.endswith(("ي", "يه"))


def _definite(word: str) -> bool:
    return word.startswith("ال") and len(word) > 3  # not آل (family of), which normalizes to ال


def _after(
    nt: NormText, toks: Sequence[Token], known: Sequence[Known], last: int, window: int
) -> PlaceMention | None:
    for k in known:
        if k.first <= last:
            continue
        # After the name the anchor is in the same clause: no sentence end and no comma between.
        if k.first > last + window or _CLAUSE_BREAK.search(nt.text, toks[last].end, toks[k.first].start):
            return None
        if not k.mention.nisba:
            return k.mention
    return None


def _before(
    nt: NormText, toks: Sequence[Token], known: Sequence[Known], head: int, window: int
) -> PlaceMention | None:
    for k in reversed(known):
        if k.last >= head:
            continue
        if k.last < head - window or _SENTENCE_END.search(nt.text, toks[k.last].end, toks[head].start):
            return None
        if not k.mention.nisba:
            return k.mention
    return None


def _mention(
    nt: NormText,
    toks: Sequence[Token],
    head: int,
    cut: int,
    last: int,
    word: str,
    lex: sources.Lexicon,
    at: PlaceMention,
) -> PlaceMention:
    start, end = nt.to_original(toks[head].start + cut, toks[last].end)
    text = nt.original[start:end]
    a = at.place
    place = Place(
        id=f"ctx:{a.id}:{sources.key(text).replace(' ', '-')}", kind=_KINDS[lex.type_roles[word]],
        name_ar=sources.display(text), name_en="", country=a.country, admin1=a.admin1,
        latitude=a.latitude, longitude=a.longitude, population=None, source="context", admin2=a.admin2,
    )  # fmt: skip
    return PlaceMention(
        start=start, end=end, text=text, place=place, candidates=(place, a), type_word=word,
        direction=None, nisba=False, geo_precision=max(2, at.geo_precision),
    )  # fmt: skip
