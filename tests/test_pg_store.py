"""The store suite against a real PostgreSQL server (started by tests/pg.py).

Every test talks to the CLI with `--db postgresql+psycopg://postgres:<password>@…`
on a fresh database; trust authentication ignores the password, which lets
every test also check it never reaches the screen.
"""

from __future__ import annotations

import pytest
from conftest import Campaign
from pg import PASSWORD, pg_execute, pg_snapshot

from campaign_cli.store import schema

pytestmark = pytest.mark.postgres


@pytest.fixture
def pgcli(pg_url: str) -> Campaign:
    return Campaign(pg_url)  # type: ignore[arg-type]  # --db takes a URL as well as a path


def _no_secret(result) -> None:
    assert PASSWORD not in result.stdout and PASSWORD not in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_init_creates_the_schema_at_head(pgcli, pg_url):
    result = pgcli.ok("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023")
    _no_secret(result)
    rows = pg_snapshot(pg_url)
    assert rows["alembic_version"] == [(schema.HEAD,)]
    assert {"campaign", "unit", "phase", "activity", "problem", "responsibility", "task", "event",
            "setting"} <= set(rows)
    assert [c["key"] for c in pgcli.json("list")] == ["jssp"]


def test_units_and_phases(pgcli):
    pgcli.ok("init", "jssp", "--title", "T", "--year", "2023")
    unit = pgcli.json("unit", "add", "第一党支部", "--kind", "branch", "--members", "28")
    assert unit["name"] == "第一党支部" and unit["members"] == 28
    pgcli.ok("unit", "add", "教务处", "--kind", "department")
    duplicate = pgcli("unit", "add", "教务处", "--kind", "department")
    assert duplicate.exit_code == 1
    _no_secret(duplicate)
    first = pgcli.json("phase", "add", "开展专题学习", "--start", "4月21日", "--end", "4月28日")
    assert (first["seq"], first["start"], first["end"]) == (1, "2023-04-21", "2023-04-28")
    pgcli.ok("phase", "add", "着力解决问题", "--end", "年底前")
    status = pgcli.json("phase", "status")
    assert [p["seq"] for p in status["phases"]] == [1, 2]
    assert [p["state"] for p in status["phases"]] == ["done", "active"]
    assert status["phases"][0]["units_total"] == 1
    assert status["current"] == [2]


def test_db_info_and_check_mask_the_password(pgcli):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    info = pgcli.json("db", "info")
    assert info["kind"] == "postgresql"
    assert info["revision"] == info["head"] == schema.HEAD
    assert PASSWORD not in info["location"] and ":***@" in info["location"]
    assert info["campaigns"] == 1 and info["current"] == "a"
    human = pgcli.ok("db", "info", lang="en")
    _no_secret(human)
    assert pgcli.json("db", "check")["ok"] is True
    backup = pgcli("db", "backup", "copy.db", lang="en")
    assert backup.exit_code == 3 and "pg_dump" in backup.stderr
    _no_secret(backup)


def test_unreachable_server_is_one_line_without_password(pg_server):
    from pg import PostgresServer

    assert isinstance(pg_server, PostgresServer)
    nowhere = Campaign(f"postgresql+psycopg://clerk:{PASSWORD}@127.0.0.1:1/campaign")  # type: ignore[arg-type]
    result = nowhere("list", lang="en")
    assert result.exit_code == 3
    _no_secret(result)
    assert "Cannot reach the database server" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_missing_database_is_a_store_error_without_password(pg_server, pg_url):
    missing = Campaign(pg_url.rsplit("/", 1)[0] + "/no_such_db")  # type: ignore[arg-type]
    result = missing("list", lang="en")
    assert result.exit_code == 3
    _no_secret(result)


def test_database_of_another_program_is_refused_untouched(pgcli, pg_url):
    pg_execute(pg_url, "CREATE TABLE notes (x int); INSERT INTO notes VALUES (1)")
    before = pg_snapshot(pg_url)
    result = pgcli("list", lang="en")
    assert result.exit_code == 3 and "not a campaign store" in result.stderr
    _no_secret(result)
    assert pg_snapshot(pg_url) == before


