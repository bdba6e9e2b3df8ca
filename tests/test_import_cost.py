"""Heavy libraries stay out of the start-up path (issue 8): a property,
checked with `python -X importtime`, not a timing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "openpyxl", "docx", "icalendar", "holidays")


def _imported(args: list[str]) -> set[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", *args],
                            capture_output=True, text=True, timeout=120)
    modules = set()
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", line)
        if match:
            modules.add(match.group(1).strip().split(".")[0])
    return modules


def test_importing_the_cli_pulls_in_no_heavy_library():
    loaded = _imported(["-c", "import campaign_cli.cli"])
    assert "typer" in loaded  # the check itself works
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


@pytest.mark.slow
def test_reading_a_sqlite_store_pulls_in_no_orm(tmp_path):
    store = str(tmp_path / "c.db")
    subprocess.run([sys.executable, "-m", "campaign_cli", "--db", store, "demo"],
                   capture_output=True, check=True, timeout=120)
    loaded = _imported(["-m", "campaign_cli", "--db", store, "phase", "status"])
    assert "rich" in loaded
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
