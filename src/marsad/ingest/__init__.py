"""Ingest: reading news articles from JSONL into validated `Article` records, reporting bad lines."""

from marsad.ingest.articles import ArticleError, InputError, parse_article, parse_published, read_articles

__all__ = ["ArticleError", "InputError", "parse_article", "parse_published", "read_articles"]
