"""Importers of place lists users bring into a gazetteer store (`geo.store`).

- `import_geonames`: a GeoNames dump (`IQ.txt`: 19 tab-separated columns, alternate names comma-separated),
  or the JSONL form (`geonameid, name, latitude, longitude, countrycode, population, admin1code,
  alternatenames`).
- `import_wof`: a flattened Who's On First export (`wof_id, placetype, name, name_eng, names_ara, lat, lon,
  region_id, county_id, locality_id, geonames_id, population, country`).
- `import_ocha`: an OCHA common operational dataset admin list (`ADMn_EN, ADMn_AR, ADMn_PCODE, ...`).
- `import_csv`: any CSV, with a column mapping (`name_ar=COL,name_en=COL,lat=COL,lon=COL,...`).

Every importer streams its file, runs in one store transaction, and never aborts for one bad row: the row
is logged as `FILE:LINE: reason`, skipped and counted. Provinces become ISO 3166-2 codes: GeoNames admin1
codes through the curated table `data/geo/geonames_admin1.tsv`, province names (OCHA, WOF regions, CSV)
by matching their Arabic or English name against the default gazetteer's first-level subdivisions, and,
when neither works, the nearest subdivision centroid.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.geo import sources
from marsad.geo.places import Place
from marsad.geo.store import STORE_KINDS, ImportCounts, PlaceRecord, Store

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
_MAX_ERRORS = 50  # messages kept in ImportCounts.errors; every one is logged


class RowError(ValueError):
    """A malformed row: the message says what is wrong with it."""


# -- provinces


class Admin1Index:
    """ISO 3166-2 codes of first-level subdivisions by Arabic or English name, and by nearest centroid."""

    def __init__(self, admin1_places: Iterable[Place], names: Iterable[sources.Name]) -> None:
        self._by_key: dict[tuple[str, str], set[str]] = {}
        self._centroids: dict[str, list[tuple[str, float, float]]] = {}
        self.codes: set[str] = set()
        for p in admin1_places:
            if p.kind != "admin1" or not p.admin1:
                continue
            self.codes.add(p.admin1)
            self._add(p.country, _en_key(p.name_en), p.admin1)
            self._add(p.country, _skeleton(p.name_en), p.admin1)
            if p.latitude is not None and p.longitude is not None:
                self._centroids.setdefault(p.country, []).append((p.admin1, p.latitude, p.longitude))
        for n in names:
            if n.place.kind == "admin1" and n.place.admin1:
                self._add(n.place.country, sources.key(n.text), n.place.admin1)

    def _add(self, country: str, k: str, code: str) -> None:
        if k:
            self._by_key.setdefault((country, k), set()).add(code)

    @classmethod
    @functools.cache
    def default(cls) -> Admin1Index:
        names = list(sources.admin1_names())
        return cls([n.place for n in names], names)

    def by_name(self, country: str, names_ar: Iterable[str] = (), names_en: Iterable[str] = ()) -> str | None:
        """The code of the one subdivision of `country` a name names, if one does."""
        keys = [sources.key(_strip_type(n)) for n in names_ar if n] + [_en_key(n) for n in names_en if n]
        keys += [_skeleton(n) for n in names_en if n]
        for k in keys:
            codes = self._by_key.get((country, k))
            if codes and len(codes) == 1:
                return next(iter(codes))
        return None

    def nearest(self, country: str, lat: float | None, lon: float | None) -> str | None:
        if lat is None or lon is None or not self._centroids.get(country):
            return None
        scale = math.cos(math.radians(lat))
        return min(self._centroids[country], key=lambda c: math.hypot(c[1] - lat, (c[2] - lon) * scale))[0]

    def resolve(
        self,
        country: str,
        value: str | None = None,
        names_ar: Iterable[str] = (),
        names_en: Iterable[str] = (),
        lat: float | None = None,
        lon: float | None = None,
    ) -> str | None:
        """A code given as is (IQ-BG), else a name, else the nearest centroid."""
        if value and value.strip().upper() in self.codes:
            return value.strip().upper()
        if value:
            names_ar, names_en = [value, *names_ar], [value, *names_en]
        return self.by_name(country, names_ar, names_en) or self.nearest(country, lat, lon)


_EN_DROP = re.compile(r"^(al|an|ar|as|ad|at|az|ash|ath|el)[- ]|governorate|province|muhafazat|[^a-z]")
_TYPE_PREFIXES = ("محافظة ", "محافظه ", "منطقة ", "ولاية ", "مديرية ", "قضاء ", "ناحية ", "لواء ")


def _en_key(name: str | None) -> str:
    """An English name reduced for comparison: 'Al-Anbar' and 'Anbar' agree, as do 'Ninewa' and 'NINEWA'."""
    text = (name or "").lower().strip()
    for _ in range(2):
        text = _EN_DROP.sub("", text)
    return text


def _skeleton(name: str | None) -> str:
    """Consonants of an English transliteration, doubles collapsed, so that spellings of one name agree
    (Dahuk/Duhok, Thi-Qar/Dhi Qar, Ninewa/Nineveh, Salah al-Din/Saladin, Basrah/Basra)."""
    text = (name or "").lower().replace("th", "d").replace("v", "w").replace("q", "k")
    text = re.sub(r"[^a-z]|[aeiouyh]", "", _EN_DROP.sub("", text))
    return "~" + re.sub(r"(.)\1+", r"\1", text) if len(text) >= 2 else ""


def _strip_type(name: str) -> str:
    for prefix in _TYPE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            return name[len(prefix) :]
    return name


@functools.cache
def _geonames_admin1() -> dict[tuple[str, str], str]:
    mapping: dict[tuple[str, str], str] = {}
    for line in sources._data("geonames_admin1.tsv").splitlines():
        if line and not line.startswith(("#", "country\t")):
            cc, gn, iso = line.split("\t")
            mapping[(cc, gn)] = iso
    return mapping


# -- shared machinery


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    return p


def _run(
    store: Store,
    source: str,
    path: Path,
    rows: Iterable[tuple[int, Any]],
    convert: Callable[[Any], PlaceRecord | None],
    progress: Progress | None,
) -> ImportCounts:
    """Convert numbered rows to records and merge them in one transaction, skipping and counting bad rows."""
    counts = ImportCounts()

    def records() -> Iterator[PlaceRecord]:
        for line_no, row in rows:
            counts.read += 1
            if progress is not None:
                progress(1)
            if _undecodable(row):
                _bad(counts, f"{path}:{line_no}: not UTF-8 text (invalid bytes); row skipped")
                continue
            try:
                rec = convert(row)
            except (RowError, ValueError, KeyError, IndexError, TypeError) as err:
                _bad(counts, f"{path}:{line_no}: {err}; row skipped")
                continue
            if rec is None:
                counts.ignored += 1
                continue
            yield rec

    store.import_places(records(), source, str(path.resolve()), file_sha256(path), counts)
    if counts.skipped > len(counts.errors):
        log.warning(
            "%s: %d more malformed rows skipped (-vv lists them)", path, counts.skipped - len(counts.errors)
        )
    log.info("%s: %s", path, counts.as_dict())
    return counts


def _bad(counts: ImportCounts, message: str) -> None:
    counts.skipped += 1
    if len(counts.errors) < _MAX_ERRORS:
        log.warning("%s", message)
        counts.errors.append(message)
    else:
        log.debug("%s", message)


def _float(value: Any, what: str, low: float, high: float) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise RowError(f"{what} is not a number: {value!r}") from None
    if not low <= x <= high or math.isnan(x):
        raise RowError(f"{what} out of range: {value!r}")
    return x


def _int(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        n = int(float(value))
    except (TypeError, ValueError):
        raise RowError(f"population is not a number: {value!r}") from None
    return n if n > 0 else None


_BRACKETS = re.compile(r"[()\[\]]")
_NOISE = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9_.,;:/\\\-]+")


def _arabic(names: Iterable[str]) -> list[str]:
    """The usable Arabic names among `names`, as news prints them, in order, without repeats. A bracketed
    part is a name of its own and numbers are dropped: مخيم كبرتو 1 -> مخيم كبرتو, شورش (الجمعية) -> both."""
    out = []
    for name in names:
        for part in _BRACKETS.split(name or ""):
            text = " ".join(_NOISE.sub(" ", sources.display(part)).split())
            if text and sources.usable_arabic(text):
                out.append(text)
    return list(dict.fromkeys(out))


def _country(value: Any) -> str:
    cc = str(value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", cc):
        raise RowError(f"country is not an ISO 3166-1 alpha-2 code: {value!r}")
    return cc


def _settlement(population: int | None) -> str:
    return "city" if (population or 0) >= 100_000 else "town"


# Files are read with errors="surrogateescape": an invalid byte becomes a lone surrogate in its row, so that
# one row is reported and skipped instead of the decoder failing the whole file.
_SURROGATE = re.compile("[\udc80-\udcff]")


def _undecodable(row: object) -> bool:
    if isinstance(row, str):
        return _SURROGATE.search(row) is not None
    if isinstance(row, dict):
        return any(_undecodable(v) for v in row.values())
    if isinstance(row, list | tuple):
        return any(_undecodable(v) for v in row)
    return False


def _numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        for line_no, line in enumerate(fh, 1):
            if line.strip():
                yield line_no, line.rstrip("\r\n")


def _csv_rows(path: Path, delimiter: str = ",") -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header of a CSV file and its rows as dicts, numbered by the file's line."""
    fh = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        return [], iter(())
    header = [h.strip() for h in header]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with fh:
            line_no = reader.line_num
            for values in reader:
                start, line_no = line_no + 1, reader.line_num
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    yield start, {"__error__": f"{len(values)} columns, the header has {len(header)}"}
                    continue
                yield start, dict(zip(header, values, strict=True))

    return header, rows()


