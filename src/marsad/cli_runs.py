"""The store-building commands of `marsad`: ingest, watch, load and spark.

    marsad ingest SOURCE... [--db URL] [--workers N]   files, folders, WARC, feeds → store, deduplicated
    marsad watch FEED... --every 10m [--db URL]        poll feeds and ingest what is new, until Ctrl-C
    marsad load OUT... [--db URL]                      merge a Spark job's Parquet output into the store
    marsad spark INPUT... -o OUT [--master URL]        run the extraction as a PySpark job (spark-submit)

A run shows a progress bar (articles/s, events, errors) on a terminal and ends with a report: counts by
outcome and every failed item with its source reference and reason. Ctrl-C stops after the last committed
batch; running the same command again resumes (stored articles are not extracted again). Exit codes: 0 done
(failed items are data, listed in the report), 2 the command could not run, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

# The run machinery (store drivers, MinHash, the source readers) is imported by the commands that use it,
# so that `marsad extract` and the other commands start without it.
if TYPE_CHECKING:
    from marsad.ingest.sources import SourceOptions
    from marsad.runner.ingest import Extracted, IngestRun, RunReport

log = logging.getLogger("marsad.cli")

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130
DB_ENV = "MARSAD_DB"
DEFAULT_DB = "marsad.db"
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd]?)$")


class UsageError(Exception):
    """The command cannot run as asked (exit 2)."""


def duration(value: str) -> float:
    """Seconds from '90', '90s', '10m', '2h' or '1d'."""
    m = _DURATION.match(value.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration: {value!r} (examples: 30s, 10m, 2h)")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def field_map(value: str) -> dict[str, str]:
    """`id=guid,text=body` → {"id": "guid", "text": "body"}."""
    pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
    if not pairs or any(len(p) != 2 or not p[0].strip() or not p[1].strip() for p in pairs):
        raise argparse.ArgumentTypeError(f"--map wants FIELD=KEY[,FIELD=KEY...], got {value!r}")
    return {k.strip(): v.strip() for k, v in pairs}


class _Bar:
    """A tqdm bar fed by the run's report after every batch."""

    def __init__(self) -> None:
        self.bar = tqdm(unit=" articles", file=sys.stderr, disable=not sys.stderr.isatty(), smoothing=0.1)
        self.seen = 0

    def __call__(self, report: RunReport) -> None:
        self.bar.update(report.read - self.seen)
        self.seen = report.read
        self.bar.set_postfix(events=report.events_new, errors=len(report.failures), refresh=False)

    def close(self) -> None:
        self.bar.close()


def print_report(report: RunReport, path: str | None) -> None:
    counts = report.counts()
    rate = report.read / report.seconds if report.seconds > 0 else 0.0
    log.info(
        "run %d %s: read %d items in %.1f s (%.1f/s): %d new, %d updated, %d unchanged, %d near-duplicates, "
        "%d failed; %d reports → %d new events, %d merged into existing ones",
        report.run_id,
        report.status,
        report.read,
        report.seconds,
        rate,
        report.new,
        report.updated,
        report.unchanged,
        report.duplicates,
        len(report.failures),
        report.reports,
        report.events_new,
        report.events_merged,
    )
    if report.failures:
        by_code = ", ".join(f"{code} {n}" for code, n in sorted(report.skipped.items()))
        log.warning("failed items by reason: %s", by_code)
        for ref, code, message in report.failures:
            log.warning("failed: %s: %s: %s", ref, code, message)
    if path:
        doc = {"run_id": report.run_id, "status": report.status, **counts, "failures": report.failures}
        Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _run(db: str, batch: int, work: Any, report_path: str | None) -> int:
    from marsad.runner.ingest import IngestRun
    from marsad.store import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as err:
        raise UsageError(f"--db {db}: {err}") from err
    bar = _Bar()
    run = IngestRun(store, batch_size=batch, progress=bar)
    try:
        work(run)
    except KeyboardInterrupt:
        bar.close()
        log.warning("interrupted: every committed batch is stored; run the same command again to resume")
        print_report(run.report, report_path)
        return EXIT_INTERRUPTED
    finally:
        bar.close()
        store.close()
    print_report(run.report, report_path)
    return EXIT_OK


def _options(args: argparse.Namespace) -> SourceOptions:
    from marsad.ingest.sources import SourceOptions

    try:
        opts = SourceOptions(
            field_map=args.map,
            default_published=args.published,
            feed_state=args.feed_state,
            fetch_pages=not args.no_fetch_pages,
            source_name=args.source,
            check_language=False,  # done in the extraction workers (runner.ingest.extract_item)
        )
        opts.published()  # a bad --published is a usage error now, not one per article later
    except ValueError as err:
        raise UsageError(str(err)) from err
    return opts


