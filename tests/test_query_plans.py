"""The read commands' queries use indexes, never a full scan of a big table
(issue 8): every SELECT a command runs is recorded and checked with
`EXPLAIN QUERY PLAN` against a generated store. A property, not a timing.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from campaign_cli.store import database

pytestmark = pytest.mark.slow

# Tables that grow with the ledger (the task tally with its departments and
# days too); the others (campaign, setting, unit, phase) hold a handful of
# rows and may be scanned.
BIG = {"task", "problem", "responsibility", "event", "activity", "task_tally"}

COMMANDS = [
    ("phase", "status"),
    ("dashboard",),
    ("dashboard", "--by", "owner"),
    ("issue", "list"),
    ("issue", "list", "--signal", "red"),
    ("issue", "list", "--signal", "yellow"),
    ("issue", "list", "--list", "problems"),
    ("issue", "list", "--list", "responsibilities"),
    ("issue", "show", "P-1"),
    ("report", "--month", "2023-06", "--format", "json"),
    ("overview", "--month", "2023-06", "--format", "json"),
]


def load_generator():
    import importlib.util
    import sys

    key = "bench_generate"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "s200.db"
    load_generator().generate(200, path, seed=8, quiet=True)
    return path


def _manifest(store: Path) -> dict:
    import json

    return json.loads(Path(f"{store}.json").read_text(encoding="utf-8"))


def _aliases(sql: str) -> dict[str, str]:
    """alias (or name) -> table, from the FROM and JOIN clauses."""
    found = {}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.IGNORECASE):
        found[table] = table
        if alias and alias.upper() not in {"WHERE", "ON", "JOIN", "LEFT", "INNER", "GROUP", "ORDER",
                                           "LIMIT", "UNION", "CROSS", "USING", "AS"}:
            found[alias] = table
    return found


def full_scans(con: sqlite3.Connection, sql: str, params: dict) -> list[str]:
    """The plan lines that read a big table row by row without an index."""
    plan = con.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    names = _aliases(sql)
    bad = []
    for row in plan:
        detail = row[-1]
        match = re.match(r"SCAN (?:TABLE )?(\w+)(?: AS (\w+))?(.*)", detail)
        if not match:
            continue
        name = match.group(2) or match.group(1)
        table = names.get(name, match.group(1))
        if table in BIG and "INDEX" not in match.group(3):
            bad.append(detail)
    return bad


def recorded_selects(store: Path, monkeypatch, *args: str) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []
    original = database.SQLiteDatabase._run

    def recording(self, sql, params):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((sql, database._params(params)))
        return original(self, sql, params)

    monkeypatch.setattr(database.SQLiteDatabase, "_run", recording)
    from campaign_cli.cli import app

    result = CliRunner().invoke(app, ["--db", str(store), "--today", "2023-06-15", "--lang", "en", *args],
                                catch_exceptions=False)
    monkeypatch.undo()
    if result.exit_code == 2 and "No such command" in result.output + result.stderr:
        pytest.skip(f"`campaign {' '.join(args)}` is not in this tree yet")
    assert result.exit_code == 0, result.output + result.stderr
    return seen


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_full_scan_of_a_big_table(store, monkeypatch, args):
    selects = recorded_selects(store, monkeypatch, *args)
    assert selects, "the command ran no query: the check would be empty"
    con = sqlite3.connect(store)
    try:
        problems = {}
        for sql, params in selects:
            bad = full_scans(con, sql, params)
            if bad:
                problems[" ".join(sql.split())[:300]] = bad
    finally:
        con.close()
    assert not problems, problems


def test_the_overview_of_several_campaigns_reads_by_index(store, tmp_path, monkeypatch):
    """Over several campaigns (campaign_id IN (...)) the overview's grouped
    queries still read indexes, never a big table row by row."""
    import shutil

    several = tmp_path / "several.db"
    shutil.copy(store, several)
    from campaign_cli.cli import app

    runner = CliRunner()
    for key in ("second", "third"):
        for args in (("init", key, "--title", "T", "--year", "2023"),
                     ("--campaign", key, "issue", "add", "P", "--owner", "O", "--deadline", "2023-06-10")):
            result = runner.invoke(app, ["--db", str(several), "--today", "2023-06-01", *args], catch_exceptions=False)
            assert result.exit_code == 0, result.output
    selects = recorded_selects(several, monkeypatch, "overview", "--month", "2023-06", "--format", "json")
    assert any(" IN (:cs0, :cs1, :cs2)" in sql for sql, _ in selects)
    con = sqlite3.connect(several)
    try:
        problems = {" ".join(sql.split())[:300]: bad for sql, params in selects if (bad := full_scans(con, sql, params))}
    finally:
        con.close()
    assert not problems, problems


class Explained:
    """A real store connection whose task queries are also EXPLAINed."""

    def __init__(self, store: Path, tables: str = "task") -> None:
        self.db = database.SQLiteDatabase.connect(str(store))
        self.plans: list[tuple[str, list[str]]] = []
        self.statements: list[tuple[str, dict]] = []
        run = self.db._run

        def explain(sql, params):
            self.statements.append((sql, database._params(params)))
            if re.search(rf"\bFROM ({tables})\b", sql) and sql.lstrip().upper().startswith("SELECT"):
                plan = self.db.connection.execute("EXPLAIN QUERY PLAN " + sql, database._params(params))
                self.plans.append((sql, [r["detail"] for r in plan.fetchall()]))
            return run(sql, params)

        self.db._run = explain

    def reads(self) -> list[tuple[str, list[str]]]:
        return [(sql, [line for line in plan if re.match(r"(SEARCH|SCAN) ", line)]) for sql, plan in self.plans]


def test_the_month_report_counts_tasks_by_index_ranges(store):
    """The 1M-task report's per-department counts read a covering index, or
    only the month's slice of an index, never every task of the campaign."""
    from datetime import date

    from campaign_cli.store import report_queries

    explained = Explained(store)
    try:
        as_of = date(2023, 6, 15)
        report_queries.department_counts(explained.db, 1, date(2023, 6, 1), date(2023, 6, 30), as_of,
                                         report_queries.Moved(explained.db, 1, as_of))
    finally:
        explained.db.close()
    assert explained.plans
    for sql, reads in explained.reads():
        assert reads, sql
        for line in reads:
            assert line.startswith("SEARCH task USING "), (sql, reads)
            assert "COVERING INDEX" in line or not line.endswith("(campaign_id=?)"), (sql, reads)
    assert any("COVERING INDEX ix_task_campaign_deadline" in line for _sql, reads in explained.reads()
               for line in reads)


