"""JSONL with other field names: a mapping from Article fields to the record's keys."""

from __future__ import annotations

import io
import json

import pytest
from ingest_helpers import ARABIC

from marsad.ingest.articles import ArticleError, parse_article, read_articles

RECORD = {
    "guid": "g-1",
    "site": "موقع",
    "link": "http://x/1",
    "date": "2020-02-03",
    "headline": "هجوم",
    "body": ARABIC,
}
FIELDS = {
    "id": "guid",
    "source": "site",
    "url": "link",
    "published": "date",
    "title": "headline",
    "text": "body",
}


def test_mapped_record_becomes_the_same_article_as_the_corpus_one() -> None:
    mapped = parse_article(RECORD, fields=FIELDS)
    corpus = {"id": "g-1", "source": "موقع", "url": "http://x/1", "published": "2020-02-03", "title": "هجوم"}
    assert mapped == parse_article({**corpus, "text": ARABIC})


def test_partial_mapping_keeps_default_names_and_errors_name_the_mapped_key() -> None:
    article = parse_article({"id": "1", "published": "2020-01-01", "body": ARABIC}, fields={"text": "body"})
    assert article.text == ARABIC
    with pytest.raises(ArticleError, match="'body'") as err:
        parse_article({"id": "1", "published": "2020-01-01", "text": ARABIC}, fields={"text": "body"})
    assert err.value.code == "missing_field"


def test_read_articles_with_a_mapping_reports_the_mapped_id() -> None:
    lines = json.dumps(RECORD, ensure_ascii=False) + "\n" + json.dumps({**RECORD, "date": "x"}) + "\n"
    rows = list(read_articles("-", stdin=io.BytesIO(lines.encode()), fields=FIELDS))
    assert [(n, type(item).__name__, raw_id) for n, item, raw_id in rows] == [
        (1, "Article", "g-1"),
        (2, "ArticleError", "g-1"),
    ]


@pytest.mark.parametrize("fields", [{"body": "text"}, {"text": ""}])
def test_a_wrong_mapping_is_a_value_error_at_the_call(fields: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        read_articles("-", stdin=io.BytesIO(b""), fields=fields)


def test_require_arabic_false_leaves_the_language_to_the_caller() -> None:
    english = {"id": "1", "published": "2020-01-01", "text": "Three people were killed."}
    with pytest.raises(ArticleError):
        parse_article(english)
    assert parse_article(english, require_arabic=False).text == "Three people were killed."
