"""`report --format xlsx`: the 台账 — 问题清单, 责任清单, 任务清单 as they stood
at the month's end, plus the month's summary (月度汇总).

Written in openpyxl's write-only mode so a large campaign streams row by row.
Headers in the user's language, real date cells, a frozen header row,
column widths fitted to the content, and never a formula cell: text that
could start one is stored as a literal text cell (SPEC §7).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any, Iterable, Sequence

from campaign_cli.i18n import t
from campaign_cli.reports.formats import labels
from campaign_cli.reports.formats.csv import TASK_COLUMNS, task_cells
from campaign_cli.reports.formats import md as words
from campaign_cli.reports.formats.md import summary_lines
from campaign_cli.reports.formats.safe import is_formula_like, printable

DATE_FORMAT = "yyyy-mm-dd"
# Display widths (a CJK character counts two) clipped to this range.
MIN_WIDTH, MAX_WIDTH = 6, 60
SAMPLE_ROWS = 500  # widths are measured on the first rows, then fixed

# The task columns count the problem's own tasks (all of them, and those done), not the month's.
PROBLEM_COLUMNS = ("code", "title", "detail", "category", "term", "source", "found_on", "department",
                   "owner", "problem_tasks", "problem_tasks_done", "status", "resolved_on", "verified_on",
                   "verified_by")
RESPONSIBILITY_COLUMNS = ("problem", "problem_title", "department", "owner", "role")


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


class _Sheet:
    """A write-only sheet: header, buffered first rows to size the columns, then streaming."""

    def __init__(self, workbook: Any, title: str, headers: Sequence[str], freeze: bool = True) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.sheet = workbook.create_sheet(title)
        self.headers = list(headers)
        self.widths = [_width(h) for h in headers]
        self.buffer: list[list[Any]] = []
        self.flushed = False
        self.bold = Font(bold=True)
        self.fill = PatternFill("solid", fgColor="DDEBF7")
        self.wrap = Alignment(vertical="top", wrap_text=False)
        if freeze:
            self.sheet.freeze_panes = "A2"

    def cell(self, value: Any, header: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell

        value = printable(value)
        cell = WriteOnlyCell(self.sheet, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str) and is_formula_like(value):
            cell.data_type = "s"  # a literal text cell, never a formula
            cell.quotePrefix = True  # and Excel keeps it text when edited
        if header:
            cell.font = self.bold
            cell.fill = self.fill
        return cell

    def append(self, values: Sequence[Any]) -> None:
        if self.flushed:
            self.sheet.append([self.cell(v) for v in values])
            return
        self.buffer.append(list(values))
        for i, v in enumerate(values):
            if i < len(self.widths):
                self.widths[i] = max(self.widths[i], _width(v))
            else:
                self.widths.append(_width(v))
        if len(self.buffer) >= SAMPLE_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.flushed:
            return
        for i, w in enumerate(self.widths):
            self.sheet.column_dimensions[_column_letter(i)].width = min(MAX_WIDTH, max(MIN_WIDTH, w + 2))
        if self.headers:
            self.sheet.append([self.cell(h, header=True) for h in self.headers])
        for row in self.buffer:
            self.sheet.append([self.cell(v) for v in row])
        self.buffer = []
        self.flushed = True


def _problem_cells(r: dict[str, Any]) -> list[Any]:
    return [r["code"], r["title"], r["detail"], r["category"], labels.term(r["term"]), r["activity"],
            r["found_on"], r["department"], r["owner"], r["tasks"], r["done"],
            labels.problem_status(r["status"]), r["resolved_on"], r["verified_on"], r["verified_by"]]


def _summary(workbook: Any, document: dict[str, Any]) -> None:
    sheet = _Sheet(workbook, t("report.sheet.summary"), [], freeze=False)

    def block(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        sheet.append([])
        sheet.append([title])
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))

    sheet.append([labels.title(document)])
    sheet.append([labels.subtitle(document)])
    for line in summary_lines(document):
        sheet.append([line])
    p, a = document["problems"], document["activities"]
    block(t("report.section.problems"), [t("report.col.item"), t("report.col.count")],
          [[labels.count(key, document), p[key]] for key in ("opened", "resolved", "verified", "reopened",
                                                            "open_at_end", "research_findings")])
    block(t("report.section.tasks"), [t("report.col.item"), t("report.col.count")], words.task_figures(document))
    block(t("report.section.departments"), words.department_headers(), words.department_rows(document))
    block(t("report.section.activities"), [t("report.col.kind"), t("report.col.count")],
          [[labels.kind(key), n] for key, n in a["by_kind"].items()]
          + [[t("report.count.participants"), a["participants"]]])
    block(labels.counted(t("report.section.held"), len(a["held"])), words.held_headers(),
          [[date.fromisoformat(r["date"]), r["title"], labels.kind(r["kind"]), labels.unit(r["unit"]),
            r["participants"]] for r in a["held"]])
    block(t("report.col.unit"), [t("report.col.unit"), t("report.col.members"), t("report.col.activities"),
                                 t("report.col.participants")],
          [[labels.unit(u["unit"]), u["members"], u["activities"], u["participants"]] for u in a["by_unit"]])
    if a["by_target"]:
        block(t("report.col.target"), [t("report.col.target"), t("report.col.count")],
              [[labels.target(key), n] for key, n in a["by_target"].items()])
    block(t("report.section.overdue"),
          [t("report.col.code"), t("report.col.problem"), t("report.col.measure"), t("report.col.department"),
           t("report.col.owner"), t("report.col.deadline"), t("report.col.days_late")],
          [[r["code"], r["problem"], r["measure"], r["department"], r["owner"], date.fromisoformat(r["deadline"]),
            r["days_late"]] for r in document["overdue"]])
    if document["extensions"]:
        block(labels.counted(t("report.section.extensions"), len(document["extensions"])), words.extension_headers(),
              [[r["code"], r["problem"], r["measure"], r["department"], r["owner"],
                date.fromisoformat(r["old_deadline"]), date.fromisoformat(r["new_deadline"])]
               for r in document["extensions"]])
    sheet.flush()
    # The summary's first column holds long sentences: keep it readable.
    sheet.sheet.column_dimensions["A"].width = max(sheet.sheet.column_dimensions["A"].width or 0, 24)


def render_xlsx(document: dict[str, Any], ledger: Any, lang: str | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    problems = _Sheet(workbook, t("report.sheet.problems"), [t(f"report.col.{c}") for c in PROBLEM_COLUMNS])
    for row in ledger.problems():
        problems.append(_problem_cells(row))
    problems.flush()
    people = _Sheet(workbook, t("report.sheet.responsibilities"),
                    [t(f"report.col.{c}") for c in RESPONSIBILITY_COLUMNS])
    for row in ledger.responsibilities():
        people.append([row["problem"], row["problem_title"], row["department"], row["owner"],
                       labels.role(row["role"])])
    people.flush()
    tasks = _Sheet(workbook, t("report.sheet.tasks"), [t(f"report.col.{c}") for c in TASK_COLUMNS])
    for row in ledger.tasks():
        tasks.append(task_cells(row))
    tasks.flush()
    _summary(workbook, document)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
