"""The lexicons load, every entry names a real type, and the clitic-bearing forms news uses meet them."""

import pytest

from marsad.events.lexicons import EVENT_TYPES, lexicons
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokenize


def test_lexicons_load() -> None:
    lex = lexicons()
    assert lex.state_forces["IQ"] == "Iraqi Security Forces"


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("تفجير انتحاري", "suicide_bomb"),
        ("بعبوة ناسفة", "remote_explosive_landmine_ied"),
        ("وسيارة مفخخة", "remote_explosive_landmine_ied"),
        ("غارةٌ جوية", "air_drone_strike"),
        ("بقصف مدفعي", "shelling_artillery_missile_attack"),
        ("اشتباكات", "armed_clash"),
        ("عملية اغتيال", "attack"),
        ("باختطاف", "abduction_forced_disappearance"),
        ("إلقاء القبض", "arrests"),
        ("تفكيك عبوة", "disrupted_weapons_use"),
        ("اعتراض صاروخ", "disrupted_weapons_use"),
        ("تظاهرة", "peaceful_protest"),
        ("اعتصام", "peaceful_protest"),
        ("أعمال شغب", "violent_demonstration"),
    ],
)
def test_triggers(text: str, sub: str) -> None:
    (m,) = lexicons().triggers.find(tokenize(normalize(text).text))
    assert m.payload.sub_event_type == sub
    assert sub in EVENT_TYPES[m.payload.event_type]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("لداعش", "Islamic State"),
        ("تنظيم الدولة الإسلامية", "Islamic State"),
        ("قسد", "Syrian Democratic Forces"),
        ("للحشد الشعبي", "Popular Mobilization Forces"),
        ("البيشمركة", "Peshmerga"),
        ("الحوثيين", "Houthis"),
        ("أنصار الله", "Houthis"),
        ("التحالف العربي", "Saudi-led Coalition"),
        ("هيئة تحرير الشام", "Hayat Tahrir al-Sham"),
        ("جبهة النصرة", "Hayat Tahrir al-Sham"),
    ],
)
def test_actors(text: str, label: str) -> None:
    (m,) = lexicons().actors.find(tokenize(normalize(text).text))
    assert m.payload.label == label


@pytest.mark.parametrize(
    ("text", "cue"),
    [("توعد", "threat"), ("هدد", "threat"), ("يعتزم", "future"), ("نفى", "denial"), ("لم", "negation")],
)
def test_cues(text: str, cue: str) -> None:
    (m,) = lexicons().cues.find(tokenize(normalize(text).text))
    assert m.payload.name == cue
