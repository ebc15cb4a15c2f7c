"""Which language an article is in, among those found in Arabic-language crawls; only Arabic goes on.

`detect_language(text)` answers "ar", "fa" (Persian), "ur" (Urdu), "ckb" (Sorani Kurdish), "en", "fr" or
"und", with a confidence in [0, 1]. It reads the first `SAMPLE_CHARS` characters (an article's opening
tells its language, and it runs on every article):

1. Script: Arabic-script letters against Latin ones; no letters at all is "und". Latin letters that are
   no language ("und" at step 3: CSS or scripts a crawler kept) next to `MIN_ARABIC_LETTERS` Arabic-script
   letters leave the decision to step 2.
2. Arabic script: each language scores its letters and function words (data/lang/languages.yaml); Persian,
   Urdu and Sorani write ک ی where Arabic writes ك ي, and Urdu and Sorani have letters of their own.
   A text with no evidence either way (a few words without any of those letters) is Arabic, the common case.
3. Latin script: English against French stopwords; fewer than `MIN_STOPWORD_SHARE` of the words being
   stopwords of either is "und" (German, Spanish, lists of names).

Confidence is best / (best + runner-up): 0.5 is a tie, 1.0 no evidence for any other language.
`check_language` turns a non-Arabic article into `ArticleError("not_arabic")` carrying the language.

Letters are counted in one vectorized pass: a table gives each code point a bit per class it belongs to
(Arabic script, Latin, the letters of each Arabic-script language), which is ~10x faster than a regex
`findall` per class (the check runs on every article of an ingest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from marsad.ingest.articles import ArticleError
from marsad.model import Article

#: Characters read from the start of a text.
SAMPLE_CHARS = 2000
#: Below this share of stopwords among its words, a Latin-script text is "und".
MIN_STOPWORD_SHARE = 0.08
#: Arabic-script letters enough to decide a text whose Latin letters are no language (see detect_language).
MIN_ARABIC_LETTERS = 50
LANGUAGES = ("ar", "fa", "ur", "ckb", "en", "fr", "und")

#: Arabic-script and Latin letters, as inclusive code point ranges.
_ARABIC_SCRIPT = ((0x0620, 0x064A), (0x066E, 0x06D5), (0x06EE, 0x06EF), (0x06FA, 0x06FF), (0x0750, 0x077F))
_LATIN = ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F))
_WORD = re.compile(r"[^\W\d_]+")
#: The class bits of a code point: Arabic script, Latin; then one per Arabic-script language's letters.
_ARABIC_BIT, _LATIN_BIT = 1, 2


@dataclass(frozen=True, slots=True)
class _Profile:
    letters: int  # the bit of this language's letters in `_Data.classes`
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Data:
    word_weight: int
    arabic: tuple[tuple[str, _Profile], ...]
    latin: tuple[tuple[str, frozenset[str]], ...]
    #: The class bits of each code point; the last entry (no class) stands for every code point beyond.
    classes: npt.NDArray[np.uint32]
    #: The words of every Arabic-script language.
    arabic_words: frozenset[str]


@cache
def _data() -> _Data:
    text = resources.files("marsad").joinpath("data", "lang", "languages.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    specs = raw["arabic_script"]
    letters = [(4 << i, spec["letters"]) for i, spec in enumerate(specs.values())]
    top = max([end for _, end in _ARABIC_SCRIPT + _LATIN] + [ord(c) for _, chars in letters for c in chars])
    classes = np.zeros(top + 2, dtype=np.uint32)
    for bit, ranges in ((_ARABIC_BIT, _ARABIC_SCRIPT), (_LATIN_BIT, _LATIN)):
        for start, end in ranges:
            classes[start : end + 1] |= bit
    for bit, chars in letters:
        for c in chars:
            classes[ord(c)] |= bit
    arabic = tuple(
        (code, _Profile(bit, frozenset(spec["words"])))
        for (code, spec), (bit, _) in zip(specs.items(), letters, strict=True)
    )
    latin = tuple((code, frozenset(words)) for code, words in raw["latin"].items())
    words = frozenset(w for _, profile in arabic for w in profile.words)
    return _Data(int(raw["word_weight"]), arabic, latin, classes, words)


def _letter_counts(sample: str, data: _Data) -> dict[int, int]:
    """How many characters of the sample are in each class, by class bit."""
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = data.classes[np.minimum(codes, len(data.classes) - 1)]
    bits = [_ARABIC_BIT, _LATIN_BIT, *(profile.letters for _, profile in data.arabic)]
    return {bit: int(np.count_nonzero(classes & bit)) for bit in bits}


def _best(scores: list[tuple[str, float]]) -> tuple[str, float]:
    # sorted() is stable, so of equal scores the first listed in the data wins.
    ranked = sorted(scores, key=lambda cs: -cs[1])
    (code, best), (_, second) = ranked[0], ranked[1]
    return code, best / (best + second)


def detect_language(text: str) -> tuple[str, float]:
    """`(language code, confidence)` of `text`; see the module docstring."""
    sample = text[:SAMPLE_CHARS]
    data = _data()
    counts = _letter_counts(sample, data)
    arabic, latin = counts[_ARABIC_BIT], counts[_LATIN_BIT]
    if arabic == 0 and latin == 0:
        return "und", 0.0
    words = _WORD.findall(sample)
    if arabic < latin:
        lang = _latin(words)
        # Latin letters that are no language (CSS, scripts, URLs left in by a crawler) leave the decision
        # to the Arabic-script text next to them, when there is a real amount of it.
        if lang[0] != "und" or arabic < MIN_ARABIC_LETTERS:
            return lang
    return _arabic_script(counts, words, data)


def _arabic_script(counts: dict[int, int], words: list[str], data: _Data) -> tuple[str, float]:
    known = list(filter(data.arabic_words.__contains__, words))
    scores: list[tuple[str, float]] = []
    for code, profile in data.arabic:
        hits = sum(1 for w in known if w in profile.words)
        scores.append((code, counts[profile.letters] + data.word_weight * hits))
    if all(score == 0 for _, score in scores):
        return "ar", 0.5
    return _best(scores)


def _latin(words: list[str]) -> tuple[str, float]:
    lowered = [w.lower() for w in words]
    counts = [(code, sum(1 for w in lowered if w in stop)) for code, stop in _data().latin]
    if sum(n for _, n in counts) < MIN_STOPWORD_SHARE * len(lowered) or not any(n for _, n in counts):
        return "und", 0.0
    return _best([(code, float(n)) for code, n in counts])


def check_language(article: Article) -> Article | ArticleError:
    """`article` if it is Arabic, else `ArticleError("not_arabic")` whose `language` is the detected one.

    The message reads "language fa (confidence 0.93)": the code is also there for logs and reports.
    """
    lang, confidence = detect_language(article.title + "\n" + article.text)
    if lang == "ar":
        return article
    return ArticleError("not_arabic", f"language {lang} (confidence {confidence:.2f})", language=lang)
