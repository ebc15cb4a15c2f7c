"""An ingest run: every item stored once or reported as failed, resumable, deduplicated, same with workers."""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from marsad.ingest.articles import ArticleError
from marsad.ingest.sources import SourceItem, SourceOptions, iter_sources
from marsad.model import Article
from marsad.records import content_hash
from marsad.runner.ingest import IngestRun, RunReport, extract_item
from marsad.store import Store, open_store

BOMBING = "قتل ثلاثة أشخاص وأصيب خمسة آخرون في انفجار سيارة مفخخة في كركوك اليوم الاثنين."
STRIKE = "شنت طائرات حربية غارات جوية على مواقع في ريف إدلب أمس، ما أدى إلى مقتل مدنيين اثنين."
CLASH = "اندلعت اشتباكات عنيفة بين القوات العراقية ومسلحين من تنظيم داعش في قضاء الحويجة جنوب غربي كركوك."
BOOKS = "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة واسعة من دور النشر العربية والأجنبية."


def _record(
    i: str, text: str, source: str = "outlet-a", day: str = "2022-04-18", title: str = ""
) -> dict[str, str]:
    return {
        "id": i,
        "source": source,
        "url": f"https://{source}.example/{i}",
        "published": day,
        "title": title,
        "text": text,
    }


def _write_jsonl(path: Path, records: list[dict[str, str]], extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "run.db")) as s:
        yield s


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return _write_jsonl(
        tmp_path / "in.jsonl",
        [
            _record("a1", BOMBING, "outlet-a"),
            _record("a2", STRIKE, "outlet-b"),
            _record("a3", BOOKS, "outlet-c"),
            _record(
                "a4", "This article is written in English and must be skipped by the language check.", "x"
            ),
            _record("a5", CLASH, "outlet-a", "2022-04-19"),
        ],
        extra=["{not json"],
    )


def _run(store: Store, path: Path, workers: int = 1, batch: int = 2) -> RunReport:
    return IngestRun(store, batch_size=batch).run(iter_sources([str(path)], options=SourceOptions()), workers)


def test_every_item_is_stored_or_reported_with_its_reason(store: Store, corpus: Path) -> None:
    report = _run(store, corpus)
    assert report.status == "finished"
    assert report.read == 6 and report.new == 4
    codes = sorted(code for _, code, _ in report.failures)
    assert codes == ["bad_json", "not_arabic"]
    assert all(ref.startswith(str(corpus)) for ref, _, _ in report.failures)
    counts = store.counts()
    assert counts["articles"] == 4 and counts["failures"] == 2
    assert report.reports >= 3 and counts["reports"] == report.reports
    assert counts["events"] == report.events_new >= 3


def test_a_rerun_extracts_nothing_again(store: Store, corpus: Path) -> None:
    first = _run(store, corpus)
    before = store.counts()
    again = IngestRun(store, batch_size=2).run(iter_sources([str(corpus)]), 1)
    assert again.unchanged == first.new and again.new == 0 and again.reports == 0
    after = store.counts()
    assert {k: v for k, v in after.items() if k not in ("runs", "failures")} == {
        k: v for k, v in before.items() if k not in ("runs", "failures")
    }


def test_interrupted_run_resumes_and_stores_each_article_once(store: Store, corpus: Path) -> None:
    items = list(iter_sources([str(corpus)]))

    def interrupted() -> Iterator[SourceItem]:
        yield from items[:3]
        raise KeyboardInterrupt

    run = IngestRun(store, batch_size=2)
    with pytest.raises(KeyboardInterrupt):
        run.run(interrupted(), 1)
    assert run.report.status == "interrupted"
    stored_before = store.counts()["articles"]
    assert 1 <= stored_before <= 3
    resumed = IngestRun(store, batch_size=2).run(iter(items), 1)
    assert resumed.status == "finished"
    assert store.counts()["articles"] == 4
    assert resumed.unchanged == stored_before


def test_a_crash_between_reports_and_events_is_healed_by_the_next_run(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store.save_events
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "save_events", failing)
    with pytest.raises(RuntimeError):
        _run(store, corpus, batch=10)
    assert store.counts()["events"] == 0 and store.counts()["reports"] > 0
    monkeypatch.setattr(store, "save_events", real)
    _run(store, corpus, batch=10)
    assert store.unclustered_reports() == []
    assert store.counts()["events"] > 0


