"""campaign issue list: the three lists, filters in SQL, urgency order, the cap."""

from __future__ import annotations

import pytest


@pytest.fixture
def ledger(plan2023):
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26",
                "--measure", "制定作业管理办法")
    plan2023.ok("issue", "add", "课堂纪律松散", "--owner", "李四", "--dept", "学生处", "--deadline", "+5d")
    plan2023.ok("issue", "add", "食堂卫生", "--owner", "王五", "--dept", "学生处", "--deadline", "2023-06-05")
    plan2023.ok("issue", "task", "add", "P-1", "--measure", "开展检查", "--deadline", "2023-06-10", "--owner", "李四")
    plan2023.ok("issue", "done", "T-4", "--on", "2023-06-09")
    return plan2023


def test_task_list_json_is_pinned(ledger):
    rows = ledger.json("issue", "list")
    assert rows[0] == {
        "code": "T-3", "problem": "P-3", "problem_title": "食堂卫生", "measure": "食堂卫生", "owner": "王五",
        "department": "学生处", "deadline": "2023-06-05", "status": "todo", "signal": "red", "late": False,
        "days_left": -10, "started_on": None, "done_on": None, "evidence": None,
    }
    assert [(r["code"], r["signal"]) for r in rows] == [("T-3", "red"), ("T-2", "yellow"), ("T-1", "green"),
                                                        ("T-4", "done")]
    # the owner's usual department follows them to a new task
    assert rows[3]["department"] == "学生处"


def test_filters(ledger):
    def codes(*args):
        return [r["code"] for r in ledger.json("issue", "list", *args)]

    assert codes("--signal", "red") == ["T-3"]
    assert codes("--signal", "done") == ["T-4"]
    assert codes("--owner", "李四") == ["T-2", "T-4"]
    assert codes("--dept", "教务处") == ["T-1"]
    assert codes("--status", "done") == ["T-4"]
    assert codes("--status", "todo", "--dept", "学生处") == ["T-3", "T-2"]
    assert codes("--due-within", "7d") == ["T-2"]
    assert codes("--due-within", "60天") == ["T-2", "T-1"]
    assert codes("--phase", "3") == ["T-3", "T-2", "T-1", "T-4"]  # 深入开展调研 owns the days after 5月13日
    assert codes("--phase", "1") == []
    for bad in (["--signal", "purple"], ["--status", "finished"], ["--dept", "没有这个处"], ["--phase", "9"],
                ["--due-within", "soon"]):
        assert ledger("issue", "list", *bad).exit_code == 1, bad
    assert ledger("issue", "list", "--list", "people").exit_code == 2


def test_problem_and_responsibility_lists(ledger):
    problems = ledger.json("issue", "list", "--list", "problems")
    assert [(p["code"], p["status"], p["tasks"], p["tasks_done"]) for p in problems] == [
        ("P-3", "open", 1, 0), ("P-2", "open", 1, 0), ("P-1", "in-progress", 2, 1)]
    assert [p["code"] for p in ledger.json("issue", "list", "--list", "problems", "--status", "in-progress")] == ["P-1"]
    assert [p["code"] for p in ledger.json("issue", "list", "--list", "problems", "--owner", "李四")] == ["P-1", "P-2"][::-1]
    assert [p["code"] for p in ledger.json("issue", "list", "--list", "问题", "--signal", "red")] == ["P-3"]
    rows = ledger.json("issue", "list", "--list", "responsibilities")
    assert rows[0] == {"problem": "P-1", "problem_title": "作业量偏大", "department": "教务处", "owner": "张三",
                       "role": "lead", "status": "in-progress"}
    assert [r["problem"] for r in ledger.json("issue", "list", "--list", "responsibilities", "--dept", "学生处")] == \
        ["P-2", "P-3"]


def test_ledger_columns_in_both_languages(ledger):
    zh = ledger.ok("issue", "list").stdout
    header = next(line for line in zh.splitlines() if line.startswith("序号"))
    for column in ("序号", "问题", "整改措施", "责任部门", "责任人", "完成时限", "状态", "预警"):
        assert column in header
    assert "逾期 10 天" in zh and "剩 5 天" in zh
    en = ledger.ok("issue", "list", lang="en").stdout
    assert "Measure" in en and "10 d overdue" in en and "due in 5 d" in en
    assert "问题清单" in ledger.ok("issue", "list", "--list", "problems").stdout
    assert "Responsibility list" in ledger.ok("issue", "list", "--list", "responsibilities", lang="en").stdout


def test_chinese_columns_line_up(ledger):
    from rich.cells import cell_len

    lines = [line.rstrip() for line in ledger.ok("issue", "list").stdout.splitlines()]
    rows = [line for line in lines if line.startswith("T-")]
    # the deadline column starts at the same cell in every row
    starts = {cell_len(row[:row.index(day)]) for row, day in zip(rows, ("6月5日", "6月20日", "7月26日", "6月10日"))}
    assert len(starts) == 1


def test_terminal_list_is_capped(plan2023):
    for i in range(52):
        plan2023.ok("issue", "add", f"问题{i}", "--owner", "张三", "--deadline", "+30d")
    out = plan2023.ok("issue", "list").stdout
    assert "还有 2 条" in out and "T-50" in out
    assert "还有" not in plan2023.ok("issue", "list", "--all").stdout
    assert len(plan2023.json("issue", "list")) == 52


def test_empty_list(plan2023):
    assert "没有符合条件" in plan2023.ok("issue", "list").stdout
    assert plan2023.json("issue", "list") == []
