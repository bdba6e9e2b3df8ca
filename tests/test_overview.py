"""`campaign overview`: every campaign's month in one page (SPEC §3 `overview
--json`, §7), counted by the month report's rules over all campaigns at once.

Three campaigns are built through the CLI, each command on the day it
happens (`--today`), and the June figures were worked out by hand from the
commands below: pinned exactly. Every figure also equals the campaign's
own `report --month M --format json`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Campaign
from rich.cells import cell_len

TODAY = "2023-07-05"  # June is over: every figure is judged at 2023-06-30


def build(cli: Campaign) -> Campaign:
    """alpha and beta carry out the same campaign (one title, one issuer);
    gamma is another, with no phase and no task due."""
    def run(day: str, key: str, *args: str):
        return cli.ok("--campaign", key, *args, today=day) if key else cli.ok(*args, today=day)

    # alpha: two phases, two branches; three tasks due in June, one done late,
    # one overdue whose deadline was moved later in June and again after it.
    cli.ok("init", "alpha", "--title", "学习贯彻重要讲话精神", "--year", "2023", "--issuer", "常教工委",
           today="2023-05-01")
    run("2023-05-01", "alpha", "phase", "add", "专题学习", "--start", "6月1日", "--end", "6月20日")
    run("2023-05-01", "alpha", "phase", "add", "整改落实", "--start", "6月10日", "--end", "7月31日")
    run("2023-05-01", "alpha", "unit", "add", "第一党支部", "--kind", "branch", "--members", "20")
    run("2023-05-01", "alpha", "unit", "add", "第二党支部", "--kind", "branch", "--members", "12")
    run("2023-05-01", "alpha", "unit", "add", "教务处", "--kind", "department")
    run("2023-05-20", "alpha", "activity", "add", "五月学习", "--kind", "other", "--date", "5月20日",
        "--unit", "第二党支部", "--participants", "5")
    run("2023-06-05", "alpha", "activity", "add", "主题党日", "--kind", "theme-day", "--date", "6月5日",
        "--unit", "第一党支部", "--participants", "20")
    run("2023-06-12", "alpha", "activity", "add", "中心组学习", "--kind", "study-group", "--date", "6月12日",
        "--unit", "第一党支部", "--participants", "10")
    run("2023-05-10", "alpha", "issue", "add", "实验室台账不全", "--owner", "王五", "--dept", "教务处",
        "--deadline", "6月28日")  # P-3 below is this one: P-1
    run("2023-06-02", "alpha", "issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处",
        "--deadline", "6月15日")  # P-2 / T-2
    run("2023-06-03", "alpha", "issue", "add", "家校沟通不畅", "--owner", "李四", "--dept", "教务处",
        "--deadline", "6月20日")  # P-3 / T-3
    run("2023-06-14", "alpha", "issue", "done", "T-2", "--on", "6月14日")
    run("2023-06-20", "alpha", "issue", "verify", "P-2", "--by", "党委", "--on", "6月20日")
    run("2023-06-18", "alpha", "issue", "edit", "T-3", "--deadline", "6月25日")  # 延期 in June
    run("2023-06-29", "alpha", "issue", "done", "T-1", "--on", "6月29日")  # a day late
    run("2023-07-03", "alpha", "issue", "edit", "T-3", "--deadline", "7月15日")  # after June: counts at 6-25

    # beta: the same campaign at another school; its one task due in June done
    # on time, the problem verified in June and reopened only in July.
    cli.ok("init", "beta", "--title", "学习贯彻重要讲话精神", "--year", "2023", "--issuer", "常教工委",
           today="2023-05-01")
    run("2023-05-01", "beta", "phase", "add", "全程推进", "--start", "6月1日", "--end", "12月31日")
    run("2023-05-01", "beta", "unit", "add", "一支部", "--kind", "branch")
    run("2023-06-10", "beta", "activity", "add", "交流研讨", "--kind", "discussion", "--date", "6月10日",
        "--unit", "一支部", "--participants", "8")
    run("2023-06-05", "beta", "issue", "add", "食堂排队时间长", "--owner", "赵六", "--deadline", "6月20日")
    run("2023-06-06", "beta", "issue", "add", "宿舍报修慢", "--owner", "钱七", "--deadline", "7月10日")
    run("2023-06-18", "beta", "issue", "done", "T-1", "--on", "6月18日")
    run("2023-06-25", "beta", "issue", "verify", "P-1", "--by", "党委", "--on", "6月25日")
    run("2023-07-02", "beta", "issue", "reopen", "P-1", "--reason", "回头看发现反弹")

    # gamma: no phase; one research visit in June, and a problem found there due in July.
    cli.ok("init", "gamma", "--title", "作风建设专项整治工作", "--year", "2023", "--issuer", "市纪工委",
           today="2023-05-01")
    run("2023-05-01", "gamma", "unit", "add", "党支部", "--kind", "branch")
    visit = cli.json("--campaign", "gamma", "activity", "add", "走访教师", "--kind", "research", "--target",
                     "teacher", "--date", "6月15日", "--unit", "党支部", "--participants", "3", today="2023-06-15")
    run("2023-06-15", "gamma", "issue", "add", "青年教师负担重", "--owner", "孙八", "--deadline", "7月20日",
        "--from-activity", str(visit["id"]))
    return cli


@pytest.fixture
def three(cli) -> Campaign:
    return build(cli)


def overview(cli: Campaign, *args: str, today: str = TODAY) -> dict:
    return cli.json("overview", *args, today=today)


ZERO_PROBLEMS = {"opened": 0, "resolved": 0, "verified": 0, "reopened": 0, "open_at_end": 0,
                 "research_findings": 0, "rechecks_done": 0, "regressed": 0}


def test_three_campaigns_as_worked_out_by_hand(three):
    document = overview(three, "--month", "2023-06")
    assert {k: document[k] for k in ("month", "as_of", "start", "end")} == {
        "month": "2023-06", "as_of": "2023-06-30", "start": "2023-06-01", "end": "2023-06-30"}
    assert document["campaigns"] == [
        {"key": "beta", "title": "学习贯彻重要讲话精神", "issuer": "常教工委", "unit_name": None, "current": [1],
         "activities": 1, "participants": 8, "units_covered": 1, "units_total": 1,
         # Verified on 25 June and reopened on 2 July: at 30 June it was verified.
         "problems": {"opened": 2, "resolved": 1, "verified": 1, "reopened": 0, "open_at_end": 1,
                      "research_findings": 0, "rechecks_done": 0, "regressed": 0},
         "tasks": {"due": 1, "done": 1, "done_on_time": 1, "overdue_at_end": 0, "extended": 0,
                   "on_time_rate": 1.0},
         "on_time_rate": 1.0, "red": 0, "rank": 1},
        {"key": "alpha", "title": "学习贯彻重要讲话精神", "issuer": "常教工委", "unit_name": None, "current": [2],
         "activities": 2, "participants": 30, "units_covered": 1, "units_total": 2,
         "problems": {"opened": 2, "resolved": 2, "verified": 1, "reopened": 0, "open_at_end": 2,
                      "research_findings": 0, "rechecks_done": 0, "regressed": 0},
         # T-3 due 25 June as it stood then (moved on 18 June: extended; again on 3 July: not counted).
         "tasks": {"due": 3, "done": 2, "done_on_time": 1, "overdue_at_end": 1, "extended": 1,
                   "on_time_rate": 0.333},
         "on_time_rate": 0.333, "red": 1, "rank": 2},
        {"key": "gamma", "title": "作风建设专项整治工作", "issuer": "市纪工委", "unit_name": None, "current": [],
         "activities": 1, "participants": 3, "units_covered": 1, "units_total": 1,
         "problems": {"opened": 1, "resolved": 0, "verified": 0, "reopened": 0, "open_at_end": 1,
                      "research_findings": 1, "rechecks_done": 0, "regressed": 0},
         "tasks": {"due": 0, "done": 0, "done_on_time": 0, "overdue_at_end": 0, "extended": 0,
                   "on_time_rate": None},
         "on_time_rate": None, "red": 0, "rank": 3},
    ]
    assert document["totals"] == {
        "campaigns": 3, "activities": 4, "participants": 41, "units_covered": 3, "units_total": 4,
        "problems": {"opened": 5, "resolved": 3, "verified": 2, "reopened": 0, "open_at_end": 4,
                     "research_findings": 1, "rechecks_done": 0, "regressed": 0},
        "tasks": {"due": 4, "done": 3, "done_on_time": 2, "overdue_at_end": 1, "extended": 1,
                  "on_time_rate": 0.5},
        "on_time_rate": 0.5, "red": 1}
    assert document["overdue"] == [
        {"campaign": "alpha", "code": "T-3", "problem": "P-3", "problem_title": "家校沟通不畅",
         "measure": "家校沟通不畅", "owner": "李四", "department": "教务处", "deadline": "2023-06-25",
         "status": "todo", "signal": "red", "days_late": 5, "campaign_title": "学习贯彻重要讲话精神"}]


def _same_as_report(cli: Campaign, month: str, today: str) -> int:
    """Every campaign's overview row equals its own month report; returns the rows compared."""
    document = overview(cli, "--month", month, today=today)
    assert document["campaigns"], "nothing compared"
    for row in document["campaigns"]:
        report = cli.json("--campaign", row["key"], "report", "--month", month, "--format", "json", today=today)
        assert report["as_of"] == document["as_of"]
        a = report["activities"]
        assert (row["activities"], row["participants"], row["units_covered"], row["units_total"]) == \
            (a["total"], a["participants"], a["units_covered"], a["units_total"]), row["key"]
        assert row["problems"] == report["problems"], row["key"]
        assert row["tasks"] == report["tasks"], row["key"]
        assert row["on_time_rate"] == report["tasks"]["on_time_rate"]
        assert row["red"] == report["tasks"]["overdue_at_end"] == len(report["overdue"]), row["key"]
        assert row["current"] == [p["seq"] for p in report["phases"] if p["state"] == "active"], row["key"]
        mine = [{k: v for k, v in r.items() if k not in ("campaign", "campaign_title")}
                for r in document["overdue"] if r["campaign"] == row["key"]]
        assert mine == report["overdue"], row["key"]
    return len(document["campaigns"])