def test_workers_give_the_same_record(tmp_path: Path, corpus: Path) -> None:
    views = []
    for workers in (1, 2):
        with open_store(str(tmp_path / f"w{workers}.db")) as s:
            _run(s, corpus, workers=workers)
            reports = s.reports_for_articles(["a1", "a2", "a3", "a5"])
            views.append(sorted((r.id, r.event.to_json()["date"], r.event.admin1) for r in reports))
    assert views[0] == views[1] and views[0]


def test_a_syndicated_copy_is_linked_and_not_independent(store: Store, tmp_path: Path) -> None:
    long_text = (BOMBING + " " + CLASH + " ") * 3
    path = _write_jsonl(
        tmp_path / "copies.jsonl",
        [
            _record("orig", long_text, "outlet-a"),
            _record("copy", long_text + " وأغلقت القوات الطرق.", "outlet-b"),
        ],
    )
    report = _run(store, path)
    assert report.duplicates == 1
    article = store.get_article("copy")
    assert article is not None and article["duplicate_of"] == "orig"
    event_id = store.reports_for_articles(["copy"])[0]
    detail = store.get_event(store.get_article("copy")["reports"][0]["event_id"])  # type: ignore[index]
    assert detail is not None
    flags = {s["article_id"]: s["independent"] for s in detail["sources"]}
    assert flags["orig"] is True and flags["copy"] is False
    assert detail["n_sources"] == 1
    assert event_id is not None


def test_two_outlets_reporting_one_bombing_make_one_event(store: Store, tmp_path: Path) -> None:
    other = (
        "أسفر انفجار سيارة مفخخة في مدينة كركوك اليوم الاثنين عن مقتل أربعة أشخاص وإصابة سبعة، "
        "بحسب مصدر أمني."
    )
    path = _write_jsonl(
        tmp_path / "two.jsonl", [_record("x1", BOMBING, "outlet-a"), _record("x2", other, "outlet-b")]
    )
    report = _run(store, path)
    assert report.reports == 2
    assert report.events_new == 1 and report.events_merged == 1
    event_id = store.get_article("x1")["reports"][0]["event_id"]  # type: ignore[index]
    detail = store.get_event(event_id)
    assert detail is not None
    assert detail["n_sources"] == 2 and detail["fatalities"] == 4
    assert len(detail["audit"]) >= 2


def test_progress_is_reported_after_every_batch(store: Store, corpus: Path) -> None:
    seen: list[int] = []
    IngestRun(store, batch_size=2, progress=lambda r: seen.append(r.read)).run(iter_sources([str(corpus)]), 1)
    assert seen == sorted(seen) and seen[-1] == 6 and len(seen) >= 3


