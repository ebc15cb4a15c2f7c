"""Language identification: Arabic goes on; Persian, Urdu, Sorani, English and French are told apart."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import re
import time
from collections import Counter
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import ARABIC

from marsad.ingest import language
from marsad.ingest.articles import ArticleError
from marsad.ingest.language import check_language, detect_language
from marsad.model import Article

# Test sentences written for these tests (news-like, one or two sentences each).
SAMPLES = [
    ("ar", ARABIC),
    ("ar", "انفجار في بغداد"),
    ("fa", "وزارت امور خارجه ایران روز شنبه اعلام کرد که این کشور برای گفتگو با آمریکا آماده است."),
    ("fa", "پلیس می گوید که دو نفر در این حادثه کشته شدند و چند نفر را بازداشت کرد."),
    ("ur", "پاکستان کے وزیر اعظم نے کہا ہے کہ ملک میں امن و امان کی صورتحال بہتر ہو رہی ہے۔"),
    ("ur", "کراچی میں پولیس نے تین مشتبہ افراد کو گرفتار کیا اور ان سے اسلحہ برآمد ہوا۔"),
    ("ckb", "سەرۆکی هەرێمی کوردستان لە کۆبوونەوەیەکدا لەگەڵ نوێنەرانی حزبەکان بڕیارەکەی ڕاگەیاند."),
    ("ckb", "پۆلیسی سلێمانی ڕایگەیاند کە دوو کەس لە تەقینەوەکەدا بریندار بوون."),
    ("en", "Three civilians were killed by a roadside bomb in Baghdad on Monday, police said."),
    ("fr", "Trois civils ont été tués par une bombe dans la ville de Bagdad, selon la police."),
    ("und", "Drei Zivilisten wurden bei einem Bombenanschlag getötet"),
    ("und", "1234 — 5678"),
]


@pytest.mark.parametrize(("lang", "text"), SAMPLES)
def test_languages_are_told_apart(lang: str, text: str) -> None:
    assert detect_language(text)[0] == lang


def test_confidence_is_high_for_clear_cases_and_zero_for_und() -> None:
    assert detect_language(ARABIC)[1] > 0.9
    assert detect_language("Three civilians were killed in the attack, police said.")[1] == 1.0
    assert detect_language("")[1] == 0.0


def test_crawler_css_next_to_arabic_text_does_not_hide_the_arabic() -> None:
    css = ".box_vote li { list-style: none; margin: 5px; padding: 0; width: auto; float: right; } " * 6
    assert detect_language(ARABIC + "\n" + css)[0] == "ar"


def article(title: str, text: str) -> Article:
    return Article("x", "", "", datetime(2020, 1, 1, tzinfo=UTC), title, text)


def test_check_language_keeps_arabic_and_names_the_other_languages() -> None:
    arabic = article("هجوم", ARABIC)
    assert check_language(arabic) is arabic
    err = check_language(article("", SAMPLES[4][1]))
    assert isinstance(err, ArticleError)
    assert (err.code, err.language) == ("not_arabic", "ur")
    assert err.message.startswith("language ur ")
    # The language survives the trip to a worker process and back.
    back = pickle.loads(pickle.dumps(err))
    assert (back.code, back.language, back.message) == (err.code, err.language, err.message)


CORPUS = Path(os.environ.get("MARSAD_SHARED") or Path(__file__).resolve().parents[3] / "shared") / "corpus"


@pytest.mark.parametrize("name", ["ant2018.jsonl.gz", "snn2015.jsonl.gz"])
def test_real_arabic_articles_are_arabic_and_fast(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus not found at {path}")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        texts = [(r["title"] or "") + "\n" + r["text"] for r in map(json.loads, islice(fh, 2000))]
    started = time.perf_counter()
    found = Counter(detect_language(t)[0] for t in texts)
    elapsed = time.perf_counter() - started
    assert found["ar"] >= 0.995 * len(texts), found
    assert not found["fa"] and not found["ur"] and not found["ckb"], found
    assert elapsed / len(texts) < 0.005  # well under the extraction's own time per article


# The letter classes as the regexes that counted them before the code point table (language.py).
ARABIC_SCRIPT = re.compile("[\u0620-\u064a\u066e-\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
LETTERS = {
    code: spec["letters"]
    for code, spec in yaml.safe_load(
        (Path(language.__file__).parents[1] / "data" / "lang" / "languages.yaml").read_text(encoding="utf-8")
    )["arabic_script"].items()
}
# Around every class boundary, plus what lies beyond the table: astral characters, lone surrogates.
EDGES = [c for lo, hi in language._ARABIC_SCRIPT + language._LATIN for c in (lo - 1, lo, hi, hi + 1)]
ALPHABET = st.one_of(
    st.sampled_from([chr(c) for c in EDGES] + list("".join(LETTERS.values()) + " \n.,0١\ud800🙂")),
    st.characters(min_codepoint=0x600, max_codepoint=0x7FF),
    st.characters(),
)


@given(st.text(ALPHABET, max_size=300))
@settings(max_examples=300, deadline=None)
def test_letters_are_counted_as_the_regex_classes_count_them(text: str) -> None:
    data = language._data()
    counts = language._letter_counts(text, data)
    assert counts[language._ARABIC_BIT] == len(ARABIC_SCRIPT.findall(text))
    assert counts[language._LATIN_BIT] == len(LATIN.findall(text))
    for code, profile in data.arabic:
        assert counts[profile.letters] == sum(1 for c in text if c in LETTERS[code]), code