def _checked(row: dict[str, str]) -> dict[str, str]:
    if "__error__" in row:
        raise RowError(row["__error__"])
    return row


# -- GeoNames

#: GeoNames feature codes kept, by the kind they become; populated places (class P) are towns or cities.
_GN_KINDS = {
    "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "ADMD": "admin2", "PCLI": "country",
    "PPLX": "neighbourhood", "AIRP": "facility", "AIRB": "facility", "AIRF": "facility", "MILB": "facility",
    "INSM": "facility", "PRN": "facility", "DAM": "facility", "PRT": "facility", "OILR": "facility",
    "CMP": "facility", "CMPRF": "facility", "RGN": "region", "AREA": "region", "OAS": "region",
}  # fmt: skip
_GN_COLUMNS = 19


def import_geonames(store: Store, path: str | Path, progress: Progress | None = None) -> ImportCounts:
    """A GeoNames country dump (IQ.txt, allCountries.txt) or its JSONL form (one city object a line)."""
    p = _check_file(path)
    index = Admin1Index.default()
    with p.open(encoding="utf-8-sig", errors="surrogateescape") as fh:
        first = next((line for line in fh if line.strip()), "")
    if first.lstrip().startswith("{"):
        rows: Iterable[tuple[int, Any]] = _numbered_lines(p)
        return _run(store, "geonames", p, rows, lambda line: _geonames_json(line, index), progress)
    rows = ((n, line.split("\t")) for n, line in _numbered_lines(p) if not line.startswith("#"))
    return _run(store, "geonames", p, rows, lambda cols: _geonames_row(cols, index), progress)


