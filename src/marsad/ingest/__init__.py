"""Ingest: reading news articles into validated `Article` records, reporting every bad input with a code.

`articles` reads JSONL (the corpus format, or other field names); `html`, `textfile`, `warc` and `feeds`
read pages, text files, web archives and RSS/Atom feeds; `encoding` and `language` decode bytes and keep
Arabic only; `sources.iter_sources` is the one entry point that dispatches on what each source is.
"""

from marsad.ingest.articles import ArticleError, InputError, parse_article, parse_published, read_articles

__all__ = ["ArticleError", "InputError", "parse_article", "parse_published", "read_articles"]
