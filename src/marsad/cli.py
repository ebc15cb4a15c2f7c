"""The `marsad` command: extract events from a JSONL corpus or one text, score them, validate output.

    marsad extract INPUT -o OUTPUT [--workers N]      INPUT: .jsonl, .jsonl.gz or - (stdin)
    marsad extract --text "…" --published 2022-04-18 [--title "…"]
    marsad eval GOLD SYSTEM [--json]
    marsad validate FILE
    marsad gazetteer import {geonames,wof,ocha,csv} FILE [--db PATH] [--map name_ar=COL,...]
    marsad gazetteer stats [--db PATH]
    marsad geocode "نص" [--db PATH] [--country IQ] [--json]
    marsad ingest | watch | load | spark …             the store-building commands (see cli_runs.py)
    marsad serve | export | alerts | demo …            serving and reading the record (server/cli.py,
                                                       cli_record.py)

`extract` writes one JSON line per good article (`marsad/events/v1`, see `api.output_line`), in input
order whatever the number of workers. A bad article (invalid JSON, missing field, bad date, empty, not
Arabic, or an exception while extracting it) is logged on stderr with its line number, id and reason and
skipped: the run goes on and exits 0. Exit 2 means the command could not run (usage, unreadable input).
This module is the only place that configures logging and writes to the terminal.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from multiprocessing import Pool
from pathlib import Path
from typing import Any, NamedTuple, TextIO

import jsonschema  # type: ignore[import-untyped]
from tqdm import tqdm

from marsad import __version__, cli_record, cli_runs
from marsad.api import output_line, output_schema
from marsad.evaluate import EvalInputError, evaluate_files, format_report
from marsad.geo.user import GAZETTEER_ENV
from marsad.ingest.articles import ArticleError, InputError, parse_published, read_articles
from marsad.model import Article
from marsad.pipeline import extract_article
from marsad.server.cli import add_serve_parser, run_serve

log = logging.getLogger("marsad.cli")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Articles handed to a worker at a time: large enough to amortise pickling, small enough to keep order
#: and progress smooth.
CHUNKSIZE = 16


class _UsageError(Exception):
    """The command cannot run as asked; the message says why (exit 2)."""


class Outcome(NamedTuple):
    """What became of one input line. `line` is the serialized output line, or None when skipped."""

    line_no: int
    doc_id: str | None
    line: str | None
    events: int
    code: str | None = None
    message: str = ""
    detail: str = ""


Item = tuple[int, Article | ArticleError, str | None]


def process(item: Item) -> Outcome:
    """Extract one parsed input line; runs in the worker processes, so it never raises."""
    line_no, parsed, raw_id = item
    if isinstance(parsed, ArticleError):
        return Outcome(line_no, raw_id, None, 0, parsed.code, parsed.message)
    try:
        events = extract_article(parsed)
        line = json.dumps(output_line(parsed, events), ensure_ascii=False)
    except Exception as err:
        # One article's failure is that article's problem: report it and let the batch go on.
        return Outcome(
            line_no,
            parsed.id,
            None,
            0,
            "extract_error",
            f"{type(err).__name__}: {err}",
            traceback.format_exc(),
        )
    return Outcome(line_no, parsed.id, line, len(events))


class _TqdmHandler(logging.Handler):
    """Log records written through tqdm, so they do not tear a progress bar apart."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:
            self.handleError(record)


def _configure_logging(verbosity: int) -> None:
    handler = _TqdmHandler()
    handler.setFormatter(logging.Formatter("marsad: %(levelname)s: %(message)s"))
    # On the package logger, not the root: other libraries' logging stays theirs. Replacing only our own
    # handler keeps repeated main() calls (tests) from printing every message twice.
    logger = logging.getLogger("marsad")
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _TqdmHandler)] + [handler]
    logger.setLevel({-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG))


def _outcomes(records: Iterable[Item], workers: int) -> Iterator[Outcome]:
    if workers == 1:
        yield from map(process, records)
        return
    with Pool(workers) as pool:
        # imap keeps input order and streams: memory stays flat whatever the corpus size.
        yield from pool.imap(process, records, chunksize=CHUNKSIZE)