@pytest.mark.parametrize("month, today", [("2023-06", TODAY), ("2023-05", TODAY), ("2023-06", "2023-06-19"),
                                          ("2023-07", TODAY)])
def test_every_row_equals_the_campaigns_month_report(three, month, today):
    assert _same_as_report(three, month, today) == 3


def test_the_demo_store_equals_its_reports(cli):
    cli.ok("demo")
    build(cli)  # the demo campaign beside three more
    for month in ("2023-05", "2023-06"):
        assert _same_as_report(cli, month, "2023-06-15" if month == "2023-06" else TODAY) == 4


def test_without_month_the_month_of_today_in_progress(three):
    document = overview(three, today="2023-06-19")
    assert (document["month"], document["as_of"]) == ("2023-06", "2023-06-19")
    alpha = next(r for r in document["campaigns"] if r["key"] == "alpha")
    # Due: a deadline in June (all three); on 19 June only T-2 was done, none late yet.
    assert alpha["tasks"] == {"due": 3, "done": 1, "done_on_time": 1, "overdue_at_end": 0, "extended": 1,
                              "on_time_rate": 1.0}
    assert alpha["current"] == [1, 2]
    assert "本月尚未结束" in three.ok("overview", today="2023-06-19").stdout


def _queries(cli: Campaign, monkeypatch) -> int:
    from campaign_cli.store import database

    seen = []
    original = database.SQLiteDatabase._run

    def recording(self, sql, params):
        seen.append(sql)
        return original(self, sql, params)

    monkeypatch.setattr(database.SQLiteDatabase, "_run", recording)
    try:
        overview(cli, "--month", "2023-06")
    finally:
        monkeypatch.undo()
    return len(seen)


