"""The commands that read the record: export, alerts, and the demo that builds a store and serves it.

    marsad export --format csv|geojson|jsonl|parquet [-o FILE] [--db URL] [filters]   streamed, any size
    marsad alerts [--db URL] [--until DATE] [--country IQ] [--min-level elevated] [--json] [--webhook URL]
    marsad demo [--corpus PATH] [--db PATH] [--port 8000] [--no-serve]

`demo` ingests the demo articles shipped with marsad (written for the project, 2024, Iraq, Syria, Yemen and
Libya) — or any corpus given with `--corpus`, such as ../shared/corpus/ant2018.jsonl.gz — into a fresh
store and serves the dashboard on it. Everything it needs is in the package; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import IO, Any

from marsad.cli_runs import DB_ENV, DEFAULT_DB, UsageError

log = logging.getLogger("marsad.cli")

FORMATS = ("csv", "geojson", "jsonl", "parquet")


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from err


def _filters(args: argparse.Namespace) -> Any:
    from marsad.store import EventFilter

    bbox = None
    if args.bbox:
        try:
            parts = tuple(float(x) for x in args.bbox.split(","))
        except ValueError as err:
            raise UsageError(f"--bbox wants min_lon,min_lat,max_lon,max_lat, got {args.bbox!r}") from err
        if len(parts) != 4:
            raise UsageError(f"--bbox wants four numbers, got {args.bbox!r}")
        bbox = parts
    try:
        return EventFilter(
            date_from=args.date_from,
            date_to=args.date_to,
            country=args.country.upper() if args.country else None,
            admin1=args.admin1.upper() if args.admin1 else None,
            event_type=args.event_type,
            sub_event_type=args.sub_event_type,
            actor=args.actor,
            min_fatalities=args.min_fatalities,
            q=args.q,
            bbox=bbox,
        )
    except ValueError as err:
        raise UsageError(str(err)) from err


def _store(url: str) -> Any:
    from marsad.store import StoreError, open_store

    if "://" not in url and not Path(url).exists():
        raise UsageError(f"--db {url}: no such store (build one with `marsad ingest` or `marsad demo`)")
    try:
        return open_store(url)
    except StoreError as err:
        raise UsageError(f"--db {url}: {err}") from err


def run_export(args: argparse.Namespace) -> int:
    from marsad import export
    from marsad.server.queries import iter_events

    filters = _filters(args)
    with _store(args.db) as store:
        events = iter_events(store, filters, sources=True)
        binary = args.format == "parquet"
        if args.output == "-" and binary:
            raise UsageError("parquet is binary: give -o FILE")
        out: IO[Any]
        if args.output == "-":
            out = sys.stdout
        else:
            # The CSV writer wants newline="" (it writes RFC 4180 line ends itself).
            out = open(args.output, "wb") if binary else open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
        try:
            writer = {
                "csv": export.write_acled_csv,
                "geojson": export.write_geojson,
                "jsonl": export.write_jsonl,
                "parquet": export.write_parquet,
            }[args.format]
            n = writer(events, out)
        finally:
            if out is not sys.stdout:
                out.close()
    log.info("exported %d events as %s to %s", n, args.format, args.output)
    return 0


def run_alerts(args: argparse.Namespace) -> int:
    from marsad import trends
    from marsad.server.queries import latest_date, trend_rows
    from marsad.store import EventFilter

    rule = trends.AlertRule()
    country = args.country.upper() if args.country else None
    with _store(args.db) as store:
        until = args.until or latest_date(store, EventFilter(country=country))
        if until is None:
            log.info("the store holds no events")
            return 0
        first = until - timedelta(days=until.weekday()) - timedelta(weeks=rule.weeks_needed - 1)
        events = trend_rows(store, EventFilter(date_from=first, date_to=until, country=country))
        alerts = trends.compute_alerts(events, until, rule)
    floor = trends.LEVELS.index(args.min_level)
    shown = sorted(
        (a for a in alerts if trends.LEVELS.index(a.level) >= floor),
        key=lambda a: (-trends.LEVELS.index(a.level), a.p_value),
    )
    if args.json:
        sys.stdout.write(json.dumps([a.to_json() for a in shown], ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(f"week of {until - timedelta(days=until.weekday())} (until {until})\n")
        sys.stdout.write(f"{'level':9} {'area':12} {'events':>6} {'baseline':>8} {'p':>8}  declining\n")
        for a in shown:
            doc = a.to_json()
            area = doc.get("admin1") or doc.get("country") or "?"
            sys.stdout.write(
                f"{a.level:9} {area:12} {a.events:6d} {a.baseline_rate:8.2f} {a.p_value:8.4f}  "
                f"{'yes' if a.security_declining else ''}\n"
            )
    if args.webhook:
        failed = trends.post_new_alerts(shown, args.webhook, args.webhook_state)
        if failed:
            log.warning("webhook: %d alerts not delivered (they are retried next time)", len(failed))
    return 0


def demo_articles() -> Path:
    return Path(str(resources.files("marsad.data").joinpath("demo", "articles.jsonl")))


def run_demo(args: argparse.Namespace) -> int:
    from marsad.cli_runs import _run
    from marsad.ingest.sources import SourceOptions, iter_sources
    from marsad.web import DashboardNotBuilt, index_html

    if not args.no_serve:
        try:
            index_html()
        except DashboardNotBuilt as err:
            raise UsageError(str(err)) from err
    corpus = args.corpus or str(demo_articles())
    if not Path(corpus).exists():
        raise UsageError(f"--corpus {corpus}: no such file or folder")
    db = Path(args.db)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)  # a demo starts from nothing
    log.info("building the demo store %s from %s", db, corpus)
    items = iter_sources([corpus], options=SourceOptions(check_language=False))
    code = _run(str(db), 500, lambda run: run.run(items, args.workers), None)
    if code != 0 or args.no_serve:
        return code
    from marsad.server.cli import add_serve_parser, run_serve

    log.info("dashboard at http://%s:%d/ (Ctrl-C stops)", args.host, args.port)
    # `serve`'s own parser gives every serve option its default, whatever options it grows.
    parser = argparse.ArgumentParser(prog="marsad")
    add_serve_parser(parser.add_subparsers(dest="command"))
    serve = parser.parse_args(
        ["serve", "--db", str(db), "--host", args.host, "--port", str(args.port), "--log-level", "warning"]
    )
    return run_serve(serve)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date-from", type=_iso_date)
    p.add_argument("--date-to", type=_iso_date)
    p.add_argument("--country", help="ISO 3166-1 alpha-2, e.g. IQ")
    p.add_argument("--admin1", help="ISO 3166-2, e.g. IQ-KI")
    p.add_argument("--event-type")
    p.add_argument("--sub-event-type")
    p.add_argument("--actor")
    p.add_argument("--min-fatalities", type=int)
    p.add_argument("-q", "--query", dest="q", help="text in the evidence or the place name")
    p.add_argument("--bbox", help="min_lon,min_lat,max_lon,max_lat")


def add_parsers(sub: Any, workers: Any) -> None:
    default_db = os.environ.get(DB_ENV, DEFAULT_DB)
    exp = sub.add_parser("export", help="write the events as ACLED CSV, GeoJSON, JSONL or Parquet")
    exp.add_argument("--format", choices=FORMATS, required=True)
    exp.add_argument("-o", "--output", default="-", help="output file, or - for stdout (default)")
    exp.add_argument("--db", default=default_db, help="store (default: $MARSAD_DB or marsad.db)")
    _add_filters(exp)

    al = sub.add_parser("alerts", help="this week's alert level per governorate (see docs/alerts.md)")
    al.add_argument("--db", default=default_db, help="store (default: $MARSAD_DB or marsad.db)")
    al.add_argument("--until", type=_iso_date, help="last day counted (default: the newest event's date)")
    al.add_argument("--country", help="only this country (ISO2)")
    al.add_argument("--min-level", choices=("normal", "elevated", "high"), default="elevated")
    al.add_argument("--json", action="store_true")
    al.add_argument("--webhook", metavar="URL", help="also POST alerts not posted before to this URL")
    al.add_argument("--webhook-state", default=".marsad-alerts.json", help="what was posted already")

    de = sub.add_parser("demo", help="build a demo store from the shipped articles and serve the dashboard")
    de.add_argument("--corpus", help="articles to use instead (a file or folder; e.g. ../shared/corpus)")
    de.add_argument("--db", default="marsad-demo.db", help="the demo store, rebuilt each run")
    de.add_argument("--host", default="127.0.0.1")
    de.add_argument("--port", type=int, default=8000)
    de.add_argument("--workers", type=workers, default=os.cpu_count() or 1)
    de.add_argument("--no-serve", action="store_true", help="build the store only")


def dispatch(args: argparse.Namespace) -> int:
    return {"export": run_export, "alerts": run_alerts, "demo": run_demo}[args.command](args)
