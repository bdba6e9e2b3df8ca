"""`campaign report` formats: table, md, csv, xlsx, html — and the formula guard."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from test_report import build_may

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def may(plan2023):
    return build_may(plan2023, titles={"P-2": FORMULA, "P-3": "+1 食堂排队时间长",
                                       "P-6": "@某人 -反映 宿舍报修慢"})


# --- the formula guard -------------------------------------------------------------

@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("食堂", "食堂"), ("a=b", "a=b"), ("", ""), (None, None), (5, 5),
])
def test_spreadsheet_safe(text, safe):
    from campaign_cli.reports.formats.safe import spreadsheet_safe

    assert spreadsheet_safe(text) == safe


# --- table ---------------------------------------------------------------------------

def _render(document, lang="zh"):
    from campaign_cli import i18n
    from campaign_cli.render.report_table import month_report

    i18n.set_language(lang)
    buffer = io.StringIO()
    Console(file=buffer, width=110, color_system=None).print(month_report(document))
    return buffer.getvalue()


def test_table_in_chinese(may):
    out = may.ok("report", "--month", "2023-05").stdout
    for text in ("学习贯彻重要讲话精神　2023年5月工作报告", "常教工委〔2023〕28号", "本月概况", "阶段进展",
                 "活动开展", "新增（3）", "推进中（3）", "已销号（1）", "逾期（2）", "各部门情况",
                 "调研成果转化为问题（1）", "新增问题 3 个，整改完成 2 个，销号 1 个，月末未销号 3 个",
                 "本月到期任务 4 项，完成 3 项（按期 2 项），月末逾期 2 项",
                 "按时完成率 40%，延期任务 0 项，重新打开问题 0 个", "各支部本月均已开展活动", "理论学习中心组", "家庭", "企业"):
        assert text in out, text
    overdue = out[out.index("逾期（2）"):]
    assert re.search(r"T-9\s+P-2\s+措施9\s+教务处\s+负责人9\s+2023年4月20日\s+41", overdue)


def test_table_in_english(may):
    out = may.ok("report", "--month", "2023-05", lang="en").stdout
    for text in ("monthly report 2023-05", "New (3)", "In progress (3)", "Verified (1)", "Overdue (2)",
                 "By department", "3 problems opened, 2 resolved, 1 verified, 3 open at month end",
                 "Study group", "Family"):
        assert text in out, text
    # (Titles are as entered: the held list shows 走访学生家庭 in English too.)
    for word in ("新增", "推进中", "已销号", "本月", "阶段进展", "责任部门", "理论学习中心组", "调研对象"):
        assert word not in out, word


def test_table_rendering_is_stable_at_a_fixed_width(may):
    document = may.json("report", "--month", "2023-05")
    out = _render(document)
    assert re.search(r"\n教务处 +1 +1 +0 +2 +0%\n学生处 +3 +2 +2 +0 +100%\n", out)


# --- md, json ------------------------------------------------------------------------

def test_markdown_document(may):
    out = may.ok("report", "--month", "2023-05", "--format", "md").stdout
    assert out.startswith("# 学习贯彻重要讲话精神　2023年5月工作报告\n")
    assert "## 本月概况" in out and "### 逾期（2）" in out
    assert "| T-2 | P-2 | 措施2 | 教务处 | 负责人2 | 2023年5月10日 | 21 |" in out
    assert "| 教务处 | 1 | 1 | 0 | 2 |" in out
    assert "| 理论学习中心组 | 1 |" in out
    # A pipe in a title does not break the table.
    assert FORMULA in out


def test_output_file_for_text_formats(may, tmp_path):
    target = tmp_path / "may.md"
    result = may.ok("report", "--month", "2023-05", "--format", "md", "--output", str(target))
    assert str(target) in result.stdout
    assert target.read_text("utf-8").startswith("# ")
    target = tmp_path / "may.json"
    result = may.ok("report", "--month", "2023-05", "--json", "--output", str(target))
    assert result.stdout == ""
    assert json.loads(target.read_text("utf-8"))["tasks"]["due"] == 4


def test_unwritable_output_is_a_user_error(may, tmp_path):
    result = may("report", "--month", "2023-05", "--format", "md", "--output", str(tmp_path / "no" / "x.md"))
    assert result.exit_code == 1 and "no" in result.stderr


# --- csv -----------------------------------------------------------------------------

def test_csv_task_list_with_bom_and_formula_guard(may, tmp_path):
    import csv

    raw = may.ok("report", "--month", "2023-05", "--format", "csv").stdout
    assert raw.startswith("\ufeff编号,问题编号,问题,整改措施,责任部门,责任人,完成时限,状态,完成日期,预警,逾期天数,佐证材料")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    # Tasks of problems found by 31 May: T-8 (P-4, found in June) is not in the May ledger.
    assert [r[0] for r in rows[1:]] == ["T-1", "T-2", "T-3", "T-4", "T-5", "T-6", "T-7", "T-9"]
    t2 = rows[2]
    assert t2[2] == "'" + FORMULA
    assert t2[6:11] == ["2023-05-10", "进行中", "", "逾期", "21"]
    t9 = rows[-1]  # done in June: as of 31 May still doing and overdue
    assert t9[7:11] == ["进行中", "", "逾期", "41"]
    assert rows[1][7:11] == ["已完成", "2023-05-05", "逾期完成", "5"]  # done five days after its deadline
    target = tmp_path / "tasks.csv"
    may.ok("report", "--month", "2023-05", "--format", "csv", "--output", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    english = may.ok("report", "--month", "2023-05", "--format", "csv", lang="en").stdout
    assert english.startswith("\ufeffCode,Problem,Problem title,Measure,Department,Owner,Deadline,Status")


# --- xlsx ----------------------------------------------------------------------------

def test_xlsx_ledger(may, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "台账.xlsx"
    may.ok("report", "--month", "2023-05", "--format", "xlsx", "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["问题清单", "责任清单", "任务清单", "月度汇总"]
    problems, people, tasks, summary = (book[n] for n in book.sheetnames)
    assert [c.value for c in problems[1]][:9] == ["编号", "问题", "具体表现", "类别", "期限类型", "来源活动",
                                                  "发现日期", "责任部门", "责任人"]
    assert [c.value for c in tasks[1]][:7] == ["编号", "问题编号", "问题", "整改措施", "责任部门", "责任人", "完成时限"]
    for sheet in (problems, people, tasks):
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        assert all((sheet.column_dimensions[c].width or 0) >= 6 for c in "ABC")
    # Problems found by 31 May: P-1 P-2 P-3 P-5 P-6 (not P-4, found in June).
    assert [r[0].value for r in problems.iter_rows(min_row=2)] == ["P-1", "P-2", "P-3", "P-5", "P-6"]
    p2 = problems[3]
    assert p2[1].value == FORMULA and p2[1].data_type == "s"
    assert p2[5].value == "走访学生家庭"
    assert isinstance(p2[6].value, datetime) and p2[6].value.date() == date(2023, 5, 3)
    assert p2[6].is_date
    assert problems[4][11].value == "已整改待销号"  # P-3 as of 31 May
    assert problems[2][11].value == "已销号" and problems[2][13].value.date() == date(2023, 5, 20)
    # No cell in the whole workbook is a formula.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    t2 = tasks[3]
    assert t2[0].value == "T-2" and t2[2].value == FORMULA and t2[2].data_type == "s"
    assert t2[6].is_date and t2[6].value.date() == date(2023, 5, 10)
    assert [c.value for c in people[1]] == ["问题编号", "问题", "责任部门", "责任人", "角色"]
    assert people[2][4].value == "牵头"
    values = [c.value for row in summary.iter_rows() for c in row if c.value is not None]
    assert "学习贯彻重要讲话精神　2023年5月工作报告" in values
    assert "月末逾期" in values and "教务处" in values
    # Long text sizes its column, capped.
    assert 10 < tasks.column_dimensions["C"].width <= 60


def test_xlsx_in_english_and_default_file_name(may, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    result = may.ok("report", "--month", "2023-05", "--format", "xlsx", lang="en")
    assert "report-2023-05.xlsx" in result.stdout
    book = load_workbook(tmp_path / "report-2023-05.xlsx")
    assert book.sheetnames == ["Problems", "Responsibilities", "Tasks", "Monthly summary"]
    assert book["Tasks"]["G1"].value == "Deadline"


# --- html ----------------------------------------------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.svgs = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.svgs += tag == "svg"
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value:
                self.refs.append(value)


def _html(may, tmp_path, lang="zh") -> tuple[Path, str]:
    target = tmp_path / "report.html"
    may.ok("report", "--month", "2023-05", "--format", "html", "--output", str(target), lang=lang)
    return target, target.read_text("utf-8")


def test_html_is_self_contained_with_two_svg_charts(may, tmp_path):
    _, text = _html(may, tmp_path)
    page = _Page()
    page.feed(text)
    assert page.svgs == 2
    assert not page.refs, page.refs
    assert "script" not in page.tags and "link" not in page.tags
    assert not re.search(r"https?://", text.replace(FORMULA.replace('"', "&quot;"), "")), "external reference"
    assert "@page { size: A4" in text
    assert 'class="chart burn-down"' in text and 'class="chart per-week"' in text
    # 31 points on the burn-down; four weeks with activities drawn as bars.
    assert text.count("<circle ") == 31
    assert text.count('<rect class="bar"') == 4
    assert "&lt;" not in FORMULA and "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in text


def test_html_in_english(may, tmp_path):
    _, text = _html(may, tmp_path, lang="en")
    assert '<html lang="en">' in text and "Open tasks at each day&#x27;s end" in text


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's `chromium` (apt-get install chromium)")
def test_html_renders_in_headless_chromium(may, tmp_path):
    target, _ = _html(may, tmp_path)
    profile = tmp_path / "profile"
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}"]
    dom = subprocess.run([*base, "--dump-dom", target.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = _Page()
    page.feed(dom.stdout)
    assert page.svgs == 2
    assert "polyline" in dom.stdout and 'class="bar"' in dom.stdout
    assert "逾期（2）" in dom.stdout
    shot = tmp_path / "page.png"
    result = subprocess.run([*base, f"--screenshot={shot}", "--window-size=900,1400", target.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and shot.exists() and shot.stat().st_size > 10_000, result.stderr[-2000:]
    pdf = tmp_path / "page.pdf"
    result = subprocess.run([*base, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", target.as_uri()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and pdf.read_bytes().startswith(b"%PDF"), result.stderr[-2000:]


def test_terminal_report_caps_long_unit_lists_and_counts_the_rest(cli):
    cli.ok("init", "big", "--title", "大校", "--year", "2023")
    cli.ok("phase", "add", "学习", "--start", "6月1日", "--end", "6月30日")
    for n in range(1, 26):
        cli.ok("activity", "add", f"学习{n}", "--kind", "主题党日", "--date", "6月9日",
               "--unit", f"第{n}党支部", "--participants", "3")
    shown = cli.ok("report", "--month", "2023-06").stdout
    assert "第20党支部" in shown and "第21党支部" not in shown
    assert "另有 5 项" in shown
    # The documents keep every unit.
    assert "第25党支部" in cli.ok("report", "--month", "2023-06", "--format", "md").stdout
    assert len(cli.json("report", "--month", "2023-06")["activities"]["by_unit"]) == 25
