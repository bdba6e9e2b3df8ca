"""`campaign report` for the month in progress and a past month (SPEC §3):
judged as of `as_of` (today while the month is not over, else its last
day), never changed by what is entered later; reopened, extended,
on-time rate, research findings, the activities held and the branches
that held nothing. June 2023 of the reference campaign, written by the
commands a clerk types, each on its own day."""

from __future__ import annotations

import json

import pytest


def on(cli, day: str, *args: str):
    """Run a command as on `day` (its --today), as a clerk would that day:
    the history records the command's today, so the report dates it so."""
    return cli.ok(*args, today=day)




def build_june(cli) -> None:
    """May: P-1 is fixed and verified; a research visit finds P-2.
    June up to the 15th: three activities of 第一党支部 (第二党支部 holds
    nothing); P-3 from a discussion, its T-4 done four days late and T-3
    overdue; T-2's deadline moved from 10 to 30 June, then done (P-2
    resolved); P-1 reopened with a new task T-5; P-4 from a research visit."""
    on(cli, "2023-05-20", "activity", "add", "走访合作企业", "--kind", "调研", "--target", "企业",
       "--date", "5月20日", "--unit", "第一党支部", "--participants", "5")
    on(cli, "2023-05-10", "issue", "add", "宿舍报修响应慢", "--owner", "李四", "--dept", "学生处",
       "--deadline", "5月25日", "--found-on", "5月10日")
    on(cli, "2023-05-22", "issue", "add", "实训设备与岗位脱节", "--owner", "张三", "--dept", "教务处",
       "--deadline", "6月10日", "--found-on", "5月22日", "--from-activity", "1",
       "--measure", "修订实训项目清单")
    on(cli, "2023-05-24", "issue", "done", "T-1", "--on", "5月24日")
    on(cli, "2023-05-26", "issue", "verify", "P-1", "--by", "王书记")
    # June.
    on(cli, "2023-06-02", "activity", "add", "整改推进交流会", "--kind", "交流讨论", "--date", "6月2日",
       "--unit", "第一党支部", "--participants", "20")
    on(cli, "2023-06-03", "issue", "add", "食堂排队时间长", "--owner", "王五", "--dept", "学生处",
       "--deadline", "6月12日", "--found-on", "6月3日", "--from-activity", "2", "--measure", "增设售饭窗口")
    on(cli, "2023-06-03", "issue", "task", "add", "P-3", "--measure", "错峰就餐", "--deadline", "6月5日")
    on(cli, "2023-06-08", "issue", "edit", "T-2", "--deadline", "6月30日")
    on(cli, "2023-06-09", "activity", "add", "六月主题党日", "--kind", "主题党日", "--date", "6月9日",
       "--unit", "第一党支部", "--participants", "25")
    on(cli, "2023-06-09", "issue", "done", "T-4", "--on", "6月9日")
    on(cli, "2023-06-10", "issue", "reopen", "P-1", "--reason", "回访发现反弹")
    on(cli, "2023-06-11", "issue", "task", "add", "P-1", "--measure", "建立报修回访制度", "--deadline", "6月25日")
    on(cli, "2023-06-12", "activity", "add", "青年教师座谈", "--kind", "调研", "--target", "教师",
       "--date", "6月12日", "--unit", "第一党支部", "--participants", "8")
    on(cli, "2023-06-12", "issue", "add", "青年教师培养渠道不畅", "--owner", "赵六", "--dept", "教务处",
       "--deadline", "6月20日", "--found-on", "6月12日", "--from-activity", "4")
    on(cli, "2023-06-14", "issue", "done", "T-2", "--on", "6月14日")


