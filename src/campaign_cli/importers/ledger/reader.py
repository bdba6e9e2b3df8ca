"""A ledger (台账) sheet → problems, their responsibilities and tasks; never writes.

How rows become the three lists:

- Each data row is one measure, or several: numbered measures in one cell
  (`1.…；2.…`, `（1）…`, `①…`, `一是…`) and several deadlines in one cell
  (`7月、12月`, `4月底前：…\\n6月底前：…`) give one task each.
- Rows with the same problem title are one problem with several tasks, in
  row order; a row whose title cell is empty continues the problem above
  and takes its owner, departments and deadline when its own are empty
  (in an XLSX file a merged cell gives its value to every row it covers).
- A section row (`一、思想认识方面`) is the category of the rows under it; a
  合计 / 注 / 备注 / 填表人 … row ends the table; a 小计 row is skipped.
- The problem's detail, category, term, found-on date and leader (责任领导)
  come from its first row. The first department and owner of its first row
  are the lead responsibility; every other department or owner named on
  its rows (`保卫处、后勤管理处`, 配合单位) is a support one.
- A bad cell refuses its row, and a problem with a refused row is refused
  whole (every one of its rows), so a fixed rejects sheet imports as the
  problems it holds, nothing lost and nothing doubled.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from campaign_cli.errors import UserError
from campaign_cli.importers.ledger import words
from campaign_cli.importers.ledger.cells import Sheet, check_file, clean, text_of
from campaign_cli.importers.ledger.deadlines import BadDeadline, Deadline, LedgerContext, read_deadlines
from campaign_cli.importers.ledger.headers import IGNORE, Header, find_header
from campaign_cli.importers.ledger.values import (DONE, TODO, split_items, split_names, split_unit_person,
                                                  read_status, term_of, verified_of)

LEAD, SUPPORT = "lead", "support"

_SECTION = re.compile("|".join(f"(?:{p})" for p in words.SECTION_PATTERNS))
_END = re.compile("|".join(f"(?:{p})" for p in words.END_ROW_PATTERNS), re.I)
_SKIP = re.compile("|".join(f"(?:{p})" for p in words.SKIP_ROW_PATTERNS), re.I)
_MULTILINE = frozenset(words.MULTILINE_FIELDS)


def sheet_rows(header: Any, rows: Any) -> Any:
    """The rows below a side sheet's header (an activity record, a roster):
    (row number as the spreadsheet shows it, cell values, cell texts) of each
    row with something in it, up to a closing row (合计, 填表人…)."""
    from itertools import chain

    for number, raw in enumerate(chain(header.after, rows), header.last_row + 1):
        values = list(raw)
        texts = [text_of(v) for v in values]
        filled = [s for s in texts if s]
        if not filled:
            continue
        if _END.match(clean(filled[0])):
            return
        yield number, values, texts
# Cells a row that continues the problem above takes from the row above when its own are empty.
_INHERITED = ("owner", "department", "support", "support_owner", "department_owner", "deadline")
_LABELLED = ("goal", "source")  # folded into the problem's detail as `header：text`
_RAW_FIELDS = frozenset({"found_on", "verified_on", "done_on", "deadline"})  # read from the cell's value (a date)
_UNREAD = object()


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
        lines.append(t("transfer.row", row=row, cells=_cells_text(by_row[row])))
    if len(rows) > detailed:
        lines.append(t("transfer.more_rows", count=len(rows) - detailed, rows=ranges(rows[detailed:])))
    return "\n".join(lines)


def _cells_text(errors: list[CellError]) -> str:
    from campaign_cli.i18n import t

    return t("transfer.cell_sep").join(t("transfer.cell", column=e.column, message=e.message) for e in errors)


def ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] → '3-5, 9'."""
    if not numbers:
        return ""
    parts, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


@dataclass(slots=True)
class Responsibility:
    department: str | None
    owner: str | None
    role: str  # lead | support


_NO_LEAD = Responsibility(None, None, LEAD)  # a row naming nobody: its tasks have no owner or department (only read)


@dataclass(slots=True)
class LedgerTask:
    row: int  # the sheet row it came from
    measure: str
    owner: str | None
    department: str | None
    deadline: date
    status: str  # todo | doing | done
    done_on: date | None
    evidence: str | None


