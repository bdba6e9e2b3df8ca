"""A branch's activity record sheet (活动记录 / 三会一课登记表) → activities; never writes.

Columns: 日期, 活动名称 / 主题, 类型 (a kind of domain.vocabulary.KINDS, by
key, name or the words branches write; an empty one is found in the title,
else 其他), 支部, 应到 / 实到 人数 (two columns or one `15/12`), 主持人, 地点,
备注 — by the same header, date and error rules as a ledger
(`words.ACTIVITY_HEADER_WORDS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from campaign_cli.errors import UserError
from campaign_cli.importers.ledger import words
from campaign_cli.importers.ledger.cells import Sheet, check_file, clean, text_of
from campaign_cli.importers.ledger.deadlines import LedgerContext
from campaign_cli.importers.ledger.headers import HeaderTable, find_header
from campaign_cli.importers.ledger.reader import CellError, Rejected, _cells_text, sheet_rows

ACTIVITIES = HeaderTable.of(words.ACTIVITY_HEADER_WORDS, {}, (), anchors=("date", "title"),
                            required=("date", "title"))
_COUNT = re.compile(r"(\d{1,5})\s*(?:人|名)?")
_TIME_OF_DAY = re.compile(r"\s*(?:(?:上午|下午|晚上|中午|早上)?\s*\d{1,2}\s*[:：点]\s*\d{0,2}\s*分?.*|上午|下午|晚上|中午|全天)$")


@dataclass
class LedgerActivity:
    row: int
    date: date
    title: str
    kind: str  # a domain.vocabulary.KINDS key
    unit: str | None  # the branch (支部)
    expected: int | None  # 应到
    participants: int | None  # 实到
    host: str | None  # 主持人
    location: str | None  # 地点
    notes: str | None


class ActivitySheet(tuple):
    """(activities, rejected), with the sheet's `header_rows`, `columns`
    (field → header) and `ignored` headers for the command."""

    def __new__(cls, activities: list[LedgerActivity], rejected: list[Rejected], header_rows: list[list[str]],
                columns: dict[str, str], ignored: list[str]) -> "ActivitySheet":
        sheet = super().__new__(cls, (activities, rejected))
        sheet.header_rows, sheet.columns, sheet.ignored = header_rows, columns, ignored
        return sheet

    @property
    def activities(self) -> list[LedgerActivity]:
        return self[0]

    @property
    def rejected(self) -> list[Rejected]:
        return self[1]


def kind_of(text: str, title: str = "") -> str | None:
    """A KINDS key from a 类型 cell; an empty cell: the kind the title names, else other."""
    from campaign_cli.domain.vocabulary import KINDS

    table: dict[str, str] = {}
    for key, (zh, en, aliases) in KINDS.items():
        for word in (key, zh, en.lower(), *aliases):
            table.setdefault(word.lower(), key)
    for key, ws in words.ACTIVITY_KIND_WORDS.items():
        for word in ws:
            table.setdefault(word.lower(), key)
    wanted = clean(text).lower()
    if wanted:
        return table.get(wanted) or table.get(re.sub(r"活动$|会$", "", wanted))
    for word in sorted(table, key=len, reverse=True):
        if len(word) >= 2 and not word.isascii() and word in title:
            return table[word]
    return "other"


def _count(text: str) -> int | None:
    match = _COUNT.fullmatch(clean(text))
    return int(match.group(1)) if match else None


def read_activity_sheet(path: Path, context: LedgerContext, *,
                        mapping: dict[str, str] | None = None) -> ActivitySheet:
    """Parse an activity record sheet; every row is read, the refused ones
    are returned with their reasons (the command decides, as for ledgers)."""
    from campaign_cli.dates import parse_date
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.domain.vocabulary import kind_choices
    from campaign_cli.i18n import t

    path = Path(path)
    sheet = Sheet(path, check_file(path))
    rows = iter(sheet.rows)
    header = find_header(rows, mapping or {}, str(path), ACTIVITIES)
    names = {f: header.name_of(f) for f in header.columns}
    items = list(header.columns.items())
    activities: list[LedgerActivity] = []
    rejected: list[Rejected] = []
    for number, values, texts in sheet_rows(header, rows):
        cell = {f: texts[i] if i < len(texts) else "" for f, i in items}
        value = {f: values[i] if i < len(values) else None for f, i in items}
        errors: list[CellError] = []

        def fail(name: str, key: str, **params: Any) -> None:
            errors.append(CellError(number, names.get(name, name), t(key, **params)))

        on: date | None = None
        raw_date = value.get("date")
        if isinstance(raw_date, datetime):
            on = raw_date.date()
        elif isinstance(raw_date, date):
            on = raw_date
        elif cell.get("date"):
            text = _TIME_OF_DAY.sub("", clean(cell["date"])) or clean(cell["date"])
            try:
                on = parse_date(text, year=context.year, today=context.today)
            except UserError:
                fail("date", "transfer.bad_date", value=clean(cell["date"]))
        else:
            fail("date", "transfer.need_value")
        title = clean(cell.get("title", ""))
        if not title:
            fail("title", "transfer.need_value")
        kind = kind_of(cell.get("kind", ""), title)
        if kind is None:
            fail("kind", "ledger.activity.bad_kind", value=clean(cell["kind"]), choices=kind_choices())
        expected = participants = None
        for name in ("expected", "participants"):
            if cell.get(name):
                number_ = _count(cell[name])
                if number_ is None:
                    fail(name, "ledger.activity.bad_count", value=clean(cell[name]))
                elif name == "expected":
                    expected = number_
                else:
                    participants = number_
        if cell.get("expected_participants"):
            parts = re.split(r"\s*[/／、,，]\s*", clean(cell["expected_participants"]))
            counts = [_count(p) for p in parts]
            if len(counts) != 2 or None in counts:
                fail("expected_participants", "ledger.activity.bad_count", value=clean(cell["expected_participants"]))
            else:
                expected, participants = counts
        if expected is not None and participants is not None and participants > expected:
            fail("participants", "ledger.activity.more_present", present=participants, expected=expected)
        if errors:
            rejected.append(Rejected(number, _cells_text(errors), texts, None, tuple(errors)))
            continue
        activities.append(LedgerActivity(
            row=number, date=on, title=title, kind=kind,  # type: ignore[arg-type]
            unit=normalise_name(clean(cell.get("unit", ""))) or None, expected=expected, participants=participants,
            host=normalise_name(clean(cell.get("host", ""))) or None,
            location=clean(cell.get("location", "")) or None,
            notes=clean(cell.get("notes", ""), multiline=True) or None))
    if not activities and not rejected:
        raise UserError("transfer.no_rows", file=str(path))
    return ActivitySheet(activities, rejected, [[text_of(v) for v in r] for r in header.rows], names,
                         list(header.ignored))
