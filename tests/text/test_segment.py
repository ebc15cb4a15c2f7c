"""Sentences end at . ! ? ؟ and line breaks, not inside numbers; clauses split at ، ؛ and فيما."""

from marsad.text.segment import clauses, sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


def test_sentences_and_lines() -> None:
    text = "بغداد - قُتل 3 أشخاص. وأصيب 1.5 ألف؟ نعم\nسطر جديد"
    assert _texts(text) == ["بغداد - قُتل 3 أشخاص.", "وأصيب 1.5 ألف؟", "نعم", "سطر جديد"]


def test_clauses() -> None:
    text = "توعد التنظيم بشن هجمات، فيما قصفت الطائرات مواقعه؛ وقتل اثنان"
    (sent,) = sentences(text)
    assert [text[c.start : c.end] for c in clauses(text, sent)] == [
        "توعد التنظيم بشن هجمات،",
        "فيما قصفت الطائرات مواقعه؛",
        "وقتل اثنان",
    ]


def test_empty() -> None:
    assert sentences("") == []
    assert sentences("  \n ") == []
