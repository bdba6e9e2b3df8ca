"""A roster sheet (党员名册 / 花名册) → the people to put on units' rolls; never writes.

Columns 姓名, 支部 / 单位, 职务 (`words.ROSTER_HEADER_WORDS`), found by the
ledger reader's header rules in CSV or XLSX; other columns (性别, 入党时间 …)
are passed over. A row without a name or a unit is refused with its row
number as the spreadsheet shows it; one bad row refuses the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from campaign_cli.errors import UserError
from campaign_cli.importers.ledger import words
from campaign_cli.importers.ledger.cells import Sheet, check_file, clean
from campaign_cli.importers.ledger.headers import HeaderTable, find_header
from campaign_cli.importers.ledger.reader import sheet_rows

@dataclass(frozen=True)
class RosterEntry:
    """One person to put on a unit's roll, with the sheet row it came from."""

    unit: str
    name: str
    role: str | None = None
    row: int | None = None


ROSTER = HeaderTable.of(words.ROSTER_HEADER_WORDS, {}, (), anchors=("name",), required=("name",))


def read_roster(path: Path) -> list[RosterEntry]:
    from campaign_cli.domain.members import clean_name
    from campaign_cli.i18n import t

    path = Path(path)
    sheet = Sheet(path, check_file(path))
    rows = iter(sheet.rows)
    header = find_header(rows, {}, str(path), ROSTER)
    items = list(header.columns.items())
    if "unit" not in header.columns:
        raise UserError("member.roster_no_unit", file=str(path))
    entries: list[RosterEntry] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for number, _values, texts in sheet_rows(header, rows):
        cell = {f: clean(texts[i]) if i < len(texts) else "" for f, i in items}
        name, unit = clean_name(cell.get("name", "")), clean_name(cell.get("unit", ""))
        if not name or not unit:
            missing = header.name_of("name") if not name else header.name_of("unit")
            problems.append(t("member.roster_row", row=number, column=missing))
            continue
        if (unit, name) in seen:
            problems.append(t("member.roster_twice", row=number, first=seen[(unit, name)], name=name, unit=unit))
            continue
        seen[(unit, name)] = number
        entries.append(RosterEntry(unit=unit, name=name, role=clean_name(cell.get("role", "")) or None, row=number))
    if problems:
        raise UserError("member.roster_refused", file=str(path), count=len(problems), rows="；".join(problems[:5]))
    if not entries:
        raise UserError("transfer.no_rows", file=str(path))
    return entries
