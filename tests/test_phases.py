"""Phases: the CLI, the status document, and the rules behind it."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SHARED_REFERENCE, store_snapshot

from campaign_cli.domain import phases as rules
from campaign_cli.domain.records import Campaign, Phase


def _phase(seq, start, end):
    return Phase(id=seq, seq=seq, title=f"p{seq}", start=start, end=end)


def test_phase_add_takes_every_date_form(plan2023):
    listed = plan2023.json("phase", "list")
    assert [(p["title"], p["start"], p["end"]) for p in listed] == [
        ("开展专题学习", "2023-04-21", "2023-04-28"),
        ("组织交流讨论", "2023-05-08", "2023-05-12"),
        ("深入开展调研", "2023-05-13", "2023-12-31"),
        ("深化调研成果", None, "2023-12-31"),
        ("着力解决问题", None, "2023-12-31"),
    ]
    assert plan2023.json("phase", "add", "收尾", "--start", "2023/12/1", "--end", "十二月下旬")["end"] == "2023-12-31"
    assert plan2023.json("phase", "add", "复盘", "--end", "+7d")["end"] == "2023-06-22"


def test_phase_status_json_is_pinned(plan2023):
    document = plan2023.json("phase", "status")
    assert document["today"] == "2023-06-15"
    assert document["current"] == [3, 4, 5]
    assert document["campaign"]["key"] == "jssp"
    assert document["phases"][0] == {
        "seq": 1, "title": "开展专题学习", "start": "2023-04-21", "end": "2023-04-28",
        "state": "done", "elapsed_pct": 100, "days_left": 0, "activities": 0,
        "units_covered": 0, "units_total": 2, "tasks_total": 0, "tasks_done": 0,
        "tasks_overdue": 0, "members_total": 0, "members_reached": 0,
    }
    # 5/13..12/31 is 233 days; by 6/15 34 have passed.
    third = document["phases"][2]
    assert (third["state"], third["elapsed_pct"], third["days_left"]) == ("active", 14, 199)
    # A phase with no start starts with the campaign: its earliest phase start.
    fourth = document["phases"][3]
    assert fourth["start"] is None and fourth["elapsed_pct"] == 21


def test_phase_status_at_another_day(plan2023):
    document = plan2023.json("phase", "status", "--at", "5月10日")
    assert document["today"] == "2023-05-10"
    assert [p["state"] for p in document["phases"]] == ["done", "active", "upcoming", "active", "active"]


def test_phase_status_renders_aligned_in_both_languages(plan2023):
    zh = plan2023.ok("phase", "status").stdout
    assert "深入开展调研" in zh and "进行中" in zh
    en = plan2023.ok("phase", "status", lang="en").stdout
    assert "active" in en and "upcoming" not in en
    # Chinese and Latin rows line up: every row of the table has one width.
    from rich.cells import cell_len

    rows = [line for line in zh.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 5
    assert len({cell_len(r.rstrip()) for r in rows}) <= 2  # trailing cell may be empty


def test_edit_and_rm_renumber(plan2023, store):
    plan2023.ok("phase", "edit", "4", "--start", "6月1日")
    assert plan2023.json("phase", "list")[3]["start"] == "2023-06-01"
    plan2023.ok("phase", "edit", "4", "--no-start")
    assert plan2023.json("phase", "list")[3]["start"] is None
    removed = plan2023.json("phase", "rm", "2")
    assert removed["title"] == "组织交流讨论"
    assert [p["seq"] for p in plan2023.json("phase", "list")] == [1, 2, 3, 4]
    before = store_snapshot(store)
    assert plan2023("phase", "rm", "9").exit_code == 1
    assert plan2023("phase", "edit", "1", "--start", "5月1日").exit_code == 1  # after its end
    assert plan2023("phase", "edit", "1").exit_code == 1
    assert plan2023("phase", "add", "坏", "--end", "2月30日").exit_code == 1
    assert store_snapshot(store) == before


def test_unknown_phase_message(plan2023):
    result = plan2023("phase", "edit", "7", "--title", "x", lang="en")
    assert result.exit_code == 1 and "no phase 7" in result.stderr


def test_assignment_prefers_latest_start_then_shortest():
    a = _phase(1, date(2023, 5, 1), date(2023, 12, 31))
    b = _phase(2, date(2023, 6, 1), date(2023, 6, 30))
    c = _phase(3, date(2023, 6, 1), date(2023, 6, 10))
    intervals = rules.assignment([a, b, c], date(2023, 5, 1))
    assert rules.phase_of(date(2023, 5, 15), intervals) == 1
    assert rules.phase_of(date(2023, 6, 5), intervals) == 3  # same start: the shorter
    assert rules.phase_of(date(2023, 6, 20), intervals) == 2
    assert rules.phase_of(date(2023, 7, 1), intervals) == 1
    assert rules.phase_of(date(2024, 1, 1), intervals) is None


def test_phase_without_start_starts_with_campaign():
    campaign = Campaign(id=1, key="k", title="t", year=2023, start=date(2023, 4, 1))
    deadline_only = _phase(1, None, date(2023, 12, 31))
    default = rules.campaign_start(campaign, [deadline_only])
    assert default == date(2023, 4, 1)
    state = rules.state_on(deadline_only, default, date(2023, 3, 1))
    assert (state.state, state.elapsed_pct) == ("upcoming", 0)
    state = rules.state_on(deadline_only, default, date(2023, 12, 31))
    assert (state.state, state.elapsed_pct, state.days_left) == ("active", 100, 0)


def _kinded(seq, start, end, *kinds):
    return Phase(id=seq, seq=seq, title=f"p{seq}", start=start, end=end, kinds=tuple(kinds))


def test_assignment_prefers_the_phases_naming_the_kind():
    # The reference plan's shape: 3 from 5/13 for research; 4 and 5 with only
    # an end (they start with the campaign), 4 for research and discussion,
    # 5 for the three lists.
    research = _kinded(3, date(2023, 5, 13), date(2023, 12, 31), "research")
    results = _kinded(4, None, date(2023, 12, 31), "research", "discussion")
    lists = _kinded(5, None, date(2023, 12, 31), rules.PROBLEMS)
    rule = rules.assign([research, results, lists], date(2023, 4, 21))
    assert rule.phase_of(date(2023, 6, 2), "research") == 3       # both name it: 3 started last
    assert rule.phase_of(date(2023, 5, 2), "research") == 4       # before 3 begins: only 4 holds the day
    assert rule.phase_of(date(2023, 6, 2), "discussion") == 4     # only 4 names it
    assert rule.phase_of(date(2023, 6, 20), rules.PROBLEMS) == 5  # tasks: the lists' phase
    assert rule.phase_of(date(2023, 6, 9), "theme-day") == 3      # nobody names it: started last
    assert rule.phase_of(date(2024, 1, 2), rules.PROBLEMS) is None
    assert rule.ranges(5, rules.PROBLEMS) == [(date(2023, 4, 21), date(2023, 12, 31))]
    assert rule.ranges(5, "theme-day") == []


def test_assignment_among_the_naming_phases_takes_latest_start_then_shortest():
    long = _kinded(1, date(2023, 6, 1), date(2023, 6, 30), "discussion")
    short = _kinded(2, date(2023, 6, 1), date(2023, 6, 10), "discussion")
    later = _kinded(3, date(2023, 6, 5), date(2023, 6, 30), "research")
    rule = rules.assign([long, short, later], date(2023, 6, 1))
    assert rule.phase_of(date(2023, 6, 8), "discussion") == 2  # same start: the shorter
    assert rule.phase_of(date(2023, 6, 20), "discussion") == 1
    assert rule.phase_of(date(2023, 6, 8), "research") == 3
    assert rule.phase_of(date(2023, 6, 8), "other") == 3       # kinds ignored: started last


def test_judged_kinds():
    assert rules.judged_kinds(_kinded(1, None, date(2023, 12, 31))) is None
    assert rules.judged_kinds(_kinded(1, None, date(2023, 12, 31), rules.PROBLEMS)) == ()
    assert rules.judged_kinds(_kinded(1, None, date(2023, 12, 31), "research", rules.PROBLEMS)) == ("research",)


def test_the_demo_plan_gives_each_phase_what_it_names(cli):
    """The reference plan as the demo holds it (phase 5 for the three lists):
    the tasks fall in phase 5, the research visits after 13 May in phase 3,
    the discussions in phase 2; `activity gaps` asks nothing of phase 5."""
    cli.ok("demo")
    status = {p["seq"]: p for p in cli.json("phase", "status")["phases"]}
    assert [(s, status[s]["tasks_total"], status[s]["tasks_done"], status[s]["tasks_overdue"])
            for s in (3, 4, 5)] == [(3, 0, 0, 0), (4, 0, 0, 0), (5, 6, 1, 1)]  # T-4, due 6/12, is late
    assert [(s, status[s]["activities"]) for s in (1, 2, 3, 4, 5)] == [(1, 5), (2, 2), (3, 4), (4, 0), (5, 0)]
    held = {a["title"]: a["phase"] for a in cli.json("activity", "list")}
    assert [held[t] for t in ("走访合作企业看岗位需求", "家访：学生成长环境", "青年教师座谈：学校建设")] == [3, 3, 3]
    assert [held[t] for t in ("如何在争先中提升教学质量大讨论", "立足岗位育人交流会")] == [2, 2]
    listed = cli.json("issue", "list", "--phase", "5")
    assert sorted(t["code"] for t in listed) == ["T-1", "T-2", "T-3", "T-4", "T-5", "T-6"]
    assert cli.json("issue", "list", "--phase", "3") == []
    cli.ok("activity", "cadence", "set", "三会一课", "--per-month", "1")
    gaps = cli.json("activity", "gaps", "--phase", "5")
    assert gaps["coverage"] == [{"phase": 5, "title": "着力解决问题", "start": "2023-04-21",
                                 "end": "2023-12-31", "kinds": [], "activities": 0, "units_covered": 0,
                                 "units_total": 4, "gaps": []}]
    assert gaps["cadence"] == [] and gaps["behind"] == []
    # Phase 1 names 三会一课: there the cadence is judged.
    first = cli.json("activity", "gaps", "--phase", "1")
    assert first["cadence"] == [{"kind": "three-meetings", "per_month": 1}]
    assert [(b["month"], b["unit"]) for b in first["behind"]] == [("2023-04", "第二党支部"), ("2023-04", "第三党支部")]
    text = cli.ok("activity", "gaps", "--phase", "5").stdout
    assert "本阶段只安排整改任务" in text and "尚未开展活动" not in text
    assert cli.json("phase", "list")[4]["kinds"] == ["problems"]
    listing = cli.ok("phase", "list").stdout
    assert "内容" in listing and "问题整改" in listing and "交流讨论" in listing


@pytest.mark.skipif(not (SHARED_REFERENCE / "plan-jiangsu-speech-2023.txt").exists(),
                    reason="reference plan not found")
def test_the_reference_plan_puts_research_in_phase_3_and_discussions_in_2(cli):
    cli.ok("init", "jssp", "--from-plan", str(SHARED_REFERENCE / "plan-jiangsu-speech-2023.txt"))
    for title, kind, day, extra in [("走访企业", "research", "5月18日", ["--target", "企业"]),
                                    ("家访", "research", "6月2日", ["--target", "家庭"]),
                                    ("大讨论", "discussion", "5月9日", []),
                                    ("中心组学习", "study-group", "4月24日", [])]:
        cli.ok("activity", "add", title, "--kind", kind, "--date", day, *extra)
    held = {a["title"]: a["phase"] for a in cli.json("activity", "list")}
    assert held == {"中心组学习": 1, "大讨论": 2, "走访企业": 3, "家访": 3}


def test_a_pinned_task_counts_in_its_phase(plan2023, store):
    """A task pinned to a phase (its own pin, else its problem's) belongs there
    in phase status, issue list --phase and the month report's phase rows."""
    import sqlite3

    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "6月10日")
    plan2023.ok("issue", "add", "宿舍报修慢", "--owner", "李四", "--dept", "学生处", "--deadline", "6月20日")
    plan2023.ok("issue", "task", "add", "P-2", "--measure", "回访", "--deadline", "6月12日")
    # Stop-gap until `issue add/task add/edit --phase` write the pins: set them directly.
    con = sqlite3.connect(store)
    with con:
        second = con.execute("SELECT id FROM phase WHERE seq = 2").fetchone()[0]
        fifth = con.execute("SELECT id FROM phase WHERE seq = 5").fetchone()[0]
        con.execute("UPDATE task SET phase_id = ? WHERE code = 'T-1'", (second,))
        con.execute("UPDATE problem SET phase_id = ? WHERE code = 'P-2'", (fifth,))
        con.execute("UPDATE task SET phase_id = ? WHERE code = 'T-3'", (second,))  # its own pin wins
    con.close()
    status = {p["seq"]: (p["tasks_total"], p["tasks_overdue"]) for p in plan2023.json("phase", "status")["phases"]}
    assert status == {1: (0, 0), 2: (2, 2), 3: (0, 0), 4: (0, 0), 5: (1, 0)}
    assert [t["code"] for t in plan2023.json("issue", "list", "--phase", "2")] == ["T-1", "T-3"]
    assert [t["code"] for t in plan2023.json("issue", "list", "--phase", "5")] == ["T-2"]
    assert plan2023.json("issue", "list", "--phase", "3") == []
    rows = {p["seq"]: (p["tasks_total"], p["tasks_overdue"]) for p in
            plan2023.json("report", "--month", "2023-06")["phases"]}
    assert rows == status
