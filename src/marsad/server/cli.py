"""`marsad serve`: the REST API and dashboard over a store, with uvicorn.

    marsad serve [--db URL] [--host 127.0.0.1] [--port 8000] [--token-env MARSAD_TOKEN] [--cors-origin O]...
                 [--rate-limit N] [--workers N] [--cache-mb N]

Read-only unless the environment variable named by `--token-env` holds a token: then `POST /articles`
accepts requests that carry it (`Authorization: Bearer <token>`). The token is never a command-line value
(command lines are visible to every user of the machine). `python -m marsad.server.cli` runs the same
command on its own.

`--workers N` runs N server processes on one socket (uvicorn's supervisor restarts one that dies), so the
API uses N cores: one Python process answers a few hundred requests/s at most (the GIL), whatever its
threads. Each worker builds its app with `app_from_environment`, from the settings `run_serve` puts in
`$MARSAD_SERVE_SETTINGS` (JSON, never the token: the worker reads that from `--token-env` itself). The rate
limit is shared out: each worker allows `rate / N` per address, so no address gets more than `rate` in all.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from marsad.server.cache import DEFAULT_BYTES
from marsad.server.ratelimit import DEFAULT_RATE

log = logging.getLogger("marsad.server")

DB_ENV = "MARSAD_DB"
DEFAULT_DB = "marsad.db"
TOKEN_ENV = "MARSAD_TOKEN"
SETTINGS_ENV = "MARSAD_SERVE_SETTINGS"
EXIT_OK, EXIT_USAGE = 0, 2
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _int_in(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse type: a whole number in low..high, else an error that says `what` it is."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{what} is {low}..{high}, got {value!r}")
        return number

    return parse


_port = _int_in(0, 65535, "a port")
_workers = _int_in(1, 64, "the number of worker processes")
_cache_mb = _int_in(0, 65536, "the cache size in MiB")


def _rate(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not (rate >= 0 and rate < float("inf")):
        raise argparse.ArgumentTypeError(f"a rate limit is a number of requests/s >= 0, got {value!r}")
    return rate


def add_serve_parser(sub: Any) -> argparse.ArgumentParser:
    """Add `serve` to the `marsad` subcommands (`sub` is argparse's subparsers object)."""
    # No abbreviations: `--token SECRET` must fail, not be read as `--token-env SECRET`.
    p: argparse.ArgumentParser = sub.add_parser(
        "serve", help="serve the REST API and dashboard over a store", allow_abbrev=False
    )
    p.add_argument(
        "--db",
        default=os.environ.get(DB_ENV, DEFAULT_DB),
        help=f"store: a SQLite file or postgresql://… URL (default: ${DB_ENV} or {DEFAULT_DB})",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument(
        "--token-env",
        default=TOKEN_ENV,
        metavar="VAR",
        help=f"environment variable holding the write token (default {TOKEN_ENV}); unset: read-only",
    )
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow cross-origin requests from ORIGIN (repeatable; none by default)",
    )
    p.add_argument(
        "--rate-limit",
        type=_rate,
        default=DEFAULT_RATE,
        metavar="N",
        help=f"requests/s per client address, bursts of 2N, then 429 (default {DEFAULT_RATE:g}; 0: no limit)",
    )
    p.add_argument(
        "--workers",
        type=_workers,
        default=1,
        metavar="N",
        help="server processes (default 1); use the number of cores for heavy read traffic",
    )
    p.add_argument(
        "--cache-mb",
        type=_cache_mb,
        default=DEFAULT_BYTES // 2**20,
        metavar="N",
        help=f"answer cache for /events and /stats, MiB a process (default {DEFAULT_BYTES // 2**20}; 0: off)",
    )
    p.add_argument(
        "--web-dir", type=Path, help="dashboard folder with index.html (default: the packaged one)"
    )
    p.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    return p


def run_serve(args: argparse.Namespace) -> int:
    """Start the server (blocks until Ctrl-C); 2 when the store cannot be opened."""
    import uvicorn

    from marsad.server.app import create_app
    from marsad.store import StoreError

    token = os.environ.get(args.token_env) or None
    workers = getattr(args, "workers", 1)
    settings = {
        "db": args.db,
        "token_env": args.token_env,
        "web_dir": str(args.web_dir) if args.web_dir is not None else None,
        "cors_origins": list(args.cors_origin),
        "rate_limit": (args.rate_limit or 0) / workers,
        "cache_bytes": getattr(args, "cache_mb", DEFAULT_BYTES // 2**20) * 2**20,
    }
    try:  # in the supervisor too: a bad --db fails here, once, with its reason
        app = create_app(
            args.db,
            token=token,
            web_dir=args.web_dir,
            cors_origins=tuple(args.cors_origin),
            rate_limit=settings["rate_limit"] or None,
            cache_bytes=settings["cache_bytes"],
        )
    except StoreError as err:
        log.error("--db %s: %s", args.db, err)
        return EXIT_USAGE
    if token is None:
        log.info("read-only: set $%s to accept POST /articles", args.token_env)
    elif args.host not in _LOOPBACK:
        log.warning("writes are enabled on %s over plain HTTP: put a TLS proxy in front", args.host)
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": args.log_level}
    if workers == 1:
        uvicorn.run(app, server_header=False, **options)
        return EXIT_OK
    del app
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    factory = "marsad.server.app:app_from_environment"
    uvicorn.run(factory, factory=True, workers=workers, server_header=False, **options)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers(dest="command", required=True)
    add_serve_parser(sub)
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    logging.basicConfig(
        level=getattr(logging, args.log_level.upper()), format="%(levelname)s %(name)s: %(message)s"
    )
    return run_serve(args)


if __name__ == "__main__":
    raise SystemExit(main())