def later_entries(cli) -> None:
    """What is entered after 15 June: a session held on the 14th entered on
    the 18th, a problem found on the 13th entered on the 18th, tasks done,
    a deadline moved, a problem verified."""
    on(cli, "2023-06-18", "activity", "add", "补记：支部学习", "--kind", "三会一课", "--date", "6月14日",
       "--unit", "第二党支部", "--participants", "18")
    on(cli, "2023-06-18", "issue", "add", "学习资料归档不规范", "--owner", "孙丽", "--dept", "党政办",
       "--deadline", "6月14日", "--found-on", "6月13日")
    on(cli, "2023-06-19", "issue", "done", "T-5", "--on", "6月19日")
    on(cli, "2023-06-20", "issue", "done", "T-3", "--on", "6月20日")
    on(cli, "2023-06-22", "issue", "edit", "T-6", "--deadline", "7月10日")
    on(cli, "2023-06-25", "issue", "verify", "P-3", "--by", "王书记")


@pytest.fixture
def june(plan2023):
    build_june(plan2023)
    return plan2023


def test_the_month_in_progress_is_judged_as_of_today(june):
    report = june.json("report", "--month", "2023-06")
    assert (report["month"], report["as_of"], report["start"], report["end"]) == (
        "2023-06", "2023-06-15", "2023-06-01", "2023-06-30")
    # Opened P-3 P-4; resolved P-2 (T-2 done 6/14); verified none; reopened P-1;
    # open P-1 (reopened) P-2 P-3 P-4; research findings: P-4 only (P-3 came from a discussion).
    assert report["problems"] == {"opened": 2, "resolved": 1, "verified": 0, "reopened": 1,
                                  "open_at_end": 4, "research_findings": 1, "rechecks_done": 0, "regressed": 0}
    # Due in June: T-2 (now 6/30) T-3 T-4 T-5 T-6; done T-2 (on time) and T-4 (6/9, four
    # days late); overdue on the 15th: T-3 (due 6/12); T-6 (due 6/20) is not late yet.
    # On time ÷ (done + overdue) = 1 ÷ (2 + 1); extended: T-2.
    assert report["tasks"] == {"due": 5, "done": 2, "done_on_time": 1, "overdue_at_end": 1,
                               "extended": 1, "on_time_rate": 0.333}
    assert report["by_department"] == [
        {"department": "学生处", "tasks": 3, "done": 1, "done_on_time": 0, "overdue": 1, "on_time_rate": 0.0},
        {"department": "教务处", "tasks": 2, "done": 1, "done_on_time": 1, "overdue": 0, "on_time_rate": 1.0},
    ]
    assert report["overdue"] == [
        {"code": "T-3", "problem": "P-3", "problem_title": "食堂排队时间长", "measure": "增设售饭窗口",
         "owner": "王五", "department": "学生处", "deadline": "2023-06-12", "status": "todo",
         "signal": "red", "days_late": 3}]
    assert report["extensions"] == [
        {"code": "T-2", "problem": "P-2", "problem_title": "实训设备与岗位脱节", "measure": "修订实训项目清单",
         "owner": "张三", "department": "教务处", "old_deadline": "2023-06-10", "new_deadline": "2023-06-30"}]
    a = report["activities"]
    assert a["held"] == [
        {"id": 2, "date": "2023-06-02", "title": "整改推进交流会", "kind": "discussion", "unit": "第一党支部",
         "participants": 20},
        {"id": 3, "date": "2023-06-09", "title": "六月主题党日", "kind": "theme-day", "unit": "第一党支部",
         "participants": 25},
        {"id": 4, "date": "2023-06-12", "title": "青年教师座谈", "kind": "research", "unit": "第一党支部",
         "participants": 8}]
    assert a["uncovered"] == ["第二党支部"]
    assert (a["total"], a["participants"], a["units_covered"], a["units_total"]) == (3, 53, 1, 2)
    sections = report["sections"]
    assert [(r["code"], r["status"]) for r in sections["in_progress"]] == [
        ("P-1", "in-progress"), ("P-2", "resolved"), ("P-3", "in-progress"), ("P-4", "open")]
    assert [r["code"] for r in sections["findings"]] == ["P-4"]
    # The burn-down runs to the 15th and counts a task from the day it was entered:
    # T-2 open on 1 June; T-3 T-4 entered 6/3, T-4 done 6/9; T-5 entered 6/11 (its
    # problem was found on 10 May), T-6 6/12; T-2 done 6/14.
    series = {d["date"]: d["open"] for d in report["burn_down"]}
    assert len(series) == 15
    assert [series[f"2023-06-{d:02d}"] for d in (1, 3, 9, 10, 11, 12, 14, 15)] == [1, 3, 2, 2, 3, 4, 3, 3]


