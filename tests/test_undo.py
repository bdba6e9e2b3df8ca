"""`campaign undo` and the corrections: every mistake can be taken back.

Each undo case compares every row of the data tables before the command and
after its undo (the history and the command log grow, and code numbers are
never handed out again, so those are left out of the comparison).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot

DATA = ("activity", "phase", "problem", "responsibility", "setting", "task", "unit", "current_campaign")


def data(store: Path) -> dict[str, list]:
    rows = store_snapshot(store)
    found = {t: rows[t] for t in DATA}
    connection = sqlite3.connect(store)
    try:  # the campaign row without its next-code counters (codes are never reused)
        found["campaign"] = connection.execute(
            "SELECT id, key, title, doc_no, issuer, year, starts_on, ends_on FROM campaign ORDER BY id").fetchall()
    finally:
        connection.close()
    return found


@pytest.fixture
def lists(plan2023: Campaign) -> Campaign:
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "7月26日",
                "--measure", "制定作业管理办法")
    plan2023.ok("issue", "task", "add", "P-1", "--measure", "专项检查", "--deadline", "6月30日")
    plan2023.ok("issue", "add", "课堂纪律", "--owner", "李四", "--dept", "学生处", "--deadline", "6月20日")
    return plan2023


@pytest.mark.parametrize("command", [
    ("issue", "add", "食堂卫生", "--owner", "王五", "--dept", "后勤处", "--deadline", "6月30日",
     "--support", "保卫处:钱七"),
    ("issue", "task", "add", "P-2", "--measure", "再查一次", "--deadline", "7月1日"),
    ("issue", "edit", "T-1", "--owner", "赵六", "--deadline", "8月1日", "--dept", "新部门"),
    ("issue", "edit", "P-1", "--title", "作业负担", "--found-on", "6月1日", "--owner", "王五"),
    ("issue", "start", "T-2"),
    ("issue", "done", "T-3", "--on", "6月10日", "--evidence", "已整改"),
    ("issue", "rm", "P-1", "--reason", "重复登记"),
    ("issue", "rm", "T-2", "--reason", "多余"),
    ("issue", "assign", "P-2", "--dept", "保卫处", "--owner", "钱七"),
    ("unit", "edit", "第一党支部", "--members", "30"),
    ("unit", "rename", "学生处", "学生工作处"),
    ("unit", "merge", "学生处", "教务处"),
    ("phase", "move", "5", "--to", "1"),
    ("phase", "rm", "2"),
    ("phase", "edit", "5", "--kinds", "problems,research"),
    ("edit", "--title", "新标题", "--doc-no", "X〔2023〕1号", "--warn-days", "10", "--review", "two-step"),
    ("activity", "add", "主题党日", "--kind", "theme-day", "--date", "6月9日", "--unit", "第三党支部"),
])
def test_undo_takes_a_command_back_whole(lists: Campaign, store: Path, command):
    before = data(store)
    lists.ok(*command)
    assert data(store) != before
    undone = lists.json("undo", "--yes")
    assert undone["command"].startswith(" ".join(command[:2]).split(" --")[0]) and undone["changes"] > 0
    assert undone["actor"] == "tester"
    assert data(store) == before


def test_undo_of_done_and_verify(lists: Campaign, store: Path):
    lists.ok("issue", "done", "T-3", "--on", "6月12日")
    before = data(store)
    assert lists.json("issue", "verify", "P-2", "--by", "王书记", "--on", "6月14日")["verified_on"] == "2023-06-14"
    lists.ok("undo", "--yes")
    assert data(store) == before
    assert lists.json("issue", "show", "P-2")["problem"]["status"] == "resolved"
    lists.ok("undo", "--yes")  # then the done
    assert lists.json("issue", "show", "T-3")["task"]["status"] == "todo"


def test_codes_are_never_reused_after_undo(lists: Campaign):
    lists.ok("issue", "add", "临时", "--owner", "王五", "--deadline", "7月1日")
    lists.ok("undo", "--yes")
    added = lists.json("issue", "add", "另一个", "--owner", "王五", "--deadline", "7月1日")
    assert (added["problem"]["code"], added["task"]["code"]) == ("P-4", "T-5")


def test_undo_is_refused_when_a_later_command_built_on_it(lists: Campaign, store: Path):
    lists.ok("issue", "add", "新问题", "--owner", "王五", "--deadline", "7月1日")
    other = Campaign(store)
    other.ok("--actor", "李秘书", "issue", "task", "add", "P-3", "--measure", "补充措施", "--deadline", "7月2日")
    before = store_snapshot(store)
    refused = lists("undo", "--yes", lang="en")
    assert refused.exit_code == 1
    assert "李秘书" in refused.stderr and "issue task add P-3" in refused.stderr
    assert store_snapshot(store) == before
    other.ok("--actor", "李秘书", "undo", "--yes")  # the later command goes first, then it works
    lists.ok("undo", "--yes")
    assert lists("issue", "show", "P-3").exit_code == 1


def test_undo_takes_only_the_actors_own_command(lists: Campaign, store: Path):
    lists.ok("--actor", "李秘书", "issue", "start", "T-1")
    lists.ok("undo", "--yes")  # tester's last: the issue add of P-2
    assert lists("issue", "show", "P-2").exit_code == 1
    assert lists.json("issue", "show", "T-1")["task"]["status"] == "doing"
    listed = lists.json("undo", "--list")
    assert [(c["command"], c["actor"], c["undone"]) for c in listed[:3]] == [
        ("undo", "tester", False), ("issue start T-1", "李秘书", False), ("issue add 课堂纪律", "tester", True)]


def test_nothing_to_undo(cli: Campaign):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("undo", "--yes")  # init itself
    assert cli.json("list") == []
    result = cli("--campaign", "a", "undo", "--yes", lang="en")
    assert result.exit_code == 1 and "no campaign" in result.stderr.lower() or "a" in result.stderr


def test_undo_of_a_ledger_import(lists: Campaign, store: Path, tmp_path: Path):
    ledger = tmp_path / "台账.csv"
    with ledger.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "问题", "整改措施", "责任部门", "责任人", "完成时限", "完成情况"])
        writer.writerow([1, "宿舍管理不到位", "完善制度", "宿管办", "钱七", "6月30日", "已完成"])
        writer.writerow([2, "食堂价格偏高", "公示价格", "后勤处", "孙八", "7月15日", "进行中"])
    before = data(store)
    imported = lists.json("import", str(ledger), "--yes")
    assert imported["problems"] == 2
    assert lists.json("undo", "--yes")["changes"] >= 8
    assert data(store) == before


def test_undo_of_a_plan_import(cli: Campaign, store: Path, tmp_path: Path):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    plan = tmp_path / "方案.txt"
    plan.write_text("关于开展专项工作的实施方案\n三、时间安排\n（一）动员部署（4月21日—4月28日）\n"
                    "（二）整改落实（5月—11月）\n", encoding="utf-8")
    before = data(store)
    cli.ok("plan", "import", str(plan), "--yes")
    assert len(cli.json("phase", "list")) == 2
    cli.ok("undo", "--yes")
    assert data(store) == before


def test_undo_json_and_preview(lists: Campaign):
    lists.ok("issue", "start", "T-1")
    preview = lists("undo", "--yes")
    assert "issue start T-1" in preview.stdout and "T-1" in preview.stdout
    lists.ok("issue", "start", "T-1")
    done = lists.json("undo", "--yes")
    assert set(done) >= {"command", "at", "actor", "changes"} and done["command"] == "issue start T-1"


# -- corrections ----------------------------------------------------------------


def test_a_done_task_can_be_reopened(lists: Campaign):
    lists.ok("issue", "done", "T-3")
    lists.ok("issue", "verify", "P-2")
    reopened = lists.json("issue", "reopen", "T-3", "--reason", "误标为完成")
    assert (reopened["status"], reopened["done_on"]) == ("doing", None)
    problem = lists.json("issue", "show", "P-2")
    assert problem["problem"]["status"] == "in-progress" and problem["problem"]["verified_on"] is None
    fields = [(e["code"], e["field"], e["new"]) for e in problem["history"]]
    assert ("T-3", "reopened", "误标为完成") in fields and ("P-2", "reopened", "误标为完成") in fields
    assert lists("issue", "reopen", "T-1", "--reason", "x").exit_code == 1  # not done
    assert lists("issue", "reopen", "T-3").exit_code == 2  # a reason is required


def test_done_date_and_verify_date_can_be_corrected(lists: Campaign, store: Path):
    lists.ok("issue", "done", "T-3", "--on", "6月12日")
    assert lists.json("issue", "edit", "T-3", "--done-on", "6月10日")["done_on"] == "2023-06-10"
    before = store_snapshot(store)
    assert lists("issue", "edit", "T-3", "--done-on", "6月20日").exit_code == 1  # after today
    assert lists("issue", "edit", "T-1", "--done-on", "6月10日").exit_code == 1  # not done
    assert lists("issue", "verify", "P-2", "--on", "6月9日").exit_code == 1  # before it was resolved
    assert store_snapshot(store) == before
    assert lists.json("issue", "verify", "P-2", "--on", "6月11日")["verified_on"] == "2023-06-11"


def test_a_problem_removed_stays_in_the_history(lists: Campaign, store: Path):
    removed = lists.json("issue", "rm", "P-1", "--reason", "重复登记")
    assert removed["removed"] and removed["reason"] == "重复登记"
    assert lists("issue", "show", "P-1").exit_code == 1
    assert [t["code"] for t in lists.json("issue", "list")] == ["T-3"]
    connection = sqlite3.connect(store)
    try:
        kept = connection.execute("SELECT entity, code, field, new_value FROM event WHERE field = 'removed' "
                                  "ORDER BY id").fetchall()
    finally:
        connection.close()
    assert kept == [("task", "T-1", "removed", "重复登记"), ("task", "T-2", "removed", "重复登记"),
                    ("responsibility", "P-1", "removed", "重复登记"), ("problem", "P-1", "removed", "重复登记")]
    assert lists("issue", "rm", "P-2").exit_code == 2  # --reason is required


def test_unit_edit_and_rm(lists: Campaign, store: Path):
    assert lists.json("unit", "edit", "第一党支部", "--members", "30")["members"] == 30
    assert lists.json("unit", "edit", "第一党支部", "--no-members")["members"] is None
    before = store_snapshot(store)
    refused = lists("unit", "rm", "教务处", lang="en")
    assert refused.exit_code == 1 and "merge" in refused.stderr
    assert store_snapshot(store) == before
    lists.ok("unit", "add", "多余的科", "--kind", "department")
    assert lists.json("unit", "rm", "多余的科")["removed"] is True


def test_campaign_edit_changes_fields_and_settings(plan2023: Campaign):
    changed = plan2023.json("edit", "--title", "新标题", "--issuer", "中共某某委员会", "--warn-days", "10",
                            "--review", "two-step", "--short-term-days", "15")
    assert (changed["title"], changed["issuer"]) == ("新标题", "中共某某委员会")
    assert changed["settings"]["warn_days"] == 10 and changed["settings"]["review"] == "two-step"
    assert plan2023("edit", "--review", "three-step").exit_code == 1
    assert plan2023("edit", "--warn-days", "9999").exit_code == 2
    assert plan2023("edit").exit_code == 1
    plan2023.ok("issue", "add", "近期问题", "--owner", "张三", "--deadline", "6月24日")
    assert plan2023.json("issue", "list")[0]["signal"] == "yellow"  # 9 days off, inside the new window


def test_phase_move_renumbers(plan2023: Campaign):
    moved = plan2023.json("phase", "move", "5", "--to", "1")
    assert [p["title"] for p in moved][:2] == ["着力解决问题", "开展专题学习"]
    assert [p["seq"] for p in moved] == [1, 2, 3, 4, 5]
    assert plan2023("phase", "move", "1", "--to", "9").exit_code == 1


# -- the current campaign per actor, and stores only made on purpose -------------------


def test_two_actors_keep_their_own_current_campaign(tmp_path: Path):
    """Real processes on one file: each clerk's `use` moves only their own writes."""
    import os
    import subprocess
    import sys

    store = tmp_path / "shared.db"

    def run(actor: str, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "CAMPAIGN_ACTOR": actor, "CAMPAIGN_DB": str(store), "CAMPAIGN_TODAY": "2023-06-15",
               "CAMPAIGN_LANG": "en"}
        return subprocess.run([sys.executable, "-m", "campaign_cli", *args], env=env, capture_output=True,
                              text=True, timeout=60, check=True)

    run("clerk-a", "init", "school-a", "--title", "A", "--year", "2023")
    run("clerk-b", "init", "school-b", "--title", "B", "--year", "2023")
    run("clerk-a", "use", "school-a")
    run("clerk-b", "use", "school-b")
    a = run("clerk-a", "issue", "add", "A的问题", "--owner", "张三", "--deadline", "6月30日")
    run("clerk-b", "issue", "add", "B的问题", "--owner", "李四", "--deadline", "6月30日")
    assert "(campaign school-a)" in a.stdout
    titles = {key: [p["title"] for p in json.loads(run("clerk-a", "--campaign", key, "issue", "list", "--list",
                                                           "problems", "--json").stdout)]
              for key in ("school-a", "school-b")}
    assert titles == {"school-a": ["A的问题"], "school-b": ["B的问题"]}


def test_a_mistyped_store_path_is_a_store_error_and_leaves_no_file(tmp_path: Path):
    typo = tmp_path / "typo.db"
    result = Campaign(typo)("issue", "show", "P-1", lang="en")
    assert result.exit_code == 3 and str(typo) in result.stderr
    assert not typo.exists() and list(tmp_path.iterdir()) == []


def test_plan_dry_run_needs_no_store(tmp_path: Path):
    plan = tmp_path / "方案.txt"
    plan.write_text("实施方案\n三、时间安排\n（一）动员部署（4月21日—4月28日）\n", encoding="utf-8")
    shown = Campaign(tmp_path / "none.db").json("plan", "import", str(plan), "--dry-run", "--year", "2023")
    assert [p["title"] for p in shown["phases"]] == ["动员部署"]
    assert not (tmp_path / "none.db").exists()
