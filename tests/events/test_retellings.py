"""The mentions an event is merged from, and sentences that name a campaign or a running toll rather than
an event (GUIDELINES §1). Arabic sentences written for these tests."""

from datetime import UTC, date, datetime

import pytest

from marsad import extract
from marsad.model import Article
from marsad.pipeline import extract_told

PUBLISHED = datetime(2018, 4, 16, 10, 0, tzinfo=UTC)  # a Monday

HEADLINE = "انفجار عبوة ناسفة بدورية للشرطة في الرمادي"
BODY = "وقالت الشرطة إن عبوة ناسفة انفجرت صباح اليوم الاثنين بدورية للشرطة في الرمادي وأصابت جنديين."


def test_an_event_keeps_every_telling_merged_into_it() -> None:
    # The headline and the body tell one bombing (same type, day and place): one event, two tellings.
    article = Article("t1", "test", "", PUBLISHED, HEADLINE, BODY)
    ((event, told),) = extract_told(article)
    text = article.canonical
    assert (event.date, event.location_ar) == (date(2018, 4, 16), "الرمادي")
    assert [text[t.trigger[0] : t.trigger[1]] for t in told] == ["عبوة ناسفة", "عبوة ناسفة"]
    assert [t.sentence[0] for t in told] == [0, len(HEADLINE) + 2]
    assert all(t.sub_event_type == "remote_explosive_landmine_ied" for t in told)
    assert all(t.place is not None and text[t.place[0] : t.place[1]] == "الرمادي" for t in told)


@pytest.mark.parametrize(
    "text",
    [
        # a running toll since the first day of a campaign
        "قتل 40 فلسطينيا برصاص القوات الإسرائيلية على حدود غزة منذ أن بدأت الاحتجاجات يوم 30 مارس الماضي.",
        # the organisers' title names no protest
        "قال رئيس اللجنة المنظمة للاحتجاجات في غزة إن اليوم سيكون يوم حداد.",
    ],
)
def test_no_event(text: str) -> None:
    assert [e for e in extract(text, published=PUBLISHED) if e.core] == []


def test_since_a_campaign_is_not_the_campaign_of_that_day() -> None:
    # The doctor killed today is an event; "since the protests of 30 March" only names when a period began.
    text = "قتل طبيب فلسطيني برصاص الجيش الإسرائيلي في غزة اليوم، وهو ثالث طبيب يقتل منذ مظاهرات 30 مارس."
    (event,) = extract(text, published=PUBLISHED)
    assert (event.sub_event_type, event.date) == ("attack", date(2018, 4, 16))


def test_the_day_a_campaign_began_does_not_date_its_later_events() -> None:
    text = "قتل ثلاثة فلسطينيين برصاص الجيش الإسرائيلي على حدود غزة خلال مسيرة العودة التي بدأت في 30 مارس."
    (event,) = extract(text, published=PUBLISHED)
    assert event.sub_event_type == "attack"
    assert event.date != date(2018, 3, 30)
