"""Bad input through `marsad ingest`: one clear failure per bad item (ref, code, message in `--report`), and
nothing else lost: the good items around it are stored."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hardening_helpers import rows
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.cli import main
from marsad.ingest.articles import ERROR_CODES
from marsad.ingest.items import MAX_BYTES
from marsad.store import open_store

TEXT = (
    "قتل خمسة جنود عراقيين وأصيب ثلاثة آخرون فجر الخميس في هجوم شنه مسلحون على حاجز للجيش في قضاء "
    "الطارمية شمال العاصمة بغداد، بحسب ما أفاد مصدر أمني."
)


def record(i: int, **over: Any) -> dict[str, Any]:
    rec = {
        "id": f"a{i}",
        "source": "outlet",
        "url": f"https://x.example/{i}",
        "published": "2022-04-18",
        "title": "",
        "text": f"{TEXT} ({i})",
    }
    rec.update(over)
    return {k: v for k, v in rec.items() if v is not ...}


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def ingest(tmp_path: Path, *sources: Path | str, extra: tuple[str, ...] = ()) -> tuple[dict[str, Any], Path]:
    """Run `marsad ingest` in-process on `sources`; the JSON report and the store's path."""
    db, report = tmp_path / "store.db", tmp_path / "report.json"
    code = main(
        [
            "-q",
            "ingest",
            *map(str, sources),
            "--db",
            str(db),
            "--workers",
            "1",
            "--report",
            str(report),
            *extra,
        ]
    )
    assert code == 0
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert all(f[1] in ERROR_CODES for f in doc["failures"]), doc["failures"]
    assert all(f[2] for f in doc["failures"]), "every failure says what is wrong"
    return doc, db


def stored_ids(db: Path) -> set[str]:
    with open_store(str(db)) as store:
        return {r[0] for r in rows(store, "SELECT id FROM articles")}


def test_truncated_jsonl_gz_keeps_the_articles_before_the_cut_and_fails_once(tmp_path: Path) -> None:
    data = gzip.compress(jsonl([record(i) for i in range(200)]))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    doc, db = ingest(tmp_path, path)
    [(ref, code, message)] = doc["failures"]
    assert code == "unreadable" and ref.startswith(f"{path}:") and "unreadable after line" in message
    ids = stored_ids(db)
    last = int(ref.rsplit(":", 1)[1])
    # Every complete line before the cut is stored, in order, nothing after it.
    assert 0 < len(ids) == doc["new"] and ids == {f"a{i}" for i in range(len(ids))}
    assert len(ids) in (last, last - 1)


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    return buf.getvalue()


def _page(i: int) -> bytes:
    return (
        f"<html lang='ar'><head><title>هجوم {i}</title><meta name='date' content='2022-04-18'></head>"
        f"<body><article><h1>هجوم {i}</h1><p>{TEXT} ({i})</p><p>{TEXT}</p></article></body></html>"
    ).encode()


