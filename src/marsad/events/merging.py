"""In-article coreference: the candidates of one article become its events.

One event per (type, day, place); a vaguer mention folds into a sharper one, anaphoric and undated retellings
join the event they retell, and a loose word with the article ("the attack") that adds nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from marsad.events.analysis import Analysis, Found, Sentence
from marsad.events.lexicons import TriggerKind, is_weak
from marsad.events.placing import contains, same_site
from marsad.finders.dates import DateMention
from marsad.geo.places import Place, PlaceMention
from marsad.model import Span


@dataclass(frozen=True, slots=True)
class Telling:
    """One mention an event was built from: its type, trigger and sentence, and the place it was split by.

    Offsets index the canonical text. An event keeps every telling merged into it (`Candidate.told`), so a
    mention can be traced to the event that holds it after any change to how mentions merge.
    """

    sub_event_type: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    place: tuple[int, int] | None


@dataclass
class Candidate:
    """An event being built; merged candidates pool their evidence."""

    kind: TriggerKind
    trigger: Found
    sentence: Sentence
    place: PlaceMention | None
    place_fallback: Place | None
    date: date
    date_precision: str
    date_span: DateMention | None
    fatalities: tuple[int, Span] | None
    injured: tuple[int, Span] | None
    actor1: tuple[str, int | None, Span] | None
    actor2: tuple[str, int | None, Span] | None
    confidence: float
    sources: list[int] = field(default_factory=list)
    told: list[Telling] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.told:
            place = (self.place.start, self.place.end) if self.place else None
            trigger = (self.trigger.start, self.trigger.end)
            sentence = (self.sentence.start, self.sentence.end)
            self.told.append(Telling(self.kind.sub_event_type, trigger, sentence, place))

    @property
    def where(self) -> Place | None:
        return self.place.place if self.place else self.place_fallback

    @property
    def specificity(self) -> int:
        p = self.where
        if p is None:
            return 0
        return {"country": 1, "admin1": 2, "region": 2}.get(p.kind, 3)


def _absorb(into: Candidate, other: Candidate) -> None:
    if other.specificity > into.specificity:
        into.place, into.place_fallback = other.place, other.place_fallback
    for attr in ("fatalities", "injured"):
        mine, theirs = getattr(into, attr), getattr(other, attr)
        if theirs is not None and (mine is None or theirs[0] > mine[0]):
            setattr(into, attr, theirs)
    if into.actor1 is None:
        into.actor1 = other.actor1
    if into.actor2 is None:
        into.actor2 = other.actor2
    if into.date_span is None and other.date_span is not None and other.date == into.date:
        into.date_span = other.date_span
    into.confidence = min(1.0, max(into.confidence, other.confidence) + 0.05)
    into.sources.extend(other.sources)
    into.told.extend(other.told)


def _refers_back(a: Analysis, c: Candidate) -> bool:
    word = a.tokens[c.trigger.first].text
    definite = word.startswith(("ال", "وال", "فال", "بال", "لل"))
    return definite and is_weak(c.kind) and c.date_span is None and c.fatalities is None and c.injured is None


def merge(a: Analysis, cands: list[Candidate]) -> list[Candidate]:
    """In-article coreference: one event per (type, day, place), a vaguer mention folded into a sharper one.

    A candidate whose sentence named no place ("the strike killed 14") refers back to an event of its type
    and day named elsewhere; one with no date of its own joins an event of its type at the same place.
    """
    merged: list[Candidate] = []
    for c in cands:
        target = None
        for m in merged:
            if m.kind.sub_event_type != c.kind.sub_event_type or m.date != c.date:
                continue
            if (
                (m.where and c.where and m.where.id == c.where.id)
                or contains(m.where, c.where)
                or contains(c.where, m.where)
            ):
                target = m
                break
        if target is None:
            merged.append(c)
        else:
            _absorb(target, c)
    # "The attack" of a sentence that names no weapon is the bombing or strike the article reports that day.
    merged = [
        c
        for c in merged
        if not (
            c.kind.sub_event_type == "armed_clash"
            and is_weak(c.kind)
            and any(
                m is not c
                and m.date == c.date
                and m.kind.event_type != "battles"
                and m.where is not None
                and c.where is not None
                and (contains(m.where, c.where) or contains(c.where, m.where))
                for m in merged
            )
        )
    ]
    intercepted = {
        (c.date, c.where.id if c.where else None)
        for c in merged
        if c.kind.sub_event_type == "disrupted_weapons_use"
    }
    # A missile the article says was intercepted is not also a missile attack (GUIDELINES §10).
    merged = [
        c
        for c in merged
        if not (
            c.kind.sub_event_type in ("shelling_artillery_missile_attack", "air_drone_strike")
            and is_weak(c.kind)
            and (c.date, c.where.id if c.where else None) in intercepted
        )
    ]
    out: list[Candidate] = []
    for c in merged:
        target = None
        for m in out:
            if m.kind.sub_event_type != c.kind.sub_event_type:
                continue
            anaphoric = c.place is None and m.date == c.date
            same_place = m.where is not None and c.where is not None and same_site(m.where, c.where)
            undated = c.date_span is None and m.date_span is not None and same_place
            # Neither names a day: the headline's event retold in the body, whatever default date each got.
            near = (
                m.where is not None
                and c.where is not None
                and (contains(m.where, c.where) or contains(c.where, m.where))
            )
            both_undated = c.date_span is None and m.date_span is None and near
            if anaphoric or undated or both_undated:
                target = m
                break
        if target is None:
            out.append(c)
        else:
            _absorb(target, c)
    # "ويأتي الهجوم بعد ...": a loose word with the article refers back to an event told elsewhere; alone,
    # with no count and no date of its own, it reports nothing new.
    return [c for c in out if len(c.sources) > 1 or not _refers_back(a, c)]
