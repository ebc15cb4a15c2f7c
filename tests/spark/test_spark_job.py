"""The Spark job extracts exactly what the single-machine path extracts, and `marsad load` stores it.

Runs the real job with Spark in local mode (`marsad spark --master local[1]`), which needs Java; CI installs
it. Skips with the reason when pyspark or Java is missing.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.ingest.articles import parse_article
from marsad.model import Article, Event
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


PAGE = (
    "<html lang='ar'><head><title>هجوم على حاجز</title></head><body><article><h1>هجوم على حاجز</h1>"
    "<p>قتل خمسة جنود عراقيين وأصيب ثلاثة آخرون فجر الخميس في هجوم شنه مسلحون على حاجز للجيش في قضاء"
    " الطارمية شمال العاصمة بغداد، بحسب ما أفاد مصدر أمني.</p><p>وقال المصدر إن المهاجمين استخدموا"
    " أسلحة خفيفة ومتوسطة في الهجوم الذي استمر نحو ساعة.</p></article></body></html>"
)


def _warc(path: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://news.example/2020/05/attack",
            "response",
            payload=io.BytesIO(PAGE.encode("utf-8")),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2020-05-07T07:08:09Z"},
        )
        writer.write_record(record)
    return path


def _local_events(src: Path, warc: Path) -> list[Event]:
    from marsad.ingest.warc import read_warc

    articles = [parse_article(a) for a in ARTICLES[:3]]
    articles += [it.item for it in read_warc(warc) if isinstance(it.item, Article)]
    assert len(articles) == 4
    return [e for a in articles for e in extract_article(a)]


@pytest.fixture(scope="module")
def spark_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("spark")
    src = tmp / "in.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in ARTICLES] + ["{not json"]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warc = _warc(tmp / "pages.warc.gz")
    out = tmp / "out"
    cmd = [
        sys.executable,
        "-m",
        "marsad.cli",
        "spark",
        str(src),
        str(warc),
        "-o",
        str(out),
        "--master",
        "local[1]",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return src, out


def test_events_equal_the_single_machine_run(spark_output: tuple[Path, Path]) -> None:
    out = spark_output[1]
    rows = pq.read_table(out / "events").to_pylist()
    got = sorted(
        (r["article_id"], r["id"], r["event_type"], r["date"], r["admin1"], r["fatalities"]) for r in rows
    )
    src, _ = spark_output
    local = _local_events(src, src.with_name("pages.warc.gz"))
    expected = sorted(
        (e.doc_id, e.id, e.event_type, e.date.isoformat(), e.admin1, e.fatalities) for e in local
    )
    assert expected, "the fixture articles must yield events"
    assert any(e.admin1 == "IQ-BG" for e in local), "the WARC page's attack is among them"
    assert got == expected
    spans = {r["id"]: json.loads(r["evidence_spans"]) for r in rows}
    for event in local:
        assert spans[event.id] == event.evidence.to_json()


def test_failures_are_rows_with_their_reason(spark_output: tuple[Path, Path]) -> None:
    _, out = spark_output
    rows = pq.read_table(out / "articles").to_pylist()
    assert len(rows) == 6
    codes = sorted(r["error_code"] for r in rows if r["error_code"])
    assert codes == ["bad_json", "not_arabic"]
    assert all(r["ref"] for r in rows)


def test_load_stores_what_ingest_stores(spark_output: tuple[Path, Path], tmp_path: Path) -> None:
    from marsad.store import open_store

    src, out = spark_output
    warc = src.with_name("pages.warc.gz")
    loaded, ingested = tmp_path / "loaded.db", tmp_path / "ingested.db"
    for cmd in (
        ["load", str(out), "--db", str(loaded)],
        ["ingest", str(src), str(warc), "--db", str(ingested)],
    ):
        done = subprocess.run([sys.executable, "-m", "marsad.cli", *cmd], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    views = []
    for db in (loaded, ingested):
        with open_store(str(db)) as store:
            counts = store.counts()
            ids = [a["id"] for a in ARTICLES] + [r[0] for r in store.db.query("SELECT id FROM articles")]
            reports = store.reports_for_articles(sorted(set(ids)))
            views.append(
                (counts["articles"], counts["events"], sorted((r.id, r.event.event_type) for r in reports))
            )
    assert views[0] == views[1]
    assert views[0][0] == 4