def test_phase_status_task_counts_read_the_tally_and_the_pinned_tasks(store):
    """The task counts of phase status are summed per deadline day from the
    task tally's covering index (revision 0008), never from the tasks; the
    only task rows read are the pinned ones."""
    from datetime import date

    from campaign_cli.domain.phases import Assignment, Interval
    from campaign_cli.store import phases

    explained = Explained(store, tables=r"task|task_tally")
    try:
        intervals = (Interval(date(2023, 1, 1), date(2023, 5, 12), 4), Interval(date(2023, 5, 13), date(2023, 12, 31), 3))
        counts = phases.task_counts(explained.db, 1, Assignment(intervals, {}), date(2023, 6, 15))
    finally:
        explained.db.close()
    assert sum(c["tasks_total"] for c in counts.values()) == _manifest(store)["tasks"]
    [(sql, reads)] = [(sql, reads) for sql, reads in explained.reads() if "FROM task_tally" in sql]
    assert reads == ["SEARCH task_tally USING COVERING INDEX ix_task_tally_deadline (campaign_id=?)"], (sql, reads)
    # The other read finds the tasks pinned to a phase (SPEC §1).
    [(pinned, pinned_reads)] = [(sql, reads) for sql, reads in explained.reads() if "FROM task_tally" not in sql]
    assert "phase_id > 0" in pinned
    # Only the pinned rows are read: a range on the pin indexes, then seeks
    # (every task of the campaign through another index took 2.4 s at 1M).
    drivers = [line for line in pinned_reads if "phase_id>?" in line]
    assert drivers == ["SEARCH t USING INDEX ix_task_phase (phase_id>?)",
                       "SEARCH p USING INDEX ix_problem_phase (phase_id>?)"], pinned_reads
    others = [line for line in pinned_reads if line not in drivers]
    assert all("PRIMARY KEY" in line or "(problem_id=?)" in line for line in others), pinned_reads


def _campaign_wide_reads(con: sqlite3.Connection, sql: str, params: dict) -> list[str]:
    """Plan lines that read every row of the campaign through a non-covering
    campaign-only index: a full scan in disguise."""
    names = _aliases(sql)
    bad = []
    for row in con.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall():
        match = re.match(r"SEARCH (\w+) USING INDEX \S+ \(campaign_id=\?\)$", row[-1])
        if match and names.get(match.group(1), match.group(1)) in BIG:
            bad.append(row[-1])
    return bad


@pytest.mark.parametrize("command", ["show", "done"])
def test_one_problem_or_task_is_found_by_a_seek(store, tmp_path, monkeypatch, command):
    """`issue show P-n` / `issue done T-n` look the row up by its unique code,
    not by reading every problem or task of the campaign (3 s at 1M)."""
    import json
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copyfile(store, copy)
    manifest = json.loads(Path(f"{store}.json").read_text(encoding="utf-8"))
    args = ("issue", "show", "P-1") if command == "show" else ("issue", "done", manifest["open_task_codes"][0])
    selects = recorded_selects(copy, monkeypatch, *args)
    con = sqlite3.connect(copy)
    try:
        bad = {" ".join(sql.split())[:200]: found for sql, params in selects
               if (found := _campaign_wide_reads(con, sql, params))}
    finally:
        con.close()
    assert not bad, bad


