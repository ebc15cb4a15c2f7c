"""The extraction core as one pure function: an Article in, its events out. (Assembly lands in events/.)"""

from __future__ import annotations

from marsad.model import Article, Event

EXTRACTOR_VERSION = "marsad-rules-0.1.0"


def extract_article(article: Article) -> list[Event]:
    """Every security event the article reports, each with its evidence. Reads nothing but the article."""
    return []
