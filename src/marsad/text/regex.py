"""Regular expressions built from word lists.

A plain alternation `a|b|c` of hundreds of words makes the engine try each word in turn at every position.
Folding the words into a trie first gives one walk per position instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any


def trie_alternation(
    words: Iterable[str], *, end: str = "", prefixes: bool = False, special: Mapping[str, str] | None = None
) -> str:
    """A regex that matches any of `words`, folded into a trie.

    A space inside a phrase matches any run of whitespace; `special` maps other characters to patterns
    (e.g. "#" to a digit). Longer continuations are tried first, a word's end (followed by `end`, e.g. a
    boundary check) last. With `prefixes`, the match stops at the shortest word: any text a word begins.
    """
    patterns = {" ": r"\s+", **(special or {})}
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        if "" in node and prefixes:
            return ""
        branches = [(patterns.get(ch) or re.escape(ch)) + emit(sub) for ch, sub in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(sorted(branches)) + ")"
        # Ending here is the last resort, after every longer word failed.
        return "(?:" + body + end + "|" + ")" if "" in node else body

    return "(?:" + emit(trie) + ")" + end