def _geonames_record(
    index: Admin1Index,
    gid: Any,
    name: str,
    alternates: list[str],
    lat: Any,
    lon: Any,
    cc: Any,
    admin1code: Any,
    population: Any,
    kind: str,
) -> PlaceRecord | None:
    gid = str(gid).strip()
    if not gid.isdigit():
        raise RowError(f"geonameid is not a number: {gid!r}")
    latitude = _float(lat, "latitude", -90, 90)
    longitude = _float(lon, "longitude", -180, 180)
    if latitude is None or longitude is None:
        raise RowError("no coordinates")
    country = _country(cc)
    names_ar = _arabic(alternates)
    if not names_ar:
        return None  # no Arabic name: nothing the gazetteer could match
    pop = _int(population)
    admin1 = _geonames_admin1().get((country, str(admin1code or "").strip()))
    if kind == "admin1":
        admin1 = admin1 or index.by_name(country, names_ar, [name])
    admin1 = admin1 or index.nearest(country, latitude, longitude)
    if kind == "settlement":
        kind = _settlement(pop)
    en = [a for a in alternates if a and a.isascii() and a != name][:5]
    return PlaceRecord(
        source="geonames", source_id=gid, kind=kind, name_ar=names_ar[0], name_en=name or None,
        country=country, admin1=admin1 if kind != "country" else None, latitude=latitude,
        longitude=longitude, population=pop, names_ar=tuple(names_ar[1:]), names_en=tuple(en),
    )  # fmt: skip


