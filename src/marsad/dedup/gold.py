"""Gold pairs of reports (eval/dedup/): anchors that outlive extractor changes, and how they are resolved.

A report's id hashes its article, type, date, place and trigger offset, so any change to the extractor
gives new ids. A gold report is therefore anchored by the mention it was told by: its article, sub-event
type, trigger, sentence and place spans (offsets into the canonical text) and admin1, taken once from the
extractor the pairs were labelled with (`Anchor.of`). `resolve` finds the current extractor's report of
that article that holds that mention, by the mentions each report was merged from (`Telling`):

1. `exact`: a report with a telling of the anchor's sub-event type and trigger span;
2. `trigger`: a telling whose trigger overlaps the anchor's, of its sub-event type;
3. `type`: the same, of another sub-event type of the anchor's event type;
4. `sentence`: a telling of the anchor's sub-event type in the anchor's sentence.

The first level that finds a report wins. When it finds several (one trigger split by place), the one with
a telling at the anchor's place span is taken, else the one of the anchor's admin1; still several, the first
in the article's order, counted as `ambiguous`. No report at any level is `unresolved`: the mention makes no
report any more (dropped as a non-event, or folded into a report of another type).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.events.merging import Telling
from marsad.model import Event

LEVELS = ("exact", "trigger", "type", "sentence")


def _pair(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value is not None else None


@dataclass(frozen=True, slots=True)
class Anchor:
    """The mention a gold report stands for, in terms that do not depend on the extractor's ids."""

    article: str
    event_type: str
    sub_event_type: str
    trigger: tuple[int, int]
    sentence: tuple[int, int]
    place: tuple[int, int] | None
    admin1: str | None

    @classmethod
    def of(cls, event: Event) -> Anchor:
        ev = event.evidence
        return cls(
            article=event.doc_id,
            event_type=event.event_type,
            sub_event_type=event.sub_event_type,
            trigger=(ev.trigger.start, ev.trigger.end),
            sentence=(ev.sentence.start, ev.sentence.end),
            place=_place(event),
            admin1=event.admin1,
        )

    def to_json(self) -> dict[str, Any]:
        """The stored form (the article is stored beside it, as the pair's `a_article` / `b_article`)."""
        return {
            "event_type": self.event_type,
            "type": self.sub_event_type,
            "trigger": list(self.trigger),
            "sentence": list(self.sentence),
            "place": list(self.place) if self.place else None,
            "admin1": self.admin1,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any], article: str) -> Anchor:
        trigger, sentence = _pair(obj["trigger"]), _pair(obj["sentence"])
        if trigger is None or sentence is None:
            raise ValueError(f"anchor of {article} has no trigger or sentence span: {obj}")
        return cls(
            article=article,
            event_type=str(obj["event_type"]),
            sub_event_type=str(obj["type"]),
            trigger=trigger,
            sentence=sentence,
            place=_pair(obj.get("place")),
            admin1=obj.get("admin1"),
        )


def told_by(event: Event) -> tuple[Telling, ...]:
    """The one telling an event's own evidence names: for extractions that did not keep their tellings."""
    ev = event.evidence
    trigger, sentence = (ev.trigger.start, ev.trigger.end), (ev.sentence.start, ev.sentence.end)
    return (Telling(event.sub_event_type, trigger, sentence, _place(event)),)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _place(event: Event) -> tuple[int, int] | None:
    span = event.evidence.place
    return (span.start, span.end) if span else None


def _level_matches(anchor: Anchor, telling: Telling, event: Event, level: str) -> bool:
    if level == "exact":
        return telling.sub_event_type == anchor.sub_event_type and telling.trigger == anchor.trigger
    if level == "trigger":
        return telling.sub_event_type == anchor.sub_event_type and _overlap(telling.trigger, anchor.trigger)
    if level == "type":
        return event.event_type == anchor.event_type and _overlap(telling.trigger, anchor.trigger)
    return telling.sub_event_type == anchor.sub_event_type and _overlap(telling.sentence, anchor.sentence)


def resolve(anchor: Anchor, reports: Sequence[tuple[Event, Sequence[Telling]]]) -> tuple[Event | None, str]:
    """The report of `reports` (one article's events with their tellings) that holds the anchor's mention,
    and how it was found: a level of `LEVELS`, `ambiguous` or `unresolved` (module docstring)."""
    for level in LEVELS:
        found = [(ev, [t for t in told if _level_matches(anchor, t, ev, level)]) for ev, told in reports]
        found = [(ev, told) for ev, told in found if told]
        if not found:
            continue
        if len(found) == 1:
            return found[0][0], level
        at_place = [ev for ev, told in found if anchor.place in (*(t.place for t in told), _place(ev))]
        if len(at_place) == 1:
            return at_place[0], level
        same_admin1 = [ev for ev in (at_place or [ev for ev, _ in found]) if ev.admin1 == anchor.admin1]
        if len(same_admin1) == 1:
            return same_admin1[0], level
        return (same_admin1 or at_place or [found[0][0]])[0], "ambiguous"
    return None, "unresolved"