@dataclass(slots=True)
class LedgerProblem:
    row: int  # its first sheet row
    title: str
    detail: str | None
    category: str | None
    term: str | None  # None: decided from the first deadline (domain.problems.default_term)
    found_on: date | None  # None: today
    tasks: list[LedgerTask] = field(default_factory=list)
    leader: str | None = None  # 责任领导 / 分管领导 / 牵头校领导
    responsibilities: list[Responsibility] = field(default_factory=list)  # the lead first
    verified: bool = False  # 已销号 / 是否销号 = 是 (every task is then done)
    verified_on: date | None = None  # 销号时间; None with verified: the writer's default
    rows: list[int] = field(default_factory=list)  # every sheet row it came from


@dataclass(frozen=True)
class Rejected:
    """A refused row: its number, why, and its cells as the sheet has them
    (merged cells filled in), to be written back through `rejects_sheet`."""

    row: int
    reason: str
    cells: list[str]
    section: list[str] | None = None  # the section row above it, as the sheet has it
    errors: tuple[CellError, ...] = ()


@dataclass(frozen=True)
class Notice:
    """Something the command should tell the user: an i18n key, its params."""

    key: str
    rows: tuple[int, ...]
    params: dict[str, Any]


@dataclass
class Ledger:
    path: Path
    kind: str  # csv | xlsx
    rows: int  # data rows read (blank, section and sub-total rows not counted)
    columns: dict[str, str]  # field → the header it was read from
    ignored: list[str]  # headers nobody reads, and blank-headed columns holding data
    problems: list[LedgerProblem]
    rejected: list[Rejected] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)  # the bad cells of the rejected rows
    header_rows: list[list[str]] = field(default_factory=list)  # the sheet's rows down to the header's last
    notices: list[Notice] = field(default_factory=list)

    @property
    def tasks(self) -> int:
        return sum(len(p.tasks) for p in self.problems)

    def departments(self) -> list[str]:
        seen: dict[str, None] = {}
        for problem in self.problems:
            for responsibility in problem.responsibilities:
                if responsibility.department:
                    seen.setdefault(responsibility.department, None)
            for task in problem.tasks:
                if task.department:
                    seen.setdefault(task.department, None)
        return list(seen)

    def raise_for_rejected(self) -> None:
        """All or nothing (no --rejects): any refused row refuses the file."""
        if self.errors:
            raise LedgerErrors(self.errors)


@dataclass(slots=True)
class _Row:
    """One data row as read, before rows are grouped into problems."""

    number: int
    key: str  # the problem title it belongs to
    cells: list[str]
    section: list[str] | None
    errors: list[CellError] = field(default_factory=list)
    tasks: list[LedgerTask] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    detail: str | None = None
    category: str | None = None
    term: str | None = None
    found_on: date | None = None
    leader: str | None = None
    verified: bool = False
    verified_on: date | None = None
    notes: set[str] = field(default_factory=set)
    values: dict[str, Any] = field(default_factory=dict)  # effective cell values (inherited filled in)


class _Dates:
    """parse_date with a cache: a ledger repeats a few dates many times."""

    def __init__(self, context: LedgerContext) -> None:
        from campaign_cli.dates import parse_date

        self._parse = parse_date
        self.context = context
        self._seen: dict[str, date | None] = {}

    def __call__(self, value: Any) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = clean(text_of(value))
        if text not in self._seen:
            try:
                self._seen[text] = self._parse(text, year=self.context.year, today=self.context.today)
            except UserError:
                self._seen[text] = None
        return self._seen[text]


def default_context(year: int, today: date) -> LedgerContext:
    return LedgerContext(year=year, today=today)


def read_ledger(path: Path, context: LedgerContext | None = None, *, year: int | None = None,
                today: date | None = None, mapping: dict[str, str] | None = None,
                progress: Callable[[int, int], None] | None = None, strict: bool = True) -> Ledger:
    """Parse `path` into problems and tasks. Every row is read: with
    `strict` any refused row raises LedgerErrors naming every bad row (all
    or nothing); without it the refused rows are in `Ledger.rejected` and
    the good problems in `Ledger.problems`. A file that is no ledger at all
    is a UserError either way."""
    if context is None:
        if year is None or today is None:
            raise TypeError("read_ledger needs a context, or year and today")
        context = default_context(year, today)
    path = Path(path)
    sheet = Sheet(path, check_file(path))
    reader = _Reader(sheet, context, mapping or {}, progress)
    # A big ledger makes a few objects per row and keeps them all: the cyclic
    # collector would walk them again and again (2-3x the time) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        ledger = reader.read()
    finally:
        if collecting:
            gc.enable()
    if strict:
        ledger.raise_for_rejected()
    if not ledger.problems and not ledger.rejected:
        raise UserError("transfer.no_rows", file=str(path))
    return ledger