def test_one_set_of_queries_whatever_the_number_of_campaigns(three, tmp_path, monkeypatch):
    """Aggregated over all campaigns at once, not one report per campaign:
    ten more campaigns, each with a task overdue at first and its deadline
    moved after the month, run no more queries."""
    before = _queries(three, monkeypatch)
    for n in range(10):
        key = f"more{n}"
        three.ok("init", key, "--title", "学习", "--year", "2023", today="2023-06-01")
        three.ok("--campaign", key, "issue", "add", "问题", "--owner", "甲", "--deadline", "6月10日", today="2023-06-01")
        three.ok("--campaign", key, "issue", "edit", "T-1", "--deadline", "7月10日", today="2023-07-02")
    assert len(overview(three, "--month", "2023-06")["campaigns"]) == 13
    assert _queries(three, monkeypatch) == before


# --- ranking -------------------------------------------------------------------------

def _row(key: str, rate, red: int) -> dict:
    return {"key": key, "on_time_rate": rate, "red": red}


def test_rank_by_rate_then_fewer_red_ties_share_a_rank():
    from campaign_cli.reports.overview import rank

    rows = rank([_row("e", None, 0), _row("d", 0.5, 3), _row("c", 0.5, 1), _row("b", 0.5, 1),
                 _row("a", 0.9, 7), _row("f", None, 0), _row("g", 0.0, 0)])
    assert [(r["key"], r["rank"]) for r in rows] == [("a", 1), ("b", 2), ("c", 2), ("d", 4), ("g", 5),
                                                     ("e", 6), ("f", 6)]


