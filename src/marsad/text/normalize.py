"""Arabic normalization as a *view* of the canonical text, never a replacement of it.

The normalized string differs from the original only by one-to-one character substitutions (hamza and alef
forms, alef maqsura, ta marbuta, Persian letters, Arabic-Indic and Persian digits, quotation marks) and by
deleted characters (diacritics, tatweel, zero-width marks). Because nothing is ever inserted, a normalized
offset maps back to exactly one original offset: the original index is the normalized index plus the number
of deletions before it, which `NormText.to_original` finds by bisection.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_SUBSTITUTE = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    "ھ": "ه",
    "ک": "ك",
    "ڪ": "ك",
    "گ": "ك",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "„": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "٫": ".",
    "٬": ",",
}
for _i in range(10):
    _SUBSTITUTE[chr(0x0660 + _i)] = str(_i)
    _SUBSTITUTE[chr(0x06F0 + _i)] = str(_i)

_DELETE_CHARS = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06E5, 0x06E6)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff"]
)
_TABLE = str.maketrans({**_SUBSTITUTE, **{c: None for c in _DELETE_CHARS}})
_TA = re.compile("ة")
_DELETED = re.compile("[" + "".join(re.escape(c) for c in _DELETE_CHARS) + "]")


def normalize_string(text: str) -> str:
    """The normalized form of a short string, for lexicon keys and comparisons."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class NormText:
    """A normalized view of `original` with the means to map offsets back into it."""

    original: str
    text: str
    # `_marks[k]` is the normalized position of the k-th deleted character: deletions before a normalized
    # offset n are those with mark <= n.
    _marks: tuple[int, ...] = field(repr=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to the smallest original span that holds the same letters."""
        if end <= start:
            o = self._orig(start)
            return o, o
        return self._orig(start), self._orig(end - 1) + 1

    def ta_marbuta_ends(self) -> frozenset[int]:
        """Normalized offsets just after each ة of the original (normalization folds ة into ه)."""
        # The k-th deleted character sat at original index mark + k; an original index maps back by
        # subtracting the deletions before it.
        deleted_at = [m + k for k, m in enumerate(self._marks)]
        starts = (m.start() for m in _TA.finditer(self.original))
        return frozenset(o - bisect.bisect_left(deleted_at, o) + 1 for o in starts)

    def _orig(self, n: int) -> int:
        if not self._marks:
            return n
        return n + bisect.bisect_right(self._marks, n)


def normalize(text: str) -> NormText:
    """Normalize `text` into a view that keeps a map back to its offsets."""
    marks = tuple(m.start() - k for k, m in enumerate(_DELETED.finditer(text)))
    return NormText(original=text, text=text.translate(_TABLE), _marks=marks)
