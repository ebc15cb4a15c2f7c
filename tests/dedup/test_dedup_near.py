"""Near-duplicate articles: syndicated copies and updated versions are linked to their original."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from marsad.dedup.minhash import fingerprint
from marsad.dedup.near import NearDuplicateIndex

T0 = datetime(2018, 4, 16, 8, 0, tzinfo=UTC)

STORY = (
    "قتل خمسة أشخاص وأصيب عشرة آخرون في انفجار سيارة مفخخة في سوق شعبي بمدينة كركوك شمالي العراق صباح "
    "اليوم الاثنين، حسبما أفادت مصادر أمنية. وقالت المصادر إن السيارة كانت متوقفة قرب مطعم مزدحم وسط "
    "السوق، وإن فرق الإسعاف نقلت الجرحى إلى مستشفى المدينة. ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن."
)
OTHER = (
    "افتتح وزير الثقافة اليوم في القاهرة الدورة الجديدة من معرض الكتاب الدولي بمشاركة مئات الناشرين من "
    "الدول العربية والأجنبية، وتستمر فعاليات المعرض أسبوعين وتتضمن ندوات وأمسيات شعرية وعروضا للأطفال."
)


def test_syndicated_copy_is_linked_to_the_original() -> None:
    index = NearDuplicateIndex()
    assert index.add("afp-1", STORY, T0) == (None, None)
    copy = "كركوك (أ ف ب) - " + STORY + " (أ ف ب)"
    dup, similarity = index.add("outlet-7", copy, T0 + timedelta(hours=1))
    assert dup == "afp-1"
    assert similarity is not None and similarity >= 0.7


def test_updated_version_with_a_sentence_added_is_linked() -> None:
    index = NearDuplicateIndex()
    index.add("v1", STORY, T0)
    added = " وارتفعت حصيلة القتلى لاحقا بعد وفاة اثنين من الجرحى متأثرين بجروحهما."
    update = STORY.replace("خمسة", "سبعة") + added
    dup, similarity = index.add("v2", update, T0 + timedelta(hours=3))
    assert dup == "v1"
    assert similarity is not None and 0.7 <= similarity < 1.0


def test_unrelated_articles_are_not_linked() -> None:
    index = NearDuplicateIndex()
    index.add("a", STORY, T0)
    assert index.add("b", OTHER, T0) == (None, None)


def test_exact_copy_by_content_hash_whatever_the_spacing_and_diacritics() -> None:
    index = NearDuplicateIndex()
    index.add("a", STORY, T0)
    respaced = "  " + STORY.replace(" ", "  ").replace("قتل", "قُتِل") + "\n"
    assert index.add("b", respaced, T0) == ("a", 1.0)


def test_the_original_is_the_earliest_published_of_the_similar_articles() -> None:
    index = NearDuplicateIndex()
    index.add("late", STORY, T0 + timedelta(hours=5))
    assert index.add("early", STORY + " تحديث.", T0)[0] == "late"  # only "late" was seen before it
    assert index.add("third", STORY + " تحديث آخر.", T0 + timedelta(hours=6))[0] == "early"


def test_memory_is_bounded_by_max_size() -> None:
    index = NearDuplicateIndex(max_size=2)
    index.add("a", STORY, T0)
    index.add("b", OTHER, T0)
    index.add("c", "نص ثالث مختلف تماما عن النصين السابقين في موضوعه وكلماته وأسلوبه ولا علاقة له بهما.", T0)
    assert len(index) == 2 and "a" not in index
    assert index.add("d", STORY, T0) == (None, None)


def test_window_evicts_articles_older_than_the_window() -> None:
    index = NearDuplicateIndex(window_days=2)
    index.add("a", STORY, T0)
    index.add("b", OTHER, T0 + timedelta(days=5))
    assert "a" not in index


@pytest.mark.parametrize("text", ["", "   ", "!!! ؟؟؟"])
def test_texts_without_words_are_never_duplicates(text: str) -> None:
    index = NearDuplicateIndex()
    index.add("a", text, T0)
    assert index.add("b", text, T0) == (None, None)


def test_fingerprints_are_deterministic_and_normalized() -> None:
    key1, hashes1 = fingerprint(STORY)
    key2, hashes2 = fingerprint(STORY.replace("أ", "ا"))
    assert key1 == key2 and sorted(hashes1.tolist()) == sorted(hashes2.tolist())
    assert len(set(hashes1.tolist())) > 20
