"""The store-building commands: exit codes, the run report, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.cli_runs import duration, field_map

TEXT = "قتل ثلاثة أشخاص وأصيب خمسة آخرون في انفجار سيارة مفخخة في كركوك اليوم الاثنين."


def _jsonl(path: Path, records: list[dict[str, str]], extra: str = "") -> Path:
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n" + extra, encoding="utf-8"
    )
    return path


def test_ingest_writes_the_store_and_a_report(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "1", "published": "2022-04-18", "text": TEXT}], "{bad\n")
    report = tmp_path / "report.json"
    code = main(
        ["-q", "ingest", str(src), "--db", str(tmp_path / "s.db"), "--workers", "1", "--report", str(report)]
    )
    assert code == 0
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc["status"] == "finished" and doc["new"] == 1 and doc["failed"] == 1
    assert doc["failures"][0][1] == "bad_json" and doc["failures"][0][0].endswith(":2")
    assert doc["events_new"] >= 1


def test_ingest_with_a_field_map(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "m.jsonl", [{"guid": "g1", "date": "2022-04-18", "body": TEXT}])
    report = tmp_path / "r.json"
    code = main(
        ["-q", "ingest", str(src), "--db", str(tmp_path / "s.db"), "--workers", "1", "--report", str(report),
         "--map", "id=guid,published=date,text=body"]
    )  # fmt: skip
    assert code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["new"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "no/such/file.jsonl"],
        ["ingest", "{src}", "--published", "yesterday"],
        ["load", "{tmp}"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "1", "published": "2022-04-18", "text": TEXT}])
    argv = [a.format(src=src, tmp=tmp_path) for a in args] + ["--db", str(tmp_path / "s.db")]
    assert main(argv) == 2
    assert "marsad: ERROR" in capsys.readouterr().err


def test_duration_and_field_map_parsing() -> None:
    assert duration("10m") == 600 and duration("90") == 90 and duration("2h") == 7200
    assert field_map("id=guid, text=body") == {"id": "guid", "text": "body"}
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        duration("soon")
    with pytest.raises(argparse.ArgumentTypeError):
        field_map("id")
