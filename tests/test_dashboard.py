"""campaign dashboard | person | check."""

from __future__ import annotations

import json

import pytest
from conftest import store_snapshot


@pytest.fixture
def ledger(plan2023):
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26")
    plan2023.ok("issue", "add", "课堂纪律松散", "--owner", "李四", "--dept", "学生处", "--deadline", "+5d")
    plan2023.ok("issue", "add", "食堂卫生", "--owner", "王五", "--dept", "学生处", "--deadline", "2023-06-05")
    plan2023.ok("issue", "task", "add", "P-1", "--measure", "开展检查", "--deadline", "2023-06-10")
    plan2023.ok("issue", "done", "T-4", "--on", "2023-06-12")  # two days late
    plan2023.ok("issue", "task", "add", "P-1", "--measure", "回头看", "--deadline", "2023-06-12")
    plan2023.ok("issue", "done", "T-5", "--on", "2023-06-11")  # on time
    return plan2023


def test_dashboard_by_department(ledger):
    board = ledger.json("dashboard")
    assert (board["today"], board["warn_days"], board["by"]) == ("2023-06-15", 7, "dept")
    assert board["groups"] == [
        # 按时完成率 = on time ÷ (done + overdue): T-3 overdue makes 学生处 0, not "none done".
        {"name": "学生处", "total": 2, "red": 1, "yellow": 1, "green": 0, "done": 0, "on_time": 0,
         "on_time_rate": 0.0},
        {"name": "教务处", "total": 3, "red": 0, "yellow": 0, "green": 1, "done": 2, "on_time": 1,
         "on_time_rate": 0.5},
    ]
    assert board["totals"] == {"total": 5, "red": 1, "yellow": 1, "green": 1, "done": 2, "on_time": 1,
                               "on_time_rate": 0.333}
    assert [(r["code"], r["owner"], r["days_overdue"]) for r in board["red"]] == [("T-3", "王五", 10)]
    assert [r["code"] for r in board["due_soon"]] == ["T-2"]
    assert (board["red_total"], board["due_soon_total"]) == (1, 1)


def test_dashboard_by_owner_and_window_setting(ledger):
    board = ledger.json("dashboard", "--by", "owner")
    assert [(g["name"], g["red"], g["yellow"], g["green"], g["done"]) for g in board["groups"]] == [
        ("王五", 1, 0, 0, 0), ("李四", 0, 1, 0, 0), ("张三", 0, 0, 1, 2)]
    assert ledger("dashboard", "--by", "colour").exit_code == 2


def test_dashboard_renders_in_both_languages(ledger):
    zh = ledger.ok("dashboard").stdout
    for word in ("预警看板", "责任部门", "逾期", "临期", "按时完成率", "50%", "逾期任务（1）", "王五", "10 天",
                 "7 天内到期（1）", "课堂纪律松散"):
        assert word in zh, word
    en = ledger.ok("dashboard", "--by", "owner", lang="en").stdout
    for word in ("Deadlines as of 2023-06-15", "Owner", "On time", "Overdue tasks (1)", "Due within 7 days (1)"):
        assert word in en, word


def test_dashboard_of_an_empty_ledger(plan2023):
    board = plan2023.json("dashboard")
    assert board["groups"] == [] and board["red"] == [] and board["totals"]["on_time_rate"] is None
    assert plan2023.ok("dashboard").exit_code == 0


def test_person(ledger):
    ledger.ok("issue", "done", "T-2")
    ledger.ok("issue", "verify", "P-2", "--by", "张三")
    me = ledger.json("person", "张三")
    assert me["name"] == "张三"
    assert [t["code"] for t in me["tasks"]] == ["T-1", "T-4", "T-5"]
    assert me["counts"] == {"red": 0, "yellow": 0, "green": 1, "done": 2}
    assert [p["code"] for p in me["responsible_for"]] == ["P-1"]
    assert [p["code"] for p in me["verified"]] == ["P-2"]
    out = ledger.ok("person", "张三").stdout
    assert "负责的任务" in out and "经手销号的问题" in out
    assert "Tasks owned" in ledger.ok("person", "张三", lang="en").stdout
    result = ledger("person", "张山")
    assert result.exit_code == 1 and "张三" in result.stderr
    assert ledger("person", "无名氏").exit_code == 1


