"""Near-duplicate sketches in the store (schema 4): written with their article in one transaction, read back
for the next run's index, backfilled for articles stored without one — and a copy of an article stored by an
earlier run is linked to it (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import psycopg
import pytest
from store_records import article, reports_of, stored

from marsad.dedup.minhash import signature_bytes
from marsad.dedup.near import NearDuplicateIndex, sketch
from marsad.ingest.items import SourceItem
from marsad.model import Article
from marsad.runner.ingest import IngestRun
from marsad.runner.sketches import restore_index, stored_sketch
from marsad.store import Store, StoredSketch, migrate, open_store
from marsad.store.db import Db, connect

DB_ERRORS = (sqlite3.Error, psycopg.Error)
INDEX = NearDuplicateIndex()
BOMBING = "قتل ثلاثة أشخاص وأصيب خمسة آخرون في انفجار سيارة مفخخة في كركوك اليوم الاثنين."
CLASH = "اندلعت اشتباكات عنيفة بين القوات العراقية ومسلحين من تنظيم داعش في قضاء الحويجة جنوب غربي كركوك."
STORY = (BOMBING + " " + CLASH + " ") * 3
COPY = "كركوك (وكالات) - " + STORY + " وأغلقت القوات الطرق المؤدية إلى موقع الانفجار."


def _sketch_of(art: Article) -> StoredSketch:
    return stored_sketch(INDEX, sketch(art.canonical))


def _save(store: Store, *arts: Article, with_sketches: bool = True) -> None:
    sketches = {a.id: _sketch_of(a) for a in arts} if with_sketches else None
    store.save_batch(None, [stored(a) for a in arts], [], sketches)


def _ingest(store: Store, *arts: Article) -> None:
    report = IngestRun(store, batch_size=10).run(iter([SourceItem(a.id, a) for a in arts]), 1)
    assert report.status == "finished" and not report.failures


def test_a_sketch_is_stored_with_its_article_and_comes_back(store: Store) -> None:
    first = article("a1", STORY)
    later = article("a2", "نص بلا علاقة بالخبر الأول عن معرض الكتاب في بغداد.")
    later = Article(later.id, later.source, later.url, later.published + timedelta(hours=2), "", later.text)
    _save(store, later, first)
    _save(store, article("a0", COPY))
    rows = store.stored_sketches(INDEX.scheme)
    assert [r[0] for r in rows] == ["a2", "a1", "a0"]  # the order they were stored in, not by date or id
    _, published, key, signature = rows[1]
    expected = sketch(first.canonical)
    assert published == first.published and key == expected.key
    assert expected.sig is not None and signature == signature_bytes(expected.sig)
    assert [r[0] for r in store.stored_sketches(INDEX.scheme, limit=2)] == ["a1", "a0"]  # the last stored
    assert store.stored_sketches("another scheme") == []
    assert store.counts()["article_sketches"] == 3
    # A rewritten sketch (an updated article) keeps its place.
    _save(store, article("a2", STORY + " تحديث."))
    assert [r[0] for r in store.stored_sketches(INDEX.scheme)] == ["a2", "a1", "a0"]


def test_a_text_without_words_keeps_an_empty_sketch(store: Store) -> None:
    _save(store, article("a1", "!!! ؟؟؟"))
    [(_, _, key, signature)] = store.stored_sketches(INDEX.scheme)
    assert key == "" and signature is None


def test_the_same_batch_twice_leaves_one_sketch(store: Store) -> None:
    arts = [article("a1", STORY), article("a2", COPY)]
    _save(store, *arts)
    before = store.stored_sketches(INDEX.scheme)
    _save(store, *arts)
    assert store.stored_sketches(INDEX.scheme) == before and store.counts()["article_sketches"] == 2


def test_an_updated_article_replaces_its_sketch(store: Store) -> None:
    _save(store, article("a1", STORY))
    _save(store, article("a1", COPY))
    [(_, _, key, _)] = store.stored_sketches(INDEX.scheme)
    assert key == sketch(article("a1", COPY).canonical).key
    # Updated without a sketch: the old version's is dropped, not kept to describe a text that is gone.
    _save(store, article("a1", "نص ثالث مختلف"), with_sketches=False)
    assert store.stored_sketches(INDEX.scheme) == []
    assert store.articles_without_sketch(INDEX.scheme) == ["a1"]


def test_a_failed_batch_keeps_neither_articles_nor_sketches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = type(store.db).executemany

    def crash_on_sketches(self: Db, sql: str, rows: Any) -> None:
        if sql.startswith("INSERT INTO article_sketches"):  # the articles are written by now
            raise RuntimeError("power cut")
        real(self, sql, rows)

    monkeypatch.setattr(type(store.db), "executemany", crash_on_sketches)
    with pytest.raises(RuntimeError, match="power cut"):
        _save(store, article("a1", STORY))
    monkeypatch.undo()
    assert store.counts()["articles"] == 0 and store.counts()["article_sketches"] == 0
    # A sketch is kept only with its article: one of an article not in the batch is not written, and one
    # saved for an article that is not stored breaks the foreign key.
    ghost = article("ghost", STORY)
    store.save_batch(None, [], [], {"ghost": _sketch_of(ghost)})
    with pytest.raises(DB_ERRORS):
        store.save_sketches([("ghost", ghost.published, _sketch_of(ghost))])
    assert store.counts()["article_sketches"] == 0


def test_articles_without_a_sketch_of_the_scheme_are_backfilled(store: Store) -> None:
    _save(store, article("a1", STORY), with_sketches=False)
    _save(store, article("a2", COPY))
    store.db.execute("UPDATE article_sketches SET scheme = 'minhash0-128-old' WHERE article_id = 'a2'")
    assert sorted(store.articles_without_sketch(INDEX.scheme)) == ["a1", "a2"]
    index = NearDuplicateIndex()
    done = restore_index(store, index)
    assert (done.backfilled, done.restored) == (2, 2) and "a1" in index and "a2" in index
    assert store.articles_without_sketch(INDEX.scheme) == []
    assert {r[0]: r[2] for r in store.stored_sketches(INDEX.scheme)} == {
        "a1": sketch(article("a1", STORY).canonical).key,
        "a2": sketch(article("a2", COPY).canonical).key,
    }
    assert restore_index(store, NearDuplicateIndex()).backfilled == 0


def test_load_articles_gives_them_back_in_the_order_asked(store: Store) -> None:
    art = article("a1", STORY, title="انفجار في كركوك")
    _save(store, art)
    other = article("a2", COPY)
    _save(store, other)
    assert store.load_articles(["a2", "missing", "a1"]) == [other, art]
    assert store.load_articles(["a1"])[0].published.utcoffset() == art.published.utcoffset()


def test_a_copy_of_an_article_stored_by_an_earlier_run_is_linked(store_url: str) -> None:
    original = article("orig", STORY, source="outlet-a")
    copy = article("copy", COPY, source="outlet-b")
    copy = Article(copy.id, copy.source, copy.url, copy.published + timedelta(hours=3), "", copy.text)
    with open_store(store_url) as store:
        _ingest(store, original)
    with open_store(store_url) as store:  # a later run, in another process as far as the store knows
        _ingest(store, copy)
        got = store.get_article("copy")
        assert got is not None and got["duplicate_of"] == "orig" and got["similarity"] >= 0.5
        event = store.get_event(got["reports"][0]["event_id"])
        assert event is not None
        independent = {s["article_id"]: s["independent"] for s in event["sources"]}
        assert independent == {"orig": True, "copy": False}
        assert event["n_sources"] == 1
        assert store.counts()["article_sketches"] == 2


def test_a_store_at_schema_3_upgrades_and_links_copies_of_its_articles(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = connect(store_url)
    three = migrate.migrations(db.dialect)[:3]
    db.close()
    monkeypatch.setattr(migrate, "migrations", lambda dialect: three)
    with open_store(store_url) as old:  # a store made by a marsad of schema 3, which wrote no sketches
        assert old.schema_version() == 3
        original = article("orig", STORY, source="outlet-a")
        old.save_batch(None, [stored(original)], reports_of(original))
        assert old.known_articles(["orig"]) == {"orig": stored(original).content_hash}
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.schema_version() == migrate.latest(store.dialect) >= 4
        assert store.counts()["article_sketches"] == 0
        copy = article("copy", COPY, source="outlet-b")
        _ingest(store, Article(copy.id, copy.source, copy.url, copy.published + timedelta(hours=1), "", COPY))
        assert store.get_article("copy")["duplicate_of"] == "orig"  # type: ignore[index]
        assert store.articles_without_sketch(INDEX.scheme) == []  # the old article's was computed
