"""The gazetteer with the places a user imported into a store (`geo.store`), for extraction.

`gazetteer_for(None)` is `Gazetteer.default()`. With a store path it builds a `Gazetteer` from the default
names plus the store's Arabic names:

- a store place that is a default place (a country by code, a province by ISO 3166-2 code, a GeoNames city
  by its id, or a place of the same name, country and province within `store.MERGE_KM`) adds its names to
  that place, so the readings the extraction knows stay one place each;
- any other becomes a new `Place` (id `<source>:<source_id>`, `source` the store source), its kind mapped
  to the gazetteer's: a third-level unit (OCHA ADM3, a nahiya named after its centre) reads as a town;
- a type word leading a name (محافظة، قضاء، ناحية، مديرية ...) is cut, since the matcher reads type words
  itself; names the stoplist blocks stay blocked (the `Gazetteer` constructor applies `never`);
- a new single-word neighbourhood or facility name needs a type word before it (حي الجزيرة), as the
  stoplist's `needs_type` names do: on its own such a word is too often a common noun;
- a new settlement in Iraq or Syria gets its district (`admin2`) as the default ones do
  (`sources.assign_admin2`); the store's own admin2 column is not read.

The result is cached per process by the store's path and modification time. Nothing here is read from the
environment: the CLI decides which store, if any, the extraction uses.
"""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path

from marsad.geo import sources
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.places import KINDS, Place
from marsad.geo.store import MERGE_KM, StoredPlace, distance_km, open_store
from marsad.text.normalize import normalize_string

_KIND_MAP = {"admin3": "town"}
_SETTLEMENTS = frozenset({"city", "town", "neighbourhood"})


#: The environment variable naming a gazetteer store to add to the default places (`--gazetteer` sets it,
#: so that worker processes inherit it).
GAZETTEER_ENV = "MARSAD_GAZETTEER"


def active_gazetteer() -> Gazetteer:
    """The gazetteer extraction uses: the default, plus the store named by $MARSAD_GAZETTEER if set."""
    return gazetteer_for(os.environ.get(GAZETTEER_ENV) or None)


def gazetteer_for(store_path: str | os.PathLike[str] | None) -> Gazetteer:
    """The default gazetteer, or (with a store) the default names plus the store's; see the module doc."""
    if store_path is None:
        return Gazetteer.default()
    path = Path(store_path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no gazetteer store there")
    stamp = tuple(
        (p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else (0, 0)
        for p in (path, path.with_name(path.name + "-wal"))
    )
    return _build(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _build(path: str, stamp: object) -> Gazetteer:
    lexicon = sources.load_lexicon()
    names = sources.default_names()
    extra, needs_type = store_names(path, names, lexicon)
    if needs_type:
        lexicon = replace(lexicon, needs_type=lexicon.needs_type | needs_type)
    return Gazetteer(sources.assign_admin2([*names, *extra]), lexicon)


def store_names(
    path: str, defaults: list[sources.Name], lexicon: sources.Lexicon
) -> tuple[list[sources.Name], frozenset[str]]:
    """The names the store adds to `defaults`, and the keys of new names that need a type word."""
    by_key: dict[str, list[Place]] = {}
    by_id: dict[str, Place] = {}
    countries: dict[str, Place] = {}
    provinces: dict[str, Place] = {}
    for n in defaults:
        p = n.place
        if n.nisba:
            continue
        by_id.setdefault(p.id, p)
        by_key.setdefault(sources.key(n.text), []).append(p)
        if p.kind == "country":
            countries.setdefault(p.country, p)
        elif p.kind == "admin1" and p.source == "iso3166-2" and p.admin1:
            provinces.setdefault(p.admin1, p)
    default_keys = frozenset(by_key)
    out: list[sources.Name] = []
    needs_type: set[str] = set()
    with open_store(path) as store:
        for sp in store.iter_places():
            texts = _names(sp, lexicon)
            if not texts:
                continue
            target = _known(sp, texts, by_key, by_id, countries, provinces)
            if target is None:
                target = Place(
                    id=sp.id, kind=_KIND_MAP.get(sp.kind, sp.kind) if sp.kind not in KINDS else sp.kind,
                    name_ar=texts[0], name_en=sp.name_en or "", country=sp.country,
                    admin1=sp.admin1, latitude=sp.latitude, longitude=sp.longitude,
                    population=sp.population, source=sp.source,
                )  # fmt: skip
                if target.kind in ("neighbourhood", "facility"):
                    needs_type.update(
                        k for t in texts if " " not in (k := sources.key(t)) and k not in default_keys
                    )
            out.extend(sources.Name(t, target) for t in texts)
    return out, frozenset(needs_type)


def _names(sp: StoredPlace, lexicon: sources.Lexicon) -> list[str]:
    """The Arabic names of a store place the matcher should index: type words cut, unusable ones dropped."""
    out = []
    for name in (sp.name_ar, *sp.names_ar):
        text = " ".join(sources.display(name).split())
        words = text.split()
        if len(words) > 1 and normalize_string(words[0]) in lexicon.type_roles:
            text = " ".join(words[1:])
        k = sources.key(text)
        if not sources.usable_arabic(text) or not k or k in lexicon.never:
            continue
        out.append(text)
    return list(dict.fromkeys(out))


def _known(
    sp: StoredPlace,
    texts: list[str],
    by_key: dict[str, list[Place]],
    by_id: dict[str, Place],
    countries: dict[str, Place],
    provinces: dict[str, Place],
) -> Place | None:
    """The default place a store place is, if it is one."""
    if sp.kind == "country":
        return countries.get(sp.country)
    if sp.kind == "admin1" and sp.admin1 in provinces:
        return provinces[sp.admin1]
    for source, source_id in sp.sources:
        if source == "geonames" and f"gn:{source_id}" in by_id:
            return by_id[f"gn:{source_id}"]
    if sp.latitude is None or sp.longitude is None:
        return None
    here = (sp.latitude, sp.longitude)
    kind = _KIND_MAP.get(sp.kind, sp.kind)
    for text in texts:
        for p in by_key.get(sources.key(text), ()):
            if p.country != sp.country or (p.admin1 and sp.admin1 and p.admin1 != sp.admin1):
                continue
            if p.kind != kind and not (p.kind in _SETTLEMENTS and kind in _SETTLEMENTS):
                continue
            near = p.latitude is not None and p.longitude is not None
            if near and distance_km(here, (p.latitude, p.longitude)) <= MERGE_KM:  # type: ignore[arg-type]
                return p
    return None