def test_the_month_in_progress_never_calls_a_task_late_before_its_deadline(june):
    # The case: on 15 June a task due 20 June has 5 days left, in the report as in issue show.
    report = june.json("report", "--month", "2023-06")
    assert [r["code"] for r in report["overdue"]] == ["T-3"]
    listed = {r["code"]: r for r in june.json("issue", "list")}
    assert (listed["T-6"]["signal"], listed["T-6"]["days_left"]) == ("yellow", 5)
    assert (listed["T-3"]["signal"], report["overdue"][0]["days_late"]) == ("red", 3)
    csv = june.ok("report", "--month", "2023-06", "--format", "csv").stdout.splitlines()
    assert [line.split(",")[9:11] for line in csv if line.startswith(("T-3,", "T-4,", "T-6,"))] == [
        ["逾期", "3"], ["逾期完成", "4"], ["临期", "0"]]


def test_the_month_in_progress_is_the_same_after_later_entries(june):
    before = june.json("report", "--month", "2023-06")
    later_entries(june)
    assert june.json("report", "--month", "2023-06") == before  # again as of the 15th


def test_a_past_month_never_changes(june):
    later_entries(june)
    # June is over on 1 July: as of 30 June, the late entries count.
    june_end = june.json("report", "--month", "2023-06", today="2023-07-01")
    assert june_end["as_of"] == "2023-06-30"
    # Opened also P-5 (found 6/13, entered 6/18); resolved P-1 (T-5 done 6/19), P-2, P-3
    # (T-3 done 6/20); verified P-3 (6/25); open at the end P-1 P-2 P-4 P-5.
    assert june_end["problems"] == {"opened": 3, "resolved": 3, "verified": 1, "reopened": 1,
                                    "open_at_end": 4, "research_findings": 1, "rechecks_done": 0, "regressed": 0}
    # T-6's deadline moved on 22 June to 10 July: no longer due in June, and extended.
    # Due T-2 T-3 T-4 T-5 T-7; done T-2 T-5 on time, T-4 T-3 late; overdue T-7 (6/14).
    assert june_end["tasks"] == {"due": 5, "done": 4, "done_on_time": 2, "overdue_at_end": 1,
                                 "extended": 2, "on_time_rate": 0.4}
    assert [(r["code"], r["days_late"]) for r in june_end["overdue"]] == [("T-7", 16)]
    assert [(r["code"], r["old_deadline"], r["new_deadline"]) for r in june_end["extensions"]] == [
        ("T-2", "2023-06-10", "2023-06-30"), ("T-6", "2023-06-20", "2023-07-10")]
    assert june_end["activities"]["uncovered"] == []
    # What is entered in July and August leaves June as it was.
    on(june, "2023-07-05", "issue", "done", "T-7", "--on", "7月5日")
    on(june, "2023-07-06", "issue", "edit", "T-4", "--deadline", "7月20日")
    on(june, "2023-07-08", "issue", "reopen", "P-3", "--reason", "复查未通过")
    on(june, "2023-08-01", "activity", "add", "七月党课", "--kind", "专题党课", "--date", "6月30日",
       "--unit", "第二党支部")
    on(june, "2023-08-01", "issue", "add", "补登问题", "--owner", "孙丽", "--deadline", "6月20日",
       "--found-on", "6月5日")
    assert june.json("report", "--month", "2023-06", today="2023-08-02") == june_end


