"""Store fixtures: every store test runs twice, against SQLite and against a real PostgreSQL server.

The server is, in order of preference:

1. `$MARSAD_TEST_POSTGRES_URL` (a database the tests may create schemas in);
2. a throwaway cluster started for the session from the installed server binaries (Debian's
   /usr/lib/postgresql/*/bin, or initdb and pg_ctl on PATH) in a temp dir on a free port, stopped and
   deleted at the end. initdb refuses to run as root, so as root the cluster belongs to the `postgres`
   system user (`runuser -u postgres --`). `.ci/postgres.sh` installs the binaries on Debian.

With neither, the PostgreSQL half is skipped and says why. Each test gets its own schema (through the
URL's `options=-csearch_path=…`), dropped after the test.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from marsad.store import Store, open_store

URL_ENV = "MARSAD_TEST_POSTGRES_URL"
#: Why the PostgreSQL half is skipped, when it is.
_SKIP: list[str] = []


def _binaries() -> tuple[str, str] | None:
    """initdb and pg_ctl of the newest installed server."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3].split(".")[0])
    )
    if found:
        return found[-1], str(Path(found[-1]).with_name("pg_ctl"))
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    return (initdb, pg_ctl) if initdb and pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A PostgreSQL cluster in a temp dir, run as the `postgres` user when we are root."""

    def __init__(self, initdb: str, pg_ctl: str) -> None:
        self.initdb, self.pg_ctl = initdb, pg_ctl
        self.prefix: list[str] = []
        self.dir = Path(tempfile.mkdtemp(prefix="marsad-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")  # KeyError: handled by the caller
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        self.port = _free_port()

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> str:
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "marsad", "-E", "UTF8", "--no-sync")
        server_opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            self.pg_ctl,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            server_opts,
            "-w",
            "-t",
            "60",
            "start",
        )
        return f"postgresql://marsad@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else "(no server log)"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """The URL of a PostgreSQL server for the session, or None (with the reason in `_SKIP`)."""
    if os.environ.get(URL_ENV):
        yield os.environ[URL_ENV]
        return
    binaries = _binaries()
    if binaries is None:
        _SKIP.append(f"no PostgreSQL: set {URL_ENV} or install the server (.ci/postgres.sh)")
        yield None
        return
    try:
        cluster = Cluster(*binaries)
    except KeyError:
        _SKIP.append("running as root and there is no `postgres` user to own a throwaway cluster")
        yield None
        return
    try:
        url = cluster.start()
    except subprocess.CalledProcessError as err:
        cluster.stop()
        pytest.fail(f"could not start PostgreSQL ({err.cmd[-1]}): {err.stderr}\n{cluster.log_tail()}")
    try:
        yield url
    finally:
        cluster.stop()


def _with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL naming an empty store: a new SQLite file, or a new schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "marsad.db")
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip(_SKIP[-1] if _SKIP else "no PostgreSQL server")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")  # a generated identifier, not input
    try:
        yield _with_search_path(server, schema)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s
