"""ACLED-compatible CSV: ACLED's current columns in ACLED's order, then marsad's own columns.

Column by column (the labels come from `marsad/data/acled/`, see `acled_data`):

* `event_id_cnty`: ISO alpha-3 of the country + a stable number from our id, the first 6 bytes of
  sha256(id) read big-endian as an integer (up to 15 digits), e.g. `IRQ81239915872004`; `XXX` when the
  country is unknown. The same event always gets the same id; two of a million events share one with a
  probability of about 0.2%, and `marsad_id` stays the exact key.
* `time_precision`: 1 day, 2 week, 3 month. `year` and `event_date` come from `date` (ISO, as ACLED's API).
* `inter1`/`inter2`: our actor types, which are ACLED's inter codes (1 state forces ... 8 external forces).
  `interaction` is ACLED's numeric code: both inter codes as digits, the smaller first (1 and 2 -> 12,
  6 and 1 -> 16, 6 and 6 -> 66); with one known actor, its code times 10 (ACLED's "sole" actions, e.g. 60
  sole protester action); empty when neither is known. (ACLED's newer exports spell these as text, e.g.
  "State forces-Rebel group"; `data/acled/taxonomy.yaml` lists the labels.)
* `civilian_targeting`: "Civilian targeting" when actor2 is `Civilians` or of type 7, else empty.
* `iso`: the ISO 3166-1 numeric code as an integer; `region`, `country`, `admin1`: English names.
* `location`: `location_en`, else `location_ar`. `admin2`, `admin3`, `assoc_actor_*`, `source_scale` and
  `tags`: empty (marsad does not know them).
* `source`: the distinct outlets, in the order they reported, joined by "; ".
* `notes`: a one-line English summary built from the fields (the Arabic evidence is in `evidence`).
* `fatalities`: the count, 0 when unreported (as ACLED codes it); `fatalities_reported` keeps the null.
* `timestamp`: unix seconds of the last update (`updated_at`, else the latest source's `published`, else
  midnight UTC of the date).

Write to a text stream opened with `newline=""`: rows end in CRLF and fields are quoted when they hold a
comma, quote or line break (RFC 4180, the csv module's `excel` dialect). Text is written as is (UTF-8).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from marsad.export import acled_data
from marsad.export.fields import event_day, last_update, sources_of

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
MARSAD_COLUMNS = (
    "marsad_id", "event_type_code", "sub_event_type_code", "core", "date_precision", "admin1_code",
    "location_ar", "location_en", "fatalities_reported", "injured", "confidence", "n_sources", "evidence",
    "source_urls", "article_ids",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + MARSAD_COLUMNS


def event_id_cnty(event_id: str, iso3: str | None) -> str:
    number = int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:6], "big")
    return f"{iso3 or 'XXX'}{number}"


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


def _int_or_none(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _notes(event: Mapping[str, Any], sub_label: str, location: str, admin1: str, country: str) -> str:
    places = [location] if location else []
    places += [p for p in (admin1, country) if p and p not in location]
    where = ", ".join(places) or "an unknown place"
    parts = [f"On {event_day(event).isoformat()}, {sub_label.lower()} in {where}"]
    actors = " vs ".join(str(a) for a in (event.get("actor1"), event.get("actor2")) if a)
    if actors:
        parts.append(f"({actors})")
    text = " ".join(parts) + "."
    counts = [f"{event[k]} {word}" for k, word in (("fatalities", "killed"), ("injured", "injured"))
              if event.get(k) is not None]  # fmt: skip
    return text + (" " + ", ".join(counts) + "." if counts else "")


def acled_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """One CSV row (column -> value; None for an empty cell) for one canonical event."""
    event_id = str(event["id"])
    codes = str(event.get("event_type")), str(event.get("sub_event_type"))
    label = acled_data.sub_event_label(*codes, event_id)
    day = event_day(event)
    iso2 = event.get("country")
    country = acled_data.country(str(iso2), event_id) if iso2 else None
    admin1_code = event.get("admin1")
    admin1 = acled_data.admin1_name(str(admin1_code), event_id) if admin1_code else ""
    inter1, inter2 = _int_or_none(event.get("actor1_type")), _int_or_none(event.get("actor2_type"))
    civilian = event.get("actor2") in acled_data.civilian_actors() or inter2 == 7
    location = event.get("location_en") or event.get("location_ar") or ""
    sources = sources_of(event)
    outlets = list(dict.fromkeys(str(s["source"]) for s in sources if s.get("source")))
    fatalities = _int_or_none(event.get("fatalities"))
    return {
        "event_id_cnty": event_id_cnty(event_id, country.iso3 if country else None),
        "event_date": day.isoformat(),
        "year": day.year,
        "time_precision": acled_data.time_precision(event.get("date_precision"), event_id),
        "disorder_type": label.disorder_type,
        "event_type": label.event_type,
        "sub_event_type": label.sub_event_type,
        "actor1": event.get("actor1"),
        "inter1": inter1,
        "actor2": event.get("actor2"),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else None,
        "iso": country.numeric if country else None,
        "region": country.region if country else None,
        "country": country.name if country else None,
        "admin1": admin1,
        "location": location,
        "latitude": event.get("latitude"),
        "longitude": event.get("longitude"),
        "geo_precision": event.get("geo_precision"),
        "source": "; ".join(outlets),
        "notes": _notes(event, label.sub_event_type, location, admin1, country.name if country else ""),
        "fatalities": fatalities or 0,
        "timestamp": int(last_update(event).timestamp()),
        "marsad_id": event_id,
        "event_type_code": event.get("event_type"),
        "sub_event_type_code": event.get("sub_event_type"),
        "core": event.get("core"),
        "date_precision": event.get("date_precision"),
        "admin1_code": admin1_code,
        "location_ar": event.get("location_ar"),
        "location_en": event.get("location_en"),
        "fatalities_reported": fatalities,
        "injured": _int_or_none(event.get("injured")),
        "confidence": event.get("confidence"),
        "n_sources": event.get("n_sources"),
        "evidence": event.get("evidence"),
        "source_urls": " ".join(str(s["url"]) for s in sources if s.get("url")),
        "article_ids": " ".join(str(s["article_id"]) for s in sources if s.get("article_id")),
    }


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_acled_csv(events: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write a header and one row per event to `out`; returns the number of events written."""
    writer = csv.writer(out, dialect="excel")
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        row = acled_row(event)
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
        count += 1
    return count
