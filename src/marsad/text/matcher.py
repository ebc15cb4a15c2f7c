"""Finds lexicon phrases in a token sequence, whatever clitics their words carry.

Each phrase is a sequence of normalized words. A word ending in `*` matches any word that starts with it
(`قتل*` meets قتلى، قتلوا). The first word of a phrase is looked up under every proclitic reading of the
token (and, when the matcher allows it, every pronoun-suffix reading); the following words may carry the
article or a conjunction too. Matches do not overlap: at each position the longest phrase wins.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from marsad.text.normalize import normalize_string
from marsad.text.regex import trie_alternation
from marsad.text.tokenize import Token, proclitic_variants, strip_article, suffix_variants

P = TypeVar("P")
_CACHE_SIZE = 200_000

# What `proclitic_variants` can strip from the front of a word (و ف, ب ل ك س, لل, ال), as a loose pattern:
# up to four such letters. `could_match` over-approximates on purpose: it only has to never miss.
_ANY_PROCLITICS = "[وفبلكسا]{0,4}"
_ANY_SUFFIX = "(?:هما|كما|هم|هن|ها|كم|نا|ه)?"
_NOT_WORD_BEFORE, _NOT_WORD_AFTER = r"(?<![^\W_])", r"(?![^\W_])"  # token edges, as text.tokenize cuts


@dataclass(frozen=True, slots=True)
class Match(Generic[P]):
    """Tokens [first, last] of a text matched one phrase; `start`/`end` are normalized character offsets."""

    first: int
    last: int
    start: int
    end: int
    payload: P


def _key(word: str) -> str:
    return strip_article(word)


class PhraseMatcher(Generic[P]):
    """A dictionary of phrases, each with a payload, matched over tokens."""

    def __init__(self, phrases: Iterable[tuple[str, P]], *, suffixes: bool = False) -> None:
        self._exact: dict[str, list[tuple[tuple[str, ...], P]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], P]]] = {}
        self._suffixes = suffixes
        self._cache: dict[str, list[tuple[tuple[str, ...], P]]] = {}
        self._cache_ta: dict[str, list[tuple[tuple[str, ...], P]]] = {}
        self._max_prefix = 0
        self._gate: re.Pattern[str] | None = None
        for phrase, payload in phrases:
            words = tuple(_key(w) for w in normalize_string(phrase).split())
            if not words:
                continue
            head = words[0]
            if head.endswith("*"):
                stem = head[:-1]
                self._prefix.setdefault(stem, []).append((words, payload))
                self._max_prefix = max(self._max_prefix, len(stem))
            else:
                self._exact.setdefault(head, []).append((words, payload))
        for table in (self._exact, self._prefix):
            for entries in table.values():
                entries.sort(key=lambda e: -len(e[0]))
        # Two-letter openings of every key: most words share none and are rejected without further lookups.
        self._openings = frozenset(k[:2] for k in (*self._exact, *self._prefix))
        self._min_prefix = min((len(k) for k in self._prefix), default=2)
        self._prefix_openings = frozenset(k[: self._min_prefix] for k in self._prefix)

    def _gate_pattern(self) -> re.Pattern[str]:
        # One regular expression of every phrase: a trie, clitics allowed loosely before each word and a
        # pronoun after any. It over-approximates on purpose: it may say "maybe", never a wrong "no".
        if self._gate is None:
            tables = (self._exact, self._prefix)
            phrases = [" ".join(p) for table in tables for entries in table.values() for p, _ in entries]
            body = trie_alternation(
                phrases,
                end=_ANY_SUFFIX + _NOT_WORD_AFTER,
                # A pronoun may end the first word too (حزامه الناسف), not only the last.
                special={" ": _ANY_SUFFIX + r"[\W_]+" + _ANY_PROCLITICS, "*": r"[^\W_]*"},
            )
            self._gate = re.compile(_NOT_WORD_BEFORE + "(?=" + _ANY_PROCLITICS + body + ")")
        return self._gate

    def could_match(self, norm: str) -> bool:
        """A fast, never-missing test on normalized text: False means no phrase occurs in it.

        The gate regex scans the text in C; most news has no trigger and stops here, before any per-word
        work. True only means "maybe": `find` decides.
        """
        return self._gate_pattern().search(norm) is not None

    def candidate_starts(self, norm: str, spans: Iterable[tuple[int, int]] | None = None) -> frozenset[int]:
        """Normalized offsets where a phrase may start (a superset of where one does), in the whole text or
        only inside `spans`: `find` looks up only the tokens that start there, so a text's rare candidates
        cost lookups, not every word."""
        scan = self._gate_pattern().finditer
        if spans is None:
            return frozenset(m.start() for m in scan(norm))
        return frozenset(m.start() for lo, hi in spans for m in scan(norm, lo, hi))

    def _heads(self, word: str, final_ta: bool) -> list[tuple[tuple[str, ...], P]]:
        # Words repeat across articles (Zipf), so each matcher remembers the readings of the words it saw.
        cache = self._cache_ta if final_ta else self._cache
        hit = cache.get(word)
        if hit is None:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            hit = cache[word] = self._lookup(word, final_ta)
        return hit

    def _lookup(self, word: str, final_ta: bool) -> list[tuple[tuple[str, ...], P]]:
        # A pronoun suffix leaves a word's opening alone, so the opening test can run before suffixes.
        forms = [f for f in proclitic_variants(word) if f[:2] in self._openings]
        if not forms:
            return []
        if self._suffixes:
            forms = forms + [s for f in forms for s in suffix_variants(f, final_ta)]
        found: list[tuple[tuple[str, ...], P]] = []
        for f in forms:
            found.extend(self._exact.get(f, ()))
            if self._prefix and f[: self._min_prefix] in self._prefix_openings:
                for n in range(min(len(f), self._max_prefix), self._min_prefix - 1, -1):
                    found.extend(self._prefix.get(f[:n], ()))
        return found

    def any_match(self, words: Sequence[str]) -> bool:
        """Whether any phrase occurs in `words`: a cheap test before tokens with offsets are built."""
        cache, lookup = self._cache, self._heads
        hits = {w for w in set(words) if (cache[w] if w in cache else lookup(w, False))}
        if not hits:
            return False
        n = len(words)
        for i, word in enumerate(words):
            if word not in hits:
                continue
            for phrase, _ in cache[word]:
                k = len(phrase)
                if i + k <= n and all(self._word_ok(phrase[j], words[i + j]) for j in range(1, k)):
                    return True
        return False

    @staticmethod
    def _word_ok(pattern: str, word: str) -> bool:
        for form in proclitic_variants(word):
            if pattern.endswith("*"):
                if form.startswith(pattern[:-1]):
                    return True
            elif form == pattern:
                return True
        return False

    def find(self, tokens: Sequence[Token], starts: Container[int] | None = None) -> list[Match[P]]:
        """All non-overlapping matches, left to right, the longest at each position.

        `starts` (from `candidate_starts` on the text the tokens come from) skips every token that cannot
        open a phrase; the matches are the same with or without it.
        """
        out: list[Match[P]] = []
        cache, cache_ta, lookup = self._cache, self._cache_ta, self._heads
        i, n = 0, len(tokens)
        while i < n:
            best: tuple[int, P] | None = None
            token = tokens[i]
            if starts is not None and token.start not in starts:
                i += 1
                continue
            # The memo read inline: this loop runs for every word of every article.
            heads = (cache_ta if token.final_ta else cache).get(token.text)
            if heads is None:
                heads = lookup(token.text, token.final_ta)
            if not heads:
                i += 1
                continue
            for words, payload in heads:
                k = len(words)
                if i + k > n or (best is not None and k <= best[0]):
                    continue
                if all(self._word_ok(words[j], tokens[i + j].text) for j in range(1, k)):
                    best = (k, payload)
            if best is None:
                i += 1
                continue
            k, payload = best
            out.append(Match(i, i + k - 1, tokens[i].start, tokens[i + k - 1].end, payload))
            i += k
        return out