def test_a_tie_through_the_cli(cli):
    for key in ("one", "two", "three"):
        cli.ok("init", key, "--title", "学习", "--year", "2023", today="2023-06-01")
        cli.ok("--campaign", key, "issue", "add", "问题", "--owner", "甲", "--deadline", "6月10日", today="2023-06-01")
    cli.ok("--campaign", "one", "issue", "done", "T-1", "--on", "6月9日", today="2023-06-09")
    cli.ok("--campaign", "three", "issue", "done", "T-1", "--on", "6月9日", today="2023-06-09")
    document = overview(cli, "--month", "2023-06")
    assert [(r["key"], r["rank"], r["on_time_rate"], r["red"]) for r in document["campaigns"]] == [
        ("one", 1, 1.0, 0), ("three", 1, 1.0, 0), ("two", 3, 0.0, 1)]


def test_an_empty_store_says_so(cli):
    cli.ok("init", "only", "--title", "T", "--year", "2023")
    document = overview(cli, "--month", "2023-06")
    assert [r["key"] for r in document["campaigns"]] == ["only"]
    assert document["campaigns"][0]["problems"] == ZERO_PROBLEMS and document["overdue"] == []


# --- formats -------------------------------------------------------------------------

def test_terminal_table_lines_up_in_chinese_at_80_columns(three):
    from rich.console import Console

    from campaign_cli import i18n
    from campaign_cli.render.overview_table import overview_table

    i18n.set_language("zh")
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None).print(overview_table(overview(three, "--month", "2023-06")))
    out = buffer.getvalue()
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "统计截至 2023年6月30日（按月末口径" in out
    ranking = [line for line in lines if re.match(r"\s*\d+ (alpha|beta|gamma)\b", line)]
    assert [line.split()[1] for line in ranking] == ["beta", "alpha", "gamma"]
    total = next(line for line in lines if "合计" in line)
    # Right-aligned figures end in the same terminal column on every row (CJK counted two).
    for row in ranking + [total]:
        assert cell_len(row.rstrip()) == cell_len(ranking[0].rstrip()), row
    assert ranking[1].split()[2:] == ["2", "2", "30", "1/2", "2/1/2", "3/2/1", "33%", "1"]
    assert total.split()[1:] == ["4", "41", "3/4", "5/2/4", "4/3/1", "50%", "1"]
    assert "逾期任务（1）" in out and "李四" in out
    # The CLI prints the same.
    assert three.ok("overview", "--month", "2023-06", today=TODAY).stdout.count("合计") == 1


