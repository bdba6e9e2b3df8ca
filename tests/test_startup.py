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


def _help_page(lang: str, *args: str, whole: bool = False) -> subprocess.CompletedProcess:
    """`campaign ARGS --help` in a new process in `lang`, at 80 columns;
    `whole`: through the whole command tree, as CliRunner builds it."""
    import os

    run = ("import sys; from typer.main import get_command; from campaign_cli.cli import app; "
           "get_command(app)(sys.argv[1:], prog_name='campaign')") if whole else \
        "from campaign_cli.__main__ import main; main()"
    return subprocess.run([sys.executable, "-c", run, *args, "--help"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "80", "CAMPAIGN_LANG": lang})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_root_help_built_from_names_alone_is_the_whole_trees_help(lang):
    # A real run lists the commands without building their signatures.
    shown, whole = _help_page(lang), _help_page(lang, whole=True)
    assert shown.returncode == 0 and whole.returncode == 0, shown.stderr + whole.stderr
    assert "init" in shown.stdout and "overview" in shown.stdout
    assert shown.stdout == whole.stdout


def _columns(line: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("group", [(), ("issue",), ("phase",), ("activity",), ("unit",), ("plan",), ("db",)],
                         ids=lambda g: " ".join(g) or "campaign")
def test_each_command_gets_a_line_of_its_help_within_80_columns_in_chinese(group):
    shown = _help_page("zh", *group)
    assert shown.returncode == 0, shown.stderr
    listed = shown.stdout.split("命令:", 1)[1].strip("\n").splitlines()
    assert listed
    for line in listed:
        _name, _, summary = line.strip().partition(" ")
        assert summary.strip() not in ("", "..."), line  # Click's own cut left a bare "..." for Chinese


@pytest.mark.parametrize("command", [(), ("issue",), ("issue", "add"), ("issue", "list"), ("report",), ("overview",),
                                     ("activity", "add"), ("phase", "status"), ("import",)],
                         ids=lambda c: " ".join(c) or "campaign")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_pages_fit_80_columns(command, lang):
    # Click wraps by characters at spaces: a Chinese line took ~110 columns.
    shown = _help_page(lang, *command)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.replace("\n", "")
    wide = [line for line in shown.stdout.splitlines() if _columns(line) > 80]
    assert not wide
    # Nothing lost in the wrapping: the words of the help are all there.
    assert "--help" in text