def _geonames_row(cols: list[str], index: Admin1Index) -> PlaceRecord | None:
    if len(cols) != _GN_COLUMNS:
        raise RowError(f"{len(cols)} tab-separated columns, a GeoNames dump has {_GN_COLUMNS}")
    fclass, fcode = cols[6].strip(), cols[7].strip()
    kind = _GN_KINDS.get(fcode) or ("settlement" if fclass == "P" else None)
    if kind is None:
        return None  # mountains, wells, streams ...: not places news locates events in
    return _geonames_record(
        index, cols[0], cols[1], cols[3].split(","), cols[4], cols[5], cols[8], cols[10], cols[14], kind
    )


def _geonames_json(line: str, index: Admin1Index) -> PlaceRecord | None:
    try:
        obj = json.loads(line)
    except ValueError as err:
        raise RowError(f"not JSON: {err}") from None
    if not isinstance(obj, dict):
        raise RowError("not a JSON object")
    alternates = list(obj.get("alternatenames") or []) + list(obj.get("arabic_names") or [])
    if "geonameid" not in obj:
        raise RowError("no geonameid")
    return _geonames_record(
        index, obj["geonameid"], str(obj.get("name") or ""), alternates, obj.get("latitude"),
        obj.get("longitude"), obj.get("countrycode"), obj.get("admin1code"), obj.get("population"),
        "settlement",
    )  # fmt: skip


# -- Who's On First

_WOF_KINDS = {
    "country": "country", "macroregion": "region", "region": "admin1", "macrocounty": "admin2",
    "county": "admin2", "localadmin": "admin3", "locality": "settlement", "borough": "neighbourhood",
    "macrohood": "neighbourhood", "neighbourhood": "neighbourhood", "microhood": "neighbourhood",
    "campus": "facility",
}  # fmt: skip
_WOF_COLUMNS = ("wof_id", "placetype", "name", "name_eng", "names_ara", "lat", "lon", "region_id",
                "county_id", "locality_id", "geonames_id", "population", "country")  # fmt: skip


def import_wof(store: Store, path: str | Path, progress: Progress | None = None) -> ImportCounts:
    """A flattened Who's On First export (`wof_iq.tsv`). Regions are read first, to know their codes."""
    p = _check_file(path)
    index = Admin1Index.default()
    header, rows = _csv_rows(p, "\t")
    missing = [c for c in ("wof_id", "placetype", "names_ara", "lat", "lon", "country") if c not in header]
    if missing:
        raise ValueError(f"{p}: not a flattened WOF file (no column {', '.join(missing)})")
    regions: dict[str, str] = {}
    _, first_pass = _csv_rows(p, "\t")
    for _, row in first_pass:
        if row.get("placetype") == "region":
            try:
                cc = _country(row.get("country"))
                lat = _float(row.get("lat"), "latitude", -90, 90)
                lon = _float(row.get("lon"), "longitude", -180, 180)
            except RowError:
                continue
            code = index.resolve(cc, None, row["names_ara"].split("|"), [row.get("name_eng", "")], lat, lon)
            if code:
                regions[row["wof_id"].strip()] = code
    return _run(store, "wof", p, rows, lambda row: _wof_row(_checked(row), regions, index), progress)


def _wof_row(row: dict[str, str], regions: dict[str, str], index: Admin1Index) -> PlaceRecord | None:
    wof_id = row["wof_id"].strip()
    if not wof_id.lstrip("-").isdigit():
        raise RowError(f"wof_id is not a number: {wof_id!r}")
    kind = _WOF_KINDS.get(row["placetype"].strip())
    if kind is None:
        return None
    lat = _float(row["lat"], "latitude", -90, 90)
    lon = _float(row["lon"], "longitude", -180, 180)
    country = _country(row["country"])
    names_ar = _arabic(row["names_ara"].split("|"))
    if not names_ar:
        return None
    # A name that is only the type word and another place's name (محافظة أربيل on the city) says nothing new.
    pop = _int(row.get("population"))
    if kind == "settlement":
        kind = _settlement(pop)
    region, county, locality = (row.get(c, "").strip() for c in ("region_id", "county_id", "locality_id"))
    admin1 = None
    if kind != "country":
        admin1 = regions.get(region) or (regions.get(wof_id) if kind == "admin1" else None)
        admin1 = admin1 or index.nearest(country, lat, lon)
    containers = [c for c in (locality, county, region) if c and c not in ("-1", "0", wof_id)]
    en = row.get("name_eng", "").strip() or row.get("name", "").strip() or None
    other_en = tuple(n for n in (row.get("name", "").strip(),) if n and n != en)
    return PlaceRecord(
        source="wof", source_id=wof_id, kind=kind, name_ar=names_ar[0], name_en=en, country=country,
        admin1=admin1, admin2=f"wof:{county}" if county and county != wof_id and kind != "admin2" else None,
        parent=f"wof:{containers[0]}" if containers else None, latitude=lat, longitude=lon,
        population=pop, names_ar=tuple(names_ar[1:]), names_en=other_en,
    )  # fmt: skip


