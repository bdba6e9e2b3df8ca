"""A real PostgreSQL server for the test session (pytest plugin).

Loaded from tests/conftest.py (`pytest_plugins = ["pg"]`). The server is
started lazily, the first time a test asks for `pg_url`, and only once:

- `initdb` and `pg_ctl` from PATH or /usr/lib/postgresql/*/bin;
- a data folder in a fresh temporary folder (owned by `postgres` when the
  tests run as root: PostgreSQL refuses to run as root, so the server
  commands run through `runuser -u postgres`);
- trust authentication on 127.0.0.1, a free loopback port, the unix socket
  in the same temporary folder, fsync off (a test server);
- stopped with `pg_ctl stop -m immediate` and removed at session end.

Each test gets a fresh database (`CREATE DATABASE`). Without server
binaries or psycopg the PostgreSQL tests skip and say why — except on CI
(`CI=true`), where a missing server fails the run loudly.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

# Trust authentication ignores it; it is there so every test also proves
# the password never reaches the user's screen.
PASSWORD = "s3cret-pw"
USER = "postgres"


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    return None


class PostgresServer:
    """`keep`: a folder that outlives the server (benchmarks/run.py keeps its
    loaded city store there between runs); its data is reused when present."""

    def __init__(self, keep: Path | None = None) -> None:
        self.initdb = _find_bin("initdb")
        self.pg_ctl = _find_bin("pg_ctl")
        self.keep = Path(keep) if keep else None
        self.folder: Path | None = None
        self.port: int | None = None
        self.error: str | None = None
        self._names = itertools.count(1)
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0

    # -- running server commands as a user PostgreSQL accepts
    def _run(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = list(argv)
        if self.as_root:
            command = ["runuser", "-u", USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        if not (self.initdb and self.pg_ctl):
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) on PATH "
                               "or in /usr/lib/postgresql/*/bin")
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise RuntimeError(f"psycopg is not installed ({exc}); pip install 'campaign-cli[postgres]'")
        if self.as_root and shutil.which("runuser") is None:
            raise RuntimeError("running as root but `runuser` is missing to start PostgreSQL as postgres")
        # /tmp, not $TMPDIR: the postgres user must reach it, and a unix
        # socket path must stay short.
        if self.keep:
            self.keep.mkdir(parents=True, exist_ok=True)
            self.folder = self.keep
        else:
            self.folder = Path(tempfile.mkdtemp(prefix="campaign-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
        if self.as_root:
            shutil.chown(self.folder, USER, USER)
        data = self.folder / "data"
        if not (self.keep and (data / "PG_VERSION").exists()):
            done = self._run(self.initdb, "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8",
                             "--locale=C.UTF-8", "--no-sync")
            if done.returncode != 0:
                raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        last = ""
        for _ in range(3):  # a free port can be taken between the probe and the start
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                       "-c max_connections=100")
            done = self._run(self.pg_ctl, "-D", str(data), "-o", options,
                             "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start")
            if done.returncode == 0:
                return
            last = done.stderr.strip() or done.stdout.strip()
        log = (self.folder / "server.log").read_text(errors="replace")[-2000:] if (self.folder / "server.log").exists() else ""
        raise RuntimeError(f"pg_ctl start failed: {last}\n{log}")

    def stop(self) -> None:
        if self.folder is None:
            return
        data = self.folder / "data"
        if (data / "postmaster.pid").exists():
            # A kept folder is stopped cleanly (its data is used again).
            self._run(self.pg_ctl, "-D", str(data), "stop", "-m", "fast" if self.keep else "immediate", "-w")
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    # -- databases
    def admin_dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={USER} dbname={dbname}"

    def create_database(self, name: str | None = None) -> str:
        import psycopg

        name = name or f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.admin_dsn(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_dsn(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{name}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL tests need a server: {reason}"
    if on_ci():
        pytest.fail(message + " (CI=true: PostgreSQL tests must run on CI)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_server():
    server = PostgresServer()
    try:
        server.start()
    except Exception as exc:  # noqa: BLE001 - reported as the reason to skip or fail
        server.error = str(exc)
        server.stop()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer):
    """A fresh, empty database on the session's server, as a --db URL."""
    if pg_server.error:
        _unavailable(pg_server.error)
    name = pg_server.create_database()
    yield pg_server.url(name)
    try:
        pg_server.drop_database(name)
    except Exception:  # noqa: BLE001 - the server goes away at session end anyway
        pass


def pg_snapshot(url: str) -> dict[str, list]:
    """Every row of every table of a PostgreSQL store (cf. store_snapshot)."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        return {t: connection.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


def pg_execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        connection.execute(sql)