def test_the_month_in_progress_in_markdown(june):
    md = june.ok("report", "--month", "2023-06", "--format", "md").stdout
    assert "\n统计截至 2023年6月15日（本月尚未结束）\n" in md
    assert """
- 开展活动 3 次，参加 53 人次，覆盖支部 1/2 个
- 本月未开展活动的支部：第二党支部
- 新增问题 2 个，整改完成 1 个，销号 0 个，截至统计日未销号 4 个
- 本月到期任务 5 项，完成 2 项（按期 1 项），截至统计日逾期 1 项
- 按时完成率 33%，延期任务 1 项，重新打开问题 1 个
- 调研发现转化为问题 1 个
""" in md
    assert """### 开展的活动（3）

| 日期 | 活动 | 活动类型 | 单位 | 参加人次 |
|---|---|---|---|---:|
| 2023年6月2日 | 整改推进交流会 | 交流讨论 | 第一党支部 | 20 |
| 2023年6月9日 | 六月主题党日 | 主题党日 | 第一党支部 | 25 |
| 2023年6月12日 | 青年教师座谈 | 调研 | 第一党支部 | 8 |
""" in md
    assert """### 延期（1）

| 编号 | 问题编号 | 整改措施 | 责任部门 | 责任人 | 原完成时限 | 延至 |
|---|---|---|---|---|---|---|
| T-2 | P-2 | 修订实训项目清单 | 教务处 | 张三 | 2023年6月10日 | 2023年6月30日 |
""" in md
    assert """| 责任部门 | 到期任务 | 完成 | 按期 | 逾期 | 按时完成率 |
|---|---:|---:|---:|---:|---:|
| 学生处 | 3 | 1 | 0 | 1 | 0% |
| 教务处 | 2 | 1 | 1 | 0 | 100% |
""" in md
    assert "| T-3 | P-3 | 增设售饭窗口 | 学生处 | 王五 | 2023年6月12日 | 3 |" in md
    # The same month once it is over says so.
    later = june.ok("report", "--month", "2023-06", "--format", "md", today="2023-07-01").stdout
    assert "\n统计截至 2023年6月30日（按月末口径，不随查看日期变化）\n" in later and "截至统计日" not in later
    english = june.ok("report", "--month", "2023-06", "--format", "md", lang="en").stdout
    assert "As of 2023-06-15 (the month is not over yet)" in english
    assert "Branches that held nothing this month: 第二党支部" in english


