"""`issue list --json` rows are built by the database (issue 17): the SQL
row shape must say exactly what `reports.ledger.task_json` says, byte for
byte in `json.dumps(..., indent=2)`'s layout, on SQLite and PostgreSQL.
Properties over awkward text and dates, not timings."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from conftest import Campaign
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign_cli.reports.ledger import Clock, task_json
from campaign_cli.store import tasks
from campaign_cli.store.database import Database, JSONText

# Every character class the encoders might treat differently: controls,
# quotes, backslashes, DEL, line separators, CJK, astral planes.
TEXT = st.text(st.characters(min_codepoint=1, max_codepoint=0x1F9FF, exclude_categories=("Cs",)), max_size=12)
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2023, 12, 31))


def _store(cli: Campaign) -> None:
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26")
    cli.ok("issue", "add", "课堂纪律", "--owner", "李四", "--deadline", "2023-06-01")
    cli.ok("issue", "task", "add", "P-2", "--measure", "回头看", "--deadline", "2023-06-20")
    cli.ok("issue", "done", "T-2", "--on", "2023-06-05", "--evidence", "记录")
    cli.ok("issue", "start", "T-3")


def _python_rows(db: Database, at: Clock) -> list[str]:
    flt = tasks.TaskFilter(today=at.today, warn_end=at.warn_end)
    rows, _total = tasks.list_tasks(db, 1, flt)
    return [json.dumps(task_json(r, at), ensure_ascii=False, indent=2).replace("\n", "\n  ") for r in rows]


def _sql_rows(db: Database, at: Clock, depth: int | None = 1) -> list[str]:
    flt = tasks.TaskFilter(today=at.today, warn_end=at.warn_end)
    found = list(tasks.iter_task_json(db, 1, flt, depth=depth))
    assert all(isinstance(r, JSONText) for r in found)
    return found


def _check(db: Database, set_text, measure: str, owner: str, evidence: str, title: str, today: date,
           warn: int) -> None:
    set_text(measure, owner or None, evidence or None, title)
    at = Clock(today, warn)
    expected = _python_rows(db, at)
    assert _sql_rows(db, at) == expected
    # The one-line layout (a list nested in a document) decodes to the same rows.
    assert [json.loads(r) for r in _sql_rows(db, at, None)] == [json.loads(r) for r in expected]


def _setter(db):
    def set_text(measure, owner, evidence, title):
        with db.transaction():
            db.execute("UPDATE task SET measure = :m, owner = :o, evidence = :e WHERE code = 'T-1'",
                       m=measure, o=owner, e=evidence)
            db.execute("UPDATE problem SET title = :t WHERE code = 'P-1'", t=title)
    return set_text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(measure=TEXT, owner=TEXT, evidence=TEXT, title=TEXT, today=DAYS, warn=st.integers(0, 30))
def test_sqlite_rows_are_task_json(tmp_path_factory, measure, owner, evidence, title, today, warn):
    path = tmp_path_factory.getbasetemp() / "json_rows.db"
    if not path.exists():
        _store(Campaign(path))
    db = _open(str(path))
    try:
        _check(db, _setter(db), measure, owner, evidence, title, today, warn)
    finally:
        db.close()


def test_the_cli_writes_what_json_dumps_writes(cli):
    """The streamed list is byte for byte `json.dumps(rows, indent=2)`, an empty one `[]`."""
    _store(cli)
    db = _open(str(cli.store))
    try:
        at = Clock(date(2023, 6, 15), 7)
        rows = [task_json(r, at) for r in tasks.list_tasks(db, 1, tasks.TaskFilter(
            today=at.today, warn_end=at.warn_end))[0]]
    finally:
        db.close()
    assert len(rows) == 3
    out = cli.ok("issue", "list", "--json").stdout
    assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert cli.ok("issue", "list", "--json", "--owner", "nobody").stdout == "[]\n"
    # Most urgent first, done last.
    assert [r["code"] for r in json.loads(out)] == ["T-3", "T-1", "T-2"]


@pytest.mark.postgres
def test_postgresql_rows_are_task_json(pg_url):
    """to_json escapes as Python does and days and signals agree, on awkward text."""
    cli = Campaign(pg_url)  # type: ignore[arg-type]
    _store(cli)
    db = _open(pg_url)
    try:
        @settings(max_examples=40, deadline=None)
        @given(measure=TEXT, owner=TEXT, evidence=TEXT, title=TEXT, today=DAYS, warn=st.integers(0, 30))
        def property_(measure, owner, evidence, title, today, warn):
            _check(db, _setter(db), measure, owner, evidence, title, today, warn)

        property_()
    finally:
        db.close()


def _open(where: str) -> Database:
    from campaign_cli.store.location import resolve
    from campaign_cli.store.opening import open_store

    return open_store(resolve(where))


def test_days_and_signals_at_the_edges(cli):
    """Deadline today (yellow, 0 days), at the window's end (yellow), one past (green), yesterday (red)."""
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    for i, shift in enumerate((0, 7, 8, -1)):
        cli.ok("issue", "add", f"问题{i}", "--owner", "张三", "--deadline", (date(2023, 6, 15) + timedelta(days=shift)).isoformat())
    rows = {r["deadline"]: (r["signal"], r["days_left"]) for r in cli.json("issue", "list")}
    assert rows == {"2023-06-15": ("yellow", 0), "2023-06-22": ("yellow", 7), "2023-06-23": ("green", 8),
                    "2023-06-14": ("red", -1)}


def test_the_month_reports_overdue_rows_are_the_python_rows(cli, capsys):
    """`report --format json` streams overdue rows the database builds; they
    are byte for byte the rows reports.monthly makes, a task whose deadline
    moved after the month's end (read from its history) included."""
    from campaign_cli.cli.output import emit_json
    from campaign_cli.reports.monthly import month_report
    from campaign_cli.store import campaigns

    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("issue", "add", "作业\"量\\偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-06-02")
    cli.ok("issue", "add", "课堂纪律", "--owner", "李四", "--deadline", "2023-06-10")
    cli.ok("issue", "add", "食堂卫生", "--owner", "王五", "--deadline", "2023-05-20")
    cli.ok("issue", "start", "T-2", today="2023-06-05")
    cli.ok("issue", "done", "T-3", "--on", "2023-07-03", today="2023-07-03")  # done after the month: overdue then
    cli.ok("issue", "edit", "T-1", "--deadline", "2023-08-30", today="2023-07-05")  # moved after the month
    out = cli.ok("report", "--month", "2023-06", "--format", "json", today="2023-07-10").stdout
    db = _open(str(cli.store))
    try:
        campaign = campaigns.by_id(db, 1)
        document = month_report(db, campaign, date(2023, 6, 1), date(2023, 6, 30), date(2023, 7, 10))
    finally:
        db.close()
    assert [r["code"] for r in document["overdue"]] == ["T-3", "T-1", "T-2"]
    capsys.readouterr()
    emit_json(document | {"overdue": iter(document["overdue"])})
    assert out == capsys.readouterr().out