def test_dashboard_counts_read_only_the_tally(store):
    """The per-department counts, on-time ones included, are summed from
    the task tally in the order of its primary key (campaign, department,
    day): one read, no task row nor task index entry, no sort."""
    from datetime import date

    from campaign_cli.store import tasks

    explained = Explained(store, tables=r"task|task_tally")
    try:
        groups = tasks.signal_counts(explained.db, 1, today=date(2023, 6, 15), warn_end=date(2023, 6, 22), by="dept")
    finally:
        explained.db.close()
    assert sum(g["total"] for g in groups) == _manifest(store)["tasks"]
    [(counts_sql, plan)] = explained.plans
    assert "FROM task_tally" in counts_sql and "on_time" in counts_sql
    assert plan == ["SEARCH x USING PRIMARY KEY (campaign_id=?)"], plan


def test_phase_status_counts_activities_from_covering_indexes(store):
    """Every activity of the campaign is counted by phase as index ranges of
    days on (campaign_id, held_on, kind, phase_id, unit_id) (0007_perf);
    whether a branch held one in a phase is a seek per branch on
    (campaign_id, unit_id, held_on, kind, phase_id), the pinned ones come
    from the pin index (0008): no activity row is read, nothing is grouped
    but the few pinned ones."""
    from campaign_cli.domain import phases as rules
    from campaign_cli.store import campaigns, phases

    db = database.SQLiteDatabase.connect(str(store))
    try:
        seen: list[str] = []
        run = db._run

        def explain(sql, params):
            if "FROM activity" in sql:
                seen.extend(r["detail"] for r in db.connection.execute("EXPLAIN QUERY PLAN " + sql,
                                                                       database._params(params)))
            return run(sql, params)

        db._run = explain
        found = phases.all_phases(db, 1)
        campaign = campaigns.by_id(db, 1)
        counts = phases.activity_counts(db, 1, rules.assign(found, rules.campaign_start(campaign, found)))
    finally:
        db.close()
    assert sum(c["activities"] for c in counts.values()) == _manifest(store)["activities"]
    assert sum(c["units_covered"] for c in counts.values()) > 0
    reads = [line for line in seen if re.match(r"(SEARCH|SCAN) a ", line)]
    ranges = "SEARCH a USING COVERING INDEX ix_activity_campaign_phase (campaign_id=? AND held_on>? AND held_on<?)"
    seeks = ("SEARCH a USING COVERING INDEX ix_activity_campaign_unit_day "
             "(campaign_id=? AND unit_id=? AND held_on>? AND held_on<?)")
    assert set(reads) == {ranges, seeks, "SEARCH a USING INDEX ix_activity_phase (phase_id>?)"}, seen
    assert reads.count("SEARCH a USING INDEX ix_activity_phase (phase_id>?)") == 1, seen


@pytest.mark.parametrize("signal", [None, "red", "yellow"])
def test_a_capped_task_list_joins_only_its_page(store, signal):
    """`issue list` (terminal, capped) picks its page on the deadline index:
    the joined, sorted query reads a deadline range, never every task."""
    from datetime import date

    from campaign_cli.store import tasks

    explained = Explained(store)
    try:
        rows, total = tasks.list_tasks(explained.db, 1, tasks.TaskFilter(
            today=date(2023, 6, 15), warn_end=date(2023, 6, 22), signal=signal), limit=3)
    finally:
        explained.db.close()
    assert len(rows) == 3 and total > 3
    for sql, reads in explained.reads():
        for line in reads:
            if not line.startswith("SEARCH t "):
                assert re.match(r"SEARCH (p|d) USING INTEGER PRIMARY KEY", line), (sql, reads)
                continue
            if "JOIN problem" in sql:
                assert "deadline<" in line and "COVERING" not in line, (sql, reads)
            else:
                assert "COVERING INDEX ix_task_campaign_deadline" in line, (sql, reads)
    # The page's range ends at its last row's deadline (:edge), not at a
    # signal's own bound (:today), which would read every red task (56 ms at 1M).
    [(page_sql, page_params)] = [(sql, params) for sql, params in explained.statements if "JOIN problem" in sql]
    assert range_end(store, page_sql, page_params) == [":edge"], page_sql


def range_end(store: Path, sql: str, params: dict) -> list[str]:
    """The parameters that end the outer index range of a query: those loaded
    (`Variable`) between the seek that opens it and the first index
    comparison that closes it, in SQLite's own program (EXPLAIN)."""
    con = sqlite3.connect(store)
    try:
        program = con.execute("EXPLAIN " + sql, params).fetchall()
    finally:
        con.close()
    opened = next(i for i, op in enumerate(program) if op[1].startswith("Seek"))
    closed = next(i for i, op in enumerate(program) if i > opened and op[1] in ("IdxGT", "IdxGE", "IdxLT", "IdxLE"))
    return [op[5] for op in program[opened:closed] if op[1] == "Variable"]  # addr, opcode, p1, p2, p3, p4
