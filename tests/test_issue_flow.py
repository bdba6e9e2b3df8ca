"""The life of a problem: signals, start, done, verify (销号), reopen, edit, history."""

from __future__ import annotations

import pytest
from conftest import store_snapshot


@pytest.fixture
def three(plan2023):
    """Three problems due in 41, 5 and -10 days from 2023-06-15."""
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26")
    plan2023.ok("issue", "add", "课堂纪律松散", "--owner", "李四", "--dept", "学生处", "--deadline", "+5d")
    plan2023.ok("issue", "add", "食堂卫生", "--owner", "王五", "--dept", "学生处", "--deadline", "2023-06-05",
                "--found-on", "2023-06-01")
    return plan2023


def _signals(cli):
    return {row["code"]: row["signal"] for row in cli.json("issue", "list")}


def test_scenario_signals_verify_history(three, store):
    assert _signals(three) == {"T-1": "green", "T-2": "yellow", "T-3": "red"}
    # most urgent first
    assert [r["code"] for r in three.json("issue", "list")] == ["T-3", "T-2", "T-1"]

    # verifying with an open task fails and changes nothing
    before = store_snapshot(store)
    result = three("issue", "verify", "P-3")
    assert result.exit_code == 1 and "T-3" in result.stderr
    assert store_snapshot(store) == before

    started = three.json("issue", "start", "T-3")
    assert started["status"] == "doing"
    assert three.json("issue", "show", "P-3")["problem"]["status"] == "in-progress"
    done = three.json("issue", "done", "T-3", "--evidence", "已整改到位")
    assert (done["signal"], done["late"], done["done_on"]) == ("done", True, "2023-06-15")
    problem = three.json("issue", "show", "P-3")["problem"]
    assert (problem["status"], problem["resolved_on"]) == ("resolved", "2023-06-15")

    verified = three.json("issue", "verify", "P-3", "--by", "王书记")
    assert (verified["status"], verified["verified_on"], verified["verified_by"]) == \
        ("verified", "2023-06-15", "王书记")

    history = three.json("issue", "history", "P-3")
    assert set(history[0]) == {"at", "actor", "entity", "code", "field", "old", "new"}
    steps = [(e["entity"], e["code"], e["field"], e["old"], e["new"]) for e in history]
    assert steps == [
        ("problem", "P-3", "created", None, "食堂卫生"),
        ("responsibility", "P-3", "created", None, "王五 (学生处)"),
        ("task", "T-3", "created", None, "食堂卫生"),
        ("task", "T-3", "status", "todo", "doing"),
        ("task", "T-3", "started_on", None, "2023-06-15"),
        ("problem", "P-3", "status", "open", "in-progress"),
        ("task", "T-3", "status", "doing", "done"),
        ("task", "T-3", "done_on", None, "2023-06-15"),
        ("task", "T-3", "evidence", None, "已整改到位"),
        ("problem", "P-3", "status", "in-progress", "resolved"),
        ("problem", "P-3", "verified_by", None, "王书记"),
        ("problem", "P-3", "verified_on", None, "2023-06-15"),
        ("problem", "P-3", "status", "resolved", "verified"),
    ]
    assert {e["actor"] for e in history} == {"tester"}
    assert [e["field"] for e in three.json("issue", "history", "T-3")] == ["created", "status", "started_on",
                                                                           "status", "done_on", "evidence"]


def test_done_on_a_day_and_on_time(three):
    done = three.json("issue", "done", "T-1", "--on", "6月10日")
    assert (done["status"], done["done_on"], done["late"], done["started_on"]) == \
        ("done", "2023-06-10", False, "2023-06-10")
    assert three("issue", "done", "T-1").exit_code == 1  # already done
    assert three("issue", "done", "T-2", "--on", "+3d").exit_code == 1  # not in the future
    assert three("issue", "start", "T-1").exit_code == 1


def test_reopen_needs_verified_and_a_reason(three, store):
    before = store_snapshot(store)
    assert three("issue", "reopen", "P-3", "--reason", "x").exit_code == 1  # not verified
    assert three("issue", "reopen", "P-3").exit_code == 2  # --reason is required
    assert store_snapshot(store) == before
    three.ok("issue", "done", "T-3")
    three.ok("issue", "verify", "P-3")
    # a verified problem takes no new task until reopened
    before = store_snapshot(store)
    result = three("issue", "task", "add", "P-3", "--measure", "回头看", "--deadline", "+20d")
    assert result.exit_code == 1 and "reopen" in result.stderr
    assert store_snapshot(store) == before
    reopened = three.json("issue", "reopen", "P-3", "--reason", "回访发现反弹")
    assert (reopened["status"], reopened["verified_on"], reopened["verified_by"]) == ("resolved", None, None)
    added = three.json("issue", "task", "add", "P-3", "--measure", "回头看", "--deadline", "+20d")
    assert (added["owner"], added["department"], added["signal"]) == ("王五", "学生处", "green")
    problem = three.json("issue", "show", "P-3")["problem"]
    assert (problem["status"], problem["resolved_on"]) == ("in-progress", None)
    fields = [(e["field"], e["new"]) for e in three.json("issue", "history", "P-3")]
    assert ("reopened", "回访发现反弹") in fields