def test_every_format_lists_what_was_held_and_says_as_of_when(june, tmp_path):
    from openpyxl import load_workbook

    table = june.ok("report", "--month", "2023-06").stdout
    html = june.ok("report", "--month", "2023-06", "--format", "html", "--output", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text("utf-8")
    june.ok("report", "--month", "2023-06", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    book = load_workbook(tmp_path / "r.xlsx")
    summary = [[c for c in row if c is not None] for row in book["月度汇总"].iter_rows(values_only=True)]
    cells = [str(c) for row in summary for c in row]
    for text in (table, page, "\n".join(cells)):
        for expected in ("统计截至 2023年6月15日（本月尚未结束）", "本月未开展活动的支部：第二党支部",
                         "整改推进交流会", "六月主题党日", "青年教师座谈", "修订实训项目清单"):
            assert expected in text, expected
    assert html.exit_code == 0
    assert ["开展的活动（3）"] in summary and ["延期（1）"] in summary
    tasks = {row[0]: row for row in book["任务清单"].iter_rows(min_row=2, values_only=True)}
    assert tasks["T-4"][9:11] == ("逾期完成", 4)  # done 9 June, due the 5th
    assert tasks["T-2"][9:11] == ("已完成", 0)
    assert [c.value for c in book["问题清单"][1]][9:11] == ["整改任务数", "已完成任务数"]


def test_report_without_a_month_outside_the_campaign(june):
    # Today's month inside the campaign: that month.
    assert june.json("report")["month"] == "2023-06"
    # In March 2024 the campaign (to 31 December) is over: its last month with data, with a notice.
    result = june("report", "--json", today="2024-03-05")
    assert result.exit_code == 0 and json.loads(result.stdout)["month"] == "2023-06"
    assert "2023-06" in result.stderr and "2024-03-05" in result.stderr
    english = june("report", lang="en", today="2024-03-05")
    assert "outside the campaign" in english.stderr


def branch_figures(report: dict) -> tuple:
    a = report["activities"]
    return a["units_total"], a["units_covered"], a["uncovered"], {p["seq"]: p["units_total"] for p in report["phases"]}


def test_a_branch_counts_from_the_day_it_was_registered(plan2023):
    """The fixture registers 第一 and 第二党支部 on 15 June. 第三 is registered
    on 2 May and holds nothing in May; 第四 is registered on first use on
    20 May by a session it held on 3 May. So May has two branches, June four;
    one registered in July changes neither month."""
    on(plan2023, "2023-05-02", "unit", "add", "第三党支部", "--kind", "branch")
    on(plan2023, "2023-05-20", "activity", "add", "五月学习", "--kind", "三会一课", "--date", "5月3日",
       "--unit", "第四党支部")
    may = plan2023.json("report", "--month", "2023-05")
    assert may["as_of"] == "2023-05-31"
    assert branch_figures(may) == (2, 1, ["第三党支部"], {1: 2, 2: 2, 3: 2, 4: 2, 5: 2})
    june = plan2023.json("report", "--month", "2023-06", today="2023-07-01")
    assert branch_figures(june)[:3] == (4, 0, ["第一党支部", "第二党支部", "第三党支部", "第四党支部"])
    # As of 31 May, phase status counts the two branches there were then.
    assert {p["units_total"] for p in plan2023.json("phase", "status", today="2023-05-31")["phases"]} == {2}

    on(plan2023, "2023-07-02", "unit", "add", "第五党支部", "--kind", "branch")
    assert plan2023.json("report", "--month", "2023-05", today="2023-07-02") == may
    assert plan2023.json("report", "--month", "2023-06", today="2023-07-02") == june
    assert plan2023.json("report", "--month", "2023-07", today="2023-07-02")["activities"]["units_total"] == 5
    overview = plan2023.json("overview", "--month", "2023-05", today="2023-07-02")
    assert overview["campaigns"][0]["units_total"] == 2


def test_a_merged_branch_keeps_the_earlier_registration(plan2023):
    """第三党支部 (registered 2 May) merged into 第五党支部 (registered in July):
    the kept one holds the other's past, so May still counts a branch there;
    undo puts both days back."""
    on(plan2023, "2023-05-02", "unit", "add", "第三党支部", "--kind", "branch")
    on(plan2023, "2023-07-02", "unit", "add", "第五党支部", "--kind", "branch")
    assert plan2023.json("report", "--month", "2023-05", today="2023-07-03")["activities"]["uncovered"] == [
        "第三党支部"]
    on(plan2023, "2023-07-03", "unit", "merge", "第三党支部", "第五党支部")
    units = {u["name"]: u["created_on"] for u in plan2023.json("unit", "list")}
    assert units["第五党支部"] == "2023-05-02" and "第三党支部" not in units
    assert plan2023.json("report", "--month", "2023-05", today="2023-07-03")["activities"]["uncovered"] == [
        "第五党支部"]
    on(plan2023, "2023-07-03", "undo", "--yes")
    units = {u["name"]: u["created_on"] for u in plan2023.json("unit", "list")}
    assert (units["第三党支部"], units["第五党支部"]) == ("2023-05-02", "2023-07-02")


def test_unit_list_shows_the_registration_day(plan2023):
    on(plan2023, "2023-05-02", "unit", "add", "第三党支部", "--kind", "branch")
    out = plan2023.ok("unit", "list").stdout
    assert "登记日期" in out and "2023年5月2日" in out and "2023年6月15日" in out
