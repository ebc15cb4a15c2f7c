"""The phrase matcher finds lexicon entries whatever clitics they carry; the longest phrase wins."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.events.lexicons import lexicons
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


# could_match is the gate before any per-word work: it may say "maybe" wrongly, never "no" wrongly.
_CLITICS = ["", "و", "ف", "ب", "ل", "ك", "س", "ال", "وال", "بال", "لل", "ولل", "وب", "فب"]
_SUFFIXES = ["", "ه", "ها", "هم", "هما", "نا"]


@pytest.mark.parametrize("lexicon", ["triggers", "cues", "actors"])
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_could_match_never_misses_a_phrase(lexicon: str, data: st.DataObject) -> None:
    matcher = getattr(lexicons(), lexicon)
    phrases = [" ".join(p) for t in (matcher._exact, matcher._prefix) for e in t.values() for p, _ in e]
    phrase = data.draw(st.sampled_from(sorted(phrases)))
    words = [
        w.rstrip("*") + (data.draw(st.sampled_from(["", "ات", "وا"])) if w.endswith("*") else "")
        for w in phrase.split()
    ]
    words = [data.draw(st.sampled_from(_CLITICS)) + w for w in words]
    words[0] += data.draw(st.sampled_from(_SUFFIXES))
    words[-1] += data.draw(st.sampled_from(_SUFFIXES))
    sep = data.draw(st.sampled_from([" ", "  ", "_", "، ", "\n"]))
    filler = data.draw(st.sampled_from(["", "قال المتحدث ", "(أ ف ب) "]))
    text = filler + sep.join(words) + data.draw(st.sampled_from(["", ".", " أمس"]))
    nt = normalize(text)
    tokens = tokenize(nt.text, nt.ta_marbuta_ends())
    found = matcher.find(tokens)
    if found:
        assert matcher.could_match(nt.text)
    assert matcher.find(tokens, matcher.candidate_starts(nt.text)) == found


def test_could_match_rejects_text_without_phrases() -> None:
    matcher = PhraseMatcher([("عبوة ناسفة", "ied"), ("قتل*", "kill")])
    assert not matcher.could_match(normalize("افتتح الوزير معرضا للكتاب في الرياض").text)
    assert not matcher.could_match(normalize("عبوة فارغة").text)
    assert matcher.could_match(normalize("وبعبوة ناسفة").text)
    assert matcher.could_match(normalize("وقتلوا").text)