def test_newer_store_is_refused_untouched(pgcli, pg_url):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pg_execute(pg_url, "UPDATE alembic_version SET version_num = '9999_future'")
    before = pg_snapshot(pg_url)
    result = pgcli("unit", "add", "X", "--kind", "branch", lang="en")
    assert result.exit_code == 3 and "newer" in result.stderr
    _no_secret(result)
    assert pg_snapshot(pg_url) == before


def test_refused_write_changes_nothing(pgcli, pg_url):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pgcli.ok("unit", "add", "教务处", "--kind", "department")
    before = pg_snapshot(pg_url)
    assert pgcli("phase", "add", "X", "--end", "2023-13-45").exit_code in (1, 2)
    assert pgcli("unit", "add", "Y", "--kind", "nonsense").exit_code in (1, 2)
    assert pg_snapshot(pg_url) == before


def test_sql_text_is_stored_verbatim(pgcli):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    name = "x'); DROP TABLE unit; -- 教务处 $(rm -rf /) ‮emoji 😀"
    pgcli.ok("unit", "add", name, "--kind", "department")
    assert [u["name"] for u in pgcli.json("unit", "list")] == [name]


def test_write_lock_timeout_is_a_store_error(pgcli, pg_url, monkeypatch):
    """A writer that holds the write lock past the timeout: exit 3, one line."""
    import psycopg

    from campaign_cli.store.database import PG_WRITE_LOCK

    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    before = pg_snapshot(pg_url)
    monkeypatch.setenv("CAMPAIGN_BUSY_TIMEOUT_MS", "200")
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://")) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (PG_WRITE_LOCK,))
        result = pgcli("unit", "add", "X", "--kind", "branch", lang="en")
        other.rollback()
    assert result.exit_code == 3 and "busy" in result.stderr
    _no_secret(result)
    assert pg_snapshot(pg_url) == before



def test_issue_lists_on_postgresql(pgcli):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pgcli.ok("unit", "add", "教务处", "--kind", "department")
    first = pgcli.json("issue", "add", "作业负担重", "--owner", "王老师", "--dept", "教务处",
                       "--deadline", "2023-06-30")
    second = pgcli.json("issue", "add", "x'); DROP TABLE task; --", "--owner", "李老师",
                        "--dept", "教务处", "--deadline", "2023-06-10")
    assert first["problem"]["code"] == "P-1" and second["problem"]["code"] == "P-2"
    assert first["task"]["code"] == "T-1" and second["task"]["code"] == "T-2"
    assert second["problem"]["title"] == "x'); DROP TABLE task; --"
    tasks = pgcli.json("issue", "list")
    assert {t["code"]: t["signal"] for t in tasks} == {"T-1": "green", "T-2": "red"}


def test_activities_on_postgresql(pgcli):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pgcli.ok("unit", "add", "第一党支部", "--kind", "branch")
    pgcli.ok("phase", "add", "开展专题学习", "--start", "6月1日", "--end", "6月30日")
    pgcli.ok("activity", "add", "专题学习", "--kind", "study-group", "--date", "2023-06-10",
             "--unit", "第一党支部", "--participants", "20")
    listed = pgcli.json("activity", "list")
    assert [a["title"] for a in listed] == ["专题学习"]
    status = pgcli.json("phase", "status")
    assert status["phases"][0]["activities"] == 1 and status["phases"][0]["units_covered"] == 1


@pytest.mark.parametrize("ci, outcome", [("true", "fail"), ("", "skip")])
def test_without_a_server_tests_skip_except_on_ci(monkeypatch, ci, outcome):
    from pg import _unavailable

    monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if outcome == "fail" else pytest.skip.Exception
    with pytest.raises(expected, match="no PostgreSQL server binaries"):
        _unavailable("no PostgreSQL server binaries (initdb, pg_ctl)")