class _Reader:
    def __init__(self, sheet: Sheet, context: LedgerContext, mapping: dict[str, str],
                 progress: Callable[[int, int], None] | None) -> None:
        from campaign_cli.domain.names import normalise_name

        self.sheet, self.context, self.mapping, self.progress = sheet, context, mapping, progress
        self.dates = _Dates(context)
        self._names: dict[str, str] = {}
        self._splits: dict[str, list[str]] = {}
        self._normalise = normalise_name
        self._deadlines: dict[tuple[str, date | None], list[Deadline] | BadDeadline] = {}
        self._statuses: dict[str, tuple[str, bool] | None] = {}
        self._items: dict[str, list[str]] = {}

    # -- small cached readers ------------------------------------------------

    def name(self, text: str) -> str:
        found = self._names.get(text)
        if found is None:
            found = self._names[text] = self._normalise(clean(text))
        return found

    def names(self, text: str) -> list[str]:
        if not text:
            return []
        found = self._splits.get(text)
        if found is None:
            found = self._splits[text] = [self.name(n) for n in split_names(text)]
        return list(found)

    def deadlines(self, value: Any, found_on: date | None) -> list[Deadline]:
        if isinstance(value, (date, datetime)):
            return read_deadlines(value, self.context, found_on)
        key = (text_of(value), found_on)
        found = self._deadlines.get(key)
        if found is None:
            try:
                found = read_deadlines(value, self.context, found_on)
            except BadDeadline as exc:
                found = exc
            self._deadlines[key] = found
        if isinstance(found, BadDeadline):
            raise found
        return found

    def items(self, text: str) -> list[str]:
        """split_items, once per distinct text (the list is only read)."""
        found = self._items.get(text)
        if found is None:
            found = self._items[text] = split_items(text)
        return found

    def status(self, text: str) -> tuple[str, bool] | None:
        if text not in self._statuses:
            self._statuses[text] = read_status(text)
        return self._statuses[text]

    # -- the sheet -----------------------------------------------------------

    def read(self) -> Ledger:
        from campaign_cli.i18n import t

        rows = iter(self.sheet.rows)
        header = find_header(rows, self.mapping, str(self.sheet.path))
        self.header = header
        names = {f: header.name_of(f) for f in header.columns}
        self.column_names = names
        width = len(header.names)
        blank = {i for i, n in enumerate(header.names) if not n}
        blank_with_data: set[int] = set()
        items = list(header.columns.items())
        # What `_row` needs of the header, worked out once for every row.
        self._span = max((i for _, i in items), default=-1) + 1  # a row this wide holds every field's cell
        self._raw_items = [(f, i) for f, i in items if f in _RAW_FIELDS]
        self._detailed = any(f in header.columns for f in ("detail", *_LABELLED))
        results: list[_Row] = []
        section: list[str] | None = None
        category: str | None = None
        previous: _Row | None = None
        count = 0
        notes: dict[str, list[int]] = {}
        number = header.last_row
        total = self.sheet.total

        def all_rows():
            yield from header.after
            yield from rows

        for raw in all_rows():
            number += 1
            if self.progress and number % 1000 == 0:
                self.progress(number, max(total, number))
            values = list(raw)
            # every CSV cell is a str: strip it here, the rest through text_of
            texts = [v.strip() if v.__class__ is str else text_of(v) for v in values]
            filled = [s for s in texts if s]
            if not filled:
                continue  # a blank row
            first = filled[0]
            if not first[0].isdigit():  # most rows start with their 序号
                first = clean(first)
                if _END.match(first):
                    notes.setdefault("ended", []).append(number)
                    self.ended = (number, first)
                    break
                if _SKIP.match(first):
                    notes.setdefault("subtotal", []).append(number)
                    continue
            if filled.count(filled[0]) == len(filled) and self._is_section(texts, filled, header):
                section = texts
                category = _SECTION.sub("", clean(filled[0]), count=1).strip() or clean(filled[0])
                notes.setdefault("sections", []).append(number)
                previous = None
                continue
            for i in blank:
                if i < len(texts) and texts[i]:
                    blank_with_data.add(i)
            if len(texts) > width:
                blank_with_data.update(i for i in range(width, len(texts)) if texts[i])
            count += 1
            row = self._row(number, values, texts, items, previous, section, category)
            for note in row.notes:
                notes.setdefault(note, []).append(number)
            results.append(row)
            previous = row
        if self.progress:
            self.progress(max(total, number), max(total, number))

        problems, rejected, errors = self._group(results)
        accepted = {r for p in problems for r in p.rows}
        ignored = list(header.ignored) + [t("ledger.blank_column", column=_letter(i)) for i in sorted(blank_with_data)]
        return Ledger(path=self.sheet.path, kind=self.sheet.kind, rows=count, columns=names, ignored=ignored,
                      problems=problems, rejected=rejected, errors=errors,
                      header_rows=[[text_of(v) for v in r] for r in header.rows],
                      notices=self._notices(notes, accepted))

    def _is_section(self, texts: list[str], filled: list[str], header: Header) -> bool:
        """One text on the row (a merged cell fills every column with it), a
        section's numbering, or alone in a column that holds no field."""
        if len(set(filled)) != 1:
            return False
        text = clean(filled[0])
        if _SECTION.match(text) or len(filled) >= 3:
            return True  # numbered, or merged across the table
        where = next(i for i, s in enumerate(texts) if s)
        return (where not in set(header.columns.values()) and len(text) <= 40
                and not re.fullmatch(r"[\d.\s]+", text))

    # -- one row -------------------------------------------------------------

    def _row(self, number: int, values: list[Any], texts: list[str], items: list[tuple[str, int]],
             previous: _Row | None, section: list[str] | None, category: str | None) -> _Row:
        # Every cell of the row is looked at once, for the fields the header
        # has: a cell a field lacks is "" (the checks below skip it), and
        # only the cells read as dates or deadlines keep their raw value.
        if len(values) >= self._span:
            cell = {f: texts[i] for f, i in items}
            raw = {f: values[i] for f, i in self._raw_items}
        else:
            width = len(values)
            cell = {f: texts[i] if i < width else "" for f, i in items}
            raw = {f: values[i] if i < width else None for f, i in self._raw_items}
        for f, text in cell.items():
            if text[:1] == "'":
                cell[f] = text_of(text)  # a CSV export's formula guard
        get = cell.get
        title = clean(get("title", ""))
        continues = not title and previous is not None
        if continues:
            title = previous.key  # type: ignore[union-attr]
            for name in _INHERITED:
                if name in cell and not cell[name] and previous.values.get(name):  # type: ignore[union-attr]
                    cell[name] = previous.values[name]  # type: ignore[union-attr]
                    raw[name] = previous.values[name]  # type: ignore[union-attr]
        row = _Row(number, title, texts, section, values=cell)

        where: list[int] = []  # each error's column, to name them in the sheet's order

        def fail(name: str, key: str, **params: Any) -> None:
            from campaign_cli.i18n import t

            where.append(self.header.columns.get(name, -1))
            row.errors.append(CellError(number, self.column_names.get(name, name), t(key, **params)))

        if not title:
            fail("title", "transfer.need_title")

        # problem-level cells
        if "found_on" in raw:
            row.found_on = self._date_cell(cell, raw, "found_on", fail)
        if self._detailed:
            names = self.column_names
            parts = [clean(cell["detail"], multiline=True)] if get("detail") else []
            parts += [f"{names[f]}：{clean(cell[f], multiline=True)}" for f in _LABELLED if get(f)]
            row.detail = "\n".join(p for p in parts if p) or None
        row.category = clean(get("category", "")) or category
        leader = get("leader")
        row.leader = (clean(leader) or None) if leader else None
        term = get("term")
        if term:
            row.term = term_of(term)
            if row.term is None:
                fail("term", "transfer.bad_term", value=term)

        # verification (销号) and status
        verified = False
        if get("verified"):
            found = verified_of(cell["verified"])
            if found is None:
                fail("verified", "ledger.bad_verified", value=cell["verified"])
            verified = bool(found)
        if "verified_on" in raw:
            row.verified_on = self._date_cell(cell, raw, "verified_on", fail)
            if row.verified_on is not None:
                verified = True
        status_text = get("status", "")
        read = self._statuses.get(status_text, _UNREAD)
        if read is _UNREAD:
            read = self.status(status_text)
        status = TODO
        if read is None:
            fail("status", "transfer.bad_status", value=status_text)
        else:
            status, says_verified = read
            verified = verified or says_verified
        done_on = self._date_cell(cell, raw, "done_on", fail) if "done_on" in raw else None
        if done_on is not None and done_on > self.context.today:
            fail("done_on", "transfer.done_in_future", value=done_on.isoformat(), today=self.context.today.isoformat())
        if done_on is not None and status != DONE:
            if status_text.strip():
                fail("status", "transfer.done_on_not_done", value=status_text)
            status = DONE
        if verified and status != DONE:
            if status_text.strip():
                fail("status", "ledger.verified_not_done", value=status_text)
            status = DONE
        row.verified = verified

        # who: the lead department and owner, then support ones
        departments = self.names(get("department", ""))
        owners = self.names(get("owner", ""))
        together = get("department_owner")
        if together:
            for text in split_names(together):
                unit, person = split_unit_person(text)
                departments.append(self.name(unit))
                if person:
                    owners.append(self.name(person))
        support = self.names(get("support", ""))
        support_owners = self.names(get("support_owner", ""))
        row.responsibilities = _responsibilities(departments, owners, support, support_owners)
        lead = row.responsibilities[0] if row.responsibilities else _NO_LEAD

        # what and by when: one task per measure / deadline
        evidence = get("evidence")
        evidence = (clean(evidence, multiline=True) or None) if evidence else None
        measure_text = get("measure")
        measure_text = (clean(measure_text, multiline=True) if measure_text else "") or title
        measures = self.items(measure_text) if measure_text else [""]
        deadlines: list[Deadline] = []
        if get("deadline") or isinstance(raw.get("deadline"), (date, datetime)):
            try:
                deadlines = self.deadlines(raw["deadline"], row.found_on)
            except BadDeadline as exc:
                fail("deadline", exc.key, **exc.params)
        else:
            fail("deadline", "transfer.need_value")
        if deadlines:
            for d in deadlines:
                if d.note:
                    row.notes.add(d.note)
                if d.term and row.term is None:
                    row.term = d.term
            pairs = _pair(measures, deadlines)
            if pairs is None:
                fail("deadline", "ledger.items_mismatch", measures=len(measures), deadlines=len(deadlines))
            else:
                if len(pairs) > 1:
                    row.notes.add("split")
                task_done_on = done_on if status == DONE else None
                for measure, deadline in pairs:
                    row.tasks.append(LedgerTask(number, measure, lead.owner, lead.department, deadline, status,
                                                task_done_on, evidence))
        if len(row.errors) > 1:
            row.errors = [e for _, e in sorted(zip(where, row.errors), key=lambda pair: pair[0])]
        return row

    def _date_cell(self, cell: dict[str, str], raw: dict[str, Any], name: str, fail: Callable[..., None]) -> date | None:
        value = raw.get(name)
        if isinstance(value, (date, datetime)):
            return self.dates(value)
        if not cell.get(name):
            return None
        found = self.dates(value)
        if found is None:
            fail(name, "transfer.bad_date", value=clean(cell[name]))
        return found

    # -- rows → problems -------------------------------------------------------

    def _group(self, rows: list[_Row]) -> tuple[list[LedgerProblem], list[Rejected], list[CellError]]:
        from campaign_cli.i18n import t

        groups: dict[str, list[_Row]] = {}
        loose: list[_Row] = []  # bad rows that name no problem
        for row in rows:
            if row.key:
                groups.setdefault(row.key, []).append(row)
            else:
                loose.append(row)
        problems: list[LedgerProblem] = []
        refused: list[tuple[_Row, str]] = [(r, _cells_text(r.errors)) for r in loose]
        for key, members in groups.items():
            problem = None if any(r.errors for r in members) else _problem(key, members)
            if problem is not None and problem.verified:
                open_rows = [r for r in members if any(task.status != DONE for task in r.tasks)]
                for r in open_rows:
                    r.errors.append(CellError(r.number, self.column_names.get("status", "status"),
                                              t("ledger.verified_task_open")))
                if open_rows:
                    problem = None
            if problem is not None:
                problems.append(problem)
                continue
            bad = [r.number for r in members if r.errors]
            for r in members:
                reason = _cells_text(r.errors) if r.errors else t("ledger.rejected_with_problem", rows=ranges(bad))
                refused.append((r, reason))
        refused.sort(key=lambda item: item[0].number)
        rejected = [Rejected(r.number, reason, r.cells, r.section, tuple(r.errors)) for r, reason in refused]
        errors = [e for r, _ in refused for e in r.errors]
        return problems, rejected, errors

    def _notices(self, notes: dict[str, list[int]], accepted: set[int]) -> list[Notice]:
        found: list[Notice] = []
        calendar_ = self.context.terms

        def rows_of(name: str) -> list[int]:
            return [n for n in notes.get(name, []) if n in accepted]

        params: dict[str, dict[str, Any]] = {
            "long_term": {"end": self.context.end.isoformat()},
            "short_term": {"days": self.context.short_term_days},
            "school_calendar": {"spring": _span(calendar_.spring), "autumn": _span(calendar_.autumn)},
            "holiday": {}, "typo": {}, "split": {},
        }
        for name, extra in params.items():
            rows = rows_of(name)
            if rows:
                found.append(Notice(f"ledger.notice.{name}", tuple(rows),
                                    {"count": len(rows), "rows": ranges(rows), **extra}))
        for name in ("subtotal", "sections"):
            rows = notes.get(name, [])
            if rows:
                found.append(Notice(f"ledger.notice.{name}", tuple(rows), {"count": len(rows), "rows": ranges(rows)}))
        if notes.get("ended"):
            row, text = self.ended
            found.append(Notice("ledger.notice.ended", (row,), {"row": row, "text": text[:20]}))
        return found


