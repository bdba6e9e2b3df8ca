"""Two-step review (申请销号 → 销号, 退回) and 回头看 rechecks (SPEC §1, §2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot

DATA = ("problem", "responsibility", "task", "recheck", "evidence", "setting")


def data(store: Path) -> dict[str, list]:
    rows = store_snapshot(store)
    return {t: rows[t] for t in DATA}


@pytest.fixture
def review(plan2023: Campaign) -> Campaign:
    """Two problems owned by 张三 and 李四, all tasks done, two-step review on."""
    plan2023.ok("edit", "--review", "two-step")
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "6月30日",
                "--measure", "制定作业管理办法")
    plan2023.ok("issue", "add", "课堂纪律", "--owner", "李四", "--dept", "学生处", "--deadline", "6月20日")
    plan2023.ok("issue", "done", "T-1", "--on", "6月10日")
    plan2023.ok("issue", "done", "T-2", "--on", "6月11日")
    return plan2023


def test_submit_then_verify_by_someone_else(review: Campaign):
    submitted = review.json("--actor", "张三", "issue", "submit", "P-1")
    assert (submitted["status"], submitted["submitted_by"], submitted["submitted_on"]) == (
        "submitted", "张三", "2023-06-15")
    assert [p["code"] for p in review.json("issue", "list", "--list", "problems", "--status", "已申请销号")] == ["P-1"]
    assert [p["code"] for p in review.json("issue", "list", "--list", "problems", "--status", "待审核")] == ["P-1"]
    assert [p["code"] for p in review.json("issue", "list", "--list", "problems", "--status", "submitted")] == ["P-1"]
    verified = review.json("--actor", "王书记", "issue", "verify", "P-1")
    assert (verified["status"], verified["verified_by"]) == ("verified", "王书记")


def test_two_step_refusals(review: Campaign, store: Path):
    before = store_snapshot(store)
    refused = review("issue", "verify", "P-1", "--by", "王书记", lang="en")
    assert refused.exit_code == 1 and "issue submit P-1" in refused.stderr
    assert refused.stderr.count("\n") == 1
    assert store_snapshot(store) == before
    review.ok("issue", "submit", "P-1")
    before = store_snapshot(store)
    own = review("issue", "verify", "P-1", "--by", "张三", lang="en")
    assert own.exit_code == 1 and "lead owner (张三)" in own.stderr
    own_actor = review("--actor", "张三", "issue", "verify", "P-1")
    assert own_actor.exit_code == 1 and "张三" in own_actor.stderr
    again = review("issue", "submit", "P-1", lang="en")
    assert again.exit_code == 1 and "already submitted" in again.stderr
    assert store_snapshot(store) == before
    not_submitted = review("issue", "reject", "P-2", "--reason", "不行", lang="en")
    assert not_submitted.exit_code == 1 and "no pending submission" in not_submitted.stderr
    no_reason = review("issue", "reject", "P-1", "--reason", "  ")
    assert no_reason.exit_code == 1
    assert store_snapshot(store) == before


def test_submit_needs_every_task_done_and_two_step(plan2023: Campaign):
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--deadline", "6月30日")
    one_step = plan2023("issue", "submit", "P-1", lang="en")
    assert one_step.exit_code == 1 and "one-step" in one_step.stderr
    plan2023.ok("edit", "--review", "two-step")
    open_task = plan2023("issue", "submit", "P-1", lang="en")
    assert open_task.exit_code == 1 and "T-1" in open_task.stderr


def test_reject_sends_back_with_the_reason(review: Campaign):
    review.ok("issue", "submit", "P-1")
    rejected = review.json("issue", "reject", "P-1", "--reason", "佐证材料不全")
    assert (rejected["status"], rejected["submitted_on"]) == ("resolved", None)
    history = review.json("issue", "history", "P-1")
    assert {"field": "rejected", "old": "2023-06-15", "new": "佐证材料不全"}.items() <= next(
        e for e in history if e["field"] == "rejected").items()
    assert review.json("issue", "submit", "P-1")["status"] == "submitted"  # may be submitted again
    shown = review("issue", "history", "P-1", lang="en").stdout
    assert "rejected" in shown and "submitted" in shown


def test_reopening_a_task_lapses_the_submission(review: Campaign):
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "reopen", "T-1", "--reason", "还没做完")
    problem = review.json("issue", "show", "P-1")["problem"]
    assert (problem["status"], problem["submitted_on"]) == ("in-progress", None)
    review.ok("issue", "done", "T-1")
    assert review.json("issue", "show", "P-1")["problem"]["status"] == "resolved"


def test_one_step_verify_is_unchanged(plan2023: Campaign):
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--deadline", "6月30日")
    plan2023.ok("issue", "done", "T-1")
    assert plan2023.json("--actor", "张三", "issue", "verify", "P-1")["status"] == "verified"


def test_submitted_in_words_of_both_languages(review: Campaign):
    review.ok("issue", "submit", "P-1")
    assert "已申请销号" in review("issue", "list", "--list", "problems").stdout
    assert "submitted" in review("issue", "list", "--list", "problems", lang="en").stdout
    assert "已申请销号" in review("issue", "show", "P-1").stdout
    assert "submitted" in review("issue", "list", "--list", "responsibilities", lang="en").stdout


@pytest.mark.parametrize("steps", [
    [("issue", "submit", "P-1")],
    [("issue", "submit", "P-1"), ("issue", "reject", "P-1", "--reason", "材料不全")],
    [("issue", "submit", "P-1"), ("issue", "verify", "P-1", "--by", "王书记")],
])
def test_undo_of_each_review_step(review: Campaign, store: Path, steps):
    for step in steps[:-1]:
        review.ok(*step)
    before = data(store)
    review.ok(*steps[-1])
    assert data(store) != before
    review.ok("undo", "--yes")
    assert data(store) == before


# -- 回头看 ---------------------------------------------------------------------------

def test_recheck_scheduled_by_the_setting(review: Campaign):
    review.ok("edit", "--recheck-days", "30")
    review.ok("issue", "submit", "P-1", today="2023-06-12")
    early = review("issue", "verify", "P-1", "--by", "王书记", "--on", "6月11日", lang="en")
    assert early.exit_code == 1 and "before the submission" in early.stderr
    review.ok("issue", "verify", "P-1", "--by", "王书记", "--on", "6月12日")
    shown = review.json("issue", "show", "P-1")
    assert shown["rechecks"] == [{"problem": "P-1", "problem_title": "作业量偏大", "due": "2023-07-12",
                                  "done_on": None, "result": None, "by": None, "notes": None}]
    assert review.json("dashboard")["rechecks_due"] == []
    due = review.json("dashboard", today="2023-07-20")["rechecks_due"]
    assert [(r["problem"], r["due"], r["days_overdue"]) for r in due] == [("P-1", "2023-07-12", 8)]


def test_recheck_by_hand_ok_and_regressed(review: Campaign):
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "verify", "P-1", "--by", "王书记")
    scheduled = review.json("issue", "recheck", "P-1", "--due", "7月1日")
    assert (scheduled["due"], scheduled["done_on"]) == ("2023-07-01", None)
    ok = review.json("issue", "recheck", "P-1", "--ok", "--on", "7月2日", today="2023-07-03")
    assert (ok["due"], ok["done_on"], ok["result"], ok["by"]) == ("2023-07-01", "2023-07-02", "ok", "tester")
    assert review.json("issue", "show", "P-1", today="2023-07-03")["problem"]["status"] == "verified"
    regressed = review.json("issue", "recheck", "P-1", "--regressed", "--reason", "作业量又反弹",
                            today="2023-08-01")
    assert (regressed["due"], regressed["done_on"], regressed["result"], regressed["notes"]) == (
        "2023-08-01", "2023-08-01", "regressed", "作业量又反弹")
    problem = review.json("issue", "show", "P-1", today="2023-08-01")["problem"]
    assert (problem["status"], problem["verified_on"], problem["submitted_on"]) == ("resolved", None, None)
    reopened = [e for e in review.json("issue", "history", "P-1") if e["field"] == "reopened"]
    assert reopened[-1]["new"] == "作业量又反弹"
    assert review("issue", "verify", "P-1", "--by", "王书记", today="2023-08-01").exit_code == 1  # submit again first


def test_recheck_refusals(review: Campaign, store: Path):
    before = store_snapshot(store)
    not_verified = review("issue", "recheck", "P-1", "--ok", lang="en")
    assert not_verified.exit_code == 1 and "not verified" in not_verified.stderr
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "verify", "P-1", "--by", "王书记")
    before = store_snapshot(store)
    no_reason = review("issue", "recheck", "P-1", "--regressed")
    assert no_reason.exit_code == 1
    both = review("issue", "recheck", "P-1", "--ok", "--regressed", lang="en")
    assert both.exit_code == 2 and "one of --ok and --regressed" in both.stderr
    future = review("issue", "recheck", "P-1", "--ok", "--on", "7月1日", lang="en")
    assert future.exit_code == 1 and "after today" in future.stderr
    early = review("issue", "recheck", "P-1", "--due", "6月1日", lang="en")
    assert early.exit_code == 1 and "before the verification" in early.stderr
    assert store_snapshot(store) == before


def test_reopen_drops_pending_rechecks_and_undo_restores_them(review: Campaign, store: Path):
    review.ok("edit", "--recheck-days", "30")
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "verify", "P-1", "--by", "王书记")
    before = data(store)
    review.ok("issue", "reopen", "P-1", "--reason", "复查不合格")
    assert review.json("issue", "show", "P-1")["rechecks"] == []
    review.ok("undo", "--yes")
    assert data(store) == before


@pytest.mark.parametrize("command", [
    ("issue", "recheck", "P-1", "--due", "7月1日"),
    ("issue", "recheck", "P-1", "--ok"),
    ("issue", "recheck", "P-1", "--regressed", "--reason", "反弹"),
])
def test_undo_of_a_recheck(review: Campaign, store: Path, command):
    review.ok("edit", "--recheck-days", "10")
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "verify", "P-1", "--by", "王书记")
    before = data(store)
    review.ok(*command)
    assert data(store) != before
    review.ok("undo", "--yes")
    assert data(store) == before


def test_removing_a_problem_keeps_its_rechecks_for_undo(review: Campaign, store: Path):
    review.ok("edit", "--recheck-days", "10")
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "verify", "P-1", "--by", "王书记")
    before = data(store)
    review.ok("issue", "rm", "P-1", "--reason", "重复")
    review.ok("undo", "--yes")
    assert data(store) == before


def test_recheck_messages_in_both_languages(review: Campaign):
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "verify", "P-1", "--by", "王书记")
    assert "安排回头看：2023-07-01" in review("issue", "recheck", "P-1", "--due", "7月1日").stdout
    assert "scheduled for 2023-07-02" in review("issue", "recheck", "P-1", "--due", "7月2日", lang="en").stdout
    assert "regression" in review("issue", "recheck", "P-1", "--regressed", "--reason", "again",
                                  lang="en").stdout


def test_month_report_counts_rechecks_and_regressions(review: Campaign, tmp_path: Path):
    for code in ("P-1", "P-2"):
        review.ok("issue", "submit", code)
        review.ok("issue", "verify", code, "--by", "王书记")
    review.ok("issue", "recheck", "P-1", "--ok", "--on", "7月3日", today="2023-07-05")
    review.ok("issue", "recheck", "P-2", "--regressed", "--reason", "纪律松散反弹", "--on", "7月4日",
              today="2023-07-05")
    review.ok("issue", "recheck", "P-1", "--ok", "--on", "8月1日", today="2023-08-02")
    july = review.json("report", "--month", "2023-07", today="2023-08-02")["problems"]
    assert (july["rechecks_done"], july["regressed"], july["reopened"]) == (2, 1, 1)
    june = review.json("report", "--month", "2023-06", today="2023-08-02")["problems"]
    assert (june["rechecks_done"], june["regressed"]) == (0, 0)
    md = review("report", "--month", "2023-07", "--format", "md", today="2023-08-02").stdout
    assert "回头看 2 次，发现反弹 1 个" in md
    assert "回头看" not in review("report", "--month", "2023-06", "--format", "md", today="2023-08-02").stdout
    table = review("report", "--month", "2023-07", lang="en", today="2023-08-02").stdout
    assert "Rechecks (回头看) done: 2; regressions found: 1" in table
    html = tmp_path / "r.html"
    review.ok("report", "--month", "2023-07", "--format", "html", "--output", str(html), today="2023-08-02")
    assert "回头看 2 次" in html.read_text("utf-8")
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    review.ok("report", "--month", "2023-07", "--format", "xlsx", "--output", str(out), today="2023-08-02")
    cells = [[c.value for c in row] for sheet in load_workbook(out) for row in sheet.iter_rows()]
    assert ["回头看", 2] in [row[:2] for row in cells] and ["回头看发现反弹", 1] in [row[:2] for row in cells]
    docx = tmp_path / "r.docx"
    review.ok("report", "--month", "2023-07", "--format", "docx", "--output", str(docx), today="2023-08-02")
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "开展回头看2次，发现反弹1个" in text


def test_a_submitted_problem_passes_the_check_and_the_json_round_trip(review: Campaign, tmp_path: Path):
    review.ok("edit", "--recheck-days", "20")
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "submit", "P-2")
    review.ok("issue", "verify", "P-2", "--by", "王书记")
    review.ok("issue", "recheck", "P-2", "--ok")
    assert not [f for f in review.json("check") if f.get("kind") == "status_mismatch"]
    first = tmp_path / "a.json"
    review.ok("export", "--format", "json", "--output", str(first))
    other = Campaign(tmp_path / "b.db")
    other.ok("import", str(first), "--yes")
    second = tmp_path / "b.json"
    other.ok("export", "--format", "json", "--output", str(second))
    strip = lambda p: [line for line in p.read_text("utf-8").splitlines() if '"exported_at"' not in line]  # noqa: E731
    assert strip(first) == strip(second)
    assert other.json("issue", "show", "P-1")["problem"]["status"] == "submitted"
    assert [r["result"] for r in other.json("issue", "show", "P-2")["rechecks"]] == ["ok"]


def test_the_dashboard_lists_submissions_and_rechecks_due(review: Campaign):
    review.ok("edit", "--recheck-days", "5")
    review.ok("issue", "submit", "P-1")
    review.ok("issue", "submit", "P-2")
    review.ok("issue", "verify", "P-2", "--by", "王书记")
    board = review.json("dashboard", today="2023-06-22")
    assert [p["code"] for p in board["awaiting_review"]] == ["P-1"] and board["awaiting_review_total"] == 1
    assert [(r["problem"], r["days_overdue"]) for r in board["rechecks_due"]] == [("P-2", 2)]
    text = review("dashboard", today="2023-06-22").stdout
    assert "待审核（已申请销号）（1）" in text and "到期未做的回头看（1）" in text and "2 天" in text
    english = review("dashboard", today="2023-06-22", lang="en").stdout
    assert "Awaiting review (1)" in english and "Rechecks due (1)" in english