def test_the_terminal_reads_the_first_overdue_tasks_and_counts_them_all(cli):
    """Past the terminal's 20 rows the overdue list is not read (at city scale it is 100k rows):
    the table shows the JSON document's first 20 and counts all of them."""
    for key, tasks in (("a", 14), ("b", 9)):
        cli.ok("init", key, "--title", "T", "--year", "2023", today="2023-05-01")
        for i in range(tasks):
            cli.ok("--campaign", key, "issue", "add", f"问题{i}", "--owner", f"责任人{key}{i}",
                   "--deadline", f"2023-06-{1 + i:02d}", today="2023-05-01")
    document = overview(cli, "--month", "2023-06")
    assert document["totals"]["red"] == len(document["overdue"]) == 23
    out = cli.ok("overview", "--month", "2023-06", lang="en", today=TODAY).stdout
    shown = re.findall(r"责任人[ab]\d+", out)
    assert shown == [r["owner"] for r in document["overdue"][:20]]
    assert "(23)" in out and "3 more" in out


def test_md_and_csv(three):
    md = three.ok("overview", "--month", "2023-06", "--format", "md", today=TODAY).stdout
    assert md.startswith("# 2023年6月各校工作情况总览\n")
    assert "统计截至 2023年6月30日" in md
    assert "| 2 | alpha | 学习贯彻重要讲话精神 | 2 | 2 | 30 | 1/2 | 2 | 1 | 2 | 3 | 2 | 1 | 1 | 33% | 1 |" in md
    assert "## 逾期任务（1）" in md and "| alpha | 学习贯彻重要讲话精神 | T-3 | P-3 |" in md
    text = three.ok("overview", "--month", "2023-06", "--format", "csv", today=TODAY).stdout
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:3] == ["排名", "编号", "工作"] and len(rows) == 5
    assert [r[1] for r in rows[1:4]] == ["beta", "alpha", "gamma"]
    assert rows[4][2] == "合计" and rows[4][-3:] == ["50%", "1", "2023-06-30"]
    assert rows[0][-1] == "统计截至"
    running = three.ok("overview", "--month", "2023-06", "--format", "csv", today="2023-06-19").stdout
    assert running.splitlines()[0].endswith(",统计截至（本月尚未结束）") and running.splitlines()[1].endswith(",2023-06-19")


def test_formula_like_titles_stay_text(cli, tmp_path):
    from openpyxl import load_workbook

    cli.ok("init", "evil", "--title", '=HYPERLINK("http://x","y")', "--year", "2023", today="2023-06-01")
    cli.ok("issue", "add", "@SUM(A1)", "--owner", "-甲", "--deadline", "6月10日", today="2023-06-01")
    text = cli.ok("overview", "--month", "2023-06", "--format", "csv").stdout
    assert "'=HYPERLINK" in text
    target = tmp_path / "o.xlsx"
    cli.ok("overview", "--month", "2023-06", "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["排名", "逾期任务"]
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    assert book["逾期任务"]["E2"].value == "@SUM(A1)" and book["逾期任务"]["G2"].value == "-甲"


def test_xlsx_has_one_sheet_per_section(three, tmp_path):
    from datetime import datetime

    from openpyxl import load_workbook

    target = tmp_path / "六月各校.xlsx"
    result = three.ok("overview", "--month", "2023-06", "--format", "xlsx", "-o", str(target), today=TODAY)
    assert str(target) in result.stdout
    book = load_workbook(target)
    assert book.sheetnames == ["排名", "逾期任务"]
    ranking = [[c.value for c in row] for row in book["排名"].iter_rows()]
    assert [r[1] for r in ranking[1:4]] == ["beta", "alpha", "gamma"] and ranking[4][2] == "合计"
    assert ranking[2][4:6] == [2, 30]
    assert ranking[0][-1] == "统计截至" and ranking[1][-1] == datetime(2023, 6, 30)
    overdue = [[c.value for c in row] for row in book["逾期任务"].iter_rows()]
    assert len(overdue) == 2 and overdue[1][:3] == ["alpha", "学习贯彻重要讲话精神", "T-3"]
    assert overdue[1][7] == datetime(2023, 6, 25) and overdue[1][8] == 5


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v for name, v in attrs if name in ("src", "href") and v]

    def handle_data(self, data):
        if self.tags and self.tags[-1] in ("td", "th"):
            self.cells.append(data)