# -- OCHA common operational datasets

_OCHA_KINDS = {0: "country", 1: "admin1", 2: "admin2", 3: "admin3", 4: "admin3"}


def import_ocha(store: Store, path: str | Path, progress: Progress | None = None) -> ImportCounts:
    """An OCHA COD admin list (irq_cod_ADM2.csv): the level is the deepest ADMn_PCODE column."""
    p = _check_file(path)
    header, rows = _csv_rows(p)
    levels = [int(m.group(1)) for h in header if (m := re.fullmatch(r"ADM(\d)_PCODE", h))]
    if not levels:
        raise ValueError(f"{p}: not an OCHA admin list (no ADMn_PCODE column)")
    level = max(levels)
    index = Admin1Index.default()
    admin1_cache: dict[str, str | None] = {}
    return _run(
        store, "ocha", p, rows, lambda row: _ocha_row(_checked(row), level, index, admin1_cache), progress
    )


def _ocha_country(row: dict[str, str]) -> str:
    code = (row.get("ADM0_PCODE") or "").strip().upper()
    return _country(code[:2] if code else row.get("ADM1_PCODE", "")[:2])


def _ocha_row(
    row: dict[str, str], level: int, index: Admin1Index, admin1_cache: dict[str, str | None]
) -> PlaceRecord | None:
    pre = f"ADM{level}"
    pcode = row.get(f"{pre}_PCODE", "").strip()
    if not pcode:
        raise RowError(f"no {pre}_PCODE")
    names_ar = _arabic([row.get(f"{pre}_AR", ""), row.get(f"{pre}ALT1_AR", ""), row.get(f"{pre}ALT2_AR", "")])
    en = row.get(f"{pre}_EN", "").strip() or None
    if not names_ar:
        if en is None:
            raise RowError(f"no {pre}_AR or {pre}_EN name")
        return None
    country = _ocha_country(row)
    admin1 = None
    if level >= 1:
        p1 = row.get("ADM1_PCODE", "").strip()
        if p1 not in admin1_cache:
            admin1_cache[p1] = index.by_name(
                country,
                _arabic([row.get("ADM1_AR", ""), row.get("ADM1ALT1_AR", ""), row.get("ADM1ALT2_AR", "")]),
                [row.get("ADM1_EN", ""), row.get("ADM1ALT1_EN", ""), row.get("ADM1ALT2_EN", "")],
            )
        admin1 = admin1_cache[p1]
        if admin1 is None:
            raise RowError(
                f"governorate {row.get('ADM1_EN', '')!r} / {row.get('ADM1_AR', '')!r} ({p1}) matches no"
                f" ISO 3166-2 subdivision of {country}"
            )
    other_en = tuple(n for n in (row.get(f"{pre}ALT1_EN", ""), row.get(f"{pre}ALT2_EN", "")) if n.strip())
    parent = row.get(f"ADM{level - 1}_PCODE", "").strip() if level >= 1 else ""
    admin2 = row.get("ADM2_PCODE", "").strip() if level >= 3 else ""
    return PlaceRecord(
        source="ocha", source_id=pcode, kind=_OCHA_KINDS[level], name_ar=names_ar[0], name_en=en,
        country=country, admin1=admin1, admin2=admin2 or None, parent=f"ocha:{parent}" if parent else None,
        names_ar=tuple(names_ar[1:]), names_en=other_en,
    )  # fmt: skip


# -- any CSV

MAPPING_KEYS = ("id", "name_ar", "name_en", "lat", "lon", "country", "admin1", "admin2", "kind", "population")
_KIND_WORDS = {
    "village": "town", "locality": "town", "settlement": "town", "district": "admin2", "county": "admin2",
    "subdistrict": "admin3", "sub-district": "admin3", "governorate": "admin1", "province": "admin1",
    "neighborhood": "neighbourhood", "quarter": "neighbourhood", "camp": "facility", "airport": "facility",
    "base": "facility",
}  # fmt: skip


