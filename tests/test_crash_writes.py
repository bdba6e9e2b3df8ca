"""SIGKILL while the tool writes a file or upgrades a store (issues 11 and 18).

- `db upgrade` of the first-revision fixture, killed at random moments (20
  times): each time the store is at one revision or the other, whole (the
  first revision byte for byte in every row, or the newest passing
  `db check`), and a `.bak` beside it is complete; the next open upgrades.
- `db backup FILE`, killed at random moments: FILE is absent or complete.
- `export -o FILE` over an older FILE, killed at random moments: FILE is the
  old one or a whole new one, never half.

A kill may leave a stray temporary with an unpredictable name (a
`.NAME.*.staging` folder or `.NAME.*.tmp` file) beside the target: never
at the target's name; the seed is printed with any failure
(`CAMPAIGN_CRASH_SEED` replays it).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Campaign
from figures import record

from campaign_cli.store import schema

CAMPAIGN = Path(sys.executable).with_name("campaign")
FIXTURE = Path(__file__).parent / "fixtures" / "store-0001.db"
SEED = int(os.environ.get("CAMPAIGN_CRASH_SEED", random.randrange(1 << 30)))
ENV = dict(os.environ, CAMPAIGN_LANG="en")


def _rows(path: Path) -> dict[str, list]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        connection.close()


def _schema(path: Path) -> list[tuple]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # Alembic's batch mode writes a rebuilt table's constraints in no fixed
        # order: compare each statement's lines as a set
        return [(kind, name, sorted(line.strip().rstrip(",").strip() for line in (sql or "").splitlines())) for kind, name, sql in
                connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")]
    finally:
        connection.close()


def _sound(path: Path) -> tuple[str, str]:
    """(integrity_check, revision) read without upgrading or writing."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        fk = connection.execute("PRAGMA foreign_key_check").fetchall()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        return (check if not fk else f"foreign keys: {fk[:3]}"), revision
    finally:
        connection.close()


def _run_and_kill(args: list[str], at: float) -> int | None:
    """Start `campaign ARGS`, SIGKILL it after `at` seconds (if still running)."""
    process = subprocess.Popen([str(CAMPAIGN), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    try:
        process.wait(timeout=at)
        return process.returncode  # it finished first
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None
    finally:
        process.stderr.close()


def _timed(args: list[str]) -> float:
    started = time.monotonic()
    done = subprocess.run([str(CAMPAIGN), *args], capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_sigkill_during_db_upgrade_leaves_one_revision_or_the_other(tmp_path: Path):
    rng = random.Random(SEED)
    first_rows, first_schema = _rows(FIXTURE), _schema(FIXTURE)
    whole = tmp_path / "whole.db"
    shutil.copy(FIXTURE, whole)
    full = _timed(["--db", str(whole), "db", "upgrade"])
    head_schema = _schema(whole)
    seen = {"0001_initial": 0, schema.HEAD: 0}
    kills = runs = 0
    for i in range(40):  # until 20 runs were killed (a run may finish first)
        if kills == 20:
            break
        runs += 1
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        store = folder / "old.db"
        shutil.copy(FIXTURE, store)
        # the process spends its first part starting Python: aim the kills at the rest mostly
        at = rng.uniform(full * 0.3, full * 0.95) if i % 4 else rng.uniform(0, full * 0.95)
        if _run_and_kill(["--db", str(store), "db", "upgrade"], at) is None:
            kills += 1
        check, revision = _sound(store)
        assert check == "ok", (SEED, i, at, check)
        assert revision in seen, (SEED, i, revision)
        seen[revision] += 1
        if revision == "0001_initial":
            assert _schema(store) == first_schema, (SEED, i, "a half-migrated schema")
            assert _rows(store) == first_rows, (SEED, i)
        else:
            assert _schema(store) == head_schema, (SEED, i)
        for backup in folder.glob("old.db.*.bak"):  # published only when whole
            assert _sound(backup) == ("ok", "0001_initial"), (SEED, i, backup)
            assert _rows(backup) == first_rows, (SEED, i, backup)
        assert not list(folder.glob("old.db.tmp*")), (SEED, i)
        # the next open finishes the job and the store passes db check
        cli = Campaign(store)
        assert cli.json("db", "check")["ok"] is True, (SEED, i)
        assert _sound(store) == ("ok", schema.HEAD)
    assert kills == 20, (SEED, kills, runs)
    record("sigkill_upgrade", kills=kills, runs=runs, full_upgrade_s=round(full, 2),
           left_at_first_revision=seen["0001_initial"], left_at_head=seen[schema.HEAD], seed=SEED)


def _padded_store(path: Path, megabytes: int) -> None:
    Campaign(path).ok("demo")
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE padding (blob BLOB)")
    chunk = os.urandom(1 << 20)
    connection.executemany("INSERT INTO padding VALUES (?)", [(chunk,)] * megabytes)
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def test_sigkill_during_db_backup_leaves_no_partial_file(tmp_path: Path):
    rng = random.Random(SEED + 1)
    store = tmp_path / "big.db"
    _padded_store(store, 60)
    whole = tmp_path / "whole.db"
    full = _timed(["--db", str(store), "db", "backup", str(whole)])
    pages = sqlite3.connect(whole).execute("PRAGMA page_count").fetchone()[0]
    kills = complete = 0
    for i in range(8):
        target = tmp_path / f"copy{i}.db"
        if _run_and_kill(["--db", str(store), "db", "backup", str(target)], rng.uniform(full * 0.2, full)) is None:
            kills += 1
        if target.exists():
            complete += 1
            connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok", (SEED, i)
            assert connection.execute("PRAGMA page_count").fetchone()[0] == pages, (SEED, i)
            connection.close()
    assert kills >= 5, (SEED, kills)
    strays = [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")]
    record("sigkill_backup", kills=kills, runs=8, complete=complete, store_mb=round(store.stat().st_size / 1e6),
           full_backup_s=round(full, 2), stray_staging_folders=len(strays), seed=SEED)


def test_sigkill_during_an_export_leaves_the_old_file_or_the_new(tmp_path: Path):
    rng = random.Random(SEED + 2)
    store = tmp_path / "c.db"
    cli = Campaign(store)
    cli.ok("demo")
    ledger = tmp_path / "ledger.csv"
    with ledger.open("w", encoding="utf-8") as handle:
        handle.write("问题,整改措施,责任部门,责任人,完成时限\n")
        for i in range(6000):
            handle.write(f"导出问题 {i},措施 {i},部门{i % 7},责任人{i % 13},2023-07-01\n")
    cli.ok("import", str(ledger), "--yes")
    target = tmp_path / "out.json"
    old = b'{"old": true}\n'
    full = _timed(["--db", str(store), "export", "--format", "json", "-o", str(target)])
    problems = len(json.loads(target.read_bytes())["problems"])
    kills = new = 0
    for i in range(8):
        target.write_bytes(old)
        if _run_and_kill(["--db", str(store), "export", "--format", "json", "-o", str(target)],
                         rng.uniform(full * 0.3, full)) is None:
            kills += 1
        data = target.read_bytes()
        if data != old:
            assert len(json.loads(data)["problems"]) == problems, (SEED, i)  # whole, or it would not parse
            new += 1
    assert kills >= 5, (SEED, kills)
    record("sigkill_export", kills=kills, runs=8, new_file=new, problems=problems,
           bytes=target.stat().st_size, full_export_s=round(full, 2), seed=SEED)
