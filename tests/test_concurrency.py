"""Many hands at once: real processes writing to one store at the same time.

Each writer is its own Python process that runs `campaign issue add` (the
real command, through the same entry the executable uses, each invocation
opening its own connection) N times in a row, as fast as it can. After all
of them: every row is there exactly once, codes are unique and gapless, no
writer saw "database is locked", every invocation exited 0. A backup taken
while they write is a consistent store.

Until `issue add` exists in the build the same harness runs `unit add`.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Campaign
from figures import record as _record

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CAMPAIGN = Path(sys.executable).with_name("campaign")

# One writer process: ARGV = db, worker index, how many, mode.
WORKER = r"""
import sys
from typer.main import get_command
from campaign_cli.cli import app

command = get_command(app)  # built once: the writer then spends its time writing

db, index, count, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
failures = 0
for j in range(count):
    if mode == "issue":
        args = ["issue", "add", f"问题 {index}-{j}", "--owner", f"责任人{index}",
                "--dept", "教务处", "--deadline", "2023-07-01", "--measure", f"措施 {index}-{j}"]
    else:
        args = ["unit", "add", f"单位 {index}-{j}", "--kind", "department"]
    code = command.main(["--db", db, "--today", "2023-06-15", "--lang", "en", *args],
               prog_name="campaign", standalone_mode=False)
    if code not in (None, 0):
        failures += 1
        sys.stderr.write(f"writer {index} item {j}: exit {code}\n")
print()
print(failures)
"""


def issue_add_available() -> bool:
    from typer.main import get_command

    from campaign_cli.cli import app

    issue = get_command(app).commands.get("issue")  # type: ignore[attr-defined]
    return issue is not None and "add" in getattr(issue, "commands", {})


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CAMPAIGN_DEBUG", None)
    env["CAMPAIGN_ACTOR"] = "writer"
    env["CAMPAIGN_BUSY_TIMEOUT_MS"] = "30000"  # writers queue; none may give up
    return env


def _start_writers(db: str, writers: int, count: int, mode: str) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", WORKER, db, str(i), str(count), mode],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=_env(), cwd=REPO)
            for i in range(writers)]


def _finish(processes: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    done = []
    for process in processes:
        out, err = process.communicate(timeout=180)
        done.append((process.returncode, out, err))
    return done


def _prepare(cli: Campaign) -> str:
    cli.ok("init", "jssp", "--title", "并发", "--year", "2023")
    cli.ok("unit", "add", "教务处", "--kind", "department")
    return "issue" if issue_add_available() else "unit"


def _assert_writers_succeeded(results, writers: int) -> None:
    assert len(results) == writers
    for code, out, err in results:
        assert "database is locked" not in err.lower(), err
        assert "Traceback" not in err, err
        assert code == 0, err
        assert out.strip().splitlines()[-1] == "0", err  # no invocation exited non-zero


WRITERS, EACH = 8, 50


def _wait_for_rows(store: Path, mode: str, at_least: int, limit: float = 60) -> None:
    """Take the backup mid-run: once the writers have written a fifth of their rows."""
    table = "problem" if mode == "issue" else "unit"
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        connection = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=30)
        try:
            if connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] >= at_least:
                return
        finally:
            connection.close()
        time.sleep(0.05)


def test_eight_writers_on_one_sqlite_store(cli, store, tmp_path):
    mode = _prepare(cli)
    started = time.monotonic()
    processes = _start_writers(str(store), WRITERS, EACH, mode)
    # A backup while they write: SQLite's online backup gives a consistent copy.
    copy = tmp_path / "during.db"
    _wait_for_rows(store, mode, WRITERS * EACH // 5)
    backup = subprocess.run([str(CAMPAIGN), "--db", str(store), "--lang", "en", "db", "backup", str(copy)],
                            capture_output=True, text=True, env=_env(), timeout=120)
    results = _finish(processes)
    elapsed = time.monotonic() - started
    _assert_writers_succeeded(results, WRITERS)
    assert backup.returncode == 0, backup.stderr

    connection = sqlite3.connect(store)
    try:
        if mode == "issue":
            problems = [r[0] for r in connection.execute("SELECT code FROM problem")]
            tasks = [r[0] for r in connection.execute("SELECT code FROM task")]
            assert len(problems) == len(set(problems)) == WRITERS * EACH
            assert len(tasks) == len(set(tasks)) == WRITERS * EACH
            assert sorted(problems) == sorted(f"P-{n}" for n in range(1, WRITERS * EACH + 1))
            assert connection.execute("SELECT COUNT(*) FROM responsibility").fetchone()[0] == WRITERS * EACH
        else:
            names = [r[0] for r in connection.execute("SELECT name FROM unit WHERE name <> '教务处'")]
            assert len(names) == len(set(names)) == WRITERS * EACH
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()

    copy_db = sqlite3.connect(copy)
    try:
        assert copy_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = copy_db.execute("SELECT COUNT(*) FROM problem" if mode == "issue"
                                 else "SELECT COUNT(*) FROM unit").fetchone()[0]
    finally:
        copy_db.close()
    check = subprocess.run([str(CAMPAIGN), "--db", str(copy), "--lang", "en", "db", "check"],
                           capture_output=True, text=True, env=_env(), timeout=60)
    assert check.returncode == 0, check.stderr
    _record("sqlite_writers", writers=WRITERS, each=EACH, rows=WRITERS * EACH, command=f"{mode} add",
            seconds=round(elapsed, 1), rows_in_backup_taken_during=copied)


PG_WRITERS, PG_EACH = 4, 15


@pytest.mark.postgres
def test_writers_on_one_postgresql_store(pg_url):
    cli = Campaign(pg_url)  # type: ignore[arg-type]
    mode = _prepare(cli)
    started = time.monotonic()
    results = _finish(_start_writers(pg_url, PG_WRITERS, PG_EACH, mode))
    elapsed = time.monotonic() - started
    _assert_writers_succeeded(results, PG_WRITERS)
    import psycopg

    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://")) as connection:
        if mode == "issue":
            problems = [r[0] for r in connection.execute("SELECT code FROM problem")]
            tasks = [r[0] for r in connection.execute("SELECT code FROM task")]
            assert len(problems) == len(set(problems)) == PG_WRITERS * PG_EACH
            assert len(tasks) == len(set(tasks)) == PG_WRITERS * PG_EACH
        else:
            names = [r[0] for r in connection.execute("SELECT name FROM unit WHERE name <> '教务处'")]
            assert len(names) == len(set(names)) == PG_WRITERS * PG_EACH
    _record("postgresql_writers", writers=PG_WRITERS, each=PG_EACH, rows=PG_WRITERS * PG_EACH,
            command=f"{mode} add", seconds=round(elapsed, 1))