def test_check_finds_gaps_and_exits_1(ledger, store):
    ledger.ok("issue", "done", "T-3", "--on", "2023-05-20", today="2023-06-15")
    # resolved on 5/20 and not verified for 26 days; P-2 short-term but due far after it was found
    ledger.ok("issue", "edit", "T-2", "--deadline", "9月1日")
    before = store_snapshot(store)
    result = ledger("check", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings == [
        {"kind": "short_term_far", "code": "P-2", "task": "T-2", "deadline": "2023-09-01", "days": 30},
        {"kind": "unverified", "code": "P-3", "resolved_on": "2023-05-20", "days": 26},
    ]
    out = ledger("check")
    assert out.exit_code == 1 and "台账检查：2 处" in out.stdout and "2 处" in out.stderr
    assert store_snapshot(store) == before


def test_check_passes_on_a_clean_ledger(plan2023):
    plan2023.ok("issue", "add", "一", "--owner", "张三", "--dept", "教务处", "--deadline", "+9d")
    assert plan2023.json("check") == []
    assert "nothing found" in plan2023.ok("check", lang="en").stdout


def test_check_finds_missing_owner_and_department(plan2023, store):
    import sqlite3

    plan2023.ok("issue", "add", "一", "--owner", "张三", "--deadline", "+9d")  # no department known
    connection = sqlite3.connect(store)
    with connection:
        connection.execute("INSERT INTO problem (campaign_id, number, code, title, term, found_on, status, "
                           "created_at, created_on) VALUES (1, 9, 'P-9', '导入的问题', 'long', '2023-06-01', 'open', 'x', "
                           "'2023-06-01')")
    connection.close()
    result = plan2023("check", "--json")
    assert result.exit_code == 1
    kinds = {(f["kind"], f["code"]) for f in json.loads(result.stdout)}
    assert kinds == {("no_responsible", "P-1"), ("task_no_department", "T-1"),
                     ("no_task", "P-9"), ("no_responsible", "P-9")}


def test_the_warning_window_is_the_campaigns(cli):
    cli.ok("init", "wide", "--title", "W", "--year", "2023", "--warn-days", "10")
    cli.ok("issue", "add", "一", "--owner", "张三", "--deadline", "+9d")
    cli.ok("issue", "add", "二", "--owner", "张三", "--deadline", "+11d")
    assert [r["signal"] for r in cli.json("issue", "list")] == ["yellow", "green"]
    board = cli.json("dashboard")
    assert board["warn_days"] == 10 and [r["code"] for r in board["due_soon"]] == ["T-1"]


def test_the_terminal_shows_the_most_overdue_groups_and_counts_the_rest(plan2023, tmp_path):
    """More departments than the terminal shows: the ones with the most
    overdue tasks come first, the totals count them all, a line says how
    many are left out, and --json lists every one."""
    from campaign_cli.render.ledger import GROUPS_SHOWN

    many = GROUPS_SHOWN + 3
    rows = ["序号,检视问题,整改措施,整改时限,责任部门,责任人,整改状态"]
    for i in range(many):  # department i has i % 4 overdue tasks and one due later
        rows += [f"{i * 10 + k},问题{i}-{k},措施,2023年6月1日前,部门{i:02d},张三,整改中" for k in range(i % 4)]
        rows.append(f"{i * 10 + 9},问题{i}-9,措施,2023年12月31日前,部门{i:02d},李四,未整改")
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("\n".join(rows) + "\n", encoding="utf-8")
    plan2023.ok("import", str(ledger), "--yes")
    board = plan2023.json("dashboard")
    assert len(board["groups"]) == many
    shown = plan2023.ok("dashboard", lang="en").stdout
    listed = [g["name"] for g in board["groups"] if f"\n{g['name']} " in shown]
    assert listed == [g["name"] for g in board["groups"][:GROUPS_SHOWN]]
    assert min(g["red"] for g in board["groups"][:GROUPS_SHOWN]) >= max(g["red"] for g in board["groups"][GROUPS_SHOWN:])
    assert f"... {many - GROUPS_SHOWN} more not shown" in shown
    total_line = next(line for line in shown.splitlines() if line.startswith("Total"))
    assert total_line.split()[1:6] == [str(board["totals"][k]) for k in ("red", "yellow", "green", "done", "total")]
    assert f"还有 {many - GROUPS_SHOWN} 个未列出" in plan2023.ok("dashboard").stdout
