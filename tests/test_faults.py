"""Faults: each one line on stderr, exit 3, and the store exactly as it was.

- a read-only store file (as root, permissions do not stop writes: the file
  is made immutable with `chattr +i`, which stops root too);
- a store on a path that does not exist;
- a store locked past the timeout (another connection holds BEGIN EXCLUSIVE;
  CAMPAIGN_BUSY_TIMEOUT_MS lowers the wait);
- a full disk (a tiny tmpfs where the system allows mounting one, else a
  subprocess whose file size limit, RLIMIT_FSIZE, stops the write the same way);
- the store and its folder are created for their owner only (0600 / 0700).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CAMPAIGN = Path(sys.executable).with_name("campaign")


def _settle(store: Path) -> None:
    """Fold the WAL into the main file, so the file's bytes are the whole store."""
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _one_line_store_error(result, *words: str) -> None:
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert err and len(err.splitlines()) <= 2, err
    assert "Traceback" not in err + result.stdout
    for word in words:
        assert word in err, err


@pytest.fixture
def seeded(plan2023: Campaign, store: Path) -> Campaign:
    _settle(store)
    return plan2023


# -- read-only -------------------------------------------------------------

def _make_read_only(path: Path) -> str | None:
    """Make `path` unwritable for this process; return how, or None."""
    if not IS_ROOT:
        path.chmod(0o400)
        return "chmod"
    if shutil.which("chattr"):
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode == 0:
            return "chattr"
    return None


def _undo_read_only(path: Path, how: str | None) -> None:
    if how == "chattr":
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    elif how == "chmod":
        path.chmod(0o600)


def test_read_only_store_file(seeded, store):
    before_bytes = store.read_bytes()
    before = store_snapshot(store)
    how = _make_read_only(store)
    if how is None:
        pytest.skip("running as root and the file system cannot make a file immutable "
                    "(chattr +i): root would write through 0400")
    try:
        result = seeded("unit", "add", "新支部", "--kind", "branch", lang="en")
        _one_line_store_error(result)
        assert "read-only" in result.stderr or "Cannot open" in result.stderr
        assert store.read_bytes() == before_bytes
    finally:
        _undo_read_only(store, how)
    assert store_snapshot(store) == before
    # Reading a read-only store still works.
    how = _make_read_only(store)
    try:
        assert [u["name"] for u in seeded.json("unit", "list")][:1] == ["第一党支部"]
    finally:
        _undo_read_only(store, how)


# -- a path that does not exist --------------------------------------------

def test_store_on_a_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "campaign.db"
    cli = Campaign(missing)
    for args in (("list",), ("db", "info")):
        _one_line_store_error(cli(*args, lang="en"), "There is no store at")
    _one_line_store_error(cli("init", "a", "--title", "A", "--year", "2023", lang="en"), "folder does not exist")
    assert not (tmp_path / "no").exists()


def test_store_that_is_a_folder(tmp_path):
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    result = Campaign(folder)("list", lang="en")
    _one_line_store_error(result)
    assert list(folder.iterdir()) == []


# -- locked past the timeout -----------------------------------------------

def test_store_locked_past_the_timeout(seeded, store, monkeypatch):
    before = store_snapshot(store)
    monkeypatch.setenv("CAMPAIGN_BUSY_TIMEOUT_MS", "300")
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = seeded("unit", "add", "新支部", "--kind", "branch", lang="en")
        waited = time.monotonic() - started
        _one_line_store_error(result, "busy")
        assert waited < 5, waited  # the lowered timeout was honoured
        zh = seeded("phase", "add", "新阶段", "--end", "年底")
        _one_line_store_error(zh, "占用")
        # WAL: readers are not blocked by a writer.
        assert len(seeded.json("phase", "list")) == 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store_snapshot(store) == before
    seeded.ok("unit", "add", "新支部", "--kind", "branch")  # free again: it works


def test_busy_timeout_setting():
    from campaign_cli.store.database import BUSY_TIMEOUT_MS, busy_timeout_ms

    env = os.environ.copy()
    try:
        os.environ["CAMPAIGN_BUSY_TIMEOUT_MS"] = "250"
        assert busy_timeout_ms() == 250
        os.environ["CAMPAIGN_BUSY_TIMEOUT_MS"] = "soon"
        assert busy_timeout_ms() == BUSY_TIMEOUT_MS
        del os.environ["CAMPAIGN_BUSY_TIMEOUT_MS"]
        assert busy_timeout_ms() == BUSY_TIMEOUT_MS
    finally:
        os.environ.clear()
        os.environ.update(env)


# -- full disk ---------------------------------------------------------------

def _try_tmpfs(size_kb: int) -> Path | None:
    if not IS_ROOT or not shutil.which("mount"):
        return None
    mountpoint = Path(tempfile.mkdtemp(prefix="campaign-full-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0700", "tmpfs", str(mountpoint)],
                          capture_output=True)
    if done.returncode != 0:
        mountpoint.rmdir()
        return None
    return mountpoint


def _umount(mountpoint: Path) -> None:
    subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)
    shutil.rmtree(mountpoint, ignore_errors=True)


BIG = "很长的措施" * 8_000  # 120 KB of UTF-8 (one argv string may hold 128 KB): more than the room left


def test_full_disk_on_a_tiny_tmpfs(seeded, store):
    size = store.stat().st_size
    mountpoint = _try_tmpfs(size // 1024 + 96)  # the store, its -shm, and a little room
    if mountpoint is None:
        pytest.skip("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN); "
                    "test_full_disk_by_file_size_limit covers the same path")
    try:
        full = mountpoint / "campaign.db"
        shutil.copy(store, full)
        before_bytes = full.read_bytes()
        before = store_snapshot(full)
        cli = Campaign(full)
        result = cli("unit", "add", BIG, "--kind", "department", lang="en")
        _one_line_store_error(result, "disk is full")
        assert full.read_bytes() == before_bytes
        assert store_snapshot(full) == before
        assert sqlite3.connect(full).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        _umount(mountpoint)


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_full_disk_by_file_size_limit(seeded, store):
    """No room to grow: the WAL cannot take the write; one line, exit 3, nothing changed."""
    before_bytes = store.read_bytes()
    before = store_snapshot(store)
    env = dict(os.environ, CAMPAIGN_LANG="en")
    done = subprocess.run(
        [str(CAMPAIGN), "--db", str(store), "--today", "2023-06-15", "--lang", "en",
         "unit", "add", BIG, "--kind", "department"],
        capture_output=True, text=True, env=env, timeout=60,
        preexec_fn=_limit_file_size(64 * 1024),
    )
    assert done.returncode == 3, (done.returncode, done.stderr)
    err = done.stderr.strip()
    assert err and len(err.splitlines()) <= 2 and "Traceback" not in err, err
    assert store.read_bytes() == before_bytes
    assert store_snapshot(store) == before


# -- owner-only files --------------------------------------------------------

def test_store_is_owner_only(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from campaign_cli.cli import app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CAMPAIGN_DB", raising=False)
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(app, ["--today", "2023-06-15", "init", "a", "--title", "A", "--year", "2023"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    store = tmp_path / "data" / "campaign" / "campaign.db"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    for side in store.parent.glob("campaign.db-*"):  # -wal / -shm follow the store's mode
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0, side
    copy = tmp_path / "copy.db"
    CliRunner().invoke(app, ["db", "backup", str(copy)])
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
