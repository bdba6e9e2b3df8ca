"""Refused rows (SPEC §7 `--rejects`) at parse level: every bad row is kept
with its reason, never the first one only; a problem with a bad row is
refused whole; the rejects sheet keeps the ledger's layout, and once fixed
it reads as exactly the refused problems — nothing lost, nothing doubled."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from ledgers.xlsx_layouts import LAYOUTS

from campaign_cli.i18n import message
from campaign_cli.importers.ledger import LedgerContext, LedgerErrors, read_ledger, rejects_rows, rejects_sheet


def write_rejects(path: Path, header_rows, rejected) -> Path:
    """The rejects sheet's bytes as the command writes them."""
    path.write_bytes(rejects_sheet(path, header_rows, rejected))
    return path


CONTEXT = LedgerContext(year=2023, today=date(2023, 6, 15), campaign_end=date(2023, 12, 31))
CORPUS = Path(__file__).parent / "ledgers"


def shape(ledger) -> list[tuple]:
    """What the writer gets, without sheet row numbers (they move in a rejects sheet)."""
    return [(p.title, p.category, p.detail, p.leader, p.term, p.found_on, p.verified, p.verified_on,
             [(r.department, r.owner, r.role) for r in p.responsibilities],
             [(t.measure, t.department, t.owner, t.deadline, t.status, t.done_on, t.evidence) for t in p.tasks])
            for p in ledger.problems]


def broken_copy(tmp_path: Path) -> tuple[Path, dict[tuple[int, int], tuple[str, str]]]:
    """The 主题教育 ledger (BOM CSV) with three bad cells: a continuation row's
    deadline, a status, a found-on column value. Returns the file and
    {(row, column): (bad text, the fix)}."""
    rows = list(csv.reader((CORPUS / "02-主题教育检视问题清单.csv").read_text(encoding="utf-8-sig").splitlines(True)))
    fixes = {(5, 5): ("12月35日", "12月31日前"),  # the second row of problem 2
             (7, 9): ("差不多", "部分整改"),  # problem 4
             (8, 5): ("过段时间", "暑假期间")}  # problem 5
    for (row, column), (bad, _) in fixes.items():
        rows[row - 1][column] = bad
    path = tmp_path / "检视问题清单.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path, fixes


def test_without_rejects_every_bad_row_refuses_the_file_and_all_are_named(tmp_path: Path):
    path, _ = broken_copy(tmp_path)
    with pytest.raises(LedgerErrors) as caught:
        read_ledger(path, CONTEXT)
    assert sorted({e.row for e in caught.value.errors}) == [5, 7, 8]
    assert "第 5 行：整改时限：“12月35日”不是日期" in message(caught.value)


def test_bad_rows_and_their_problems_are_refused_and_good_problems_kept(tmp_path: Path):
    path, _ = broken_copy(tmp_path)
    ledger = read_ledger(path, CONTEXT, strict=False)
    assert [p.title for p in ledger.problems] == ["理论学习不够深入系统", "服务师生意识不强，“接诉即办”落实不到位"]
    assert [r.row for r in ledger.rejected] == [4, 5, 7, 8]
    reasons = {r.row: r.reason for r in ledger.rejected}
    assert reasons[4] == "同一问题的第 5 行有错误，本行一并退回"
    assert reasons[5].startswith("整改时限：“12月35日”不是日期")
    assert reasons[7].startswith("整改状态：“差不多”无法识别")
    assert [e.row for e in ledger.errors] == [5, 7, 8]
    notices = {n.key: n.rows for n in ledger.notices}  # they count only what goes in
    assert notices["ledger.notice.short_term"] == (3,) and notices["ledger.notice.long_term"] == (6,)
    assert "ledger.notice.school_calendar" not in notices  # rows 7 and 8 were refused


def _fix_csv(rejects: Path, fixes: dict[tuple[int, int], tuple[str, str]]) -> Path:
    rows = list(csv.reader(rejects.read_text(encoding="utf-8-sig").splitlines(True)))
    for row in rows:
        for (_, column), (bad, good) in fixes.items():
            if column < len(row) and row[column] == bad:
                row[column] = good
    fixed = rejects.with_name("fixed.csv")
    with fixed.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return fixed