def test_truncated_warc_gz_keeps_the_records_before_the_cut_and_fails_once(tmp_path: Path) -> None:
    whole = _warc([(f"https://x.example/{i}", _page(i)) for i in range(6)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[: len(whole) - 200])
    doc, db = ingest(tmp_path, path)
    [(ref, code, message)] = doc["failures"]
    assert code == "truncated" and ref.startswith(f"{path}#") and "truncated or corrupt" in message
    assert doc["new"] == len(stored_ids(db)) == 5


def test_invalid_json_lines_are_one_failure_each(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = jsonl([record(1), record(2)]).decode().splitlines()
    lines = [good[0], "{not json", "[1, 2]", '"just a string"', "\xff\xfe garbage", good[1], "{}"]
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n\xff\xfe\n")
    doc, db = ingest(tmp_path, path)
    got = sorted((ref, code) for ref, code, _ in doc["failures"])
    assert got == sorted(
        [
            (f"{path}:2", "bad_json"),
            (f"{path}:3", "bad_type"),
            (f"{path}:4", "bad_type"),
            (f"{path}:5", "bad_json"),
            (f"{path}:7", "missing_field"),
            (f"{path}:8", "bad_json"),
        ]
    )
    assert stored_ids(db) == {"a1", "a2"}


def test_binary_files_in_a_folder(tmp_path: Path) -> None:
    """A binary file named as text is one `binary` failure; a file of no known kind is skipped (documented
    in ingest.sources); the folder's good file is read either way."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(f"عنوان\n\n{TEXT}", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02\x03\xff" * 100)
    (folder / "blob.bin").write_bytes(b"\x00\x01\x02\x03\xff" * 100)
    doc, db = ingest(tmp_path, folder, extra=("--published", "2022-04-18"))
    assert [(ref, code) for ref, code, _ in doc["failures"]] == [(str(folder / "blob.txt"), "binary")]
    assert doc["new"] == len(stored_ids(db)) == 1


def test_a_100_mb_text_file_is_too_large_and_costs_no_memory(tmp_path: Path) -> None:
    """Read through the CLI in a subprocess, whose peak memory is measured: the file is refused after
    reading MAX_BYTES + 1 bytes of it, never decoded whole."""
    big = tmp_path / "big.txt"
    line = (TEXT + "\n").encode("utf-8")
    with open(big, "wb") as fh:
        for _ in range(100 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size > 100 * 1024 * 1024
    small = tmp_path / "small.txt"
    small.write_text(TEXT, encoding="utf-8")
    report = tmp_path / "report.json"
    script = (
        "import resource, sys\n"
        "from marsad.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        "sys.exit(rc)\n"
    )

    def peak_mb(*inputs: Path, db: str) -> float:
        argv = ["-q", "ingest", *map(str, inputs), "--db", str(tmp_path / db), "--workers", "1"]
        argv += ["--report", str(report), "--published", "2022-04-18"]
        done = subprocess.run(
            [sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return int(done.stdout.split()[-1]) / 1024

    # The first run may build the gazetteer cache (a fresh checkout): a warm-up, then the baseline.
    peak_mb(small, db="warm.db")
    baseline = peak_mb(small, db="base.db")
    peak = peak_mb(big, small, db="s.db")
    doc = json.loads(report.read_text(encoding="utf-8"))
    [(ref, code, message)] = doc["failures"]
    assert (ref, code) == (str(big), "too_large") and "20 MB" in message
    assert doc["new"] == 1
    # Beyond the same run without the big file: the capped 20 MB read, not the 100 MB file and its decoded
    # text (several hundred MB).
    assert peak - baseline < MAX_BYTES / 2**20 + 40, (peak, baseline)


def test_encodings_cp1256_read_right_undecodable_is_bad_encoding(tmp_path: Path) -> None:
    cp = tmp_path / "cp1256.txt"
    cp.write_bytes(f"عنوان الخبر\n\n{TEXT}".encode("cp1256"))
    bad = tmp_path / "bad.txt"
    # Not UTF-8 (0xFF), not ISO-8859-6 (0xFF is undefined there), and cp1256 reads control characters.
    bad.write_bytes(("خبر".encode("cp1256") + b"\x01\x02\x03\x04\xff") * 200)
    doc, db = ingest(tmp_path, cp, bad, extra=("--published", "2022-04-18"))
    assert [(ref, code) for ref, code, _ in doc["failures"]] == [(str(bad), "bad_encoding")]
    with open_store(str(db)) as store:
        [(title, text)] = rows(store, "SELECT title, text FROM articles")
    assert title == "عنوان الخبر" and text == TEXT


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"published": ...}, "missing_field"),
        ({"published": None}, "missing_field"),
        ({"published": ""}, "bad_date"),
        ({"published": "yesterday"}, "bad_date"),
        ({"published": "2022-13-45"}, "bad_date"),
        ({"published": 20220418}, "bad_type"),
        (
            {"text": "The army said on Monday that five soldiers were killed in an attack near the border."},
            "not_arabic",
        ),
        ({"text": "   "}, "empty"),
        ({"id": ""}, "missing_field"),
    ],
)
def test_a_bad_record_is_one_failure_between_good_ones(
    tmp_path: Path, over: dict[str, Any], code: str
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl([record(1), record(2, **over), record(3)]))
    doc, db = ingest(tmp_path, path)
    assert [(ref, c) for ref, c, _ in doc["failures"]] == [(f"{path}:2", code)]
    assert stored_ids(db) == {"a1", "a3"}


def test_a_future_date_is_accepted_as_written(tmp_path: Path) -> None:
    """Decision: a published date after the run's clock is stored as written, not flagged. Extraction
    never reads the clock (a date is resolved against the article's own date), a feed's or a newswire's
    clock may run ahead of ours, and a wrong year is caught no better by the clock than by the reader.
    The events it reports carry dates anchored on it, as for any article."""
    future = (datetime.now(UTC) + timedelta(days=400)).date().isoformat()
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl([record(1, published=future)]))
    doc, db = ingest(tmp_path, path)
    assert doc["failures"] == [] and doc["new"] == 1
    with open_store(str(db)) as store:
        [(published,)] = rows(store, "SELECT published FROM articles")
    assert str(published).startswith(future)