def test_an_extraction_error_is_one_failure(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.runner import ingest

    def boom(article: Article) -> list[object]:
        raise ValueError("bad")

    monkeypatch.setattr(ingest, "extract_article", boom)
    items = [
        SourceItem(
            "r1",
            Article(
                "z",
                "s",
                "",
                __import__("datetime").datetime(2022, 4, 18, tzinfo=__import__("datetime").UTC),
                "",
                BOMBING,
            ),
        )
    ]
    items.append(SourceItem("r2", ArticleError("empty", "text is empty")))
    report = IngestRun(store).run(iter(items), 1)
    assert sorted(code for _, code, _ in report.failures) == ["empty", "extract_error"]
    assert store.counts()["articles"] == 0


def test_a_copy_of_an_article_ingested_by_an_earlier_run_is_linked(tmp_path: Path) -> None:
    """The near-duplicate index outlives the run: the second run restores the first one's sketches."""
    long_text = (BOMBING + " " + CLASH + " ") * 3
    copy = "كركوك (وكالات) - " + long_text + " وأغلقت القوات الطرق."
    first = _write_jsonl(tmp_path / "monday.jsonl", [_record("orig", long_text, "outlet-a")])
    second = _write_jsonl(tmp_path / "tuesday.jsonl", [_record("copy", copy, "outlet-b", "2022-04-19")])
    db = str(tmp_path / "two-runs.db")
    with open_store(db) as store:
        assert _run(store, first).duplicates == 0
    with open_store(db) as store:
        report = _run(store, second)
        assert report.duplicates == 1
        article = store.get_article("copy")
        assert article is not None and article["duplicate_of"] == "orig"
        detail = store.get_event(article["reports"][0]["event_id"])
        assert detail is not None
        assert {s["article_id"]: s["independent"] for s in detail["sources"]} == {"orig": True, "copy": False}
        assert detail["n_sources"] == 1


def test_the_stored_sketches_are_read_only_when_there_is_something_new(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.dedup.near import NearDuplicateIndex
    from marsad.runner import ingest
    from marsad.runner.sketches import Restored

    _run(store, corpus)
    restored: list[int] = []
    real = ingest.restore_index

    def counted(s: Store, index: NearDuplicateIndex) -> Restored:
        restored.append(1)
        return real(s, index)

    monkeypatch.setattr(ingest, "restore_index", counted)
    again = IngestRun(store, batch_size=2)
    again.run(iter_sources([str(corpus)]), 1)  # nothing new: the index is never filled
    assert restored == [] and len(again.near) == 0
    extra = _write_jsonl(corpus.with_name("more.jsonl"), [_record("b1", STRIKE + " " + CLASH, "outlet-d")])
    again.run(iter_sources([str(extra)]), 1)
    again.run(iter_sources([str(extra), str(corpus)]), 1)  # a second run of the same IngestRun (watch)
    assert restored == [1] and len(again.near) == 5


def test_sketches_computed_in_workers_are_the_stored_ones(tmp_path: Path, corpus: Path) -> None:
    from marsad.dedup.near import NearDuplicateIndex, sketch
    from marsad.runner.sketches import stored_sketch

    index = NearDuplicateIndex()
    with open_store(str(tmp_path / "w.db")) as s:
        _run(s, corpus, workers=2)
        rows = {aid: (key, signature) for aid, _, key, signature in s.stored_sketches(index.scheme)}
        assert sorted(rows) == ["a1", "a2", "a3", "a5"]
        for article in s.load_articles(rows):
            expected = stored_sketch(index, sketch(article.canonical))
            assert rows[article.id] == (expected.key, expected.signature)


def test_the_content_hash_computed_in_the_workers_is_the_stored_one(tmp_path: Path, corpus: Path) -> None:
    items = list(iter_sources([str(corpus)], options=SourceOptions()))
    for item in items:
        done = extract_item(item)
        assert done.content_hash == (content_hash(done.article) if done.article else None)
    with open_store(str(tmp_path / "w.db")) as s:
        _run(s, corpus, workers=2)
        stored = s.known_articles(["a1", "a2", "a3", "a5"])
        assert len(stored) == 4
        assert all(stored[a.id] == content_hash(a) for a in s.load_articles(stored))


def test_the_content_hash_collapses_whitespace_as_the_regex_did() -> None:
    """`" ".join(text.split())` stands for `re.sub(r"\\s+", " ", text).strip()`: same whitespace, same hash"""
    every = [chr(c) for c in range(sys.maxunicode + 1)]
    spaces = "".join(c for c in every if re.match(r"\s", c))
    assert spaces == "".join(c for c in every if c.isspace())
    for text in (f"{spaces}قتل{spaces[::-1]}ثلاثة \u200c أشخاص{spaces}", "a\u00a0 b\u3000\u2028c", " ", "x"):
        art = Article("x", "s", "", datetime(2022, 4, 18, tzinfo=UTC), "عنوان", text)
        body = unicodedata.normalize("NFC", re.sub(r"\s+", " ", art.canonical).strip())
        assert content_hash(art) == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_two_versions_of_an_article_in_one_batch_end_as_the_later(store: Store, tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "versions.jsonl", [_record("v", BOMBING), _record("v", CLASH)])
    report = _run(store, path, batch=10)
    assert (report.new, report.updated, report.unchanged) == (1, 1, 0)
    article = store.get_article("v")
    assert article is not None and article["text"] == CLASH
    assert article["content_hash"] == content_hash(store.load_articles(["v"])[0])
    assert _run(store, path, batch=10).unchanged == 1  # the later version is the stored one


def test_a_run_freezes_what_survives_its_batches_and_thaws_it_at_the_end(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.runner import ingest

    assert gc.get_freeze_count() == 0
    counts: list[int] = []
    real = gc.freeze

    def freeze() -> None:
        real()
        counts.append(gc.get_freeze_count())

    monkeypatch.setattr(ingest.gc, "freeze", freeze)
    report = _run(store, corpus)
    assert len(counts) == 3 and counts[0] > 0  # one per batch of 2 (6 items)
    assert gc.get_freeze_count() == 0 and report.status == "finished"
    monkeypatch.undo()
    gc.freeze()  # a caller's own frozen objects stay frozen
    try:
        frozen = gc.get_freeze_count()
        _run(store, corpus)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
