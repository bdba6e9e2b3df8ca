"""`campaign report --month`: the SPEC §3 counting rules on a small
hand-computed month (May 2023), and the JSON document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

# (code, found_on, resolved_on, verified_on, from research activity?)
PROBLEMS = [
    ("P-1", "2023-04-10", "2023-05-05", "2023-05-20", False),  # resolved + verified in May
    ("P-2", "2023-05-03", None, None, True),                   # opened in May, a research finding
    ("P-3", "2023-05-15", "2023-05-25", "2023-06-02", False),  # opened + resolved in May, verified in June
    ("P-4", "2023-06-01", None, None, False),                  # found after the month: not counted
    ("P-5", "2023-04-01", "2023-04-20", "2023-04-25", False),  # all before May
    ("P-6", "2023-05-31", None, None, False),                  # found on the last day
]
# (code, problem, department, deadline, started_on, done_on)
TASKS = [
    ("T-1", "P-1", "教务处", "2023-04-30", "2023-04-20", "2023-05-05"),  # done in May, late
    ("T-2", "P-2", "教务处", "2023-05-10", "2023-05-04", None),          # due in May, overdue 21 days
    ("T-3", "P-2", "学生处", "2023-05-31", None, None),                  # due on the last day: not overdue
    ("T-4", "P-3", "学生处", "2023-05-20", None, "2023-05-20"),          # done on its deadline
    ("T-5", "P-3", "学生处", "2023-05-28", None, "2023-05-25"),          # done early
    ("T-6", "P-5", "教务处", "2023-04-15", None, "2023-04-20"),          # all before May
    ("T-7", "P-6", None, "2023-06-30", None, None),                      # due later, no department
    ("T-8", "P-4", "教务处", "2023-06-10", None, None),                  # problem found in June
    ("T-9", "P-2", "教务处", "2023-04-20", "2023-05-02", "2023-06-05"),  # done only after May: overdue at end
]
# Each entered on the day it was held.
ACTIVITIES = [
    ("中心组学习", "study-group", "2023-05-05", "第一党支部", "20", None),
    ("走访学生家庭", "research", "2023-05-08", "第二党支部", "10", "family"),
    ("走访合作企业", "research", "2023-05-16", "第一党支部", "5", "enterprise"),
    ("四月专题党课", "party-lecture", "2023-04-25", "第一党支部", "30", None),
    ("主题党日", "theme-day", "2023-05-31", "第二党支部", "18", None),
]


def insert_lists(store: Path, problems, tasks, source_activity: int | None = None,
                 titles: dict[str, str] | None = None) -> None:
    """Problems, lead responsibilities and tasks written straight into the store,
    each entered (created_on) on the day its problem was found."""
    con = sqlite3.connect(store)
    try:
        cid = con.execute("SELECT id FROM campaign WHERE key = 'jssp'").fetchone()[0]
        units = dict(con.execute("SELECT name, id FROM unit WHERE campaign_id = ?", (cid,)).fetchall())
        ids, entered = {}, {}
        for code, found, resolved, verified, finding in problems:
            number = int(code[2:])
            status = "verified" if verified else "resolved" if resolved else "open"
            cur = con.execute(
                "INSERT INTO problem (campaign_id, number, code, title, term, source_activity_id, found_on, "
                "status, resolved_on, verified_on, verified_by, created_at, created_on) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (cid, number, code, (titles or {}).get(code, f"问题{number}"), "short",
                 source_activity if finding else None, found, status, resolved, verified,
                 "王书记" if verified else None, f"{found}T09:00:00+08:00", found))
            ids[code] = cur.lastrowid
            entered[code] = found
        leads = {}
        for code, problem, dept, deadline, started, done in tasks:
            number = int(code[2:])
            con.execute(
                "INSERT INTO task (campaign_id, number, code, problem_id, measure, owner, department_id, "
                "deadline, status, started_on, done_on, created_at, created_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (cid, number, code, ids[problem], f"措施{number}", f"负责人{number}", units.get(dept),
                 deadline, "done" if done else "doing" if started else "todo", started, done,
                 f"{entered[problem]}T09:00:00+08:00", entered[problem]))
            leads.setdefault(problem, (dept, f"负责人{number}"))
        for problem, (dept, owner) in leads.items():
            con.execute("INSERT INTO responsibility (problem_id, department_id, owner, role) VALUES (?,?,?,?)",
                        (ids[problem], units.get(dept), owner, "lead"))
        # Rows written past the write layer: count them into the task tally as it would.
        from campaign_cli.store.task_tally import rebuild_sql

        for sql in rebuild_sql("?"):
            con.execute(sql, (cid,))
        con.commit()
    finally:
        con.close()


def build_may(plan2023, titles=None):
    """The reference campaign with a hand-computed May 2023."""
    ids = []
    for title, kind, day, unit, participants, target in ACTIVITIES:
        args = ["activity", "add", title, "--kind", kind, "--date", day, "--unit", unit,
                "--participants", participants]
        if target:
            args += ["--target", target]
        ids.append(plan2023.json(*args, today=day)["id"])
    insert_lists(plan2023.store, PROBLEMS, TASKS, source_activity=ids[1], titles=titles)
    return plan2023


@pytest.fixture
def may(plan2023):
    return build_may(plan2023)


def test_problem_counts_follow_the_month_end_rules(may):
    report = may.json("report", "--month", "2023-05")
    # opened: P-2, P-3, P-6; resolved: P-1, P-3; verified: P-1;
    # open at end: P-2, P-3 (verified only in June), P-6; finding: P-2.
    assert report["problems"] == {"opened": 3, "resolved": 2, "verified": 1, "reopened": 0, "open_at_end": 3,
                                  "research_findings": 1, "rechecks_done": 0, "regressed": 0}


def test_task_counts_follow_the_month_end_rules(may):
    report = may.json("report", "--month", "2023-05")
    # due: T-2 T-3 T-4 T-5; done: T-1 T-4 T-5; on time: T-4 T-5;
    # overdue at end: T-2 (not done) and T-9 (done only in June).
    # On-time rate: done on time ÷ (done + overdue at the end) = 2 ÷ (3 + 2).
    assert report["tasks"] == {"due": 4, "done": 3, "done_on_time": 2, "overdue_at_end": 2, "extended": 0,
                               "on_time_rate": 0.4}
    assert report["by_department"] == [
        {"department": "教务处", "tasks": 1, "done": 1, "done_on_time": 0, "overdue": 2, "on_time_rate": 0.0},
        {"department": "学生处", "tasks": 3, "done": 2, "done_on_time": 2, "overdue": 0, "on_time_rate": 1.0},
    ]


def test_overdue_rows_are_judged_on_the_last_day(may):
    report = may.json("report", "--month", "2023-05")
    assert report["overdue"] == [
        {"code": "T-9", "problem": "P-2", "problem_title": "问题2", "measure": "措施9", "owner": "负责人9",
         "department": "教务处", "deadline": "2023-04-20", "status": "doing", "signal": "red", "days_late": 41},
        {"code": "T-2", "problem": "P-2", "problem_title": "问题2", "measure": "措施2", "owner": "负责人2",
         "department": "教务处", "deadline": "2023-05-10", "status": "doing", "signal": "red", "days_late": 21},
    ]


def test_activities_by_kind_unit_target_and_phase(may):
    a = may.json("report", "--month", "2023-05")["activities"]
    assert (a["total"], a["participants"]) == (4, 53)
    assert a["by_kind"] == {"research": 2, "study-group": 1, "theme-day": 1}
    assert a["by_target"] == {"enterprise": 1, "family": 1}
    assert a["by_unit"] == [
        {"unit": "第一党支部", "kind": "branch", "members": 28, "activities": 2, "participants": 25},
        {"unit": "第二党支部", "kind": "branch", "members": 22, "activities": 2, "participants": 28},
    ]
    assert (a["units_covered"], a["units_total"]) == (2, 2)
    # 5月5日: phases 4 and 5 (no start: from 4月21日) hold it, tie → 4; 5月8日: phase 2
    # started last; 5月16日 and 5月31日: phase 3.
    assert a["by_phase"] == {"2": 1, "3": 2, "4": 1}
    assert [w["by_kind"] for w in a["per_week"]] == [
        {"study-group": 1}, {"research": 1}, {"research": 1}, {}, {"theme-day": 1}]
    assert [(w["start"], w["end"]) for w in a["per_week"]][-1] == ("2023-05-29", "2023-05-31")


def test_burn_down_counts_open_tasks_at_each_days_end(may):
    series = {d["date"]: d["open"] for d in may.json("report", "--month", "2023-05")["burn_down"]}
    assert len(series) == 31
    # 1 open when May began (T-1); +3 on 5/3 (P-2), -1 on 5/5, +2 on 5/15 (P-3),
    # -1 on 5/20, -1 on 5/25, +1 on 5/31 (P-6).
    assert [series[f"2023-05-{d:02d}"] for d in (1, 2, 3, 4, 5, 14, 15, 20, 25, 30, 31)] == \
        [1, 1, 4, 4, 3, 3, 5, 4, 3, 3, 4]


def test_sections_list_new_in_progress_verified_and_findings(may):
    sections = may.json("report", "--month", "2023-05")["sections"]
    assert [r["code"] for r in sections["new"]] == ["P-2", "P-3", "P-6"]
    assert [r["code"] for r in sections["in_progress"]] == ["P-2", "P-3", "P-6"]
    assert [r["code"] for r in sections["verified"]] == ["P-1"]
    assert [(r["code"], r["activity"]) for r in sections["findings"]] == [("P-2", "走访学生家庭")]
    p3 = sections["new"][1]
    # As of 31 May P-3 is resolved (verified only on 2 June).
    assert (p3["status"], p3["tasks"], p3["tasks_done"], p3["verified_on"]) == ("resolved", 2, 2, None)
    assert sections["new"][0]["status"] == "in-progress"
    assert sections["verified"][0] == {
        "code": "P-1", "title": "问题1", "category": None, "term": "short", "department": "教务处",
        "owner": "负责人1", "found_on": "2023-04-10", "status": "verified", "tasks": 1, "tasks_done": 1,
        "verified_on": "2023-05-20", "activity": None}


def test_a_past_month_never_changes_with_today(may):
    june = may.json("report", "--month", "2023-05", today="2023-06-15")
    december = may.json("report", "--month", "2023-05", today="2023-12-31")
    assert june == december
    assert june["month"] == "2023-05" and (june["start"], june["end"]) == ("2023-05-01", "2023-05-31")


def test_phases_are_judged_on_the_last_day(may):
    phases = may.json("report", "--month", "2023-05")["phases"]
    assert [(p["seq"], p["state"]) for p in phases] == [
        (1, "done"), (2, "done"), (3, "active"), (4, "active"), (5, "active")]
    # Phase 1 owns 4/21-4/28, phase 4 (no start, tie with 5) 4/29-5/7, phase 2
    # 5/8-5/12, phase 3 from 5/13. Tasks go by deadline: phase 3 holds T-3 T-4
    # T-5 T-7 (T-8 was entered only on 1 June); T-1 (phase 4) was done on 5/5;
    # T-2 (phase 2) is overdue.
    counts = [(p["activities"], p["units_covered"], p["tasks_total"], p["tasks_done"], p["tasks_overdue"])
              for p in phases]
    assert counts == [(1, 1, 0, 0, 0), (1, 1, 1, 0, 1), (2, 2, 4, 2, 0), (1, 1, 1, 1, 0), (0, 0, 0, 0, 0)]


def test_later_activity_and_work_do_not_change_a_past_month(may):
    before = may.json("report", "--month", "2023-05")
    may.ok("activity", "add", "六月党课", "--kind", "party-lecture", "--date", "6月10日", "--unit", "第二党支部")
    may.ok("issue", "done", "T-2", "--on", "2023-06-12", today="2023-06-12")
    after = may.json("report", "--month", "2023-05", today="2023-07-01")
    assert after == before
    june = may.json("report", "--month", "2023-06", today="2023-07-01")
    # Done in June: T-9 (6/5) and T-2 (6/12).
    assert june["tasks"]["done"] == 2 and june["activities"]["by_kind"] == {"party-lecture": 1}


def test_the_json_document_keys(may):
    report = may.json("report", "--month", "2023-05")
    assert list(report)[:10] == ["month", "as_of", "campaign", "start", "end", "phases", "activities",
                                "problems", "tasks", "by_department"]
    assert {"overdue", "extensions", "sections", "burn_down"} <= set(report)
    assert report["as_of"] == "2023-05-31"  # the month is over on 15 June
    assert report["campaign"]["key"] == "jssp"
    assert may.json("report", "--month", "2023-05") == \
        __import__("json").loads(may.ok("report", "--month", "2023年5月", "--format", "json").stdout)


def test_an_empty_month(plan2023):
    report = plan2023.json("report", "--month", "2023-02")
    assert report["problems"] == {"opened": 0, "resolved": 0, "verified": 0, "reopened": 0, "open_at_end": 0,
                                  "research_findings": 0, "rechecks_done": 0, "regressed": 0}
    assert report["tasks"] == {"due": 0, "done": 0, "done_on_time": 0, "overdue_at_end": 0, "extended": 0,
                               "on_time_rate": None}
    assert report["by_department"] == [] and report["overdue"] == []
    assert report["activities"]["by_kind"] == {} and len(report["burn_down"]) == 28


def test_month_defaults_to_todays(may):
    assert may.json("report", today="2023-05-20")["month"] == "2023-05"


def test_bad_month_and_format(may):
    result = may("report", "--month", "2023-13")
    assert result.exit_code == 1 and "2023-13" in result.stderr
    result = may("report", "--month", "2023-05", "--format", "pdf")
    assert result.exit_code == 2 and "pdf" in result.stderr
    result = may("report", "--month", "2023-05", "--format", "pdf", lang="en")
    assert "Unknown report format" in result.stderr


def test_no_campaign_is_a_user_error(cli):
    result = cli("report", "--month", "2023-05")
    assert result.exit_code == 3 and result.stderr.strip()  # no store: nothing was created
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("init", "b", "--title", "B", "--year", "2023")
    result = cli("--actor", "somebody-else", "report", "--month", "2023-05")
    assert result.exit_code == 1 and result.stderr.strip()


def build_month_through_the_cli(cli) -> None:
    """May 2023 written by `activity add` and `issue add / task add / start / done / verify`."""
    research = cli.json("activity", "add", "走访宿舍", "--kind", "research", "--target", "staff",
                        "--date", "5月19日", "--unit", "第一党支部", "--participants", "6",
                        today="2023-05-19")["id"]
    cli.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "5月20日",
           "--found-on", "5月2日", today="2023-05-02")
    cli.ok("issue", "task", "add", "P-1", "--measure", "建立作业公示制度", "--deadline", "5月25日",
           "--owner", "李四", "--dept", "学生处", today="2023-05-03")
    cli.ok("issue", "done", "T-1", "--on", "5月18日", today="2023-05-18")
    cli.ok("issue", "done", "T-2", "--on", "5月28日", today="2023-05-28")
    cli.ok("issue", "verify", "P-1", "--by", "王书记", today="2023-05-30")
    cli.ok("issue", "add", "食堂排队时间长", "--owner", "王五", "--dept", "学生处", "--deadline", "5月10日",
           "--found-on", "4月25日", today="2023-04-25")
    cli.ok("issue", "start", "T-3", today="2023-05-12")
    cli.ok("issue", "add", "宿舍报修响应慢", "--owner", "赵六", "--dept", "学生处", "--deadline", "6月30日",
           "--found-on", "5月20日", "--from-activity", str(research), today="2023-05-20")


def test_a_month_built_through_the_issue_commands(plan2023):
    """The same rules on a month written by the commands a user types."""
    cli = plan2023
    build_month_through_the_cli(cli)
    report = cli.json("report", "--month", "2023-05")
    # opened P-1 P-3; resolved P-1 (5/28); verified P-1 (5/30); open at end P-2 P-3.
    assert report["problems"] == {"opened": 2, "resolved": 1, "verified": 1, "reopened": 0, "open_at_end": 2,
                                  "research_findings": 1, "rechecks_done": 0, "regressed": 0}
    # due T-1 T-2 T-3; done T-1 (on time) and T-2 (5/28, three days late);
    # overdue T-3 (due 5/10, only started).
    assert report["tasks"] == {"due": 3, "done": 2, "done_on_time": 1, "overdue_at_end": 1, "extended": 0,
                               "on_time_rate": 0.333}
    assert report["by_department"] == [
        {"department": "学生处", "tasks": 2, "done": 1, "done_on_time": 0, "overdue": 1, "on_time_rate": 0.0},
        {"department": "教务处", "tasks": 1, "done": 1, "done_on_time": 1, "overdue": 0, "on_time_rate": 1.0},
    ]
    assert [(r["code"], r["problem"], r["owner"], r["status"], r["days_late"]) for r in report["overdue"]] == [
        ("T-3", "P-2", "王五", "doing", 21)]
    listed = {r["code"]: r for r in cli.json("issue", "list", today="2023-05-31")}
    for key in ("code", "problem", "measure", "owner", "department", "deadline", "status", "signal"):
        assert report["overdue"][0][key] == listed["T-3"][key], key
    assert report["sections"]["findings"][0]["activity"] == "走访宿舍"
    assert report["activities"]["by_target"] == {"staff": 1}
    # April: P-2 opened; T-3 not yet due; open at end 1.
    april = cli.json("report", "--month", "2023-04")
    assert april["problems"]["opened"] == 1 and april["problems"]["open_at_end"] == 1
    assert april["tasks"] == {"due": 0, "done": 0, "done_on_time": 0, "overdue_at_end": 0, "extended": 0,
                              "on_time_rate": None}
