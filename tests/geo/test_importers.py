"""Importers on small realistic files, bad rows skipped and counted, and on the real files in ../shared."""

# ruff: noqa: E501 (rows of real file formats are kept on one line each)

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marsad.geo import importers, sources
from marsad.geo.store import Store, open_store
from marsad.geo.user import gazetteer_for
from marsad.text.normalize import normalize

GN_ROWS = [
    # geonameid name asciiname alternatenames lat lon fclass fcode cc cc2 admin1 admin2 admin3 admin4 pop elev dem tz date
    ["98860", "Ad Dujayl", "Ad Dujayl", "Ad Dujayl,Dujail,الدجيل,دجيل", "33.84", "44.23", "P", "PPLA2", "IQ",
     "", "18", "", "", "", "50000", "", "60", "Asia/Baghdad", "2020-01-01"],
    ["99072", "Ad Dawr", "Ad Dawr", "Ad Dawr,الدور", "34.45", "43.79", "P", "PPL", "IQ", "", "18", "", "", "",
     "120000", "", "90", "Asia/Baghdad", "2020-01-01"],
    ["99999", "Jabal Hamrin", "Jabal Hamrin", "جبل حمرين", "34.4", "44.5", "T", "MTS", "IQ", "", "18", "", "",
     "", "0", "", "", "Asia/Baghdad", "2020-01-01"],
    ["99998", "Sharqat", "Sharqat", "Sharqat", "35.5", "43.2", "P", "PPL", "IQ", "", "18", "", "", "", "0", "",
     "", "Asia/Baghdad", "2020-01-01"],
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "g.sqlite")