def _open_output(path: str, stack: ExitStack) -> TextIO:
    if path == "-":
        return sys.stdout
    try:
        return stack.enter_context(open(path, "w", encoding="utf-8"))
    except OSError as err:
        raise _UsageError(f"cannot write {path}: {err.strerror or err}") from err


def run_extract(input_path: str, output_path: str, workers: int) -> int:
    try:
        records = read_articles(input_path)
    except InputError as err:
        raise _UsageError(str(err)) from err
    skipped: Counter[str] = Counter()
    read = ok = n_events = 0
    started = time.perf_counter()
    with ExitStack() as stack:
        out = _open_output(output_path, stack)
        bar = stack.enter_context(
            tqdm(unit=" articles", file=sys.stderr, disable=not sys.stderr.isatty(), smoothing=0.1)
        )
        try:
            for outcome in _outcomes(records, workers):
                read += 1
                if outcome.line is None:
                    skipped[outcome.code or "unknown"] += 1
                    log.warning(
                        "line %d (id %s): skipped, %s: %s",
                        outcome.line_no,
                        outcome.doc_id if outcome.doc_id is not None else "?",
                        outcome.code,
                        outcome.message,
                    )
                    if outcome.detail:
                        log.debug("line %d traceback:\n%s", outcome.line_no, outcome.detail.rstrip())
                else:
                    ok += 1
                    n_events += outcome.events
                    out.write(outcome.line + "\n")
                bar.update(1)
                if read % 64 == 0:
                    bar.set_postfix(events=n_events, errors=read - ok, refresh=False)
        except InputError as err:
            log.error("%s (%d articles written before it)", err, ok)
            return EXIT_USAGE
    seconds = time.perf_counter() - started
    reasons = ", ".join(f"{code} {n}" for code, n in sorted(skipped.items())) or "none"
    log.info(
        "read %d articles: %d ok, %d skipped (%s); %d events; %.2f s (%.1f articles/s)",
        read,
        ok,
        read - ok,
        reasons,
        n_events,
        seconds,
        read / seconds if seconds > 0 else 0.0,
    )
    return EXIT_OK


