"""Shared fixtures: a fresh temporary store per test, "today" injected."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

os.environ.pop("CAMPAIGN_DB", None)
os.environ.pop("CAMPAIGN", None)
os.environ.pop("CAMPAIGN_TODAY", None)
os.environ["CAMPAIGN_ACTOR"] = "tester"

pytest_plugins = ["pg"]  # a real PostgreSQL server for the session (tests/pg.py)

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"


class Campaign:
    """Runs `campaign` in-process against one store, like a user would."""

    def __init__(self, store: Path, today: str = "2023-06-15", lang: str = "zh") -> None:
        self.store = store
        self.today = today
        self.lang = lang
        self.runner = CliRunner()

    def __call__(self, *args: str, lang: str | None = None, today: str | None = None,
                 input: str | None = None):
        from campaign_cli.cli import app

        argv = ["--db", str(self.store), "--today", today or self.today, "--lang", lang or self.lang, *args]
        return self.runner.invoke(app, argv, input=input, catch_exceptions=False)

    def json(self, *args: str, **kwargs):
        result = self(*args, "--json", **kwargs)
        assert result.exit_code == 0, result.output + result.stderr
        return json.loads(result.stdout)

    def ok(self, *args: str, **kwargs):
        result = self(*args, **kwargs)
        assert result.exit_code == 0, result.stdout + result.stderr
        return result


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "campaign.db"


@pytest.fixture
def cli(store: Path) -> Campaign:
    return Campaign(store)


@pytest.fixture
def plan2023(cli: Campaign) -> Campaign:
    """The reference plan's campaign with its five phases and a few units."""
    cli.ok("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023",
           "--doc-no", "常教工委〔2023〕28号")
    for title, start, end in [("开展专题学习", "4月21日", "4月28日"), ("组织交流讨论", "5月8日", "5月12日"),
                              ("深入开展调研", "5月13日", "年底"), ("深化调研成果", None, "年底前"),
                              ("着力解决问题", None, "年底前")]:
        args = ["phase", "add", title, "--end", end] + (["--start", start] if start else [])
        cli.ok(*args)
    for name, kind, members in [("第一党支部", "branch", "28"), ("第二党支部", "branch", "22"),
                                ("教务处", "department", "9"), ("学生处", "department", "8")]:
        cli.ok("unit", "add", name, "--kind", kind, "--members", members)
    return cli


def store_snapshot(path: Path) -> dict[str, list]:
    """Every row of every table, to show a refused command changed nothing."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        connection.close()
