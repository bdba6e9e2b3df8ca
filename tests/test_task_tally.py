"""The task tally (revision 0008) never drifts from the tasks it counts.

`dashboard`, `phase status` and the capped `issue list` read their counts
from `task_tally`, which the write layer keeps in the transaction of every
change to a task (store/task_tally.py). Here hypothesis drives the CLI with
random sequences of the writes that touch tasks — add, task add, start,
done, reopen, edit (deadline, department, done date, owner), rm of a task or
a problem, unit merge, a ledger import, a JSON export restored, undo — and
after every command the tally must equal a recount made here from the task
rows with plain SQL and Python (not the module's own counting SQL).
The migration fills it from the rows, and going down and up again keeps it.
The month report's task totals, the tally less what changed after a day,
are the totals counted from the rows on every day checked.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from conftest import Campaign
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign_cli.store import schema

pytestmark = pytest.mark.slow

TODAY = "2023-06-15"
DAYS = ["2023-05-31", "2023-06-14", "2023-06-15", "2023-06-20", "2023-06-22", "2023-07-31"]
DEPARTMENTS = ["教务处", "学生处", "党政办", "新设处"]  # the last is made by the first write naming it
OWNERS = ["张三", "李四", "王五"]
LEDGER = """序号,问题类别,检视问题,问题表现,整改措施,整改时限,责任领导,责任部门,责任人,整改状态
1,理论学习,学习不够深入{n},研讨不深,制定年度计划,2023年6月10日前,王书记,教务处,张三,已整改
2,作风建设,调研不够{n},深度不够,开展专题调研,2023年6月20日前,王书记,后勤处,李四,整改中
,,,,形成调研报告,2023年7月31日前,,,,按序时推进
"""


def _rows(store: Path | str, sql: str) -> list[tuple]:
    """Rows of a SQLite file or a PostgreSQL URL, dates as ISO text."""
    if isinstance(store, Path):
        connection = sqlite3.connect(store)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()
    import psycopg

    with psycopg.connect(store.replace("postgresql+psycopg://", "postgresql://")) as connection:
        return [tuple(v.isoformat() if hasattr(v, "isoformat") else v for v in row)
                for row in connection.execute(sql).fetchall()]


def recount(store: Path | str) -> dict[tuple, tuple]:
    """(campaign, department or 0, deadline) -> (tasks, done, done on time), from the task rows."""
    found: dict[tuple, list[int]] = {}
    for campaign, department, deadline, status, done_on in _rows(
            store, "SELECT campaign_id, department_id, deadline, status, done_on FROM task"):
        cell = found.setdefault((campaign, department or 0, deadline), [0, 0, 0])
        cell[0] += 1
        cell[1] += status == "done"
        cell[2] += done_on is not None and done_on <= deadline
    return {key: tuple(value) for key, value in found.items()}


def tally(store: Path | str) -> dict[tuple, tuple]:
    return {(c, d, day): (n, done, on_time) for c, d, day, n, done, on_time in _rows(
        store, "SELECT campaign_id, department_id, deadline, tasks, done, on_time FROM task_tally")}


def fill(cli: Campaign) -> None:
    cli.ok("init", "t", "--title", "整改", "--year", "2023")
    cli.ok("phase", "add", "整改落实", "--start", "2023-05-01", "--end", "2023-12-31", "--kinds", "problems")
    for name in DEPARTMENTS[:3]:
        cli.ok("unit", "add", name, "--kind", "department")
    cli.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-06-10")
    cli.ok("issue", "add", "食堂卫生", "--owner", "李四", "--dept", "学生处", "--deadline", "2023-06-20")
    cli.ok("issue", "task", "add", "P-2", "--measure", "每周检查", "--owner", "王五", "--deadline", "2023-07-31")
    cli.ok("issue", "done", "T-1", "--on", "2023-06-12")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A campaign with phases, departments and a few tasks in every state."""
    path = tmp_path_factory.mktemp("tally") / "template.db"
    fill(Campaign(path, today=TODAY))
    return path


