"""The JSON that the database builds and the output streams (issue 17) is
the JSON the plain path builds from rows: `report --format json` (its
overdue tasks and the activities held) and `export --format json` (every
list), byte for byte, on SQLite and PostgreSQL, on a campaign that holds
every kind of row and history: awkward text, members and attendance, an
evidence file, a recheck, a reopening, a moved deadline, a removed problem
whose history still names it. And the writer lays a streamed list out at
any depth as `json.dumps(..., indent=2)` does."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Campaign

from campaign_cli.cli.output import write_json
from campaign_cli.store.database import Database, JSONRows, JSONText

AWKWARD = 'a"b\\c\td\u2028e\x7ff😀g'


def _busy(cli: Campaign, tmp_path: Path) -> None:
    """Every list of the export filled, and history naming each kind of row."""
    cli.ok("init", "a", "--title", "学习" + AWKWARD, "--year", "2023", "--doc-no", "常教工委〔2023〕28号")
    cli.ok("phase", "add", "开展专题学习", "--start", "2023-04-21", "--end", "2023-06-30")
    cli.ok("unit", "add", "第一党支部", "--kind", "branch", "--members", "3")
    cli.ok("unit", "add", "第二党支部", "--kind", "branch")
    cli.ok("unit", "member", "add", "第一党支部", "张三", "李四", "王五")
    cli.ok("activity", "add", "专题学习" + AWKWARD, "--kind", "study-group", "--date", "2023-06-02",
           "--unit", "第一党支部", "--present", "张三,李四", "--absent", "王五")
    cli.ok("activity", "add", "走访企业", "--kind", "research", "--date", "2023-06-05", "--unit", "第二党支部",
           "--target", "enterprise", "--participants", "7")
    cli.ok("activity", "add", "支部会", "--kind", "three-meetings", "--date", "2023-07-02", "--phase", "1")
    cli.ok("issue", "add", "作业" + AWKWARD, "--owner", "张三", "--dept", "教务处", "--deadline", "2023-06-03",
           "--measure", "修订\n办法", "--category", "教学")
    cli.ok("issue", "add", "调研发现", "--owner", "王五", "--dept", "学生处", "--deadline", "2023-06-01",
           "--from-activity", "2", "--term", "long")
    cli.ok("issue", "add", "将删除的问题", "--owner", "赵六", "--deadline", "2023-06-08")
    cli.ok("issue", "add", "第四个问题", "--owner", "张三", "--deadline", "2023-07-15")
    cli.ok("issue", "task", "add", "P-1", "--measure", "-开展培训", "--deadline", "2023-06-04", "--owner", "李四")
    cli.ok("issue", "assign", "P-1", "--dept", "学生处", "--owner", "钱七", "--role", "support")
    cli.ok("issue", "start", "T-1", today="2023-06-05")
    proof = tmp_path / "纪要.txt"
    proof.write_text("会议纪要\n", encoding="utf-8")
    cli.ok("issue", "done", "T-2", "--on", "2023-06-05", "--evidence", "会议纪要", "--attach", str(proof),
           today="2023-06-05")
    cli.ok("issue", "done", "T-5", "--on", "2023-06-06", today="2023-06-06")
    cli.ok("issue", "verify", "P-2", "--by", "书记", today="2023-06-07")
    cli.ok("issue", "recheck", "P-2", "--due", "2023-06-20", today="2023-06-07")
    cli.ok("issue", "recheck", "P-2", "--ok", "--on", "2023-06-08", today="2023-06-08")
    cli.ok("issue", "reopen", "P-2", "--reason", "回头看发现反弹", today="2023-06-09")
    cli.ok("issue", "rm", "P-3", "--reason", "重复登记", today="2023-06-10")
    cli.ok("issue", "edit", "T-1", "--deadline", "2023-06-12", today="2023-06-11")  # 延期 in the month
    cli.ok("issue", "edit", "T-4", "--deadline", "2023-08-30", today="2023-07-05")  # moved after the month


def _open(where: str) -> Database:
    from campaign_cli.store.location import resolve
    from campaign_cli.store.opening import open_store

    return open_store(resolve(where))


def _text(document) -> str:
    out = io.StringIO()
    write_json(document, out.write)
    return out.getvalue()


def _exports(where: str, db: Database | None = None) -> tuple[str, str]:
    """(streamed, plain) export of campaign 1, as the output writes them."""
    from campaign_cli.reports.export_json import export_document

    db = db or _open(where)
    try:
        return (_text(export_document(db, 1, "T", stream=True)),
                json.dumps(export_document(db, 1, "T"), ensure_ascii=False, indent=2) + "\n")
    finally:
        db.close()


def _reports(where: str, today: date, db: Database | None = None) -> tuple[str, str]:
    """(streamed, plain) month report of June, as `report --format json` writes each."""
    from campaign_cli.reports.monthly import month_report
    from campaign_cli.store import campaigns

    db = db or _open(where)
    try:
        campaign = campaigns.by_id(db, 1)
        streamed = month_report(db, campaign, date(2023, 6, 1), date(2023, 6, 30), today, stream_overdue=True)
        plain = month_report(db, campaign, date(2023, 6, 1), date(2023, 6, 30), today)
        assert isinstance(streamed["activities"]["held"], JSONRows)
        # The plain document with its overdue list streamed, as the output always wrote it.
        return _text(streamed), _text(plain | {"overdue": iter(plain["overdue"])})
    finally:
        db.close()


def _check(cli: Campaign, where: str) -> None:
    streamed, plain = _exports(where)
    assert streamed == plain
    exported = json.loads(streamed)
    for name in ("activities", "problems", "responsibilities", "tasks", "evidence", "files", "rechecks",
                 "members", "attendance", "events"):
        assert exported[name], name  # every list holds rows: none is compared empty
    refs = {e["entity"] for e in exported["events"] if e["ref"] is not None}
    assert {"problem", "task", "activity", "responsibility", "member", "attendance", "recheck"} <= refs, refs
    assert any(e["ref"] is None and e["entity"] == "problem" for e in exported["events"])  # the removed P-3
    for today in (date(2023, 6, 15), date(2023, 7, 10)):
        streamed, plain = _reports(where, today)
        assert streamed == plain, today
        report = json.loads(streamed)
        assert report["overdue"] and report["activities"]["held"], today
    # The command writes what the streamed document is.
    out = cli.ok("export", "--format", "json").stdout
    assert json.loads(out)["events"] == exported["events"]
    _check_lists(cli, where)


def _check_lists(cli: Campaign, where: str) -> None:
    """`issue list --list problems|responsibilities --json` (rows the
    database builds) is json.dumps of the rows reports.ledger shapes."""
    from campaign_cli.reports.ledger import problem_json, responsibility_json
    from campaign_cli.store import problems

    db = _open(where)
    try:
        for kind, options, filters in [
                ("problems", (), {}), ("problems", ("--status", "in-progress"), {"status": "in-progress"}),
                ("problems", ("--owner", "张三"), {"owner": "张三"}),
                ("responsibilities", (), {}), ("responsibilities", ("--owner", "钱七"), {"owner": "钱七"})]:
            if kind == "problems":
                rows = [problem_json(r) for r in problems.list_problems(db, 1, **filters)[0]]
            else:
                rows = [responsibility_json(r) for r in problems.list_responsibilities(db, 1, **filters)[0]]
            assert rows, (kind, options)
            out = cli.ok("issue", "list", "--list", kind, "--json", *options).stdout
            assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n", (kind, options)
        from campaign_cli.reports.activities import listing
        from campaign_cli.store import campaigns

        campaign = campaigns.by_id(db, 1)
        for options, filters in [((), {}), (("--unit", "第一党支部"), {"unit": "第一党支部"}),
                                 (("--phase", "1"), {"phase": 1})]:
            rows = listing(db, campaign, **filters)
            assert rows, options
            out = cli.ok("activity", "list", "--json", *options).stdout
            assert out == json.dumps(rows, ensure_ascii=False, indent=2) + "\n", options
        assert any(r["phase_fixed"] for r in listing(db, campaign))
    finally:
        db.close()


def test_streamed_json_is_the_plain_json_on_sqlite(cli: Campaign, tmp_path: Path):
    _busy(cli, tmp_path)
    _check(cli, str(cli.store))


@pytest.mark.postgres
def test_streamed_json_is_the_plain_json_on_postgresql(pg_url: str, tmp_path: Path):
    from sqlalchemy import create_engine

    from campaign_cli.store.database import ServerDatabase

    cli = Campaign(pg_url)  # type: ignore[arg-type]
    _busy(cli, tmp_path)
    _check(cli, pg_url)
    # Through SQLAlchemy (the URLs the psycopg store does not take), the same bytes.
    assert _exports(pg_url, ServerDatabase(create_engine(pg_url))) == _exports(pg_url)
    assert _reports(pg_url, date(2023, 7, 10), ServerDatabase(create_engine(pg_url))) == \
        _reports(pg_url, date(2023, 7, 10))


def test_the_export_file_is_what_stdout_gets(cli: Campaign, tmp_path: Path):
    _busy(cli, tmp_path)
    target = tmp_path / "out.json"
    cli.ok("export", "--format", "json", "--output", str(target))
    written = json.loads(target.read_text(encoding="utf-8"))
    printed = json.loads(cli.ok("export", "--format", "json").stdout)
    assert {k: v for k, v in written.items() if k != "exported_at"} == \
        {k: v for k, v in printed.items() if k != "exported_at"}


def test_the_overdue_list_reads_the_same_by_index_and_by_one_pass(cli: Campaign, monkeypatch):
    """With few tasks overdue the list is read from the deadline index, with
    many in one pass over the task table (SQLite): the same rows either way."""
    from campaign_cli.reports import monthly
    from campaign_cli.store import database

    reads: list[str] = []
    original = database.SQLiteDatabase.iter_batches

    def recording(self, sql, **params):
        reads.append(sql)
        return original(self, sql, **params)

    monkeypatch.setattr(database.SQLiteDatabase, "iter_batches", recording)
    share = monthly.OVERDUE_SHARE
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("issue", "add", "逾期", "--owner", "张三", "--deadline", "2023-06-02")
    for i in range(share + 2):
        cli.ok("issue", "task", "add", "P-1", "--measure", f"措施{i}", "--deadline", "2023-07-20")
    one = cli.ok("report", "--month", "2023-06", "--format", "json").stdout
    by_index = [sql for sql in reads if '"days_late"' in sql]
    for i in range(3):
        cli.ok("issue", "task", "add", "P-1", "--measure", f"逾期{i}", "--deadline", f"2023-06-0{5 - i}")
    reads.clear()
    many = cli.ok("report", "--month", "2023-06", "--format", "json").stdout
    in_one_pass = [sql for sql in reads if '"days_late"' in sql]
    assert len(by_index) == len(in_one_pass) == 1
    assert "+t.campaign_id" not in by_index[0] and "+t.campaign_id" in in_one_pass[0]
    assert [r["code"] for r in json.loads(one)["overdue"]] == ["T-1"]
    assert [r["code"] for r in json.loads(many)["overdue"]] == ["T-1", f"T-{share + 6}", f"T-{share + 5}",
                                                              f"T-{share + 4}"]
    for today in (date(2023, 6, 15), date(2023, 7, 1)):
        streamed, plain = _reports(str(cli.store), today)
        assert streamed == plain


@pytest.mark.parametrize("document", [
    {"a": 1, "b": {"c": [1, 2], "d": {}}, "e": []},
    {"rows": [{"x": 1, "y": [1, {"z": None}]}, {"x": "ü\n"}], "empty": {}},
    [],
    [{"k": "v"}, {"k": [1, 2]}],
])
def test_the_writer_lays_out_what_json_dumps_lays_out(document):
    """Every list at every depth streamed as JSONRows of text the database
    would build (json_object_sql's layout), or as an iterator of JSONText:
    the bytes of json.dumps(indent=2)."""
    expected = json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def streamed(value, depth):
        if isinstance(value, dict):
            return {k: streamed(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            texts = [json.dumps(v, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * (depth + 1))
                     for v in value]
            return JSONRows(iter([texts[:1], [], texts[1:]])) if depth % 2 else iter(JSONText(t) for t in texts)
        return value

    assert _text(streamed(document, 0)) == expected
    assert _text(document) == expected


def test_each_list_is_read_in_order_however_the_store_holds_it(cli: Campaign, tmp_path: Path):
    """A campaign holding most of a table is read in one pass in id order,
    one holding little by its index; numbers that do not grow with the ids
    (written behind the program's back) are still listed by number."""
    import sqlite3

    from campaign_cli.store import dump

    _busy(cli, tmp_path)
    db = _open(str(cli.store))
    try:
        assert dump._most_of(db, dump.JSON_LISTS["tasks"], 1)
        assert dump._numbered_by_id(db, dump.JSON_LISTS["tasks"], 1)
    finally:
        db.close()
    connection = sqlite3.connect(cli.store)
    with connection:  # T-1 and T-5 trade numbers (and codes): ids no longer in number order
        connection.execute("UPDATE task SET number = -number, code = code || '*' WHERE code IN ('T-1', 'T-5')")
        connection.execute("UPDATE task SET number = CASE number WHEN -1 THEN 5 ELSE 1 END, "
                           "code = CASE code WHEN 'T-1*' THEN 'T-5' ELSE 'T-1' END WHERE number < 0")
    connection.close()
    streamed, plain = _exports(str(cli.store))
    assert streamed == plain
    assert [t["code"] for t in json.loads(streamed)["tasks"]][:2] == ["T-1", "T-2"]
    other = Campaign(cli.store)
    other.ok("init", "b", "--title", "B", "--year", "2023")
    for i in range(12):
        other.ok("--campaign", "b", "issue", "add", f"问题{i}", "--owner", "张三", "--deadline", "2023-06-20")
    db = _open(str(cli.store))
    try:
        assert not dump._most_of(db, dump.JSON_LISTS["tasks"], 1)
        assert dump._most_of(db, dump.JSON_LISTS["tasks"], 2)
    finally:
        db.close()
    streamed, plain = _exports(str(cli.store))
    assert streamed == plain
