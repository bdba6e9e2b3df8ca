"""benchmarks/generate.py writes stores the CLI accepts and counts as it says
(issue 8): properties of the generator, not timings."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SIZE = 200

pytestmark = pytest.mark.slow


def load(name: str):
    """benchmarks/<name>.py as a module (the folder is not a package)."""
    key = f"bench_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, REPO / "benchmarks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        assert spec.loader is not None
        sys.modules[key] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[key]


def load_generator():
    return load("generate")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    gen = load_generator()
    store = tmp_path_factory.mktemp("bench") / "s200.db"
    manifest = gen.generate(SIZE, store, seed=8, quiet=True)
    return gen, store, manifest


def campaign(store: Path, *args: str):
    from campaign_cli.cli import app

    argv = ["--db", str(store), "--today", "2023-06-15", "--lang", "en", *args]
    return CliRunner().invoke(app, argv, catch_exceptions=False)


def test_the_store_passes_db_check_through_the_console_script(generated):
    gen, store, _manifest = generated
    result = subprocess.run([*gen.campaign_command(), "--db", str(store), "--lang", "en", "db", "check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_phase_status_counts_what_the_generator_wrote(generated):
    _gen, store, manifest = generated
    result = campaign(store, "phase", "status", "--json")
    assert result.exit_code == 0, result.output
    status = json.loads(result.stdout)
    phases = status["phases"]
    assert [p["seq"] for p in phases] == [1, 2, 3, 4, 5]
    # Phases 4 and 5 have no start, so they start with the campaign (1 Jan):
    # every deadline and every activity of 2023 falls in some phase.
    assert sum(p["tasks_total"] for p in phases) == manifest["tasks"] == SIZE
    assert sum(p["tasks_done"] for p in phases) == manifest["tasks_done"]
    assert sum(p["tasks_overdue"] for p in phases) == manifest["tasks_overdue"]
    assert sum(p["activities"] for p in phases) == manifest["activities"] == SIZE // 5
    assert {p["units_total"] for p in phases} == {manifest["branches"]}
    assert 0 < manifest["tasks_overdue"] < manifest["tasks"] - manifest["tasks_done"]


def test_rows_follow_the_rules(generated):
    _gen, store, manifest = generated
    con = sqlite3.connect(store)
    try:
        counts = dict(con.execute("SELECT status, COUNT(*) FROM problem GROUP BY status").fetchall())
        assert counts == {"open": manifest["problems_open"], "in-progress": manifest["problems_in_progress"],
                          "resolved": manifest["problems_resolved"], "verified": manifest["problems_verified"]}
        assert all(counts.values())
        # Status derived from the tasks: resolved/verified = every task done,
        # resolved_on = the last done_on; open = no task started.
        rows = con.execute(
            "SELECT p.code, p.status, p.resolved_on, p.verified_on, p.verified_by, "
            "COUNT(t.id), SUM(t.status = 'done'), SUM(t.status = 'todo'), MAX(t.done_on), MIN(t.deadline), p.found_on "
            "FROM problem p JOIN task t ON t.problem_id = p.id GROUP BY p.id").fetchall()
        assert len(rows) == manifest["problems"]
        for code, status, resolved_on, verified_on, verified_by, n, done, todo, last_done, first_deadline, found in rows:
            assert found <= first_deadline and found <= "2023-06-15", code
            if status in ("resolved", "verified"):
                assert done == n and resolved_on == last_done, code
            else:
                assert done < n and resolved_on is None, code
            assert (status == "open") == (todo == n), code
            assert (verified_on is not None) == (status == "verified") == (verified_by is not None), code
            if verified_on:
                assert resolved_on <= verified_on <= "2023-06-15", code
        # A task is done exactly when it has a done_on, never after the as-of day.
        assert con.execute("SELECT COUNT(*) FROM task WHERE (status = 'done') <> (done_on IS NOT NULL) "
                           "OR done_on > '2023-06-15' OR started_on > '2023-06-15'").fetchone() == (0,)
        # Codes P-n / T-n follow the numbers; the next numbers are past the last.
        assert con.execute("SELECT COUNT(*) FROM problem WHERE code <> 'P-' || number").fetchone() == (0,)
        assert con.execute("SELECT COUNT(*) FROM task WHERE code <> 'T-' || number").fetchone() == (0,)
        next_p, next_t = con.execute("SELECT next_problem_no, next_task_no FROM campaign").fetchone()
        assert next_p == con.execute("SELECT MAX(number) FROM problem").fetchone()[0] + 1
        assert next_t == con.execute("SELECT MAX(number) FROM task").fetchone()[0] + 1 == SIZE + 1
        # Every problem has exactly one lead responsibility.
        assert con.execute("SELECT COUNT(*) FROM responsibility WHERE role = 'lead'").fetchone() == (
            manifest["problems"],)
        assert con.execute("SELECT COUNT(DISTINCT problem_id) FROM responsibility WHERE role = 'lead'"
                           ).fetchone() == (manifest["problems"],)
        assert con.execute("SELECT COUNT(*) FROM event").fetchone() == (manifest["events"],)
        kinds = dict(con.execute("SELECT kind, COUNT(*) FROM unit GROUP BY kind").fetchall())
        assert kinds == {"branch": manifest["branches"], "department": manifest["departments"]}
        assert con.execute("SELECT MIN(deadline) >= '2023-01-01' AND MAX(deadline) <= '2023-12-31' FROM task"
                           ).fetchone() == (1,)
    finally:
        con.close()


def test_the_app_agrees_on_signals_and_status(generated):
    _gen, store, manifest = generated
    red = campaign(store, "issue", "list", "--signal", "red", "--json")
    assert red.exit_code == 0, red.output
    rows = json.loads(red.stdout)
    assert len(rows) == manifest["tasks_overdue"]
    assert {r["signal"] for r in rows} == {"red"}
    shown = campaign(store, "issue", "show", "P-1", "--json")
    assert shown.exit_code == 0, shown.output
    con = sqlite3.connect(store)
    try:
        status = con.execute("SELECT status FROM problem WHERE code = 'P-1'").fetchone()[0]
    finally:
        con.close()
    assert json.loads(shown.stdout)["problem"]["status"] == status


def _content_hash(store: Path) -> str:
    con = sqlite3.connect(store)
    digest = hashlib.sha256()
    try:
        for table in ("unit", "phase", "problem", "responsibility", "task", "activity", "event"):
            for row in con.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
    finally:
        con.close()
    return digest.hexdigest()


def test_the_same_seed_gives_the_same_store(generated, tmp_path):
    gen, store, manifest = generated
    again = tmp_path / "again.db"
    assert gen.generate(SIZE, again, seed=8, quiet=True) | {"seconds": 0, "bytes": 0} == manifest | {
        "seconds": 0, "bytes": 0}
    assert _content_hash(again) == _content_hash(store)
    other = tmp_path / "other.db"
    gen.generate(SIZE, other, seed=9, quiet=True)
    assert _content_hash(other) != _content_hash(store)


def test_an_existing_store_is_not_overwritten_without_force(generated):
    gen, store, _manifest = generated
    with pytest.raises(FileExistsError):
        gen.generate(SIZE, store, seed=8, quiet=True)


def test_sizes_parse_and_label():
    gen = load_generator()
    assert [gen.parse_size(s) for s in ("200", "1k", "10k", "100k", "1m", "1M")] == [
        200, 1000, 10_000, 100_000, 1_000_000, 1_000_000]
    assert [gen.size_label(n) for n in (200, 1000, 100_000, 1_000_000)] == ["200", "1k", "100k", "1m"]
    assert gen.shape(100_000)["activities"] == 20_000


def test_the_ledger_csv_has_the_chinese_headers_and_one_row_per_problem(tmp_path):
    gen = load_generator()
    path = gen.ledger(50, tmp_path / "ledger.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads the Chinese
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(gen.LEDGER_HEADER) and len(lines) == 51


def test_the_runner_times_a_command_and_reads_its_memory():
    run = load("run")
    result = run.measure("floor", lambda i: [sys.executable, "-c", "import sqlite3"], {}, runs=2)
    assert result.ok and len(result.times) == 2 and result.peak_mb > 1
    failed = run.measure("fails", lambda i: [sys.executable, "-c", "raise SystemExit(3)"], {}, runs=2)
    assert not failed.ok and failed.error.startswith("exit 3")