codes = st.integers(min_value=1, max_value=9)
days = st.sampled_from(DAYS)
departments = st.sampled_from(DEPARTMENTS)
owners = st.sampled_from(OWNERS)
STEPS = st.one_of(
    st.tuples(st.just("add"), owners, departments, days),
    st.tuples(st.just("task"), codes, owners, departments, days),
    st.tuples(st.just("start"), codes),
    st.tuples(st.just("done"), codes, st.one_of(st.none(), days)),
    st.tuples(st.just("reopen"), codes),
    st.tuples(st.just("deadline"), codes, days),
    st.tuples(st.just("dept"), codes, departments),
    st.tuples(st.just("done-on"), codes, days),
    st.tuples(st.just("owner"), codes, owners),
    st.tuples(st.just("rm-task"), codes),
    st.tuples(st.just("rm-problem"), codes),
    st.tuples(st.just("verify"), codes),
    st.tuples(st.just("merge"), departments, departments),
    st.tuples(st.just("import"), st.integers(min_value=0, max_value=99)),
    st.tuples(st.just("restore"), st.integers(min_value=0, max_value=99)),
    st.tuples(st.just("undo")),
)


def run(cli: Campaign, step: tuple, folder: Path) -> int:
    kind, *args = step
    if kind == "add":
        owner, dept, deadline = args
        result = cli("issue", "add", f"问题{deadline}{dept}", "--owner", owner, "--dept", dept, "--deadline", deadline)
    elif kind == "task":
        n, owner, dept, deadline = args
        result = cli("issue", "task", "add", f"P-{n}", "--measure", "补充措施", "--owner", owner, "--dept", dept,
                     "--deadline", deadline)
    elif kind == "start":
        result = cli("issue", "start", f"T-{args[0]}")
    elif kind == "done":
        n, on = args
        result = cli("issue", "done", f"T-{n}", *(["--on", on] if on else []))
    elif kind == "reopen":
        result = cli("issue", "reopen", f"T-{args[0]}", "--reason", "重新整改")
    elif kind in ("deadline", "dept", "done-on", "owner"):
        n, value = args
        result = cli("issue", "edit", f"T-{n}", f"--{kind}", value)
    elif kind == "rm-task":
        result = cli("issue", "rm", f"T-{args[0]}", "--reason", "录错")
    elif kind == "rm-problem":
        result = cli("issue", "rm", f"P-{args[0]}", "--reason", "录错")
    elif kind == "verify":
        result = cli("issue", "verify", f"P-{args[0]}", "--by", "书记")
    elif kind == "merge":
        result = cli("unit", "merge", *args)
    elif kind == "import":
        ledger = folder / f"ledger-{args[0]}.csv"
        ledger.write_text(LEDGER.format(n=args[0]), encoding="utf-8")
        result = cli("import", str(ledger), "--yes")
    elif kind == "restore":
        exported = folder / f"export-{args[0]}.json"
        exported.write_text(cli.ok("export", "--format", "json").stdout, encoding="utf-8")
        result = cli("import", str(exported), "--as", f"copy{args[0]}", "--yes")
    else:
        result = cli("undo", "--yes")
    assert result.exit_code in (0, 1), (step, result.stdout, result.stderr)
    return result.exit_code


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEPS, min_size=1, max_size=12))
def test_after_any_writes_the_tally_equals_a_recount(template, steps):
    folder = Path(tempfile.mkdtemp(prefix="tally-"))
    try:
        path = folder / "store.db"
        shutil.copy(template, path)
        cli = Campaign(path, today=TODAY)
        assert tally(path) == recount(path)
        for i, step in enumerate(steps):
            run(cli, step, folder)
            assert tally(path) == recount(path), steps[:i + 1]
        assert cli.json("db", "check")["ok"] is True
        # The report's task totals come from the tally, corrected by the tasks
        # entered, done or moved after as_of: on any day, what counting gives.
        for day, shown, counted in _totals_both_ways(path):
            assert shown == counted, (day, steps)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# One of each write the property draws, in an order where all succeed.
EVERY_WRITE = [("add", "张三", "新设处", "2023-06-14"), ("task", 1, "李四", "学生处", "2023-06-20"),
               ("start", 2), ("done", 2, "2023-06-14"), ("reopen", 2), ("deadline", 3, "2023-05-31"),
               ("dept", 3, "党政办"), ("done", 3, None), ("done-on", 3, "2023-05-30"), ("owner", 4, "王五"),
               ("merge", "党政办", "教务处"), ("import", 1), ("restore", 1), ("rm-task", 5), ("rm-problem", 1),
               ("undo",)]


def every_write(cli: Campaign, store: Path | str, folder: Path) -> None:
    before = tally(store)
    assert before and before == recount(store)
    for step in EVERY_WRITE:
        assert run(cli, step, folder) == 0, step
        assert tally(store) == recount(store), step
    assert tally(store) != before
    assert len({key[0] for key in tally(store)}) == 2  # the restored copy has its own tally


def test_the_property_sees_every_kind_of_write(template, tmp_path):
    """The writes the property draws do change tasks (a step that always
    failed would test nothing)."""
    path = tmp_path / "store.db"
    shutil.copy(template, path)
    every_write(Campaign(path, today=TODAY), path, tmp_path)


