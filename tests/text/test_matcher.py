"""The phrase matcher finds lexicon entries whatever clitics they carry; the longest phrase wins."""

from marsad.text.matcher import PhraseMatcher
from marsad.text.normalize import normalize
from marsad.text.tokenize import tokenize


def _find(matcher: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    nt = normalize(text)
    out = []
    for m in matcher.find(tokenize(nt.text)):
        s, e = nt.to_original(m.start, m.end)
        out.append((m.payload, text[s:e]))
    return out


def test_clitics_multiword_and_wildcards() -> None:
    matcher = PhraseMatcher(
        [("عبوة ناسفة", "ied"), ("قتل*", "kill"), ("داعش", "is"), ("سيارة مفخخة", "vbied")]
    )
    text = "انفجار عبوةٍ ناسفة لداعش وقُتل اثنان بسيارةٍ مفخخة"
    assert _find(matcher, text) == [
        ("ied", "عبوةٍ ناسفة"),
        ("is", "لداعش"),
        ("kill", "وقُتل"),
        ("vbied", "بسيارةٍ مفخخة"),
    ]


def test_longest_phrase_wins() -> None:
    matcher = PhraseMatcher([("غارة", "air"), ("غارة جوية", "air2")])
    assert _find(matcher, "غارة جوية على إدلب") == [("air2", "غارة جوية")]


def test_suffix_readings_only_when_asked() -> None:
    assert _find(PhraseMatcher([("مقتل", "k")]), "أعلن مقتله") == []
    assert _find(PhraseMatcher([("مقتل", "k")], suffixes=True), "أعلن مقتله") == [("k", "مقتله")]
