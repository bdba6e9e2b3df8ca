"""campaign activity add | list | show | edit | rm | gaps | cadence, and the
coverage `phase status` counts from them."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import store_snapshot


def _add(cli, title, kind, day, *extra, **kwargs):
    return cli.json("activity", "add", title, "--kind", kind, "--date", day, *extra, **kwargs)


def _cite(cli, store, activity_id: int, title: str) -> str:
    """A problem found by the activity, through `issue add --from-activity`."""
    made = cli.json("issue", "add", title, "--owner", "张三", "--deadline", "6月30日",
                    "--from-activity", str(activity_id))
    return made["problem"]["code"]


def test_add_prints_the_activity(plan2023):
    made = _add(plan2023, "六月主题党日", "主题党日", "6月9日", "--unit", "第一党支部",
                "--participants", "25", "--notes", "观看专题片")
    assert made == {
        "id": 1, "title": "六月主题党日", "kind": "theme-day", "date": "2023-06-09", "phase": 3,
        "phase_fixed": False, "unit": "第一党支部", "participants": 25, "members": 28,
        "target": None, "notes": "观看专题片",
    }
    assert plan2023.json("activity", "show", "1") == {**made, "problems": []}
    visit = _add(plan2023, "走访学生家庭", "调研", "5月20日", "--target", "家庭")
    assert (visit["id"], visit["kind"], visit["target"], visit["unit"]) == (2, "research", "family", None)
    human = plan2023.ok("activity", "add", "中心组学习", "--kind", "study-group", "--date", "6月1日")
    assert human.stdout.strip() == "已登记活动 3：中心组学习（理论学习中心组，2023年6月1日，阶段 3）（方案 jssp）"


def test_phase_follows_the_date_across_overlapping_phases(plan2023):
    # Phases: 1 4/21–4/28, 2 5/8–5/12, 3 5/13–12/31, 4 and 5 (no start) 4/21–12/31.
    days = {"4月25日": 1, "5月1日": 4, "5月10日": 2, "5月13日": 3, "12月31日": 3}
    for day, seq in days.items():
        assert _add(plan2023, f"学习{day}", "study-group", day)["phase"] == seq, day
    pinned = _add(plan2023, "整改推进会", "discussion", "6月2日", "--phase", "5")
    assert (pinned["phase"], pinned["phase_fixed"]) == (5, True)
    assert [a["title"] for a in plan2023.json("activity", "list", "--phase", "5")] == ["整改推进会"]
    # The phase is read from the date: moving a phase's start moves its activities.
    plan2023.ok("phase", "edit", "3", "--start", "5月14日")
    assert plan2023.json("activity", "show", "4")["phase"] == 4  # 5/13: now before phase 3
    # Unpinned, the date decides again.
    assert plan2023.json("activity", "edit", str(pinned["id"]), "--phase", "0")["phase"] == 3


def test_phase_status_counts_activities_and_branches(plan2023):
    _add(plan2023, "第一次学习", "study-group", "4月25日", "--unit", "第一党支部")
    _add(plan2023, "第二次学习", "study-group", "4月26日", "--unit", "第一党支部")
    _add(plan2023, "处室学习", "study-group", "4月27日", "--unit", "教务处")  # a department: not coverage
    _add(plan2023, "交流讨论", "discussion", "5月10日", "--unit", "第二党支部")
    _add(plan2023, "主题党日", "theme-day", "6月9日", "--unit", "第二党支部")
    _add(plan2023, "指定到第五阶段", "theme-day", "6月9日", "--unit", "第一党支部", "--phase", "5")
    _add(plan2023, "阶段外", "other", "2023-01-05", "--unit", "第一党支部")
    counts = {p["seq"]: (p["activities"], p["units_covered"], p["units_total"])
              for p in plan2023.json("phase", "status")["phases"]}
    assert counts == {1: (3, 1, 2), 2: (1, 1, 2), 3: (1, 1, 2), 4: (0, 0, 2), 5: (1, 1, 2)}


def test_unit_registered_on_first_use_with_did_you_mean(plan2023):
    result = plan2023("activity", "add", "学习", "--kind", "study-group", "--date", "6月1日",
                      "--unit", "第一党支布", "--json", lang="en")
    assert result.exit_code == 0
    assert "registered a new branch, '第一党支布'" in result.stderr
    assert "第一党支部" in result.stderr  # did you mean
    units = {u["name"]: u["kind"] for u in plan2023.json("unit", "list")}
    assert units["第一党支布"] == "branch"


def test_over_head_count_and_outside_phases_warn(plan2023):
    result = plan2023("activity", "add", "联学", "--kind", "theme-day", "--date", "2024-01-10",
                      "--unit", "第二党支部", "--participants", "30", "--json", lang="en")
    assert result.exit_code == 0
    assert "30 participants is more than the 22 members of 第二党支部" in result.stderr
    assert "2024-01-10 is inside no phase" in result.stderr
    import json
    made = json.loads(result.stdout)
    assert (made["phase"], made["participants"], made["members"]) == (None, 30, 22)


@pytest.mark.parametrize("args, code, words", [
    (["--kind", "party", "--date", "6月1日"], 1, "party"),
    (["--kind", "调研", "--date", "6月1日", "--target", "学生"], 1, "学生"),
    (["--kind", "调研", "--date", "6月1日"], 1, "--target"),
    (["--kind", "主题党日", "--date", "6月1日", "--target", "家庭"], 1, "--target"),
    (["--kind", "主题党日", "--date", "6月1日", "--participants", "-3"], 2, "-3 超出范围"),
    (["--kind", "主题党日", "--date", "6月1日", "--participants", "99999999999999999999"], 2, "应在 0 到 100000 之间"),
    (["--kind", "主题党日", "--date", "2月30日"], 1, "2月30日"),
    (["--kind", "主题党日", "--date", "6月1日", "--phase", "9"], 1, "9"),
    (["--kind", "主题党日", "--date", "6月1日", "--participants", "many"], 2, "many"),
    (["--kind", "主题党日"], 2, "--date"),
])
def test_bad_input_is_refused_and_writes_nothing(plan2023, store, args, code, words):
    before = store_snapshot(store)
    result = plan2023("activity", "add", "学习", *args, "--unit", "新支部")
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    if code == 1:  # ours: one or two lines (usage errors are Typer's)
        assert len(result.stderr.strip().splitlines()) <= 3
    assert store_snapshot(store) == before


def test_bad_input_messages_in_english(plan2023):
    result = plan2023("activity", "add", "x", "--kind", "party", "--date", "6月1日", lang="en")
    assert result.stderr.startswith("Error: Unknown activity kind 'party'. Choose one of: study-group (理论学习中心组)")
    result = plan2023("activity", "add", "x", "--kind", "research", "--date", "6月1日", lang="en")
    assert result.stderr.startswith("Error: A research visit needs a --target.")
    result = plan2023("activity", "add", "x", "--kind", "theme-day", "--date", "6/1",
                      "--participants", "-1", lang="en")
    assert "-1 is out of range: it must be between 0 and 100000" in result.stderr


def test_kind_and_target_names_in_both_languages(plan2023):
    _add(plan2023, "走访企业", "research", "6月2日", "--target", "enterprise", "--unit", "第一党支部",
         "--participants", "6")
    zh = plan2023.ok("activity", "show", "1").stdout
    assert "调研" in zh and "企业" in zh and "6/28" in zh and "尚无问题" in zh
    en = plan2023.ok("activity", "show", "1", lang="en").stdout
    assert "Research visit" in en and "Enterprise" in en and "2023-06-02" in en
    listed = plan2023.ok("activity", "list").stdout
    assert "调研" in listed and "企业" in listed and "共 1 项活动，参加 6 人次" in listed
    assert "1 activities, 6 participants" in plan2023.ok("activity", "list", lang="en").stdout
    # The English names are accepted as input as well.
    assert _add(plan2023, "Family visit", "Research visit", "6月3日", "--target", "Family",
                lang="en")["target"] == "family"


def test_list_filters(plan2023):
    _add(plan2023, "五月主题党日", "theme-day", "5月9日", "--unit", "第一党支部")
    _add(plan2023, "六月主题党日", "主题党日", "6月9日", "--unit", "第一党支部")
    _add(plan2023, "走访家庭", "调研", "6月10日", "--target", "家庭", "--unit", "第二党支部")
    _add(plan2023, "走访教师", "调研", "6月11日", "--target", "teacher", "--unit", "第二党支部")

    def titles(*args):
        return [a["title"] for a in plan2023.json("activity", "list", *args)]

    assert titles() == ["五月主题党日", "六月主题党日", "走访家庭", "走访教师"]
    assert titles("--kind", "主题党日") == ["五月主题党日", "六月主题党日"]
    assert titles("--phase", "2") == ["五月主题党日"]
    assert titles("--month", "2023-06", "--unit", "第二党支部") == ["走访家庭", "走访教师"]
    assert titles("--target", "家庭") == ["走访家庭"]
    assert titles("--month", "2023年5月") == ["五月主题党日"]
    assert titles("--phase", "1") == []
    assert plan2023("activity", "list", "--unit", "没有这个").exit_code == 1
    assert plan2023("activity", "list", "--month", "2023-13").exit_code == 1
    assert plan2023("activity", "list", "--phase", "9").exit_code == 1
    assert "没有符合条件的活动" in plan2023.ok("activity", "list", "--phase", "1").stdout


def test_edit(plan2023, store):
    _add(plan2023, "走访家庭", "调研", "6月10日", "--target", "家庭", "--unit", "第二党支部")
    changed = plan2023.json("activity", "edit", "1", "--participants", "12", "--date", "5月10日",
                            "--title", "走访学生家庭")
    assert (changed["title"], changed["date"], changed["phase"], changed["participants"]) == (
        "走访学生家庭", "2023-05-10", 2, 12)
    result = plan2023("activity", "edit", "1", "--kind", "discussion", "--json", lang="en")
    assert result.exit_code == 0 and "its target 'Family' was dropped" in result.stderr
    assert plan2023.json("activity", "edit", "1", "--kind", "research", "--target", "企业")["target"] == "enterprise"
    over = plan2023("activity", "edit", "1", "--participants", "40", "--unit", "第一党支部")
    assert over.exit_code == 0 and "超过" in over.stderr
    before = store_snapshot(store)
    assert plan2023("activity", "edit", "1").exit_code == 1
    assert plan2023("activity", "edit", "7", "--title", "x").exit_code == 1
    assert plan2023("activity", "edit", "1", "--kind", "theme-day", "--target", "家庭").exit_code == 1
    assert plan2023("activity", "edit", "1", "--participants", "-1").exit_code == 2
    assert plan2023("activity", "edit", "1", "--date", "2023-02-29").exit_code == 1
    assert plan2023("activity", "edit", "1", "--title", " ").exit_code == 1
    assert store_snapshot(store) == before


def test_show_lists_the_problems_found_and_rm_refuses_then_forces(plan2023, store):
    visit = _add(plan2023, "走访企业", "调研", "6月2日", "--target", "企业", "--unit", "第一党支部")
    other = _add(plan2023, "主题党日", "theme-day", "6月3日")
    code = _cite(plan2023, store, visit["id"], "食堂价格偏高")
    shown = plan2023.json("activity", "show", str(visit["id"]))
    assert [(p["code"], p["title"]) for p in shown["problems"]] == [(code, "食堂价格偏高")]
    shown_text = plan2023.ok("activity", "show", str(visit["id"])).stdout
    assert code in shown_text and "待整改" in shown_text and "open" not in shown_text

    before = store_snapshot(store)
    refused = plan2023("activity", "rm", str(visit["id"]), lang="en")
    assert refused.exit_code == 1 and code in refused.stderr and "--force" in refused.stderr
    assert store_snapshot(store) == before

    removed = plan2023.json("activity", "rm", str(visit["id"]), "--force")
    assert removed["id"] == visit["id"] and removed["unlinked"] == [code]
    connection = sqlite3.connect(store)
    try:
        assert connection.execute("SELECT source_activity_id FROM problem").fetchall() == [(None,)]
        events = connection.execute(
            "SELECT actor, entity, code, field, old_value, new_value FROM event "
            "WHERE command_id = (SELECT MAX(id) FROM command)").fetchall()
    finally:
        connection.close()
    # The unlink is in the problem's history; the activity is kept whole for undo.
    assert events == [("tester", "problem", code, "source_activity", str(visit["id"]), None),
                      ("tester", "activity", None, "removed", visit["title"], None)]
    assert plan2023("activity", "show", str(visit["id"])).exit_code == 1
    assert plan2023.ok("activity", "rm", str(other["id"])).stdout.startswith("已删除活动 2")
    assert plan2023.json("activity", "list") == []


def test_gaps_for_the_current_phases(plan2023):
    _add(plan2023, "学习", "study-group", "6月1日", "--unit", "第一党支部")
    _add(plan2023, "处室学习", "study-group", "6月1日", "--unit", "教务处")
    gaps = plan2023.json("activity", "gaps")
    assert gaps["today"] == "2023-06-15" and gaps["month"] is None
    assert [(w["phase"], w["units_covered"], w["units_total"]) for w in gaps["coverage"]] == [
        (3, 1, 2), (4, 0, 2), (5, 0, 2)]
    assert gaps["coverage"][0] == {
        "phase": 3, "title": "深入开展调研", "start": "2023-05-13", "end": "2023-12-31",
        "kinds": None,  # the phase names no kind: every kind counts
        "activities": 2, "units_covered": 1, "units_total": 2,  # a department's count, not cover
        "gaps": [{"unit": "第二党支部", "members": 22}],
    }
    assert gaps["cadence"] == [] and gaps["behind"] == []
    text = plan2023.ok("activity", "gaps", "--phase", "3").stdout
    assert "第 3 阶段 深入开展调研" in text and "1/2" in text and "尚未开展活动：第二党支部" in text
    _add(plan2023, "交流", "discussion", "6月2日", "--unit", "第二党支部")
    en = plan2023.ok("activity", "gaps", "--phase", "3", lang="en").stdout
    assert "Every branch has held an activity." in en


def test_gaps_by_month_and_without_a_current_phase(plan2023, store):
    _add(plan2023, "学习", "study-group", "5月9日", "--unit", "第二党支部")
    may = plan2023.json("activity", "gaps", "--month", "2023-05")
    assert may["month"] == "2023-05"
    assert [(w["phase"], w["start"], w["end"], w["units_covered"]) for w in may["coverage"]] == [
        (None, "2023-05-01", "2023-05-31", 1)]
    assert may["coverage"][0]["gaps"] == [{"unit": "第一党支部", "members": 28}]
    # A phase and a month: the phase's activities in that month.
    both = plan2023.json("activity", "gaps", "--phase", "3", "--month", "2023-05")
    assert [(w["start"], w["end"], w["units_covered"]) for w in both["coverage"]] == [
        ("2023-05-13", "2023-05-31", 0)]
    before = store_snapshot(store)
    late = plan2023("activity", "gaps", today="2024-03-01", lang="en")
    assert late.exit_code == 1 and "2024-03-01 is inside no phase" in late.stderr
    assert plan2023("activity", "gaps", "--phase", "8").exit_code == 1
    assert store_snapshot(store) == before


def test_cadence_set_show_and_gaps(plan2023, store):
    assert plan2023.json("activity", "cadence", "show") == []
    assert "没有按月要求" in plan2023.ok("activity", "cadence", "show").stdout
    assert plan2023.json("activity", "cadence", "set", "主题党日", "--per-month", "1") == [
        {"kind": "theme-day", "per_month": 1}]
    assert plan2023.json("activity", "cadence", "set", "three-meetings", "--per-month", "2") == [
        {"kind": "theme-day", "per_month": 1}, {"kind": "three-meetings", "per_month": 2}]
    connection = sqlite3.connect(store)
    try:
        assert connection.execute("SELECT value FROM setting WHERE key = 'cadence'").fetchall() == [
            ("theme-day:1/month,three-meetings:2/month",)]
    finally:
        connection.close()
    plan2023.json("activity", "cadence", "set", "three-meetings", "--per-month", "0")
    _add(plan2023, "五月主题党日", "theme-day", "5月20日", "--unit", "第一党支部")
    _add(plan2023, "六月主题党日", "theme-day", "6月9日", "--unit", "第一党支部")
    _add(plan2023, "五月主题党日", "theme-day", "5月25日", "--unit", "第二党支部")
    _add(plan2023, "六月交流", "discussion", "6月9日", "--unit", "第二党支部")  # another kind
    gaps = plan2023.json("activity", "gaps", "--phase", "3")
    assert gaps["cadence"] == [{"kind": "theme-day", "per_month": 1}]
    # Phase 3 runs from 13 May; as of 15 June the months are May and June.
    assert gaps["behind"] == [
        {"month": "2023-06", "unit": "第二党支部", "kind": "theme-day", "required": 1, "held": 0}]
    # Before the window's end, later months do not count yet.
    early = plan2023.json("activity", "gaps", "--phase", "3", today="2023-05-31")
    assert early["behind"] == []
    text = plan2023.ok("activity", "gaps", "--phase", "3", lang="en").stdout
    assert "Behind the monthly cadence (Theme party day 1 a month)" in text
    assert "2023-06" in text and "0/1" in text
    before = store_snapshot(store)
    assert plan2023("activity", "cadence", "set", "party", "--per-month", "1").exit_code == 1
    assert plan2023("activity", "cadence", "set", "theme-day", "--per-month", "-1").exit_code == 2  # out of its range (0-100): a usage error
    assert plan2023("activity", "cadence", "set", "theme-day").exit_code == 2
    assert store_snapshot(store) == before
