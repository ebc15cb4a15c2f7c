"""One pass over an article that finds every mention an event can be built from, in canonical offsets.

The finders run once each over the whole canonical text (title, blank line, body): sentences and clauses,
triggers, non-event cues, actors, places, dates and casualty counts. Assembly then works sentence by
sentence on these lists and never looks at the raw text again.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from marsad.events.lexicons import ActorKind, CueKind, TriggerKind, lexicons
from marsad.finders.casualties import CasualtyMention, find_casualties
from marsad.finders.dates import DateMention, find_dates
from marsad.geo.places import PlaceMention
from marsad.geo.user import active_gazetteer
from marsad.text.matcher import Match, PhraseMatcher
from marsad.text.normalize import NormText, normalize, normalize_string
from marsad.text.segment import Segment, clauses, sentences
from marsad.text.tokenize import Token, tokenize


@dataclass(frozen=True, slots=True)
class Found:
    """A lexicon match: canonical span [start, end), token indices [first, last], what it means."""

    start: int
    end: int
    first: int
    last: int
    kind: TriggerKind | ActorKind | CueKind


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    clauses: tuple[Segment, ...]
    index: int


@dataclass
class Analysis:
    """Everything found in one article, all spans in canonical-text offsets."""

    text: str
    norm: NormText
    tokens: list[Token]
    sentences: list[Sentence]
    triggers: list[Found]
    cues: list[Found]
    actors: list[Found]
    places: list[PlaceMention]
    dates: list[DateMention]
    casualties: list[CasualtyMention]
    country: str | None
    title_end: int

    _normalized: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def normalized(self, start: int, end: int) -> str:
        """The normalized form of text[start:end], remembered: assembly asks for the same slices often."""
        key = (start, end)
        found = self._normalized.get(key)
        if found is None:
            found = self._normalized[key] = normalize_string(self.text[start:end])
        return found

    def within(self, items: list[Found], start: int, end: int) -> list[Found]:
        return [x for x in items if x.start >= start and x.end <= end]


def _found(norm: NormText, matches: Sequence[Match[Any]]) -> list[Found]:
    out = []
    for m in matches:
        s, e = norm.to_original(m.start, m.end)
        out.append(Found(s, e, m.first, m.last, m.payload))
    return out


def _dominant_country(places: list[PlaceMention], title_end: int) -> str | None:
    votes: Counter[str] = Counter()
    for p in places:
        weight = 3 if p.start < title_end else 1
        votes[p.place.country] += weight
    return votes.most_common(1)[0][0] if votes else None


MAIN_PLACE_SENTENCES = 3  # headline, dateline and first sentences: where an article names its main place


def _in_sentences(
    matcher: PhraseMatcher[Any], norm: str, tokens: list[Token], spans: list[tuple[int, int]]
) -> list[Match[Any]]:
    """Matches of `matcher` inside the given normalized sentence spans only, with article-wide indices."""
    starts = [t.start for t in tokens]
    candidates = matcher.candidate_starts(norm, spans)
    out: list[Match[Any]] = []
    for lo, hi in spans:
        i, j = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
        for m in matcher.find(tokens[i:j], candidates):
            out.append(Match(m.first + i, m.last + i, m.start, m.end, m.payload))
    return out


def _outside(triggers: list[Found], masks: list[tuple[int, int]]) -> list[Found]:
    """The triggers that are not words of a date or of a mask (`Lexicons.masks`): فجر is "he detonated" and
    also "dawn" (فجر الأربعاء); الأسلحة الكيميائية names no attack in منظمة حظر الأسلحة الكيميائية."""
    return [t for t in triggers if not any(lo <= t.start and t.end <= hi for lo, hi in masks)]


def analyse(text: str, published: datetime, title_end: int) -> Analysis | None:
    """Find every mention in the canonical `text`; `title_end` is where the title stops (0 if none).

    Most news is not about security: when no trigger word occurs at all, nothing else is looked for and
    the answer is None. Actors and cues matter only beside a trigger, so they are looked for only in
    sentences that hold one.
    """
    norm = normalize(text)
    lex = lexicons()
    if not lex.triggers.could_match(norm.text):
        return None
    tokens = tokenize(norm.text, norm.ta_marbuta_ends())
    triggers = lex.triggers.find(tokens, lex.triggers.candidate_starts(norm.text))
    if not triggers:
        return None
    sents = []
    busy: list[tuple[int, int]] = []
    placed: list[tuple[int, int]] = []
    trigger_starts = [m.start for m in triggers]
    for i, seg in enumerate(sentences(norm.text)):
        s, e = norm.to_original(seg.start, seg.end)
        k = bisect.bisect_left(trigger_starts, seg.start)
        has_trigger = k < len(trigger_starts) and trigger_starts[k] < seg.end
        # Clauses matter only where a trigger is; a sentence without one is a single clause.
        cl = (
            tuple(Segment(*norm.to_original(c.start, c.end)) for c in clauses(norm.text, seg))
            if has_trigger
            else (Segment(s, e),)
        )
        sents.append(Sentence(s, e, cl, i))
        if has_trigger:
            busy.append((seg.start, seg.end))
        if i <= MAIN_PLACE_SENTENCES or (busy and busy[-1][0] == seg.start):
            placed.append((seg.start, seg.end))
    # Places matter in the headline and lead (the story's main place and country) and beside triggers;
    # the gazetteer, which weighs the countries an article names, reads only those sentences.
    starts = [t.start for t in tokens]
    place_tokens = [
        t
        for lo, hi in placed
        for t in tokens[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
    ]
    places = active_gazetteer().find(norm, place_tokens)
    dates = find_dates(norm, published)
    masks = [(m.start, m.end) for m in _found(norm, _in_sentences(lex.masks, norm.text, tokens, busy))]
    return Analysis(
        text=text,
        norm=norm,
        tokens=tokens,
        sentences=sents,
        triggers=_outside(_found(norm, triggers), [(d.start, d.end) for d in dates] + masks),
        cues=_found(norm, _in_sentences(lex.cues, norm.text, tokens, busy)),
        actors=_found(norm, _in_sentences(lex.actors, norm.text, tokens, busy)),
        places=places,
        dates=dates,
        casualties=find_casualties(norm),
        country=_dominant_country(places, title_end),
        title_end=title_end,
    )
