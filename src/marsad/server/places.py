"""`/places`: search the active gazetteer (the default places plus an imported store named by
$MARSAD_GAZETTEER) by Arabic or English name.

Arabic names are compared in their normalized form (`normalize_string`: alef, ya, ta marbuta, diacritics,
tatweel), so بغداد finds بَغْداد; English ones case-insensitively. Exact names come first, then names that
start with the query, then names that contain it; within each, countries before provinces before towns,
larger places first.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from marsad.geo.gazetteer import Gazetteer
from marsad.geo.places import KINDS, Place
from marsad.geo.user import active_gazetteer
from marsad.text.normalize import normalize_string


@dataclass(frozen=True, slots=True)
class _Entry:
    ar: str
    en: str
    place: Place


@functools.lru_cache(maxsize=2)
def _index(gazetteer: Gazetteer) -> tuple[_Entry, ...]:
    return tuple(
        _Entry(normalize_string(p.name_ar), p.name_en.casefold(), p)
        for p in gazetteer.places
        if p.name_ar or p.name_en
    )


def _rank(entry: _Entry, q_ar: str, q_en: str) -> int | None:
    """0 exact, 1 prefix, 2 substring (of either name); None when neither name matches."""
    best = None
    for name, q in ((entry.ar, q_ar), (entry.en, q_en)):
        if not q or q not in name:
            continue
        rank = 0 if name == q else 1 if name.startswith(q) else 2
        best = rank if best is None else min(best, rank)
    return best


def search(q: str, country: str | None, limit: int) -> list[dict[str, Any]]:
    q_ar = normalize_string(q.strip())
    q_en = q.strip().casefold()
    found = []
    for entry in _index(active_gazetteer()):
        if country is not None and entry.place.country != country:
            continue
        rank = _rank(entry, q_ar, q_en) if q_ar else 2
        if rank is not None:
            found.append((rank, entry.place))
    kind_order = {k: i for i, k in enumerate(KINDS)}
    found.sort(key=lambda rp: (rp[0], kind_order.get(rp[1].kind, 99), -(rp[1].population or 0), rp[1].id))
    return [_place(p) for _, p in found[:limit]]


def _place(p: Place) -> dict[str, Any]:
    return {
        "id": p.id,
        "name_ar": p.name_ar,
        "name_en": p.name_en,
        "kind": p.kind,
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "parent": p.parent,
        "lat": p.latitude,
        "lon": p.longitude,
    }
