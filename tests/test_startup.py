"""Start-up work (issue 8): a run builds only the command it names."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from campaign_cli.cli import _command_name, app

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("argv, name", [
    (["phase", "status"], "phase"),
    (["--db", "x.db", "--today", "2023-06-15", "--lang", "en", "issue", "list"], "issue"),
    (["--db=x.db", "--campaign", "k", "--actor", "me", "dashboard"], "dashboard"),
    (["--help"], None),
    ([], None),
    (["--", "phase"], None),
])
def test_the_command_name_is_the_first_word_after_the_global_options(argv, name):
    assert _command_name(argv) == name


def _campaign(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "campaign_cli", "--lang", "en", *args],
                          capture_output=True, text=True, timeout=120)


def test_a_named_command_runs_and_the_tree_is_whole_again_afterwards(tmp_path):
    store = str(tmp_path / "c.db")
    made = _campaign("--db", store, "init", "k", "--title", "T", "--year", "2023", "--json")
    assert made.returncode == 0, made.stderr
    status = _campaign("--db", store, "--today", "2023-06-15", "phase", "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["phases"] == []
    before = (list(app.registered_groups), list(app.registered_commands))
    app(args=["--db", store, "--today", "2023-06-15", "--lang", "en", "phase", "list", "--json"],
        standalone_mode=False)
    assert (app.registered_groups, app.registered_commands) == before
    names = {g.name for g in app.registered_groups} | {c.name for c in app.registered_commands}
    assert {"phase", "issue", "init", "report"} <= names


def test_group_help_lists_its_subcommands():
    shown = _campaign("phase", "--help")
    assert shown.returncode == 0, shown.stderr
    assert "status" in shown.stdout and "add" in shown.stdout


def test_an_unknown_command_is_still_a_usage_error():
    wrong = _campaign("nosuch")
    assert wrong.returncode == 2
    assert "No such command" in wrong.stderr


def test_top_level_help_still_lists_every_command():
    shown = _campaign("--help")
    assert shown.returncode == 0
    for name in ("init", "phase", "issue", "dashboard", "report"):
        assert name in shown.stdout