def _span(pair: tuple[tuple[int, int], tuple[int, int]]) -> str:
    (m1, d1), (m2, d2) = pair
    return f"{m1}/{d1}–{m2}/{d2}"


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _pair(measures: list[str], deadlines: list[Deadline]) -> list[tuple[str, date]] | None:
    """Measures with their deadlines: one deadline for every measure, one
    measure for every deadline (a milestone's own words become its
    measure), or as many of each in order; None when they cannot be paired."""
    if len(deadlines) == 1:
        return [(m, deadlines[0].on) for m in measures]
    if len(measures) == 1:
        measure = measures[0]
        out = []
        for d in deadlines:
            if d.text and measure and d.text != measure:
                out.append((f"{measure}：{d.text}", d.on))
            else:
                out.append((d.text or measure, d.on))
        return out
    if len(measures) == len(deadlines):
        return [(m, d.on) for m, d in zip(measures, deadlines)]
    return None


def _responsibilities(departments: list[str], owners: list[str], support: list[str],
                      support_owners: list[str]) -> list[Responsibility]:
    """The first department with the first owner is the lead; each further
    department (in the department cell, then 配合单位) is support, with the
    owner in the same place when there is one; further owners beyond the
    departments are support people of the lead department."""
    units = departments + support
    people = owners + support_owners
    found: list[Responsibility] = []
    for i in range(max(len(units), len(people))):
        unit = units[i] if i < len(units) else (units[0] if units else None)
        person = people[i] if i < len(people) else None
        found.append(Responsibility(unit, person, LEAD if i == 0 else SUPPORT))
    return found


def _problem(key: str, rows: list[_Row]) -> LedgerProblem:
    first = rows[0]
    problem = LedgerProblem(row=first.number, title=key, detail=first.detail, category=first.category,
                            term=first.term, found_on=first.found_on, leader=first.leader,
                            rows=[r.number for r in rows])
    seen: set[tuple[str | None, str | None]] = set()
    for row in rows:
        problem.tasks.extend(row.tasks)
        problem.verified = problem.verified or row.verified
        problem.verified_on = problem.verified_on or row.verified_on
        for r in row.responsibilities:
            pair = (r.department, r.owner)
            if pair in seen or (r.owner is None and any(d == r.department for d, _ in seen)):
                continue
            seen.add(pair)
            role = LEAD if not problem.responsibilities else SUPPORT
            problem.responsibilities.append(Responsibility(r.department, r.owner, role))
    return problem


__all__ = ["CellError", "Ledger", "LedgerErrors", "LedgerProblem", "LedgerTask", "Notice", "Rejected",
           "Responsibility", "format_errors", "read_ledger", "ranges", "IGNORE"]
