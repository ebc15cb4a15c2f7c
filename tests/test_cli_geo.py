"""`marsad gazetteer import/stats` and `marsad geocode` end to end, in a child process."""

# ruff: noqa: E501 (rows of real file formats are kept on one line each)

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OCHA_ADM3 = """ADM3_EN,ADM3_AR,ADM3_PCODE,ADM3_REF,ADM3ALT1_EN,ADM3ALT2_EN,ADM3ALT1_AR,ADM3ALT2_AR,ADM2_EN,ADM2_AR,ADM2_PCODE,ADM1_EN,ADM1_AR,ADM1_PCODE,ADM0_EN,ADM0_AR,ADM0_PCODE,DATE,VALIDON,VALIDTO,AREA_SQKM
Abi Gharaq,ابي غرق,IQG07Q02N02,,,,,,Al-Hilla,الحلة,IQG07Q02,Babil,بابل,IQG07,Iraq,العراق,IQ,43615,43619,,164.22
Abu Dalf,ابو دلف,IQG16Q01N02,,,,,,Al-Daur,الدور,IQG16Q01,Salah Al-Din,صلاح الدين,IQG16,Iraq,العراق,IQ,43615,43619,,1486.25
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", *args],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=cwd,
    )  # fmt: skip


def test_import_stats_geocode(tmp_path: Path) -> None:
    (tmp_path / "adm3.csv").write_text(OCHA_ADM3, encoding="utf-8")
    done = run("gazetteer", "import", "ocha", "adm3.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 2
    assert (tmp_path / "marsad-gazetteer.sqlite").is_file()  # the default store, in the current folder
    stats = json.loads(run("gazetteer", "stats", cwd=tmp_path).stdout)
    assert stats["places"] == 2 and stats["by_kind"] == {"admin3": 2}
    text = "انفجار عبوة في ناحية أبي غرق جنوب الحلة"
    done = run("geocode", text, "--db", "marsad-gazetteer.sqlite", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    first = rows[0]
    assert text[first["start"] : first["end"]] == "أبي غرق" == first["text"]
    assert first["place"]["admin1"] == "IQ-BB"
    assert first["type_word"] == "ناحيه" and first["geo_precision"] in (1, 2)
    assert rows[1]["text"] == "الحلة" and rows[1]["direction"] == "S"
    table = run("geocode", text, "--db", "marsad-gazetteer.sqlite", cwd=tmp_path)
    assert "IQ-BB" in table.stdout and table.stdout.startswith("span")


def test_csv_import_with_mapping(tmp_path: Path) -> None:
    (tmp_path / "dtm.csv").write_text(
        "location_id,governorate,name_en,name_ar,lat,lon\n1101001,Dahuk,Amedi,عمادية,37.09,43.48\n",
        encoding="utf-8",
    )
    done = run(
        "gazetteer", "import", "csv", "dtm.csv", "--db", "g.sqlite",
        "--map", "id=location_id,name_ar=name_ar,name_en=name_en,lat=lat,lon=lon,admin1=governorate,country=IQ",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["inserted"] == 1
    bad = run(
        "gazetteer", "import", "csv", "dtm.csv", "--db", "g.sqlite", "--map", "name_ar=nope", cwd=tmp_path
    )
    assert bad.returncode == 2 and "nope" in bad.stderr


def test_geocode_default_gazetteer_and_errors(tmp_path: Path) -> None:
    done = run("geocode", "قصف على ريف حلب الشمالي", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert row["place"]["admin1"] == "SY-HL" and row["direction"] == "N"
    missing = run("gazetteer", "import", "wof", "missing.tsv", cwd=tmp_path)
    assert missing.returncode == 2 and "missing.tsv" in missing.stderr
    assert not (tmp_path / "marsad-gazetteer.sqlite").exists()
    assert run("geocode", "بغداد", "--db", "missing.sqlite", cwd=tmp_path).returncode == 2
    assert run("gazetteer", "stats", "--db", "missing.sqlite", cwd=tmp_path).returncode == 2


def test_extract_uses_an_imported_store(tmp_path: Path) -> None:
    # Abu Dalf is not in the default gazetteer: without the store the bombing has no governorate.
    (tmp_path / "adm3.csv").write_text(OCHA_ADM3, encoding="utf-8")
    assert run("gazetteer", "import", "ocha", "adm3.csv", cwd=tmp_path).returncode == 0
    text = "قتل ثلاثة مدنيين بانفجار عبوة ناسفة في ناحية أبو دلف اليوم الثلاثاء."
    common = ("extract", "--text", text, "--published", "2019-06-11")
    plain = json.loads(run(*common, cwd=tmp_path).stdout)["events"]
    stored = json.loads(run(*common, "--gazetteer", "marsad-gazetteer.sqlite", cwd=tmp_path).stdout)["events"]
    assert [e["admin1"] for e in stored] == ["IQ-SD"]
    assert [e["location_ar"] for e in stored] == ["أبو دلف"]
    assert [e["admin1"] for e in plain] != ["IQ-SD"]
    missing = run(*common, "--gazetteer", "nowhere.sqlite", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere.sqlite" in missing.stderr