def run_ingest(args: argparse.Namespace) -> int:
    missing = [s for s in args.sources if "://" not in s and s != "-" and not os.path.exists(s)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    from marsad.ingest.sources import iter_sources

    items = iter_sources(args.sources, options=_options(args))
    return _run(args.db, args.batch, lambda run: run.run(items, args.workers), args.report)


def run_watch(args: argparse.Namespace) -> int:
    from marsad.ingest.sources import iter_sources
    from marsad.runner.ingest import RunReport

    opts = _options(args)

    def work(run: IngestRun) -> None:
        while True:
            started = time.monotonic()
            run.run(iter_sources(args.feeds, options=opts), args.workers, command="watch")
            print_report(run.report, None)
            run.report = RunReport()
            time.sleep(max(0.0, args.every - (time.monotonic() - started)))

    return _run(args.db, args.batch, work, None)


def _parquet_extracted(folder: str) -> Iterator[Extracted]:
    try:
        import pyarrow.parquet as pq
    except ImportError as err:
        raise UsageError("marsad load needs pyarrow: pip install 'marsad[spark]'") from err
    from marsad.spark.rows import extracted_from_rows

    events: dict[str, list[dict[str, Any]]] = {}
    for row in pq.read_table(f"{folder}/events").to_pylist():
        events.setdefault(row["article_id"], []).append(row)
    for row in pq.read_table(f"{folder}/articles").to_pylist():
        yield extracted_from_rows(row, events.get(row["id"], []) if row["id"] else [])


def run_load(args: argparse.Namespace) -> int:
    for folder in args.folders:
        if not (Path(folder) / "articles").is_dir() or not (Path(folder) / "events").is_dir():
            raise UsageError(f"{folder}: not a `marsad spark` output (no articles/ and events/ tables)")
    done = (ex for folder in args.folders for ex in _parquet_extracted(folder))
    return _run(args.db, args.batch, lambda run: run.load(done), args.report)


def run_spark(args: argparse.Namespace) -> int:
    from marsad.spark import job

    env = dict(os.environ)
    submit = shutil.which("spark-submit", path=env.get("PATH"))
    if "SPARK_HOME" not in env:
        try:
            import pyspark
        except ImportError as err:
            msg = "no Spark: install pyspark (pip install 'marsad[spark]') or set SPARK_HOME"
            raise UsageError(msg) from err
        # pip's pyspark carries a whole Spark; its scripts find it through SPARK_HOME.
        env["SPARK_HOME"] = str(Path(pyspark.__file__).parent)
        submit = str(Path(env["SPARK_HOME"]) / "bin" / "spark-submit")
    if submit is None:
        raise UsageError(f"spark-submit not found under SPARK_HOME={env['SPARK_HOME']}")
    # Executors and driver run this interpreter, which has marsad installed.
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    env.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    cmd = [submit, "--master", args.master, job.__file__, *args.inputs, "-o", args.output]
    log.info("running %s", " ".join(cmd))
    return subprocess.call(cmd, env=env)


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=os.environ.get(DB_ENV, DEFAULT_DB),
        help=f"store: a SQLite file or postgresql://… URL (default: ${DB_ENV} or {DEFAULT_DB})",
    )
    p.add_argument("--batch", type=int, default=500, help="articles per transaction (default 500)")


def _add_source_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--map", type=field_map, help="JSONL field names, e.g. id=guid,text=body,published=date")
    p.add_argument("--published", help="publication date for files that carry none (ISO 8601)")
    p.add_argument("--source", help="outlet name for files that carry none")
    p.add_argument(
        "--feed-state", default=".marsad-feeds.json", help="where feeds' ETags and seen entries live"
    )
    p.add_argument("--no-fetch-pages", action="store_true", help="feeds: use entry summaries, fetch no pages")


def add_parsers(sub: Any, workers: Any) -> None:
    default_workers = os.cpu_count() or 1
    ing = sub.add_parser("ingest", help="read articles from files, folders, WARC or feeds into the store")
    ing.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="file, folder, feed URL, or - (JSONL on stdin)"
    )
    ing.add_argument("--workers", type=workers, default=default_workers, help="extraction processes")
    ing.add_argument("--report", metavar="FILE", help="also write the run report as JSON")
    _add_db(ing)
    _add_source_options(ing)

    wat = sub.add_parser("watch", help="poll feeds and ingest new entries until Ctrl-C")
    wat.add_argument("feeds", nargs="+", metavar="FEED")
    wat.add_argument("--every", type=duration, default=600.0, help="polling interval (default 10m)")
    wat.add_argument("--workers", type=workers, default=1, help="extraction processes (default 1)")
    _add_db(wat)
    _add_source_options(wat)

    load = sub.add_parser("load", help="merge `marsad spark` output into the store, with dedup")
    load.add_argument("folders", nargs="+", metavar="OUT")
    load.add_argument("--report", metavar="FILE", help="also write the run report as JSON")
    _add_db(load)

    spk = sub.add_parser("spark", help="run the extraction as a PySpark job (spark-submit)")
    spk.add_argument("inputs", nargs="+", metavar="INPUT", help="JSONL or WARC files or folders")
    spk.add_argument("-o", "--output", required=True, help="output folder for the Parquet tables")
    spk.add_argument("--master", default="local[*]", help="Spark master URL (default local[*])")


def dispatch(args: argparse.Namespace) -> int:
    handlers = {"ingest": run_ingest, "watch": run_watch, "load": run_load, "spark": run_spark}
    return handlers[args.command](args)