def parse_mapping(text: str) -> dict[str, str]:
    """`name_ar=COL,lat=COL,...` as a dict; raises ValueError naming a bad part."""
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        k, sep, v = part.partition("=")
        k = k.strip()
        if not sep or not v.strip():
            raise ValueError(f"mapping part {part!r} is not KEY=COLUMN")
        if k not in MAPPING_KEYS:
            raise ValueError(f"unknown mapping key {k!r} (known: {', '.join(MAPPING_KEYS)})")
        out[k] = v.strip()
    return out


def import_csv(
    store: Store, path: str | Path, mapping: dict[str, str] | str, progress: Progress | None = None
) -> ImportCounts:
    """Any CSV (or TSV, by its extension) with a column mapping. `name_ar` is required; `country` and
    `kind` may name a column or, when no column has that name, give a constant (`country=IQ`, `kind=town`).
    `admin1` may hold ISO codes or province names; `id` gives stable source ids (else name, country and
    coordinates make one). Kinds outside the gazetteer's are read as their nearest one (village -> town)."""
    p = _check_file(path)
    cols = parse_mapping(mapping) if isinstance(mapping, str) else dict(mapping)
    if "name_ar" not in cols:
        raise ValueError("the mapping needs name_ar=COLUMN")
    header, rows = _csv_rows(p, "\t" if p.suffix.lower() in (".tsv", ".tab") else ",")
    constants: dict[str, str] = {}
    for k in ("country", "kind"):
        if k in cols and cols[k] not in header:
            constants[k] = cols.pop(k)
    missing = [c for c in cols.values() if c not in header]
    if missing:
        raise ValueError(
            f"{p}: no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(header)})"
        )
    if "country" not in cols and "country" not in constants:
        raise ValueError("the mapping needs country=COLUMN or country=CODE")
    index = Admin1Index.default()
    source = f"csv:{p.stem}"
    return _run(
        store, source, p, rows, lambda row: _csv_row(_checked(row), cols, constants, index, source), progress
    )


def _csv_row(
    row: dict[str, str], cols: dict[str, str], constants: dict[str, str], index: Admin1Index, source: str
) -> PlaceRecord | None:
    def get(k: str) -> str:
        return row[cols[k]].strip() if k in cols else ""

    if not get("name_ar"):
        raise RowError(f"no Arabic name in column {cols['name_ar']!r}")
    names_ar = _arabic(get("name_ar").split("|"))
    if not names_ar:
        return None  # Latin or Kurdish letters only: nothing an Arabic text would spell so
    lat = _float(get("lat"), "latitude", -90, 90)
    lon = _float(get("lon"), "longitude", -180, 180)
    country = _country(constants.get("country") or get("country"))
    raw_kind = (constants.get("kind") or get("kind") or "town").strip().lower()
    kind = _KIND_WORDS.get(raw_kind, raw_kind)
    if kind not in STORE_KINDS:
        raise RowError(f"unknown kind {raw_kind!r}")
    pop = _int(get("population"))
    if kind == "town" and (pop or 0) >= 100_000:
        kind = "city"
    admin1 = None
    if kind != "country":
        given = get("admin1")
        admin1 = index.resolve(country, given) if given else index.nearest(country, lat, lon)
        if given and admin1 is None:
            raise RowError(f"province {get('admin1')!r} matches no ISO 3166-2 subdivision of {country}")
    source_id = (
        get("id")
        or hashlib.sha1(f"{names_ar[0]}|{country}|{lat}|{lon}".encode(), usedforsecurity=False).hexdigest()[
            :16
        ]
    )
    en = get("name_en") or None
    return PlaceRecord(
        source=source, source_id=source_id, kind=kind, name_ar=names_ar[0], name_en=en, country=country,
        admin1=admin1, admin2=get("admin2") or None, latitude=lat, longitude=lon, population=pop,
        names_ar=tuple(names_ar[1:]),
    )  # fmt: skip


IMPORTERS: dict[str, Callable[..., ImportCounts]] = {
    "geonames": import_geonames,
    "wof": import_wof,
    "ocha": import_ocha,
    "csv": import_csv,
}