def test_edit_records_old_and_new(three, store):
    task = three.json("issue", "edit", "T-2", "--deadline", "7月15日", "--owner", "赵六", "--dept", "教务处")
    assert (task["deadline"], task["owner"], task["department"], task["signal"]) == \
        ("2023-07-15", "赵六", "教务处", "green")
    problem = three.json("issue", "edit", "P-2", "--title", "课堂纪律", "--term", "long", "--category", "学风")
    assert (problem["title"], problem["term"], problem["category"]) == ("课堂纪律", "long", "学风")
    changes = [(e["code"], e["field"], e["old"], e["new"]) for e in three.json("issue", "history", "P-2")[3:]]
    assert changes == [
        ("T-2", "owner", "李四", "赵六"),
        ("T-2", "department", "学生处", "教务处"),
        ("T-2", "deadline", "2023-06-20", "2023-07-15"),
        ("P-2", "title", "课堂纪律松散", "课堂纪律"),
        ("P-2", "category", None, "学风"),
        ("P-2", "term", "short", "long"),
    ]
    lead = three.json("issue", "edit", "P-2", "--owner", "孙七")
    assert lead["owner"] == "孙七"
    before = store_snapshot(store)
    assert three("issue", "edit", "P-2").exit_code == 2  # nothing to change
    assert three("issue", "edit", "P-2", "--deadline", "+3d").exit_code == 2  # a task option on a problem
    assert three("issue", "edit", "T-2", "--title", "x").exit_code == 2
    assert three("issue", "edit", "T-2", "--measure", " ").exit_code == 1
    assert store_snapshot(store) == before


def test_unknown_and_malformed_codes_exit_1(three, store):
    before = store_snapshot(store)
    for argv in (["issue", "show", "P-99"], ["issue", "show", "T-99"], ["issue", "show", "X-1"],
                 ["issue", "history", "P-99"], ["issue", "start", "T-99"], ["issue", "start", "P-1"],
                 ["issue", "done", "T-99"], ["issue", "verify", "P-99"], ["issue", "verify", "T-1"],
                 ["issue", "reopen", "P-99", "--reason", "x"], ["issue", "edit", "T-99", "--measure", "x"],
                 ["issue", "task", "add", "P-99", "--measure", "x", "--deadline", "+3d"]):
        result = three(*argv)
        assert result.exit_code == 1, argv
        assert result.stderr.startswith("错误："), argv
    assert "There is no problem P-99" in three("issue", "show", "P-99", lang="en").stderr
    assert store_snapshot(store) == before


def test_show_in_both_languages(three):
    three.ok("issue", "done", "T-3")
    zh = three.ok("issue", "show", "P-3").stdout
    for word in ("食堂卫生", "学生处", "王五", "逾期完成", "历史", "整改措施", "已整改"):
        assert word in zh, word
    en = three.ok("issue", "show", "P-3", lang="en").stdout
    for word in ("Measure", "done late", "History", "resolved"):
        assert word in en, word
    task = three.ok("issue", "show", "T-2", lang="en").stdout
    assert "due in 5 d" in task
    assert three.json("issue", "show", "T-2")["task"]["code"] == "T-2"


def test_terminal_messages(three):
    assert "已开始" in three.ok("issue", "start", "T-1").stdout
    assert "Task T-2 done" in three.ok("issue", "done", "T-2", lang="en").stdout
    assert "已销号" in three.ok("issue", "verify", "P-2").stdout


def test_every_field_in_the_history_is_named_in_both_languages(three):
    from campaign_cli.i18n import catalog

    visit = three.json("activity", "add", "走访", "--kind", "research", "--date", "6月2日", "--target", "staff")["id"]
    three.ok("issue", "add", "调研发现", "--owner", "赵六", "--deadline", "+20d", "--from-activity", str(visit))
    three.ok("issue", "edit", "P-4", "--title", "新标题", "--detail", "细节", "--category", "作风", "--term", "long",
             "--found-on", "6月3日", "--phase", "3")
    three.ok("issue", "edit", "T-4", "--measure", "措施", "--owner", "赵六", "--dept", "教务处", "--deadline", "+30d")
    three.ok("issue", "task", "add", "P-4", "--measure", "第二项", "--deadline", "+25d")
    three.ok("issue", "assign", "P-4", "--dept", "保卫处", "--owner", "钱七", "--role", "support")
    three.ok("issue", "start", "T-4")
    three.ok("issue", "done", "T-4", "--evidence", "记录")
    three.ok("issue", "edit", "T-4", "--done-on", "6月14日")
    three.ok("issue", "reopen", "T-4", "--reason", "登记错了")
    three.ok("issue", "rm", "T-5", "--reason", "重复")
    three.ok("activity", "rm", str(visit), "--force")
    fields = {e["field"] for e in three.json("issue", "history", "P-4")}
    assert {"created", "removed", "source_activity", "phase", "started_on", "reopened"} <= fields
    for lang in ("zh", "en"):
        assert {f for f in fields if f"issue.field.{f}" not in catalog(lang)} == set(), lang
    shown = three.ok("issue", "history", "P-4").stdout
    assert not any(f in shown for f in fields if "_" in f)
