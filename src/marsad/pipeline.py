"""The extraction core as one pure function: an Article in, its events out.

Stages (each in its own module): text/ normalizes, tokenizes and segments; finders/ finds dates and
casualty counts; geo/ finds places; events/lexicons matches triggers, actors and non-event cues;
events/assemble builds, filters and merges events. Nothing here reads the clock or any file but the
package's own data.
"""

from __future__ import annotations

from marsad.events.assemble import assemble, assemble_told
from marsad.events.merging import Telling
from marsad.model import Article, Event

EXTRACTOR_VERSION = "marsad-rules-0.2.7"


def extract_article(article: Article) -> list[Event]:
    """Every security event the article reports, each with its evidence. Reads nothing but the article."""
    return assemble(article, EXTRACTOR_VERSION)


def extract_told(article: Article) -> list[tuple[Event, tuple[Telling, ...]]]:
    """`extract_article`, each event with the mentions it was merged from (for tracing gold reports)."""
    return assemble_told(article, EXTRACTOR_VERSION)
