"""`marsad serve`'s arguments: defaults, repeatable CORS origins, and no way to give the token on the
command line."""

from __future__ import annotations

import argparse

import pytest

from marsad.server.cli import TOKEN_ENV, add_serve_parser


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MARSAD_DB", raising=False)
    args = _parse()
    assert (args.db, args.host, args.port, args.token_env, args.cors_origin) == (
        "marsad.db",
        "127.0.0.1",
        8000,
        TOKEN_ENV,
        [],
    )


def test_options() -> None:
    args = _parse(
        "--db", "x.db", "--port", "9000", "--cors-origin", "https://a", "--cors-origin", "https://b"
    )
    assert (args.db, args.port, args.cors_origin) == ("x.db", 9000, ["https://a", "https://b"])


@pytest.mark.parametrize("argv", [["--token", "secret"], ["--port", "70000"], ["--port", "http"]])
def test_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        _parse(*argv)
