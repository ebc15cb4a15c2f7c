"""Anchors of gold reports (marsad.dedup.gold): found again after the extractor merges or drops mentions."""

from dataclasses import replace
from datetime import UTC, datetime

from marsad.dedup.gold import Anchor, resolve, told_by
from marsad.events.merging import Telling
from marsad.model import Article, Event
from marsad.pipeline import extract_told

PUBLISHED = datetime(2018, 4, 16, 10, 0, tzinfo=UTC)
HEADLINE = "انفجار عبوة ناسفة بدورية للشرطة في الرمادي"
BODY = "وقالت الشرطة إن عبوة ناسفة انفجرت صباح اليوم الاثنين بدورية للشرطة في الرمادي وأصابت جنديين."
ARTICLE = Article("gold-1", "test", "", PUBLISHED, HEADLINE, BODY)


def _merged() -> tuple[Event, tuple[Telling, ...]]:
    ((event, told),) = extract_told(ARTICLE)
    return event, told


def _body_anchor() -> Anchor:
    """The anchor of the body's mention, as if an extractor had not folded it into the headline's."""
    event, told = _merged()
    body = next(t for t in told if t.sentence[0] != 0)
    return Anchor(
        ARTICLE.id, event.event_type, body.sub_event_type, body.trigger, body.sentence, body.place, "IQ-AN"
    )


def test_an_anchor_round_trips_through_its_stored_form() -> None:
    event, _ = _merged()
    anchor = Anchor.of(event)
    assert Anchor.from_json(anchor.to_json(), ARTICLE.id) == anchor
    assert set(anchor.to_json()) == {"event_type", "type", "trigger", "sentence", "place", "admin1"}


def test_a_mention_folded_into_another_report_resolves_to_that_report() -> None:
    event, told = _merged()
    assert resolve(_body_anchor(), [(event, told)]) == (event, "exact")


def test_an_anchor_resolves_to_its_own_report_by_its_evidence() -> None:
    event, _ = _merged()
    assert resolve(Anchor.of(event), [(event, told_by(event))]) == (event, "exact")


def test_another_sub_event_type_of_the_same_trigger_resolves_at_type_level() -> None:
    event, told = _merged()
    retyped = tuple(replace(t, sub_event_type="suicide_bomb") for t in told)
    assert resolve(_body_anchor(), [(replace(event, sub_event_type="suicide_bomb"), retyped)]) == (
        replace(event, sub_event_type="suicide_bomb"),
        "type",
    )


def test_a_mention_that_makes_no_report_is_unresolved() -> None:
    event, told = _merged()
    others = tuple(t for t in told if t.sentence[0] == 0)
    # The body's telling is gone and nothing else of its type is in its sentence.
    assert resolve(_body_anchor(), [(event, others)]) == (None, "unresolved")
    assert resolve(_body_anchor(), []) == (None, "unresolved")


def test_one_trigger_split_by_place_resolves_by_the_anchor_place() -> None:
    event, told = _merged()
    body = next(t for t in told if t.sentence[0] != 0)
    elsewhere = replace(body, place=(0, 1))
    other = replace(event, id="other", admin1="IQ-BG")
    found = resolve(_body_anchor(), [(other, (elsewhere,)), (event, told)])
    assert found == (event, "exact")
    # Nothing tells them apart: the first is taken, and the resolution says so.
    twin = replace(event, id="twin")
    assert resolve(_body_anchor(), [(twin, told), (event, told)]) == (twin, "ambiguous")