def test_a_command_on_postgresql_runs_without_sqlalchemy(pgcli, pg_url):
    """The direct store (store/postgres.py) reads and writes through psycopg
    alone: no SQLAlchemy, no Alembic on a command's path once the store is at head."""
    import re
    import subprocess
    import sys

    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pgcli.ok("unit", "add", "教务处", "--kind", "department")
    for args in (["phase", "status"], ["issue", "add", "问题", "--owner", "王伟", "--deadline", "2023-06-30",
                                       "--dept", "教务处"], ["issue", "list", "--json"], ["issue", "done", "T-1"],
                 ["report", "--month", "2023-06"]):
        run = subprocess.run([sys.executable, "-X", "importtime", "-m", "campaign_cli", "--db", pg_url,
                              "--campaign", "a", "--today", "2023-06-15", "--lang", "en", *args],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr[-2000:]
        loaded = {m.group(1).split(".")[0] for m in re.finditer(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", run.stderr)}
        assert "psycopg" in loaded  # the check itself works
        assert not loaded & {"sqlalchemy", "alembic", "sqlmodel"}, (args, loaded & {"sqlalchemy", "alembic"})
    assert [t["status"] for t in pgcli.json("issue", "list")] == ["done"]


def test_a_url_libpq_would_read_otherwise_still_connects_as_before(pgcli, pg_url, pg_server):
    """A raw `/` in the password: SQLAlchemy reads it as part of the password,
    libpq as the end of a host name. Such a URL takes the SQLAlchemy path,
    and connects where it always did (trust ignores the password)."""
    from campaign_cli.store.location import libpq_params

    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    odd = pg_url.replace(f":{PASSWORD}@", ":pa/ss@")
    assert libpq_params(odd) is None and libpq_params(pg_url) is not None
    info = Campaign(odd).json("db", "info")  # type: ignore[arg-type]
    assert info["campaigns"] == 1 and "pa/ss" not in info["location"] and ":***@" in info["location"]


def test_a_duplicate_on_postgresql_is_a_conflict_not_a_crash(pgcli, pg_url):
    """psycopg's UniqueViolation reaches the boundary as a conflict (exit 1, one line)."""
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pg_execute(pg_url, "CREATE UNIQUE INDEX one_title ON phase (title)")
    pgcli.ok("phase", "add", "P", "--end", "2023-06-30")
    again = pgcli("phase", "add", "P", "--end", "2023-07-30", lang="en")
    assert again.exit_code == 1, again.stderr
    assert "Conflicts with existing data" in again.stderr and "one_title" in again.stderr
    assert "Traceback" not in again.stderr and len(again.stderr.strip().splitlines()) == 1
    _no_secret(again)


def test_a_stream_lets_other_statements_run_meanwhile(pgcli, pg_url):
    """iter_rows streams on the one connection: a statement run while a
    stream is open reads the rest of it first (nothing lost, nothing hangs);
    a stream left early, or one open when a transaction fails, is given up."""
    from campaign_cli.store.location import resolve
    from campaign_cli.store.opening import open_store
    from campaign_cli.store.postgres import PostgresDatabase

    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    db = open_store(resolve(pg_url))
    assert isinstance(db, PostgresDatabase)
    try:
        sql = "SELECT g AS n FROM generate_series(1, :n) g ORDER BY g"
        seen, rows = [], db.iter_rows(sql, n=5000)
        for row in rows:
            seen.append(row["n"])
            if len(seen) == 10:
                assert db.scalar("SELECT COUNT(*) FROM campaign") == 1  # mid-stream
                inner = [r["n"] for r in db.iter_rows(sql, n=3)]
        assert seen == list(range(1, 5001)) and inner == [1, 2, 3]
        early = db.iter_rows(sql, n=100000)
        assert next(early)["n"] == 1
        early.close()
        assert db.scalar("SELECT 41 + 1") == 42
        with pytest.raises(ZeroDivisionError):
            with db.transaction():
                db.execute("UPDATE campaign SET title = 'B'")
                left_open = db.iter_rows(sql, n=100000)
                next(left_open)
                raise ZeroDivisionError
        assert db.scalar("SELECT title FROM campaign") == "A"  # rolled back, connection usable
    finally:
        db.close()
