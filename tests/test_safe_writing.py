"""Every file the tool writes goes through `campaign_cli.files` (SPEC §6, issue 18).

In a folder others can write (mode 1777, like /tmp), an attacker plants
symlinks at the output's name and at every name a writer could predict
(`.X.part`, `X.tmp`, SQLite's `X-journal` / `X-wal`, the old `.X.creating-PID`):
none of their targets is touched, the output lands as a regular file, 0600
under umask 022 (the store's permissions) and never looser than a stricter
umask. A SIGKILL while a large export, report or backup is being written
leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import Campaign

SECRET = b"the victim's own file\n"


def _predictable(name: str) -> list[str]:
    """Names a careless writer would use beside `name`."""
    return [f".{name}.part", f"{name}.part", f".{name}.tmp", f"{name}.tmp", f"{name}~", f"{name}.new",
            f"{name}-journal", f"{name}-wal", f"{name}-shm", f".{name}.creating-{os.getpid()}"]


class Trap:
    """A shared folder (1777) with symlinks planted at an output's names, and
    the files outside they point at."""

    def __init__(self, root: Path) -> None:
        self.shared = root / "shared"
        self.shared.mkdir()
        self.shared.chmod(0o1777)
        self.outside = root / "outside"
        self.outside.mkdir()
        self.victims: list[Path] = []

    def plant(self, name: str, *, at_target: bool = True) -> Path:
        names = _predictable(name) + ([name] if at_target else [])
        for i, planted in enumerate(names):
            victim = self.outside / f"victim-{len(self.victims)}-{i}"
            victim.write_bytes(SECRET)
            victim.chmod(0o644)
            self.victims.append(victim)
            (self.shared / planted).symlink_to(victim)
        return self.shared / name

    def assert_untouched(self) -> None:
        for victim in self.victims:
            assert victim.read_bytes() == SECRET, victim
            assert stat.S_IMODE(victim.stat().st_mode) == 0o644, victim
        assert sorted(p.name for p in self.outside.iterdir()) == sorted(v.name for v in self.victims)

    def strays(self) -> list[str]:
        """Files left in the shared folder that are neither outputs nor planted links."""
        return sorted(p.name for p in self.shared.iterdir()
                      if not p.is_symlink() and (p.name.endswith((".tmp", ".staging")) or ".staging" in p.name))


def _regular_0600(path: Path, mode: int = 0o600) -> None:
    info = path.lstat()
    assert stat.S_ISREG(info.st_mode), f"{path} is not a regular file"
    assert stat.S_IMODE(info.st_mode) == mode, oct(stat.S_IMODE(info.st_mode))


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def trap(tmp_path: Path) -> Trap:
    return Trap(tmp_path)


def _ledger_with_a_bad_row(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "问题", "整改措施", "责任单位", "责任人", "完成时限"])
        writer.writerow(["1", "宿舍管理不到位", "完善制度", "宿管办", "钱七", "6月30日"])
        writer.writerow(["2", "食堂价格偏高", "公示价格", "后勤处", "孙八", "下个月吧"])
    return path


OUTPUTS = [
    ("export json", ("export", "--format", "json", "-o"), "out.json"),
    ("export csv", ("export", "--format", "csv", "-o"), "out.csv"),
    ("export xlsx", ("export", "--format", "xlsx", "-o"), "out.xlsx"),
    ("export ics", ("export", "--format", "ics", "-o"), "out.ics"),
    ("report md", ("report", "--month", "2023-06", "--format", "md", "-o"), "report.md"),
    ("report html", ("report", "--month", "2023-06", "--format", "html", "-o"), "report.html"),
    ("report json", ("report", "--month", "2023-06", "--format", "json", "-o"), "report.json"),
    ("report csv", ("report", "--month", "2023-06", "--format", "csv", "-o"), "report.csv"),
    ("report xlsx", ("report", "--month", "2023-06", "--format", "xlsx", "-o"), "report.xlsx"),
    ("report docx", ("report", "--month", "2023-06", "--format", "docx", "-o"), "report.docx"),
]


@pytest.mark.parametrize("args,name", [o[1:] for o in OUTPUTS], ids=[o[0] for o in OUTPUTS])
def test_links_planted_at_an_output_and_its_temporaries_are_never_followed(
        plan2023: Campaign, trap: Trap, umask_022, args, name):
    plan2023.ok("issue", "add", "=HYPERLINK(\"http://x\")", "--owner", "王", "--dept", "教务处",
                "--deadline", "2023-06-30")
    target = trap.plant(name)
    plan2023.ok(*args, str(target))
    trap.assert_untouched()
    _regular_0600(target)
    assert target.stat().st_size > 0
    assert trap.strays() == []


def test_the_default_report_name_in_a_shared_folder(plan2023: Campaign, trap: Trap, umask_022, monkeypatch):
    target = trap.plant("report-2023-06.html")
    monkeypatch.chdir(trap.shared)
    plan2023.ok("report", "--month", "2023-06", "--format", "html")
    trap.assert_untouched()
    _regular_0600(target)
    assert b"<html" in target.read_bytes().lower()


def test_a_rejects_sheet_in_a_shared_folder(plan2023: Campaign, trap: Trap, umask_022, tmp_path: Path):
    ledger = _ledger_with_a_bad_row(tmp_path / "台账.csv")
    for name in ("退回.csv", "退回.xlsx"):
        target = trap.plant(name)
        plan2023.ok("import", str(ledger), "--yes", "--rejects", str(target))
        trap.assert_untouched()
        _regular_0600(target)
        if name.endswith(".csv"):
            assert "食堂价格偏高" in target.read_text(encoding="utf-8-sig")
        else:
            from openpyxl import load_workbook

            cells = [c.value for row in load_workbook(target).active.iter_rows() for c in row]
            assert "食堂价格偏高" in cells


def test_db_backup_in_a_shared_folder(plan2023: Campaign, trap: Trap, umask_022):
    target = trap.plant("copy.db", at_target=False)
    assert plan2023.json("db", "backup", str(target))["backup"] == str(target)
    trap.assert_untouched()
    _regular_0600(target)
    # (read a copy: SQLite itself would take the links planted beside the
    # file for its journal)
    private = trap.outside.parent / "private-copy.db"
    private.write_bytes(target.read_bytes())
    connection = sqlite3.connect(f"file:{private}?mode=ro", uri=True)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT COUNT(*) FROM unit").fetchone()[0] == 4
    connection.close()
    assert trap.strays() == []


def test_db_backup_never_replaces_what_is_there_not_even_a_link(plan2023: Campaign, trap: Trap):
    target = trap.plant("copy.db")
    result = plan2023("db", "backup", str(target), lang="en")
    assert result.exit_code == 3 and "already exists" in result.stderr
    assert target.is_symlink()
    trap.assert_untouched()
    assert trap.strays() == []


def test_a_new_store_in_a_shared_folder(trap: Trap, umask_022):
    store = trap.plant("campaign.db", at_target=False)
    # SQLite itself will not open a -wal or -shm that is a link: a store
    # error, and the files the links point at are left alone.
    result = Campaign(store)("init", "a", "--title", "A", "--year", "2023", lang="en")
    assert result.exit_code == 3, result.stderr
    trap.assert_untouched()
    for side in ("campaign.db-wal", "campaign.db-shm", "campaign.db-journal"):
        (trap.shared / side).unlink()
    Campaign(store).ok("init", "a", "--title", "A", "--year", "2023")
    trap.assert_untouched()
    _regular_0600(store)
    assert trap.strays() == []


def test_the_backup_before_an_upgrade_in_a_shared_folder(trap: Trap, umask_022):
    import shutil

    store = trap.shared / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "store-0001.db", store)
    store.chmod(0o600)
    # The names the backup had before (one-second resolution) for the next
    # seconds, and what a writer would put beside those.
    from datetime import datetime, timedelta

    now = datetime.now()
    old_names = [f"old.db.0001_initial.{(now + timedelta(seconds=i)):%Y%m%d-%H%M%S}.bak" for i in range(10)]
    for planted in [n for name in old_names for n in (name, *_predictable(name))]:
        victim = trap.outside / f"victim-{len(trap.victims)}"
        victim.write_bytes(SECRET)
        victim.chmod(0o644)
        trap.victims.append(victim)
        (trap.shared / planted).symlink_to(victim)
    result = Campaign(store).json("db", "upgrade")
    backup = Path(result["backup"])
    assert backup.parent == trap.shared and result["upgraded_from"] == "0001_initial"
    trap.assert_untouched()
    _regular_0600(backup)
    private = trap.outside.parent / "private-copy.db"
    private.write_bytes(backup.read_bytes())
    assert sqlite3.connect(private).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_initial"
    assert trap.strays() == []


@pytest.mark.parametrize("umask,mode", [(0o077, 0o600), (0o277, 0o400)])
def test_a_stricter_umask_is_respected(plan2023: Campaign, tmp_path: Path, umask, mode):
    old = os.umask(umask)
    try:
        plan2023.ok("export", "--format", "json", "-o", str(tmp_path / "out.json"))
        plan2023.ok("report", "--month", "2023-06", "--format", "md", "-o", str(tmp_path / "r.md"))
        plan2023.ok("db", "backup", str(tmp_path / "copy.db"))
    finally:
        os.umask(old)
    for name in ("out.json", "r.md", "copy.db"):
        _regular_0600(tmp_path / name, mode)


def test_an_existing_output_is_replaced_whole_and_keeps_no_wider_mode(plan2023: Campaign, tmp_path: Path,
                                                                     umask_022):
    target = tmp_path / "out.json"
    target.write_text("old\n")
    target.chmod(0o666)
    plan2023.ok("export", "--format", "json", "-o", str(target))
    _regular_0600(target)
    assert target.read_text().startswith("{")


def test_a_folder_that_cannot_be_written_is_one_line_and_exit_1(plan2023: Campaign, tmp_path: Path):
    result = plan2023("report", "--month", "2023-06", "--format", "md", "-o",
                      str(tmp_path / "no-such-folder" / "r.md"), lang="en")
    assert result.exit_code == 1 and "Cannot write" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
