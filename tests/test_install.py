"""The paths that matter, as real subprocesses: the wheel, the demo."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.mark.slow
def test_wheel_installs_into_an_empty_venv_and_creates_a_store(tmp_path):
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(REPO)])
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("campaign_cli-*.whl"))
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    # Dependencies come from the project's own environment (no network needed
    # twice); the wheel itself goes in on its own.
    site = [p for p in sys.path if p.endswith("site-packages")][0]
    installed = _run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)])
    assert installed.returncode == 0, installed.stderr[-2000:]
    env = dict(os.environ, PYTHONPATH=site, CAMPAIGN_LANG="en")
    work = tmp_path / "elsewhere"
    work.mkdir()
    store = work / "c.db"
    campaign = str(target / "bin" / "campaign")
    created = _run([campaign, "--db", str(store), "init", "k", "--title", "T", "--year", "2023"],
                   cwd=work, env=env)
    assert created.returncode == 0, created.stderr
    upgraded = _run([campaign, "--db", str(store), "db", "upgrade"], cwd=work, env=env)
    assert upgraded.returncode == 0 and "up to date" in upgraded.stdout
    # A store made by the first schema revision is upgraded by the installed
    # wheel's own migrations, after a backup copy beside it.
    old = work / "old.db"
    old.write_bytes((REPO / "tests" / "fixtures" / "store-0001.db").read_bytes())
    moved = _run([campaign, "--db", str(old), "db", "upgrade", "--json"], cwd=work, env=env)
    assert moved.returncode == 0, moved.stderr
    assert '"upgraded_from": "0001_initial"' in moved.stdout
    assert list(work.glob("old.db.0001_initial.*.bak"))
    # The demo data ships inside the wheel too.
    demo = _run([campaign, "--db", str(work / "demo.db"), "demo", "--json"], cwd=work, env=env)
    assert demo.returncode == 0, demo.stderr
    assert '"title": "深入开展调研"' in demo.stdout
    # So does the sample notes file the Word report reads (README: The report for the office above).
    notes = _run([str(python), "-c", "from importlib import resources; "
                  "print(resources.files('campaign_cli.examples').joinpath('notes-2023-06.md'))"],
                 cwd=work, env=env).stdout.strip()
    assert str(target) in notes
    word = _run([campaign, "--db", str(work / "demo.db"), "report", "--month", "2023-06", "--format", "docx",
                 "--notes", notes, "-o", str(work / "六月.docx")], cwd=work, env=env)
    assert word.returncode == 0, word.stderr
    assert (work / "六月.docx").read_bytes()[:2] == b"PK"
    # The migrations came from inside the wheel, not from this source tree.
    where = _run([str(python), "-c", "import campaign_cli.migrations as m; print(m.__file__)"],
                 cwd=work, env=env)
    assert str(target) in where.stdout


@pytest.mark.slow
def test_demo_shows_five_phases_as_a_real_process(tmp_path):
    campaign = Path(sys.executable).with_name("campaign")
    result = _run([str(campaign), "--db", str(tmp_path / "demo.db"), "--lang", "zh", "demo"],
                  env=dict(os.environ, COLUMNS="120"))
    assert result.returncode == 0, result.stderr
    for title in ("开展专题学习", "组织交流讨论", "深入开展调研", "深化调研成果", "着力解决问题"):
        assert title in result.stdout
    assert "进行中" in result.stdout
    again = _run([str(campaign), "--db", str(tmp_path / "demo.db"), "demo", "--json"])
    assert again.returncode == 0
    assert '"current": [\n    3,' in again.stdout


@pytest.mark.slow
def test_error_has_no_traceback_as_a_real_process(tmp_path):
    campaign = Path(sys.executable).with_name("campaign")
    (tmp_path / "x.db").write_text("not a store")
    result = _run([str(campaign), "--db", str(tmp_path / "x.db"), "list"])
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.parametrize("how", ["option", "env"])
def test_an_unknown_language_is_a_usage_error_without_traceback(tmp_path, how):
    campaign = Path(sys.executable).with_name("campaign")
    argv = [str(campaign), "--db", str(tmp_path / "c.db")]
    env = dict(os.environ)
    if how == "option":
        argv += ["--lang", "fr"]
    else:
        env["CAMPAIGN_LANG"] = "fr"
    result = _run(argv + ["list"], env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "fr" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
