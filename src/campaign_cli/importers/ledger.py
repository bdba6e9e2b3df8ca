"""Reading a problem ledger (台账) from CSV or XLSX into rows; never writes.

A ledger is a sheet with one row per measure (整改措施): the problem it
belongs to, who owns it, by when. Headers may be Chinese or English (see
`HEADERS`; `--map 列名=field` adds or overrides one). Rows are numbered as
the spreadsheet shows them (the header is row 1).

Rules (documented in the README, "Exports and imports"):

- Rows with the same problem title are one problem with several tasks, in
  row order; a row whose title cell is empty continues the problem above
  (merged cells in Excel leave the cells below the first one empty), and
  its empty owner, department and deadline cells take the row above's.
- The problem's detail, category, term and found-on date come from its
  first row.
- Every bad cell of every row is collected; `LedgerErrors` names them all.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from campaign_cli.errors import UsageError, UserError

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")

FIELDS = ("title", "detail", "measure", "department", "owner", "deadline", "category", "term",
          "found_on", "status", "done_on", "evidence")
IGNORE = "ignore"

# Header text (normalised by `_header_key`) → field.
HEADERS: dict[str, str] = {}
for _field, _words in {
    "title": ("问题", "问题描述", "存在问题", "问题表现", "问题名称", "问题清单", "主要问题", "具体问题",
              "title", "problem", "issue"),
    "detail": ("问题详情", "具体表现", "详细描述", "问题说明", "detail", "details", "description"),
    "measure": ("整改措施", "解决措施", "措施", "整改举措", "工作措施", "具体措施", "任务", "任务内容",
                "measure", "action", "task"),
    "department": ("责任部门", "责任单位", "牵头部门", "责任处室", "部门", "department", "dept", "unit"),
    "owner": ("责任人", "负责人", "牵头人", "具体责任人", "owner", "responsible", "person"),
    "deadline": ("完成时限", "整改时限", "完成时间", "截止日期", "截止时间", "时限", "完成期限",
                 "deadline", "due", "duedate", "dueon"),
    "category": ("类别", "问题类别", "问题类型", "分类", "category", "type"),
    "term": ("期限类型", "整改类型", "整改期限", "期限", "term"),
    "found_on": ("发现日期", "发现时间", "查摆时间", "查找时间", "foundon", "found", "founddate"),
    "status": ("状态", "完成情况", "整改情况", "进展情况", "整改状态", "进展", "status", "progress"),
    "done_on": ("完成日期", "实际完成时间", "实际完成日期", "doneon", "donedate", "completed",
                "completedon"),
    "evidence": ("佐证材料", "整改成效", "成效", "完成佐证", "佐证", "备注", "evidence", "notes", "note"),
    IGNORE: ("序号", "编号", "问题编号", "任务编号", "预警", "no", "code", "problemcode", "taskcode", "signal",
             "#"),
}.items():
    for _word in _words:
        HEADERS[_word] = _field

REQUIRED = ("title", "deadline")
DATE_FIELDS = ("deadline", "found_on", "done_on")



def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", text)  # 完成时限（截止日期）
    return re.sub(r"[\s_\-*:：]+", "", text)


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str


class LedgerErrors(UserError):
    """Some rows are bad: every one is named, nothing was written."""

    def __init__(self, errors: list[CellError]) -> None:
        rows = sorted({e.row for e in errors})
        super().__init__("transfer.bad_rows", count=len(rows), details=format_errors(errors))
        self.errors = errors


def format_errors(errors: list[CellError], detailed: int = 50) -> str:
    from campaign_cli.i18n import t

    by_row: dict[int, list[CellError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    lines = []
    rows = sorted(by_row)
    for row in rows[:detailed]:
        cells = t("transfer.cell_sep").join(t("transfer.cell", column=e.column, message=e.message)
                                            for e in by_row[row])
        lines.append(t("transfer.row", row=row, cells=cells))
    if len(rows) > detailed:
        lines.append(t("transfer.more_rows", count=len(rows) - detailed, rows=_ranges(rows[detailed:])))
    return "\n".join(lines)


def _ranges(numbers: list[int]) -> str:
    parts, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


@dataclass
class LedgerTask:
    row: int
    measure: str
    owner: str | None
    department: str | None
    deadline: date
    status: str  # todo | doing | done
    done_on: date | None
    evidence: str | None


@dataclass
class LedgerProblem:
    row: int  # its first row
    title: str
    detail: str | None
    category: str | None
    term: str | None  # None: decided from the first deadline (domain.problems.default_term)
    found_on: date | None  # None: today
    tasks: list[LedgerTask] = field(default_factory=list)


@dataclass
class Ledger:
    path: Path
    rows: int  # data rows read (blank rows skipped)
    columns: dict[str, str]  # field → the header it was read from
    ignored: list[str]  # headers nobody reads
    problems: list[LedgerProblem]

    @property
    def tasks(self) -> int:
        return sum(len(p.tasks) for p in self.problems)

    def departments(self) -> list[str]:
        seen: dict[str, None] = {}
        for problem in self.problems:
            for task in problem.tasks:
                if task.department:
                    seen.setdefault(task.department, None)
        return list(seen)


def parse_map(options: Iterable[str]) -> dict[str, str]:
    """`--map 列名=field` options → {normalised header: field}."""
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, target = option.partition("=")
        target = target.strip().lower().replace("-", "_")
        if not sep or not column.strip() or target not in (*FIELDS, IGNORE):
            raise UsageError("transfer.bad_map", value=option, fields=", ".join((*FIELDS, IGNORE)))
        mapping[_header_key(column)] = target
    return mapping


# ---------------------------------------------------------------------------
# Reading cells
# ---------------------------------------------------------------------------


def check_file(path: Path) -> str:
    """The file's kind ('csv' or 'xlsx'), or a clear error."""
    if not path.exists():
        raise UserError("transfer.not_found", file=str(path))
    if not path.is_file():
        raise UserError("transfer.not_found", file=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError("transfer.too_large", file=str(path), size=f"{size / 1024 / 1024:.1f}",
                        limit=MAX_BYTES // 1024 // 1024)
    if size == 0:
        raise UserError("transfer.empty", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UserError("transfer.convert_xls", file=str(path))
    if suffix not in SUFFIXES:
        raise UserError("transfer.bad_extension", file=str(path), suffix=suffix or "''")
    return "xlsx" if suffix in (".xlsx", ".xlsm") else "csv"


def _decode(data: bytes, path: Path) -> str:
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UserError("transfer.bad_encoding", file=str(path))


def _csv_rows(path: Path) -> tuple[int, Iterator[list[Any]]]:
    text = _decode(path.read_bytes(), path)
    if "\x00" in text:
        raise UserError("transfer.malformed", file=str(path), reason="binary data")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    total = text.count("\n") + 1
    return total, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(path: Path) -> tuple[int, Iterator[tuple[Any, ...]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for candidate in workbook.worksheets:  # an exported workbook: its task list
            if candidate.title in ("任务清单", "Tasks"):
                sheet = candidate
                break
        total = sheet.max_row or 0
    except (BadZipFile, KeyError, OSError, ValueError, IndexError) as exc:
        raise UserError("transfer.malformed", file=str(path), reason=str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # openpyxl's InvalidFileException and friends
        raise UserError("transfer.malformed", file=str(path), reason=str(exc) or type(exc).__name__) from exc

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            yield from sheet.iter_rows(values_only=True)
        except Exception as exc:
            raise UserError("transfer.malformed", file=str(path), reason=str(exc) or type(exc).__name__) from exc
        finally:
            workbook.close()

    return total, rows()


def _text(value: Any) -> str:
    if value.__class__ is str:  # every CSV cell: the common case first
        text = value.strip()
        return text[1:] if text[:1] == "'" and len(text) > 1 and text[1] in "=+-@\t\r" else text
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text[1:] if text.startswith("'") and len(text) > 1 and text[1] in "=+-@\t\r" else text


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def term_of(text: str) -> str | None:
    from campaign_cli.domain.vocabulary import TERMS, find

    return find(TERMS, text)


def status_of(text: str) -> str | None:
    """todo / doing / done from what people write in 完成情况."""
    from campaign_cli.domain.vocabulary import TASK_STATUSES, find

    s = unicodedata.normalize("NFKC", text).strip().lower()
    if not s:
        return "todo"
    if find(TASK_STATUSES, s):  # the words `issue list --status` takes
        return find(TASK_STATUSES, s)
    if s.startswith(("未完成", "未开始", "未整改", "待", "todo", "open", "not ")) or s in ("否", "no", "x"):
        return "todo"
    if s.startswith(("已完成", "完成", "已整改", "整改完成", "已办结", "办结", "已销号", "done", "completed",
                     "finished", "resolved", "verified")) or s in ("是", "yes", "✓", "√"):
        return "done"
    if any(w in s for w in ("进行", "推进", "整改中", "实施中", "doing", "in progress", "in-progress",
                            "ongoing", "started")):
        return "doing"
    return None


class _Dates:
    """parse_date with a cache: a ledger repeats a few dates many times."""

    def __init__(self, year: int, today: date) -> None:
        from campaign_cli.dates import parse_date

        self._parse = parse_date
        self.year, self.today = year, today
        self._seen: dict[str, date | None] = {}

    def __call__(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if text not in self._seen:
            try:
                self._seen[text] = self._parse(text, year=self.year, today=self.today)
            except UserError:
                self._seen[text] = None
        return self._seen[text]


# ---------------------------------------------------------------------------
# The ledger
# ---------------------------------------------------------------------------


def _find_header(rows: Iterator[Any], mapping: dict[str, str]) -> tuple[int, list[str], list[Any]]:
    """The header row: the first of the first ten that names a title or a
    measure column and one more known column. Returns its number, its cells
    and their fields; (0, the first row's cells, []) when there is none."""
    first: list[str] = []
    for number in range(1, 11):
        try:
            cells = [_text(c) for c in next(rows)]
        except StopIteration:
            break
        first = first or [c for c in cells if c]
        fields = [mapping.get(_header_key(c)) or HEADERS.get(_header_key(c)) for c in cells]
        known = [f for f in fields if f and f != IGNORE]
        if ("title" in known or "measure" in known) and len(known) >= 2:
            return number, cells, fields
    return 0, first, []


def read_ledger(path: Path, *, year: int, today: date, mapping: dict[str, str] | None = None,
                progress: Callable[[int, int], None] | None = None) -> Ledger:
    """Parse `path` into problems and tasks, or raise LedgerErrors naming
    every bad row, or a UserError for a file that is not a ledger."""
    path = Path(path)
    kind = check_file(path)
    mapping = mapping or {}
    total, rows = _xlsx_rows(path) if kind == "xlsx" else _csv_rows(path)
    try:
        header_row, headers, fields = _find_header(iter(rows), mapping)
    except csv.Error as exc:
        raise UserError("transfer.malformed", file=str(path), reason=str(exc)) from exc
    if not header_row:
        raise UserError("transfer.no_header", file=str(path), expected="问题, 整改措施, 责任部门, 责任人, 完成时限",
                        first="、".join(headers[:12]) or "-")
    header_keys = {_header_key(h) for h in headers}
    for column in mapping:
        if column not in header_keys:
            raise UserError("transfer.map_unknown_column", column=column, headers="、".join(h for h in headers if h))
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, (header, found) in enumerate(zip(headers, fields)):
        if found and found != IGNORE and found not in columns:
            columns[found] = index
        elif header and not found:
            ignored.append(header)
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise UserError("transfer.missing_columns", fields=", ".join(missing),
                        headers="、".join(h for h in headers if h))
    names = {f: headers[i] for f, i in columns.items()}

    dates = _Dates(year, today)
    errors: list[CellError] = []
    problems: list[LedgerProblem] = []
    by_title: dict[str, LedgerProblem] = {}
    previous: LedgerProblem | None = None
    last: LedgerTask | None = None
    count = 0
    number = header_row
    from campaign_cli.domain.names import normalise_name as normalise
    from campaign_cli.i18n import t

    # Owners, departments and statuses repeat down a ledger: each is
    # normalised once (titles are mostly unique and are not cached).
    seen_names: dict[str, str] = {}
    seen_status: dict[str, str | None] = {}

    def normalise_name(text: str) -> str:
        found = seen_names.get(text)
        if found is None:
            found = seen_names[text] = normalise(text)
        return found

    def cell(values: list[Any], name: str) -> Any:
        i = columns.get(name)
        return values[i] if i is not None and i < len(values) else None

    column_items = list(columns.items())
    try:
        for raw in rows:
            number += 1
            if progress and number % 1000 == 0:
                progress(number, max(total, number))
            values = list(raw)
            width = len(values)
            texts = {f: _text(values[i]) if i < width else "" for f, i in column_items}
            if not any(texts.values()):
                continue  # a blank row
            count += 1
            bad: list[CellError] = []

            def fail(name: str, key: str, **params: Any) -> None:
                bad.append(CellError(number, names.get(name, name), t(key, **params)))

            title = normalise(texts.get("title", ""))
            continues = not title and previous is not None
            if not title and not continues:
                fail("title", "transfer.need_title")
            measure = texts.get("measure", "").strip() or title or (previous.title if previous else "")
            owner = normalise_name(texts.get("owner", "")) or (last.owner if continues and last else None)
            department = normalise_name(texts.get("department", "")) or (
                last.department if continues and last else None)
            deadline = None
            if texts.get("deadline"):
                deadline = dates(cell(values, "deadline"))
                if deadline is None:
                    fail("deadline", "transfer.bad_date", value=texts["deadline"])
            elif continues and last:
                deadline = last.deadline
            else:
                fail("deadline", "transfer.need_value")
            found_on = None
            if texts.get("found_on"):
                found_on = dates(cell(values, "found_on"))
                if found_on is None:
                    fail("found_on", "transfer.bad_date", value=texts["found_on"])
            done_on = None
            if texts.get("done_on"):
                done_on = dates(cell(values, "done_on"))
                if done_on is None:
                    fail("done_on", "transfer.bad_date", value=texts["done_on"])
                elif done_on > today:
                    fail("done_on", "transfer.done_in_future", value=done_on.isoformat(), today=today.isoformat())
            status_text = texts.get("status", "")
            if status_text not in seen_status:
                seen_status[status_text] = status_of(status_text)
            status = seen_status[status_text]
            if status is None:
                fail("status", "transfer.bad_status", value=texts["status"])
            elif status != "done" and done_on is not None:
                if texts.get("status"):
                    fail("status", "transfer.done_on_not_done", value=texts["status"])
                status = "done"
            term = None
            if texts.get("term"):
                term = term_of(texts["term"])
                if term is None:
                    fail("term", "transfer.bad_term", value=texts["term"])
            if bad:
                errors.extend(bad)
                last = None
                continue

            key = title or (previous.title if previous else "")
            problem = by_title.get(key)
            if problem is None:
                problem = LedgerProblem(row=number, title=key, detail=texts.get("detail") or None,
                                        category=texts.get("category") or None, term=term, found_on=found_on)
                by_title[key] = problem
                problems.append(problem)
            last = LedgerTask(row=number, measure=measure, owner=owner or None, department=department or None,
                              deadline=deadline,  # type: ignore[arg-type]
                              status=status or "todo", done_on=done_on if status == "done" else None,
                              evidence=texts.get("evidence") or None)
            problem.tasks.append(last)
            previous = problem
    except csv.Error as exc:
        raise UserError("transfer.malformed", file=str(path), reason=f"row {number}: {exc}") from exc
    if progress:
        progress(max(total, number), max(total, number))
    if errors:
        raise LedgerErrors(errors)
    if not problems:
        raise UserError("transfer.no_rows", file=str(path))
    return Ledger(path=path, rows=count, columns=names, ignored=ignored, problems=problems)
