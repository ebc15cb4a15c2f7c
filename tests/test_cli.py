"""The `marsad` command end to end: bad articles are reported and skipped, good ones all come out in order."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import marsad
from marsad import cli
from marsad.ingest import ArticleError
from marsad.model import Article, Event

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles.jsonl"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        cwd=REPO,
    )


@pytest.fixture
def mixed_input(tmp_path: Path) -> tuple[Path, list[str]]:
    """The example articles with bad lines between them; returns the file and the good ids in order."""
    good = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    bad = [
        "{this is not json",
        json.dumps({"id": "bad-date", "published": "yesterday", "text": "قتل جندي"}),
        json.dumps({"id": "bad-english", "published": "2021-01-01", "text": "A bomb exploded in Baghdad."}),
        json.dumps({"id": "bad-empty", "published": "2021-01-01", "text": ""}),
    ]
    lines = []
    for i, article in enumerate(good):
        lines.append(json.dumps(article, ensure_ascii=False))
        if i < len(bad):
            lines.append(bad[i])
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, [a["id"] for a in good]


def test_examples_are_valid_articles() -> None:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    assert 6 <= len(lines) <= 8
    assert len({json.loads(line)["id"] for line in lines}) == len(lines)


def test_extract_reports_bad_lines_and_keeps_good_ones_in_order(
    tmp_path: Path, mixed_input: tuple[Path, list[str]]
) -> None:
    path, good_ids = mixed_input
    out = tmp_path / "out.jsonl"
    result = run("extract", str(path), "-o", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == good_ids
    assert all(line["schema"] == "marsad/events/v1" and isinstance(line["events"], list) for line in lines)
    err = result.stderr
    assert "line 2 (id ?): skipped, bad_json" in err
    assert "line 4 (id bad-date): skipped, bad_date" in err
    assert "(id bad-english): skipped, not_arabic" in err
    assert "(id bad-empty): skipped, empty" in err
    assert "read 12 articles: 8 ok, 4 skipped (bad_date 1, bad_json 1, empty 1, not_arabic 1)" in err


def test_workers_one_and_two_write_the_same_bytes(
    tmp_path: Path, mixed_input: tuple[Path, list[str]]
) -> None:
    path, _ = mixed_input
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        result = run("extract", str(path), "-o", str(out), "--workers", workers)
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_extract_reads_stdin_and_writes_stdout(mixed_input: tuple[Path, list[str]]) -> None:
    path, good_ids = mixed_input
    result = run("extract", "-", "--workers", "2", stdin=path.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["doc_id"] for line in result.stdout.splitlines()] == good_ids


def test_output_validates_against_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run("extract", str(EXAMPLES), "-o", str(out), "--workers", "1").returncode == 0
    result = run("validate", str(out))
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: 8 lines")


def test_validate_reports_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"schema": "marsad/events/v1", "doc_id": "x", "events": []}) + "\nnope\n")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "line 1 (x)" in result.stdout and "'published' is a required property" in result.stdout
    assert "line 2 (?): not JSON" in result.stdout


def test_text_mode_prints_one_output_line() -> None:
    result = run("extract", "--text", "قتل ثلاثة مدنيين بانفجار في بغداد أمس", "--published", "2022-04-18")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["doc_id"] == "text" and doc["published"] == "2022-04-18T00:00:00+00:00"
    assert isinstance(doc["events"], list)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("extract",), "needs INPUT"),
        (("extract", "--text", "قتل"), "needs --published"),
        (("extract", "--text", "قتل", "--published", "18/4/2022"), "--published"),
        (("extract", "x.jsonl", "--workers", "0"), "at least 1"),
        (("extract", "/nonexistent/in.jsonl", "-o", "-"), "cannot read /nonexistent/in.jsonl"),
        (("eval", "/nonexistent/gold.jsonl", "/nonexistent/sys.jsonl"), "cannot read"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"marsad {marsad.__version__}"


def test_an_exception_in_one_article_does_not_stop_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def flaky(article: Article) -> list[Event]:
        if article.id == "ex-taiz-clashes":
            raise RuntimeError("boom")
        return []

    monkeypatch.setattr(cli, "extract_article", flaky)
    out = tmp_path / "out.jsonl"
    assert cli.main(["-v", "extract", str(EXAMPLES), "-o", str(out), "--workers", "1"]) == 0
    ids = [json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 7 and "ex-taiz-clashes" not in ids
    warning = next(r for r in caplog.records if "extract_error" in r.getMessage())
    assert "(id ex-taiz-clashes)" in warning.getMessage() and "RuntimeError: boom" in warning.getMessage()
    assert any(r.levelname == "DEBUG" and "Traceback" in r.getMessage() for r in caplog.records)


def test_library_extract_builds_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Article] = []

    def capture(article: Article) -> list[Event]:
        seen.append(article)
        return []

    monkeypatch.setattr("marsad.api.extract_article", capture)
    assert marsad.extract("نص الخبر", published=date(2022, 4, 18), title="عنوان") == []
    assert marsad.extract("نص", published="2022-04-18T21:00:00") == []
    assert marsad.extract("نص", published=datetime(2022, 4, 18, 9), doc_id="d", source="s", url="u") == []
    assert seen[0].published == datetime(2022, 4, 18, tzinfo=UTC)
    assert seen[0].canonical == "عنوان\n\nنص الخبر" and seen[0].id == "text"
    assert seen[1].published == datetime(2022, 4, 18, 21, tzinfo=UTC)
    assert (seen[2].id, seen[2].source, seen[2].url) == ("d", "s", "u")
    with pytest.raises(ArticleError):
        marsad.extract("نص", published="April 18")


def test_library_extract_runs_the_real_pipeline() -> None:
    events = marsad.extract("قتل ثلاثة مدنيين بانفجار عبوة ناسفة في بغداد اليوم", published="2022-04-18")
    assert isinstance(events, list)
    for event in events:
        json.dumps(event.to_json(), ensure_ascii=False)


def test_marsad_extract_is_the_function_after_the_pipeline_is_imported() -> None:
    # Regression: a subpackage named `extract` used to shadow the function; the finders now live elsewhere.
    import marsad.finders.numbers
    import marsad.pipeline
    from marsad.api import extract

    assert marsad.extract is extract
