"""Near-duplicate articles: syndicated copies and updated versions are linked to their original."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from marsad.dedup.minhash import fingerprint, scheme, signature_bytes, signature_from_bytes, sketch
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


def _rows(*articles: tuple[str, str, datetime]) -> list[tuple[str, datetime, str, bytes | None]]:
    """The articles as a later run gets them from the store: (id, published, exact key, signature bytes)."""
    out = []
    for article_id, text, published in articles:
        sk = sketch(text)
        out.append((article_id, published, sk.key, signature_bytes(sk.sig) if sk.sig is not None else None))
    return out


def _restored(*articles: tuple[str, str, datetime], **options: int) -> NearDuplicateIndex:
    index = NearDuplicateIndex(**options)  # type: ignore[arg-type]
    assert index.restore(_rows(*articles)) == len(articles)
    return index


def test_a_restored_index_links_copies_like_the_one_that_saw_the_articles() -> None:
    stored = [("afp-1", STORY, T0), ("other", OTHER, T0 + timedelta(hours=1)), ("empty", "!!!", T0)]
    seen = NearDuplicateIndex()
    for article_id, text, published in stored:
        seen.add(article_id, text, published)
    later = [
        ("outlet-7", "كركوك (أ ف ب) - " + STORY + " (أ ف ب)"),
        ("outlet-8", STORY),  # an exact copy
        ("outlet-9", OTHER + " تحديث."),
        ("outlet-10", "!!!"),
        ("outlet-11", "كركوك (أ ف ب) - " + STORY),  # a copy of the copy: found in both layers of the bands
    ]
    answers = []
    for index in (seen, _restored(*stored)):
        assert len(index) == 3 and "afp-1" in index and "empty" in index
        answers.append([index.add(aid, text, T0 + timedelta(hours=2)) for aid, text in later])
    assert answers[0] == answers[1]
    assert [dup for dup, _ in answers[1]] == ["afp-1", "afp-1", "other", None, "afp-1"]
    assert answers[1][1] == ("afp-1", 1.0)


def test_restored_articles_win_ties_and_are_evicted_first() -> None:
    index = _restored(("old", STORY, T0), ("b", OTHER, T0))
    assert index.add("new", STORY + " تحديث.", T0)[0] == "old"  # equally old: the stored one is the original
    third = "نص ثالث مختلف تماما عن النصين السابقين في موضوعه وكلماته وأسلوبه ولا علاقة له بهما."
    bounded = _restored(("old", STORY, T0), ("b", OTHER, T0), max_size=2)
    bounded.add("c", third, T0)
    assert "old" not in bounded and "b" in bounded and len(bounded) == 2
    assert bounded.add("e", OTHER + " تحديث.", T0)[0] == "b"  # "b" is still a candidate, then evicted
    assert bounded.add("d", STORY + " تحديث.", T0) == (None, None)  # the evicted one is not a candidate
    # An evicted stored article that comes back is indexed anew, in the dict layer of the bands.
    bounded.add("old", third + " " + OTHER, T0)
    assert bounded.add("f", third + " " + OTHER + " تحديث.", T0) == ("old", pytest.approx(0.9, abs=0.1))


def test_restoring_twice_adds_only_the_new_ids() -> None:
    index = _restored(("a", STORY, T0))
    assert index.restore(_rows(("a", OTHER, T0), ("b", OTHER, T0))) == 1  # a second frozen layer, merged
    assert len(index) == 2 and index.add("c", STORY, T0) == ("a", 1.0)
    assert index.add("d", "كركوك (أ ف ب) - " + STORY, T0)[0] == "a"
    assert index.add("e", OTHER + " تحديث.", T0)[0] == "b"


def test_band_keys_of_a_matrix_are_the_keys_of_each_row() -> None:
    sigs = [s.sig for s in (sketch(STORY), sketch(OTHER)) if s.sig is not None]
    bands = NearDuplicateIndex().bands
    many = bands.keys_many(np.stack(sigs))
    assert [row.tolist() for row in many] == [bands.keys(sig) for sig in sigs]


def test_signatures_round_trip_through_bytes_and_name_their_scheme() -> None:
    sig = sketch(STORY).sig
    assert sig is not None
    blob = signature_bytes(sig)
    assert len(blob) == 8 * len(sig) and blob[:8] == int(sig[0]).to_bytes(8, "little")
    assert (signature_from_bytes(blob) == sig).all()
    assert scheme() == scheme() == NearDuplicateIndex().scheme != scheme(64)
    with pytest.raises(ValueError, match="128 signature values, not 64"):
        NearDuplicateIndex(num_perm=64).restore([("a", T0, "", blob)])


def test_a_band_bucket_keeps_its_other_items_when_one_is_removed() -> None:
    bands, sig = NearDuplicateIndex().bands, sketch(STORY).sig
    assert sig is not None
    keys = bands.keys(sig)
    for item in ("a", "b", "c"):
        bands.insert(item, keys)
    assert bands.query(keys) == {"a", "b", "c"}
    bands.remove("b", keys)
    assert bands.query(keys) == {"a", "c"}
    bands.remove("a", keys)
    bands.remove("c", keys)
    assert bands.query(keys) == set() and all(key not in t for t, key in zip(bands.tables, keys, strict=True))
    with pytest.raises(KeyError):
        bands.remove("c", keys)