def test_html_is_self_contained(three, tmp_path):
    target = tmp_path / "o.html"
    three.ok("overview", "--month", "2023-06", "--format", "html", "--output", str(target), today=TODAY)
    text = target.read_text("utf-8")
    page = _Page()
    page.feed(text)
    assert not page.refs and "script" not in page.tags and "link" not in page.tags
    assert not re.search(r"https?://", text)
    assert "@page { size: A4" in text and "统计截至 2023年6月30日" in text
    assert page.tags.count("table") == 2 and '<tr class="total">' in text
    assert "33%" in page.cells and "李四" in page.cells


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's `chromium` (apt-get install chromium)")
def test_html_renders_in_headless_chromium(three, tmp_path):
    target = tmp_path / "o.html"
    three.ok("overview", "--month", "2023-06", "--format", "html", "--output", str(target), today=TODAY)
    dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", target.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "逾期任务（1）" in dom.stdout and "合计" in dom.stdout


def test_json_to_a_file_and_files_by_default(three, tmp_path, monkeypatch):
    target = tmp_path / "o.json"
    result = three("overview", "--month", "2023-06", "--format", "json", "--output", str(target), today=TODAY)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text("utf-8")) == overview(three, "--month", "2023-06")
    monkeypatch.chdir(tmp_path)
    three.ok("overview", "--month", "2023-06", "--format", "docx", today=TODAY)
    assert (tmp_path / "overview-2023-06.docx").stat().st_size > 10_000


def test_bad_format_and_month_are_one_line_errors(three):
    for args, code in ((("--format", "pdf"), 2), (("--month", "2023-13"), 1)):
        result = three("overview", *args)
        assert result.exit_code == code, result.stdout + result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_help_has_an_example(cli):
    text = cli.ok("overview", "--help").stdout
    assert "campaign overview --month 2023-06" in text and "--json" in text


def test_english(three):
    out = three.ok("overview", "--month", "2023-06", lang="en", today=TODAY).stdout
    assert "Every campaign, 2023-06" in out and "Total" in out
    md = three.ok("overview", "--month", "2023-06", "--format", "md", lang="en", today=TODAY).stdout
    assert "| 2 | alpha |" in md


def test_english_circular(tmp_path):
    from docx import Document

    two = Campaign(tmp_path / "two.db", lang="en")
    for key in ("alpha", "beta"):
        two.ok("init", key, "--title", "Study", "--year", "2023", "--issuer", "City Office")
    doc = Document(str(_docx(two, tmp_path)))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "Circular on the work of every school on Study, 2023-06"
    assert texts[-2:] == ["City Office", "2023-06-30"]


# --- the 通报 (docx) -----------------------------------------------------------------------

