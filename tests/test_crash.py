"""A crash mid-command keeps nothing half-done and loses nothing committed.

A large ledger import (`campaign import FILE`, one transaction) runs as a
subprocess and is killed with SIGKILL at random moments, again and again.
After every kill the store passes `PRAGMA integrity_check` and holds either
none or all of that import's rows — and what was committed before it is
still there. The seed is printed with any failure, to replay it.
"""

from __future__ import annotations

import csv
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

pytestmark = pytest.mark.slow

CAMPAIGN = Path(sys.executable).with_name("campaign")
ROWS = 20_000  # each makes a problem, a responsibility, a task and events
KILLS = 6


def _has_import() -> bool:
    from typer.main import get_command

    from campaign_cli.cli import app

    return "import" in get_command(app).commands  # type: ignore[attr-defined]


def _ledger(path: Path, rows: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["问题", "整改措施", "责任部门", "责任人", "完成时限"])
        for i in range(rows):
            writer.writerow([f"导入问题 {i} '; DROP TABLE task; --", f"措施 {i}", f"部门{i % 7}",
                             f"责任人{i % 13}", "2023-07-01"])
    return path


def _state(store: Path) -> tuple[str, int, int, int]:
    connection = sqlite3.connect(store, timeout=30)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        problems = connection.execute("SELECT COUNT(*) FROM problem WHERE title LIKE '导入问题 %'").fetchone()[0]
        tasks = connection.execute("SELECT COUNT(*) FROM task WHERE measure LIKE '措施 %'").fetchone()[0]
        before = connection.execute("SELECT COUNT(*) FROM problem WHERE title = '导入前的问题'").fetchone()[0]
        return check, problems, tasks, before
    finally:
        connection.close()


def _settle(store: Path) -> None:
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _watch(process: subprocess.Popen, wal: Path, until_bytes: int | None = None,
           limit: float = 120) -> int:
    """Poll the WAL while `process` runs; return its largest size. With
    `until_bytes`, return as soon as the WAL holds that many bytes."""
    largest = 0
    deadline = time.monotonic() + limit
    while process.poll() is None and time.monotonic() < deadline:
        size = wal.stat().st_size if wal.exists() else 0
        largest = max(largest, size)
        if until_bytes is not None and size >= until_bytes:
            break
        time.sleep(0.001)
    return largest


def test_sigkill_during_a_large_import_keeps_all_or_nothing(cli: Campaign, store: Path, tmp_path: Path):
    if not _has_import():
        pytest.skip("`campaign import` is not in this build yet")
    cli.ok("init", "jssp", "--title", "崩溃测试", "--year", "2023")
    cli.ok("issue", "add", "导入前的问题", "--owner", "王老师", "--deadline", "2023-06-30")
    _settle(store)
    ledger = _ledger(tmp_path / "ledger.csv", ROWS)
    seed = int(os.environ.get("CAMPAIGN_CRASH_SEED", random.randrange(1_000_000)))
    chance = random.Random(seed)
    env = dict(os.environ, CAMPAIGN_LANG="en", CAMPAIGN_TODAY="2023-06-15")

    def start(target: Path) -> subprocess.Popen:
        argv = [str(CAMPAIGN), "--db", str(target), "import", str(ledger), "--yes", "--json"]
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)

    def fresh(name: str) -> tuple[Path, Path]:
        target = tmp_path / name
        shutil.copy(store, target)
        return target, target.with_name(target.name + "-wal")

    # A whole import first: how long it takes and how far its WAL grows.
    whole, whole_wal = fresh("whole.db")
    began = time.monotonic()
    process = start(whole)
    wal_peak = _watch(process, whole_wal)
    assert process.wait(timeout=120) == 0, process.stderr.read().decode() if process.stderr else ""
    duration = time.monotonic() - began
    assert _state(whole) == ("ok", ROWS, ROWS, 1)

    killed_mid_run = killed_mid_write = finished_early = 0
    for attempt in range(KILLS):
        target, wal = fresh(f"kill-{attempt}.db")  # each kill hits the same import afresh
        process = start(target)
        if attempt % 2 == 0:  # a random moment of the run: reading, planning or writing
            time.sleep(chance.uniform(0.05, 0.95) * duration)
        else:  # a random moment of the write itself: once the WAL holds this many bytes
            _watch(process, wal, until_bytes=chance.randint(4096, max(8192, int(wal_peak * 0.9))))
        if process.poll() is None:
            mid_write = wal.exists() and wal.stat().st_size > 0
            process.send_signal(signal.SIGKILL)
            killed_mid_run += 1
            killed_mid_write += mid_write
        else:
            finished_early += 1
        process.wait(timeout=60)
        check, problems, tasks, before = _state(target)
        where = f"seed {seed}, kill {attempt + 1}"
        assert check == "ok", where
        assert before == 1, where  # what was committed before survives
        assert problems in (0, ROWS), f"{where}: {problems} of {ROWS} rows - a half-done import"
        assert tasks == problems, where
        target.unlink()

    assert killed_mid_run >= KILLS // 2, f"seed {seed}: only {killed_mid_run} kills landed mid-run"
    record("sigkill_import", rows=ROWS, kills=killed_mid_run, kills_mid_write=killed_mid_write,
           finished_before_kill=finished_early, import_seconds=round(duration, 1), seed=seed)