def run_extract_text(text: str, published: str, title: str, doc_id: str) -> int:
    try:
        when = parse_published(published)
    except ArticleError as err:
        raise _UsageError(f"--published: {err.message}") from err
    article = Article(id=doc_id, source="", url="", published=when, title=title, text=text)
    line = output_line(article, extract_article(article))
    sys.stdout.write(json.dumps(line, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def run_eval(gold: str, system: str, as_json: bool) -> int:
    try:
        metrics = evaluate_files(gold, system)
    except EvalInputError as err:
        raise _UsageError(str(err)) from err
    sys.stdout.write((json.dumps(metrics, indent=1) if as_json else format_report(metrics)) + "\n")
    return EXIT_OK


def schema_problems(doc: Any, validator: Any) -> list[str]:
    """Schema violations of one decoded output line, each as 'path: message'."""
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(line)"
        problems.append(f"{where}: {error.message}")
    return problems


def run_validate(path: str) -> int:
    schema = output_schema()
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as err:
        raise _UsageError(f"cannot read {path}: {err.strerror or err}") from err
    bad_lines = lines = 0
    try:
        with fh:
            for line_no, text in enumerate(fh, 1):
                if not text.strip():
                    continue
                lines += 1
                try:
                    doc = json.loads(text)
                except ValueError as err:
                    problems = [f"not JSON: {err}"]
                else:
                    problems = schema_problems(doc, validator)
                if problems:
                    bad_lines += 1
                    doc_id = doc.get("doc_id") if not problems[0].startswith("not JSON") else None
                    for problem in problems:
                        sys.stdout.write(f"line {line_no} ({doc_id or '?'}): {problem}\n")
    except UnicodeDecodeError as err:
        raise _UsageError(f"{path} is not UTF-8: {err}") from err
    if bad_lines:
        sys.stdout.write(f"{bad_lines} of {lines} lines do not follow {schema['$id']}\n")
        return EXIT_FAILED
    sys.stdout.write(f"ok: {lines} lines follow {schema['$id']}\n")
    return EXIT_OK


DEFAULT_DB = "marsad-gazetteer.sqlite"


def run_gazetteer_import(kind: str, path: str, db: str, mapping: str | None) -> int:
    """Import a place list into the store at `db` (created when absent); counts on stdout."""
    from marsad.geo import importers
    from marsad.geo.store import StoreError, open_store

    if not os.path.isfile(path):
        raise _UsageError(f"cannot read {path}: no such file")
    if kind == "csv" and not mapping:
        raise _UsageError("csv import needs --map name_ar=COL,country=COL|CODE,... (see --help)")
    if kind != "csv" and mapping:
        raise _UsageError("--map goes with csv imports only")
    started = time.perf_counter()
    try:
        store = open_store(db)
    except StoreError as err:
        raise _UsageError(str(err)) from err
    with store, tqdm(unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty(), smoothing=0.1) as bar:
        try:
            if kind == "csv":
                counts = importers.import_csv(store, path, mapping or "", progress=bar.update)
            else:
                counts = importers.IMPORTERS[kind](store, path, progress=bar.update)
        except (ValueError, OSError, UnicodeDecodeError) as err:
            raise _UsageError(f"{path}: {err}") from err
    seconds = time.perf_counter() - started
    result = {"source": kind, "file": path, "db": db, **counts.as_dict(), "seconds": round(seconds, 2)}
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return EXIT_OK


def run_gazetteer_stats(db: str) -> int:
    from marsad.geo.store import StoreError, open_store

    if not os.path.isfile(db):
        raise _UsageError(f"cannot read {db}: no such file (import into it first)")
    try:
        with open_store(db) as store:
            stats = store.stats()
    except StoreError as err:
        raise _UsageError(str(err)) from err
    sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


def geocode_mentions(text: str, db: str | None, country: str | None) -> list[dict[str, Any]]:
    """The place mentions of `text` as plain dicts (the rows `marsad geocode` prints)."""
    from marsad.geo.user import gazetteer_for
    from marsad.text.normalize import normalize

    gaz = gazetteer_for(db)
    out = []
    for m in gaz.find(normalize(text), country_hint=country):
        p = m.place
        district = gaz.by_admin2(p.admin2)
        out.append(
            {
                "start": m.start, "end": m.end, "text": m.text,
                "place": {
                    "id": p.id, "kind": p.kind, "name_ar": p.name_ar, "name_en": p.name_en,
                    "country": p.country, "admin1": p.admin1, "admin2": p.admin2,
                    "admin2_name_ar": district.name_ar if district else None,
                    "admin2_name_en": district.name_en if district else None, "parent": p.parent,
                    "latitude": p.latitude, "longitude": p.longitude, "source": p.source,
                },
                "type_word": m.type_word, "direction": m.direction, "nisba": m.nisba,
                "geo_precision": m.geo_precision, "candidates": [c.id for c in m.candidates],
            }
        )  # fmt: skip
    return out


def run_geocode(text: str, db: str | None, country: str | None, as_json: bool) -> int:
    if db is not None and not os.path.isfile(db):
        raise _UsageError(f"cannot read {db}: no such file")
    rows = geocode_mentions(text, db, country)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    if not rows:
        sys.stdout.write("no place names found\n")
        return EXIT_OK
    header = ("span", "text", "id", "kind", "name_ar", "name_en", "country", "admin1", "admin2", "lat,lon",
              "type", "dir", "nisba", "prec")  # fmt: skip
    table = [header]
    for r in rows:
        p = r["place"]
        where = f"{p['latitude']:.4f},{p['longitude']:.4f}" if p["latitude"] is not None else "-"
        table.append(
            (
                f"{r['start']}-{r['end']}", r["text"], p["id"], p["kind"], p["name_ar"], p["name_en"],
                p["country"], p["admin1"] or "-", p["admin2_name_en"] or "-", where, r["type_word"] or "-",
                r["direction"] or "-", "yes" if r["nisba"] else "no", str(r["geo_precision"]),
            )
        )  # fmt: skip
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for row in table:
        sys.stdout.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
    return EXIT_OK


def _add_geo_parsers(sub: Any) -> None:
    gz = sub.add_parser("gazetteer", help="import place lists into a gazetteer store, or describe one")
    gz_sub = gz.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    imp = gz_sub.add_parser("import", help="import a GeoNames, Who's On First, OCHA or CSV place list")
    imp.add_argument("format", choices=("geonames", "wof", "ocha", "csv"), help="what the file is")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--db", default=DEFAULT_DB, help=f"the store (default: ./{DEFAULT_DB}; created if absent)"
    )
    imp.add_argument(
        "--map",
        dest="mapping",
        help="csv only: name_ar=COL,name_en=COL,lat=COL,lon=COL,country=COL|CODE,admin1=COL,kind=COL|KIND"
        " (also id=, admin2=, population=)",
    )
    st = gz_sub.add_parser("stats", help="what a gazetteer store holds")
    st.add_argument("--db", default=DEFAULT_DB, help=f"the store (default: ./{DEFAULT_DB})")
    gc = sub.add_parser("geocode", help="the place names of a text and the places chosen for them")
    gc.add_argument("text", metavar="TEXT")
    gc.add_argument("--db", help="a gazetteer store to add to the default gazetteer")
    gc.add_argument("--country", help="ISO 3166-1 alpha-2 code of the country the text is about")
    gc.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from err
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Security events from Arabic news, with the Arabic evidence for every field.",
    )
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv: tracebacks)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract events from a JSONL corpus or from one text")
    ex.add_argument(
        "input", nargs="?", metavar="INPUT", help="articles as .jsonl or .jsonl.gz, or - for stdin"
    )
    ex.add_argument("-o", "--output", default="-", help="output JSONL file, or - for stdout (default)")
    ex.add_argument(
        "--workers",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="worker processes (default: all cores; 1 runs in this process)",
    )
    ex.add_argument("--text", help="extract from this one text instead of a file")
    ex.add_argument("--published", help="with --text: publication date or time, ISO 8601")
    ex.add_argument("--title", default="", help="with --text: the headline")
    ex.add_argument("--doc-id", default="text", help="with --text: the doc_id to report")
    ex.add_argument(
        "--gazetteer",
        metavar="PATH",
        help="a gazetteer store (see `marsad gazetteer import`) whose places are added to the default ones",
    )

    ev = sub.add_parser("eval", help="score a system's output against gold (GUIDELINES §7)")
    ev.add_argument("gold", metavar="GOLD")
    ev.add_argument("system", metavar="SYSTEM")
    ev.add_argument("--json", action="store_true", help="print the metrics as JSON")

    va = sub.add_parser("validate", help="check an output file against the events-v1 JSON schema")
    va.add_argument("file", metavar="FILE", help="output JSONL, or - for stdin")
    _add_geo_parsers(sub)
    cli_runs.add_parsers(sub, _positive_int)
    add_serve_parser(sub)
    cli_record.add_parsers(sub, _positive_int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(-1 if args.quiet else args.verbose)
    if isinstance(sys.stdout, io.TextIOWrapper):
        # Arabic output must not depend on the terminal's locale.
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        if args.command == "extract":
            if args.gazetteer:
                store = Path(args.gazetteer)
                if not store.is_file():
                    parser.error(
                        f"--gazetteer {store}: no such file (build one with `marsad gazetteer import`)"
                    )
                # Set in the environment so that worker processes, which import marsad afresh, see it too.
                os.environ[GAZETTEER_ENV] = str(store.resolve())
            if args.text is not None:
                if args.input is not None:
                    parser.error("give either INPUT or --text, not both")
                if not args.published:
                    parser.error("--text needs --published (the date relative dates resolve against)")
                return run_extract_text(args.text, args.published, args.title, args.doc_id)
            if args.input is None:
                parser.error("extract needs INPUT (a .jsonl file or -) or --text")
            if args.published or args.title:
                parser.error("--published and --title go with --text; a file carries its own")
            return run_extract(args.input, args.output, args.workers)
        if args.command == "eval":
            return run_eval(args.gold, args.system, args.json)
        if args.command == "gazetteer":
            if args.gazetteer_command == "import":
                return run_gazetteer_import(args.format, args.file, args.db, args.mapping)
            return run_gazetteer_stats(args.db)
        if args.command in ("ingest", "watch", "load", "spark"):
            return cli_runs.dispatch(args)
        if args.command == "serve":
            return run_serve(args)
        if args.command in ("export", "alerts", "demo"):
            return cli_record.dispatch(args)
        if args.command == "geocode":
            return run_geocode(args.text, args.db, args.country, args.json)
        return run_validate(args.file)
    except (_UsageError, cli_runs.UsageError) as err:  # cli_record raises cli_runs.UsageError too
        log.error("%s", err)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