def test_geonames_dump(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "IQ.txt"
    lines = ["\t".join(r) for r in GN_ROWS]
    lines.insert(2, "12345\tbroken row")
    lines.insert(3, "\t".join([*GN_ROWS[0][:4], "north", *GN_ROWS[0][5:]]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = importers.import_geonames(store, path)
    assert counts.as_dict() == {
        "read": 6,
        "inserted": 2,
        "merged": 0,
        "updated": 0,
        "skipped": 2,
        "ignored": 2,
    }
    assert f"{path}:3:" in counts.errors[0] and "19" in counts.errors[0]
    assert f"{path}:4:" in counts.errors[1] and "latitude" in counts.errors[1]
    places = {p.id: p for p in store.iter_places()}
    dujail = places["geonames:98860"]
    assert (dujail.admin1, dujail.kind, dujail.name_ar) == ("IQ-SD", "town", "الدجيل")
    assert "دجيل" in dujail.names_ar and "Dujail" in dujail.names_en
    assert places["geonames:99072"].kind == "city"
    again = importers.import_geonames(store, path)
    assert (again.inserted, again.updated) == (0, 2)


def test_geonames_jsonl(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "cities.jsonl"
    rows = [
        {"geonameid": 98860, "name": "Ad Dujayl", "latitude": 33.84, "longitude": 44.23, "countrycode": "IQ",
         "population": 50000, "admin1code": "18", "alternatenames": ["Dujail", "الدجيل"]},
        {"geonameid": 7, "name": "Nowhere", "latitude": 33.8, "longitude": 44.2, "countrycode": "Iraq",
         "population": 1, "admin1code": "18", "alternatenames": ["مكان"]},
    ]  # fmt: skip
    path.write_text("\n".join([json.dumps(r, ensure_ascii=False) for r in rows] + ["{not json"]), "utf-8")
    counts = importers.import_geonames(store, path)
    assert (counts.read, counts.inserted, counts.skipped) == (3, 1, 2)
    assert "alpha-2" in counts.errors[0] and "not JSON" in counts.errors[1]


WOF_HEADER = "wof_id\tplacetype\tname\tname_eng\tnames_ara\tlat\tlon\tregion_id\tcounty_id\tlocality_id\tgeonames_id\tpopulation\tcountry"
WOF_ROWS = [
    "1125920661\tlocality\tHīt\tHīt\tهيت\t33.634577\t42.823938\t85672483\t421177881\t1125920661\t95788\t31901\tIQ",
    "85672483\tregion\tAl-Anbar\tAl-Anbar\tالأنبار|محافظة الأنبار\t33.05\t41.65\t85672483\t\t\t99592\t1023776\tIQ",
    "1108562633\tcounty\tMosul\tMosul\t\t36.13\t42.96\t85672429\t1108562633\t\t\t\tIQ",
    "1126072033\tneighbourhood\tAl Kāz̧imīyah\tAl Kāz̧imīyah\tالكاظمية\t33.37\t44.33\t85672447\t1108562793\t421178393\t99172\t\tIQ",
    "1\tlocality\tBad\tBad\tبلدة\tnot-a-number\t44.0\t\t\t\t\t\tIQ",
    "2\tlocality\tShort",
]


def test_wof(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "wof_iq.tsv"
    path.write_text("\n".join([WOF_HEADER, *WOF_ROWS]) + "\n", encoding="utf-8")
    counts = importers.import_wof(store, path)
    assert counts.as_dict() == {
        "read": 6,
        "inserted": 3,
        "merged": 0,
        "updated": 0,
        "skipped": 2,
        "ignored": 1,
    }
    assert f"{path}:6:" in counts.errors[0] and f"{path}:7:" in counts.errors[1]
    places = {p.id: p for p in store.iter_places()}
    assert places["wof:1125920661"].admin1 == "IQ-AN"  # through its region, matched by Arabic name
    assert places["wof:85672483"].kind == "admin1" and places["wof:85672483"].admin1 == "IQ-AN"
    assert places["wof:1126072033"].admin1 == "IQ-BG"  # region not in the file: nearest centroid
    assert places["wof:1126072033"].kind == "neighbourhood"
    before = store.dump()
    importers.import_wof(store, path)
    assert store.dump() == before


OCHA_ADM2 = """ADM2_EN,ADM2_AR,ADM2_PCODE,ADM2_REF,ADM2ALT1_EN,ADM2ALT2_EN,ADM2ALT1_AR,ADM2ALT2_AR,ADM1_EN,ADM1_AR,ADM1_PCODE,ADM0_EN,ADM0_AR,ADM0_PCODE,DATE,VALIDON,VALIDTO,AREA_SQKM
Abu Al-Khaseeb,ابي الخصيب,IQG02Q01,,,,,,Al-Basrah,البصرة,IQG02,Iraq,العراق,IQ,43615,43619,,1144.36
Afaq,عفك,IQG05Q01,,,,,,Al-Qadissiya,القادسية,IQG05,Iraq,العراق,IQ,43615,43619,,3878.03
Nowhere,لا مكان,XXG99Q01,,,,,,Atlantis,أطلانتس,IQG99,Iraq,العراق,IQ,43615,43619,,1
Broken,row
"""


def test_ocha(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "adm2.csv"
    path.write_text(OCHA_ADM2, encoding="utf-8")
    counts = importers.import_ocha(store, path)
    assert (counts.read, counts.inserted, counts.skipped) == (4, 2, 2)
    assert "Atlantis" in counts.errors[0] and f"{path}:4:" in counts.errors[0]
    assert f"{path}:5:" in counts.errors[1]
    places = {p.id: p for p in store.iter_places()}
    assert places["ocha:IQG02Q01"].admin1 == "IQ-BA" and places["ocha:IQG02Q01"].kind == "admin2"
    assert places["ocha:IQG05Q01"].admin1 == "IQ-QA" and places["ocha:IQG05Q01"].parent == "ocha:IQG05"
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ADMn_PCODE"):
        importers.import_ocha(store, tmp_path / "other.csv")


def test_csv_with_mapping(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "dtm.csv"
    path.write_text(
        "location_id,governorate,name_en,name_ar,lat,lon\n"
        "1101001,Dahuk,Amedi,عمادية,37.09,43.48\n"
        "1101002,صلاح الدين,Camp,مخيم كبرتو 1,34.6,43.67\n"
        "1101003,Dahuk,Latin,Aradin,37.1,43.3\n"
        "1101004,Dahuk,Bad,باطوفة,95.0,43.3\n"
        "1101005,Narnia,Far,بعيد,37.0,43.0\n",
        encoding="utf-8",
    )
    mapping = "id=location_id,name_ar=name_ar,name_en=name_en,lat=lat,lon=lon,admin1=governorate,country=IQ"
    counts = importers.import_csv(store, path, mapping)
    assert counts.as_dict() == {
        "read": 5,
        "inserted": 2,
        "merged": 0,
        "updated": 0,
        "skipped": 2,
        "ignored": 1,
    }
    assert "latitude out of range" in counts.errors[0] and "Narnia" in counts.errors[1]
    places = {p.source_id: p for p in store.iter_places()}
    assert places["1101001"].admin1 == "IQ-DA" and places["1101001"].country == "IQ"
    assert places["1101002"].name_ar == "مخيم كبرتو" and places["1101002"].admin1 == "IQ-SD"
    with pytest.raises(ValueError, match="no column"):
        importers.import_csv(store, path, "name_ar=arabic,country=IQ")
    with pytest.raises(ValueError, match="unknown mapping key"):
        importers.parse_mapping("name_ar=name_ar,colour=x")
    with pytest.raises(FileNotFoundError):
        importers.import_csv(store, tmp_path / "missing.csv", mapping)


@pytest.mark.parametrize("kind", ["csv", "geonames"])
def test_a_row_with_invalid_bytes_is_one_skipped_row(store: Store, tmp_path: Path, kind: str) -> None:
    # An invalid UTF-8 byte costs its own row, never the file (it used to fail the whole import).
    if kind == "csv":
        good = ["name_ar,name_en,lat,lon", "كركوك,Kirkuk,35.47,44.39", "بيجي,Baiji,34.93,43.49"]
        bad = b"\xff\xfe bad,Bad,1.0,2.0"
    else:
        row = ["{id}", "{name}", "{name}", "{ar}", "{lat}", "{lon}", "P", "PPL", "IQ", "", "03", "", "", ""]
        row += ["1000", "", "100", "Asia/Baghdad", "2020-01-01"]
        tmpl = "\t".join(row)
        good = [
            tmpl.format(id=1, name="Kirkuk", ar="كركوك", lat=35.47, lon=44.39),
            tmpl.format(id=2, name="Baiji", ar="بيجي", lat=34.93, lon=43.49),
        ]
        bad = tmpl.format(id=3, name="Bad", ar="x", lat=1, lon=2).encode().replace(b"\tx\t", b"\t\xff\t")
    path = tmp_path / f"bad.{kind}"
    path.write_bytes((good[0] + "\n").encode() + bad + b"\n" + "\n".join(good[1:]).encode() + b"\n")
    if kind == "csv":
        counts = importers.import_csv(
            store, path, "name_ar=name_ar,name_en=name_en,lat=lat,lon=lon,country=IQ"
        )
    else:
        counts = importers.import_geonames(store, path)
    assert counts.skipped == 1 and counts.inserted == 2
    assert counts.errors[0].startswith(f"{path}:2: not UTF-8")


# -- the real files


@pytest.fixture(scope="module")
def ocha_store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("ocha") / "g.sqlite"
    with open_store(path) as store:
        for level in (1, 2, 3):
            counts = importers.import_ocha(store, shared_dir / "gazetteer" / f"irq_cod_ADM{level}.csv")
            assert counts.skipped == 0
    return path


def test_real_ocha_governorates_all_map_to_iso(ocha_store: Path) -> None:
    with open_store(ocha_store) as store:
        places = list(store.iter_places())
    governorates = {p.source_id: p.admin1 for p in places if p.kind == "admin1"}
    assert len(governorates) == 18 and all(code and code.startswith("IQ-") for code in governorates.values())
    assert len(set(governorates.values())) == 18
    assert governorates["IQG15"] == "IQ-NI" and governorates["IQG17"] == "IQ-DQ"
    districts = [p for p in places if p.kind == "admin2"]
    assert len(districts) > 90 and all(p.admin1 for p in districts)
    assert sum(p.kind == "admin3" for p in places) > 250


def _unknown_to_default(shared_dir: Path, level: int) -> tuple[str, str]:
    """The Arabic name and governorate code of the first unit of an OCHA level the default data lacks."""
    default = gazetteer_for(None)
    index = importers.Admin1Index.default()
    with (shared_dir / "gazetteer" / f"irq_cod_ADM{level}.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row[f"ADM{level}_AR"]
            if sources.usable_arabic(name) and not default.find(normalize(f"هجوم في {name} امس")):
                code = index.by_name("IQ", [row["ADM1_AR"]], [row["ADM1_EN"]])
                assert code is not None
                return name, code
    raise AssertionError(f"every ADM{level} name is in the default gazetteer")


def test_real_store_places_resolve_in_text(ocha_store: Path, shared_dir: Path) -> None:
    gaz = gazetteer_for(str(ocha_store))
    assert gaz is gazetteer_for(str(ocha_store))  # cached while the store is unchanged
    text = "قتل مدنيان بانفجار عبوة ناسفة في قضاء عين التمر، وأصيب ثالث في ناحية أبي غرق جنوبي الحلة"
    found = {m.text: m for m in gaz.find(normalize(text))}
    assert found["عين التمر"].place.admin1 == "IQ-KA" and found["عين التمر"].type_word == "قضاء"
    assert found["أبي غرق"].place.admin1 == "IQ-BB"
    assert found["الحلة"].place.admin1 == "IQ-BB"
    # Names only the store knows: a district and a sub-district the default data lacks.
    for level in (2, 3):
        name, code = _unknown_to_default(shared_dir, level)
        mentions = gaz.find(normalize(f"قتل شرطي في هجوم مسلح على {name} فجر اليوم"))
        assert [(m.text, m.place.admin1) for m in mentions] == [(name, code)]
        assert mentions[0].place.id.startswith("ocha:")
    # Known names keep their default readings: the governorate is still the ISO place.
    mentions = gaz.find(normalize("اشتباكات في محافظة نينوى"))
    assert [m.place.id for m in mentions] == ["iso:IQ-NI"]


def test_real_wof_and_geonames(shared_dir: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "g.sqlite") as store:
        wof = importers.import_wof(store, shared_dir / "gazetteer" / "wof_iq.tsv")
        assert wof.read > 20_000 and wof.inserted > 15_000 and wof.skipped == 0
        gn = importers.import_geonames(store, shared_dir / "gazetteer" / "geonames_cities500_mena.jsonl")
        assert gn.read > 8_000 and gn.inserted > 3_000 and gn.merged > 50 and gn.skipped == 0
        stats = store.stats()
        assert stats["by_country"]["IQ"] > 15_000 and stats["linked"] == gn.merged
        assert [i["source"] for i in stats["imports"]] == ["wof", "geonames"]
        missing = store.conn.execute("SELECT COUNT(*) FROM places WHERE admin1 IS NULL AND kind != 'country'")
        assert missing.fetchone()[0] == 0
