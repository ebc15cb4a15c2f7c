"""`marsad serve`: the REST API and dashboard over a store, with uvicorn.

    marsad serve [--db URL] [--host 127.0.0.1] [--port 8000] [--token-env MARSAD_TOKEN] [--cors-origin O]...
                 [--rate-limit N]

Read-only unless the environment variable named by `--token-env` holds a token: then `POST /articles`
accepts requests that carry it (`Authorization: Bearer <token>`). The token is never a command-line value
(command lines are visible to every user of the machine). `python -m marsad.server.cli` runs the same
command on its own.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marsad.server.ratelimit import DEFAULT_RATE

log = logging.getLogger("marsad.server")

DB_ENV = "MARSAD_DB"
DEFAULT_DB = "marsad.db"
TOKEN_ENV = "MARSAD_TOKEN"
EXIT_OK, EXIT_USAGE = 0, 2
_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0..65535, got {value!r}")
    return port


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
    try:
        app = create_app(
            args.db,
            token=token,
            web_dir=args.web_dir,
            cors_origins=tuple(args.cors_origin),
            rate_limit=args.rate_limit or None,
        )
    except StoreError as err:
        log.error("--db %s: %s", args.db, err)
        return EXIT_USAGE
    if token is None:
        log.info("read-only: set $%s to accept POST /articles", args.token_env)
    elif args.host not in _LOOPBACK:
        log.warning("writes are enabled on %s over plain HTTP: put a TLS proxy in front", args.host)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False)
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