def test_a_fixed_rejects_csv_imports_exactly_the_refused_problems(tmp_path: Path):
    path, fixes = broken_copy(tmp_path)
    ledger = read_ledger(path, CONTEXT, strict=False)
    rejects = write_rejects(tmp_path / "退回.csv", ledger.header_rows, ledger.rejected)
    rows = list(csv.reader(rejects.read_text(encoding="utf-8-sig").splitlines(True)))
    assert rows[0][0] == "XX中学主题教育检视问题清单" and rows[1][-1] == "退回原因"
    assert rows[1][:-1] == ledger.header_rows[1][:10]
    assert [r[0] for r in rows[2:]] == ["2", "", "4", "5"] and rows[3][-1].startswith("整改时限：")

    again = read_ledger(rejects, CONTEXT, strict=False)  # not fixed yet: refused again, all of it
    assert again.problems == [] and len(again.rejected) == len(ledger.rejected)
    assert [(e.column, e.message) for e in again.errors] == [(e.column, e.message) for e in ledger.errors]

    fixed = read_ledger(_fix_csv(rejects, fixes), CONTEXT)
    whole = read_ledger(_fix_csv(path, fixes), CONTEXT)  # the ledger as it should have been
    assert "退回原因" not in fixed.ignored
    assert sorted(shape(ledger) + shape(fixed)) == sorted(shape(whole))
    assert len(shape(ledger)) + len(shape(fixed)) == len(shape(whole)) == 5
    assert {p.title for p in ledger.problems}.isdisjoint(p.title for p in fixed.problems)


def test_a_rejects_xlsx_keeps_sections_two_row_headers_and_reads_back(tmp_path: Path):
    from openpyxl import Workbook, load_workbook

    layout = LAYOUTS["05-审计整改情况统计表.xlsx"]
    workbook = Workbook()
    for row in layout["rows"]:
        workbook.active.append(row)
    for box in layout["merges"]:
        workbook.active.merge_cells(box)
    bad = workbook.active.cell(row=8, column=5)  # problem 3's deadline: bad, and text that looks like a formula
    bad.value, bad.data_type = "=HYPERLINK(\"x\")", "s"
    path = tmp_path / "审计.xlsx"
    workbook.save(path)

    ledger = read_ledger(path, CONTEXT, strict=False)
    assert [r.row for r in ledger.rejected] == [8] and len(ledger.problems) == 3
    out = write_rejects(tmp_path / "退回.xlsx", ledger.header_rows, ledger.rejected)
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][:9] == ["序号", "审计发现问题", "整改要求", "细化的整改措施", "整改时限", "整改责任", "整改责任",
                             "整改情况", "整改情况"]
    assert values[2][5:10] == ["整改第一责任人", "整改责任单位", "是否已完成整改", "是否销号", "退回原因"]
    assert values[3][0] == "二、资产管理方面"  # the section row above the refused one
    cell = sheet.cell(row=5, column=5)
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"  # text, never a formula

    sheet.cell(row=5, column=5).value = "2023年7月低"
    fixed_path = tmp_path / "fixed.xlsx"
    sheet.parent.save(fixed_path)
    fixed = read_ledger(fixed_path, CONTEXT)
    assert [(p.title, p.category, p.leader, [(r.department, r.role) for r in p.responsibilities],
             [(t.measure, t.deadline) for t in p.tasks]) for p in fixed.problems] == [
        ("固定资产账实不符", "资产管理方面", "张副校长", [("资产管理处", "lead"), ("财务处", "support")],
         [("开展固定资产全面清查，核销盘亏资产", date(2023, 7, 31))])]


def test_a_verified_problem_with_an_open_task_is_refused_whole(tmp_path: Path):
    path = tmp_path / "l.csv"
    path.write_text("问题,整改措施,完成时限,整改状态,是否销号\n"
                    "作业多,制定办法,6月30日,已完成,是\n"
                    ",问卷调查,7月31日,整改中,\n"
                    "食堂差,整改后厨,7月1日,已销号,\n"
                    "宿舍旧,检修,8月1日,整改中,是\n", encoding="utf-8")
    ledger = read_ledger(path, CONTEXT, strict=False)
    assert [(p.title, p.verified, [t.status for t in p.tasks]) for p in ledger.problems] == [
        ("食堂差", True, ["done"])]
    reasons = {r.row: r.reason for r in ledger.rejected}
    assert reasons[3] == "整改状态：问题已销号，但本行的任务未完成"
    assert reasons[2] == "同一问题的第 3 行有错误，本行一并退回"
    assert reasons[5] == "整改状态：“整改中”表示未完成，但本行已销号"


def test_rejects_rows_pad_to_the_widest_row_and_drop_trailing_empty_columns():
    from campaign_cli.importers.ledger import Rejected

    rows = rejects_rows([["问题", "完成时限", ""]], [Rejected(2, "原因", ["作业多", "6月35日"])])
    assert rows == [["问题", "完成时限", "退回原因"], ["作业多", "6月35日", "原因"]]


def test_a_rejects_file_must_be_csv_or_xlsx(tmp_path: Path):
    from campaign_cli.errors import UserError

    with pytest.raises(UserError):
        write_rejects(tmp_path / "退回.txt", [["问题"]], [])
