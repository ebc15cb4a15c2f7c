"""The Spark job extracts exactly what the single-machine path extracts, and `marsad load` stores it.

Runs the real job with Spark in local mode (`marsad spark --master local[1]`), which needs Java; CI installs
it. Skips with the reason when pyspark or Java is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.ingest.articles import parse_article
from marsad.pipeline import extract_article

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("no Java runtime: Spark cannot start", allow_module_level=True)

ARTICLES = [
    {
        "id": "sp-1",
        "source": "a",
        "published": "2022-04-18T10:00:00",
        "title": "انفجار في كركوك",
        "text": "قتل ثلاثة أشخاص وأصيب خمسة آخرون في انفجار سيارة مفخخة في كركوك اليوم الاثنين.",
    },
    {
        "id": "sp-2",
        "source": "b",
        "published": "2022-04-18T12:00:00",
        "title": "",
        "text": "شنت طائرات حربية غارات جوية على مواقع في ريف إدلب أمس، ما أدى إلى مقتل مدنيين اثنين.",
    },
    {
        "id": "sp-3",
        "source": "c",
        "published": "2022-04-19",
        "title": "معرض للكتاب",
        "text": "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة واسعة من دور النشر العربية.",
    },
    {
        "id": "sp-4",
        "source": "d",
        "published": "2022-04-19",
        "title": "",
        "text": "This is not Arabic at all.",
    },
]


@pytest.fixture(scope="module")
def spark_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("spark")
    src = tmp / "in.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES] + ["{not json"]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / "out"
    cmd = [sys.executable, "-m", "marsad.cli", "spark", str(src), "-o", str(out), "--master", "local[1]"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return src, out


def test_events_equal_the_single_machine_run(spark_output: tuple[Path, Path]) -> None:
    _, out = spark_output
    rows = pq.read_table(out / "events").to_pylist()
    got = sorted(
        (r["article_id"], r["id"], r["event_type"], r["date"], r["admin1"], r["fatalities"]) for r in rows
    )
    expected = sorted(
        (e.doc_id, e.id, e.event_type, e.date.isoformat(), e.admin1, e.fatalities)
        for a in ARTICLES[:3]
        for e in extract_article(parse_article(a))
    )
    assert expected, "the fixture articles must yield events"
    assert got == expected
    spans = {r["id"]: json.loads(r["evidence_spans"]) for r in rows}
    for event in (e for a in ARTICLES[:3] for e in extract_article(parse_article(a))):
        assert spans[event.id] == event.evidence.to_json()


def test_failures_are_rows_with_their_reason(spark_output: tuple[Path, Path]) -> None:
    _, out = spark_output
    rows = pq.read_table(out / "articles").to_pylist()
    assert len(rows) == 5
    codes = sorted(r["error_code"] for r in rows if r["error_code"])
    assert codes == ["bad_json", "not_arabic"]
    assert all(r["ref"] for r in rows)


def test_load_stores_what_ingest_stores(spark_output: tuple[Path, Path], tmp_path: Path) -> None:
    from marsad.store import open_store

    src, out = spark_output
    loaded, ingested = tmp_path / "loaded.db", tmp_path / "ingested.db"
    for cmd in (["load", str(out), "--db", str(loaded)], ["ingest", str(src), "--db", str(ingested)]):
        done = subprocess.run([sys.executable, "-m", "marsad.cli", *cmd], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    views = []
    for db in (loaded, ingested):
        with open_store(str(db)) as store:
            counts = store.counts()
            reports = store.reports_for_articles([a["id"] for a in ARTICLES])
            views.append(
                (counts["articles"], counts["events"], sorted((r.id, r.event.event_type) for r in reports))
            )
    assert views[0] == views[1]
    assert views[0][0] == 3
