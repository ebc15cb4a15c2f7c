"""Sentences and clauses of the canonical text, as spans.

News text breaks sentences at . ! ? ؟ and at line ends (titles, datelines, bullet lines and captions stand on
lines of their own); a full stop inside a number (1.4) or an abbreviation-like token (أ.ف.ب) does not end a
sentence. Quotation marks do not split. Clauses split sentences further at ، ؛ ; and at "فيما"/"بينما", so a
threat in one clause does not silence an attack reported in the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends after terminal punctuation followed by space or end, or at a line break.
_SENTENCE_END = re.compile(r"(?:(?<!\d)[.!?؟…]+(?=[\s\"'»”)\]]|$)[\"'»”)\]]*|\n+)")
_CLAUSE_END = re.compile(r"[،؛;]|\s(?=(?:فيما|بينما|في حين)\s)")


@dataclass(frozen=True, slots=True)
class Segment:
    """Characters [start, end) of the text, trimmed of surrounding white space."""

    start: int
    end: int


def _trimmed(text: str, start: int, end: int) -> Segment | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Segment(start, end) if end > start else None


def _split(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[Segment]:
    out: list[Segment] = []
    pos = start
    for m in pattern.finditer(text, start, end):
        seg = _trimmed(text, pos, m.end() if not m.group().isspace() else m.start())
        if seg:
            out.append(seg)
        pos = m.end()
    seg = _trimmed(text, pos, end)
    if seg:
        out.append(seg)
    return out


def sentences(text: str) -> list[Segment]:
    """The sentences of `text`, in order."""
    return _split(text, _SENTENCE_END, 0, len(text))


def clauses(text: str, sentence: Segment) -> list[Segment]:
    """The clauses of one sentence, in order."""
    return _split(text, _CLAUSE_END, sentence.start, sentence.end)