@pytest.mark.postgres
def test_on_postgresql_every_write_keeps_the_tally(pg_url, tmp_path):
    """The same writes on a PostgreSQL store (its own SQL dialect, dates as
    dates): the tally equals a recount after each, and db check says so."""
    cli = Campaign(pg_url, today=TODAY)  # type: ignore[arg-type]
    fill(cli)
    every_write(cli, pg_url, tmp_path)
    assert cli.json("db", "check")["ok"] is True


def test_a_drifted_tally_is_what_db_check_reports(template, tmp_path):
    path = tmp_path / "store.db"
    shutil.copy(template, path)
    cli = Campaign(path, today=TODAY)
    assert cli.json("db", "check")["ok"] is True
    connection = sqlite3.connect(path)
    assert connection.execute("UPDATE task_tally SET tasks = tasks + 1 WHERE deadline = '2023-06-20'").rowcount == 1
    connection.commit()
    connection.close()
    result = cli("db", "check", "--json", lang="en")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert "task_tally" in report["checks"] and any("task tally of campaign t" in p for p in report["problems"])


def test_the_migration_fills_the_tally_and_goes_down_and_up(template, tmp_path):
    """Upgrading a store of revision 0007 counts its tasks into the tally;
    down to 0007 drops it (and the 0008 activity indexes), up again counts
    them afresh."""
    from alembic import command
    from sqlalchemy import create_engine

    from campaign_cli.store import migrate

    path = tmp_path / "store.db"
    shutil.copy(template, path)
    before = recount(path)
    assert tally(path) == before and before
    previous = schema.REVISIONS[schema.REVISIONS.index("0008_task_tally") - 1]
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            command.downgrade(migrate._config(connection), previous)
    finally:
        engine.dispose()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (previous,)
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "task_tally" not in names and "ix_activity_phase" not in names
        assert "ix_activity_campaign_unit" in names
    finally:
        connection.close()
    cli = Campaign(path, today=TODAY)
    assert cli.json("db", "upgrade")["upgraded_from"] == previous
    assert tally(path) == before
    assert cli.json("dashboard")["totals"]["total"] == sum(n for n, _d, _o in before.values())


AS_OF = ["2023-05-31", "2023-06-14", "2023-06-15", "2023-06-21", "2023-07-31", "2023-12-31"]


def _totals_both_ways(store: Path) -> list[tuple]:
    """task_totals (the tally less what changed after as_of) and the counted
    totals, for every campaign and several days: (as_of, tally's, counted)."""
    from datetime import date

    from campaign_cli.store import report_queries as q
    from campaign_cli.store.location import resolve
    from campaign_cli.store.opening import open_store

    db = open_store(resolve(str(store)))
    try:
        ids = [r["id"] for r in db.rows("SELECT id FROM campaign")]
        out = []
        for day in AS_OF:
            as_of = date.fromisoformat(day)
            moved = q.Moved(db, ids, as_of)
            shown = {cid: (t.by_deadline, t.overdue) for cid, t in q.task_totals(db, ids, as_of, moved).items()}
            counted = {cid: (t.by_deadline, t.overdue)
                       for cid, t in q.counted_task_totals(db, ids, as_of, moved).items()}
            out.append((day, shown, counted))
        return out
    finally:
        db.close()


def test_the_totals_see_late_entries_moves_and_late_done_dates(template, tmp_path, monkeypatch):
    """The corrections are exercised: tasks entered after a day, done after
    it and moved after it; and past the cap the rows are counted."""
    from campaign_cli.store import report_queries as q

    path = tmp_path / "store.db"
    shutil.copy(template, path)
    late = Campaign(path, today="2023-06-25")
    late.ok("issue", "add", "晚登记", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-06-01")
    late.ok("issue", "done", "T-2", "--on", "2023-06-24")
    late.ok("issue", "edit", "T-3", "--deadline", "2023-06-05")
    for day, shown, counted in _totals_both_ways(path):
        assert shown == counted, day
    as_of = dict((day, shown) for day, shown, _ in _totals_both_ways(path))
    assert as_of["2023-06-21"] != as_of["2023-07-31"]  # the late writes do show after them
    called = []
    monkeypatch.setattr(q, "TALLY_CORRECTIONS", 1)
    original = q.counted_task_totals
    monkeypatch.setattr(q, "counted_task_totals", lambda *a: called.append(a) or original(*a))
    for day, shown, counted in _totals_both_ways(path):
        assert shown == counted, day
    assert called