def _docx(cli: Campaign, tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "通报.docx"
    cli.ok("overview", "--month", "2023-06", "--format", "docx", "--output", str(target), *args, today=TODAY)
    return target


def test_docx_is_a_circular_in_the_official_form(three, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(_docx(three, tmp_path)))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    # Two campaigns share a title, the third has its own: no common subject.
    assert texts[0] == "关于2023年6月各校工作情况的通报"
    assert doc.paragraphs[0].style.name == "Title"
    assert texts[1] == "各学校党组织："
    assert "数据统计截至2023年6月30日。" in texts[2]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体情况", "二、各校排名情况", "三、逾期任务情况", "四、有关要求"]
    summary = texts[texts.index("一、总体情况") + 1]
    assert "共3个单位" in summary and "开展各类活动4次，参加41人次" in summary and "按期完成率50%" in summary
    (table,) = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:2] == ["排名", "单位"] and len(rows) == 5
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", ""]
    # Two schools share a title: each is named with its key too.
    assert [r[1] for r in rows[1:]] == ["学习贯彻重要讲话精神（beta）", "学习贯彻重要讲话精神（alpha）",
                                        "作风建设专项整治工作", "合计"]
    assert rows[2] == ["2", "学习贯彻重要讲话精神（alpha）", "2", "1/2", "2", "2", "3", "1", "1", "33.3%", "1"]
    assert rows[4][1] == "合计" and rows[4][-2:] == ["50%", "1"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeated on every page
    overdue = [t for t in texts if t.startswith("1.")]
    assert overdue == ["1.学习贯彻重要讲话精神（alpha）：家校沟通不畅（P-3，责任部门教务处，责任人李四），完成时限6月25日，已逾期5天。"]
    assert "【请填写】" in texts[texts.index("四、有关要求") + 1]
    # Two issuers: the sign-off is left to fill in, over the as-of date 右空四字.
    assert texts[-2:] == ["【请填写发文机关】", "2023年6月30日"]
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    body = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert len(doc.sections) == 1


def test_docx_of_schools_sharing_a_campaign_names_it_and_its_issuer(tmp_path):
    from docx import Document

    # One title, one issuer.
    two = Campaign(tmp_path / "two.db")
    for key in ("alpha", "beta"):
        two.ok("init", key, "--title", "学习贯彻重要讲话精神工作", "--year", "2023", "--issuer", "常教工委")
    doc = Document(str(_docx(two, tmp_path)))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "关于2023年6月各校学习贯彻重要讲话精神工作情况的通报"
    assert texts[-2:] == ["常教工委", "2023年6月30日"]
    # The title names the campaign: the rows name the schools by key …
    assert [row.cells[1].text for row in doc.tables[0].rows[1:]] == ["alpha", "beta", "合计"]
    # … or by their names once every one has one.
    for key, name in (("alpha", "中共甲中学委员会"), ("beta", "中共乙中学委员会")):
        two.ok("--campaign", key, "edit", "--unit-name", name)
    assert overview(two, "--month", "2023-06")["campaigns"][0]["unit_name"] == "中共甲中学委员会"
    doc = Document(str(_docx(two, tmp_path)))
    assert [row.cells[1].text for row in doc.tables[0].rows[1:]] == ["中共甲中学委员会", "中共乙中学委员会", "合计"]
    assert "截至2023年6月30日，各校无逾期未完成任务。" in texts


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")


def test_libreoffice_renders_the_circular(three, tmp_path):
    from pg import on_ci

    if not (SOFFICE and POPPLER):
        reason = "needs LibreOffice and poppler (apt-get install libreoffice-writer-nogui poppler-utils)"
        if on_ci():
            pytest.fail(reason + " (CI=true: .ci/run installs them)", pytrace=False)
        pytest.skip(reason)
    source = _docx(three, tmp_path)
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=300)
    pdf = source.with_suffix(".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    for figure in ("关于2023年6月各校工作情况的通报", "各学校党组织：", "开展各类活动4次，参加41人次",
                   "二、各校排名情况", "合计", "33.3%", "已逾期5天", "2023年6月30日"):
        assert figure in text, figure
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    assert sorted(tmp_path.glob("page-*.png"))


# --- PostgreSQL ------------------------------------------------------------------------

@pytest.mark.postgres
def test_postgresql_gives_the_same_overview(three, pg_url):
    """The same commands on the server: the same document, every format's source."""
    server = build(Campaign(pg_url))  # type: ignore[arg-type]
    for month, today in (("2023-06", TODAY), ("2023-06", "2023-06-19"), ("2023-05", TODAY)):
        assert overview(server, "--month", month, today=today) == overview(three, "--month", month, today=today)
    assert _same_as_report(server, "2023-06", TODAY) == 3
