"""Opening a store by SPEC §5 and §6 (issues 11 and 18).

- an old store opened by many processes at once is upgraded once: the first
  takes the lock, the others wait, then find the new revision;
- a read-only store file and a store in a read-only folder are read fine and
  refused for writes with one line naming the reason, exit 3 (as root the
  command runs as `nobody`, see tests/unprivileged.py);
- an old store that cannot be written is not upgraded and gets no backup;
- `db check` on a corrupt store reports the damage, exit 3.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import unprivileged
from conftest import Campaign, store_snapshot

from campaign_cli.store import schema

FIXTURE = Path(__file__).parent / "fixtures" / "store-0001.db"
CAMPAIGN = Path(sys.executable).with_name("campaign")


def _revision(path: Path) -> str:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        connection.close()


def test_many_processes_opening_an_old_store_upgrade_it_once(tmp_path: Path):
    store = tmp_path / "old.db"
    shutil.copy(FIXTURE, store)
    env = dict(os.environ, CAMPAIGN_LANG="en")
    commands = [["db", "upgrade", "--json"], ["list", "--json"], ["unit", "list", "--json"],
                ["db", "upgrade", "--json"], ["db", "info", "--json"], ["issue", "list", "--json"]]
    runs = [subprocess.Popen([str(CAMPAIGN), "--db", str(store), "--today", "2023-06-15", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for args in commands]
    outcomes = [(run.wait(timeout=120), run.stdout.read(), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _, _ in outcomes] == [0] * len(commands), outcomes
    backups = sorted(tmp_path.glob("old.db.*.bak"))
    assert len(backups) == 1, backups  # upgraded once, one backup
    assert _revision(backups[0]) == "0001_initial" and _revision(store) == schema.HEAD
    upgrades = [json.loads(out) for (_, out, _), args in zip(outcomes, commands) if args[:2] == ["db", "upgrade"]]
    assert sorted(u["upgraded_from"] is None for u in upgrades).count(True) >= 1  # one of them, or another, did it
    assert Campaign(store).json("db", "check")["ok"] is True
    assert not list(tmp_path.glob("*.staging")) and not list(tmp_path.glob(".*.staging"))


def test_backup_names_never_collide():
    from campaign_cli.store.opening import backup_path

    names = {backup_path(Path("/x/c.db"), "0001_initial") for _ in range(2000)}
    assert len(names) == 2000


# -- read-only ----------------------------------------------------------------

@pytest.fixture
def shared() -> Path:
    folder = unprivileged.open_folder()
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _store_of_nobody(folder: Path, source: Path | None = None) -> Path:
    inner = folder / "stick"
    inner.mkdir()
    store = inner / "campaign.db"
    if source is None:
        cli = Campaign(store)
        cli.ok("init", "a", "--title", "A", "--year", "2023")
        cli.ok("unit", "add", "教务处", "--kind", "department")
        connection = sqlite3.connect(store)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        for side in inner.glob("campaign.db-*"):
            side.unlink()
    else:
        shutil.copy(source, store)
    for path in (inner, store):
        unprivileged.give(path)
    return store


def _one_line(done: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    err = done.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_is_read_and_refuses_writes(shared: Path, what: str):
    store = _store_of_nobody(shared)
    before = store.read_bytes()
    if what == "file":
        store.chmod(0o400)
    else:
        store.parent.chmod(0o555)
    listed = unprivileged.campaign("--db", str(store), "unit", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [u["name"] for u in json.loads(listed.stdout)] == ["教务处"]
    for args in (("db", "info", "--json"), ("db", "check"), ("issue", "list")):
        done = unprivileged.campaign("--db", str(store), *args)
        assert done.returncode == 0, (args, done.stderr)
    written = unprivileged.campaign("--db", str(store), "unit", "add", "新支部", "--kind", "branch")
    _one_line(written, 3, "read-only", "nothing was written", str(store if what == "file" else store.parent))
    assert store.read_bytes() == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["campaign.db"]  # no -wal, -shm or journal left


@pytest.mark.parametrize("what", ["file", "folder"])
def test_an_old_read_only_store_is_not_upgraded_and_gets_no_backup(shared: Path, what: str):
    store = _store_of_nobody(shared, FIXTURE)
    before = store.read_bytes()
    if what == "file":
        store.chmod(0o400)
    else:
        store.parent.chmod(0o555)
    for args in (("unit", "list"), ("db", "upgrade")):
        done = unprivileged.campaign("--db", str(store), *args)
        _one_line(done, 3, "must be upgraded", "no backup was written")
    assert store.read_bytes() == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["campaign.db"]


def test_the_unprivileged_user_is_bound_by_file_modes(shared: Path):
    """The premise of the tests above: the user they run as cannot write a 0400 file."""
    store = _store_of_nobody(shared)
    store.chmod(0o400)
    done = unprivileged.campaign("--db", str(store), "unit", "add", "x", "--kind", "branch")
    assert done.returncode == 3
    assert store_snapshot(store)["unit"][0][2] == "教务处"


# -- corrupt --------------------------------------------------------------------

def _damage(store: Path, how: str) -> None:
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with open(store, "r+b") as handle:
        if how == "every page header":
            for page in range(1, pages):
                handle.seek(page * size)
                handle.write(b"\x05" + b"\x00" * 11)
        else:  # one page in the middle
            handle.seek((pages // 2) * size)
            handle.write(b"\x0d\xff\xff\xff\x00\x00\xff\xff" * 8)


@pytest.mark.parametrize("how", ["every page header", "one page"])
def test_db_check_on_a_corrupt_store_reports_the_damage(plan2023: Campaign, store: Path, how: str):
    for i in range(30):
        plan2023.ok("issue", "add", f"问题{i}" * 20, "--owner", "王", "--dept", "教务处", "--deadline", "2023-06-30")
    _damage(store, how)
    before = store.read_bytes()
    result = plan2023("db", "check", lang="en")
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert "Unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: The store check found problems:"), result.stderr
    document = json.loads(plan2023("db", "check", "--json").stdout)
    assert document["ok"] is False and document["problems"]
    assert store.read_bytes() == before


# -- db check on PostgreSQL: says what it checked, and checks it ---------------------

@pytest.mark.postgres
def test_db_check_on_postgresql_checks_tables_constraints_and_foreign_keys(pg_url: str):
    from pg import pg_execute

    cli = Campaign(pg_url)  # type: ignore[arg-type]
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("unit", "add", "教务处", "--kind", "department")
    cli.ok("issue", "add", "作业多", "--owner", "王", "--dept", "教务处", "--deadline", "2023-06-30")
    sound = cli.json("db", "check")
    assert sound["ok"] is True
    assert sound["checks"] == ["tables", "constraints_validated", "foreign_keys", "revision", "task_tally"]
    said = cli("db", "check", lang="en")
    assert "points at an existing row" in said.stdout and "integrity check" not in said.stdout
    # A row whose parent is gone (written past the constraint) and a constraint not validated:
    pg_execute(pg_url, "ALTER TABLE task DROP CONSTRAINT IF EXISTS task_problem_id_fkey")
    pg_execute(pg_url, "UPDATE task SET problem_id = 9999")
    pg_execute(pg_url, "ALTER TABLE task ADD CONSTRAINT task_problem_id_fkey FOREIGN KEY (problem_id) "
                       "REFERENCES problem (id) NOT VALID")
    broken = cli("db", "check", "--json")
    assert broken.exit_code == 3
    document = json.loads(broken.stdout)
    assert document["ok"] is False
    assert any("task row(s) -> missing problem" in p for p in document["problems"]), document
    assert any(p.startswith("constraint not validated: task.") for p in document["problems"]), document
