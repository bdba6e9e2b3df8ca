"""The refused rows of a ledger, written back as a sheet to fix and import again.

Same layout as the ledger: the same rows above and including the header,
then each refused row as the sheet had it (merged cells filled in), the
section row above it when it had one, and the reason in an added last
column (`退回原因`, which the reader skips). CSV (UTF-8 with BOM, as Excel
opens it) or XLSX by the file's suffix; no cell can start a formula
(SPEC §7). The sheet is made as bytes, refused for a path that is not a
.csv or .xlsx; the command writes it through `campaign_cli.files`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from campaign_cli.errors import UserError
from campaign_cli.importers.ledger.reader import Rejected


def rejects_rows(header_rows: list[list[str]], rejected: Iterable[Rejected]) -> list[list[str]]:
    """The rows of the rejects sheet: header rows with the reason column
    added to the last of them, then the refused rows (and their sections)."""
    from campaign_cli.i18n import t

    rejected = list(rejected)
    width = max([len(r) for r in header_rows] + [len(r.cells) for r in rejected] + [0])
    while width and not any(len(r) >= width and r[width - 1] for r in (*header_rows, *(x.cells for x in rejected))):
        width -= 1  # trailing empty columns
    out: list[list[str]] = []
    for i, row in enumerate(header_rows):
        cells = _width(row, width)
        last = i == len(header_rows) - 1
        out.append(cells + [t("ledger.reason_header") if last else ""])
    section: list[str] | None = None
    for row in rejected:
        if row.section is not None and row.section is not section:
            out.append(_width(row.section, width) + [""])
        section = row.section
        out.append(_width(row.cells, width) + [row.reason])
    return out


def _width(cells: list[str], width: int) -> list[str]:
    cells = list(cells[:width])
    return cells + [""] * (width - len(cells))


def rejects_sheet(path: Path, header_rows: list[list[str]], rejected: Iterable[Rejected]) -> bytes:
    """The rejects sheet's bytes for `path` (.csv or .xlsx by its suffix);
    the command writes them (an importer never writes)."""
    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError("ledger.rejects_suffix", file=str(path))
    rows = rejects_rows(header_rows, rejected)
    return _csv_bytes(rows) if suffix == ".csv" else _xlsx_bytes(rows)


def _csv_bytes(rows: list[list[str]]) -> bytes:
    from campaign_cli.reports.formats.safe import spreadsheet_safe

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([spreadsheet_safe(c) for c in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from campaign_cli.i18n import t
    from campaign_cli.reports.formats.safe import xlsx_text_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("ledger.rejects_sheet")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value:
                cell = xlsx_text_cell(sheet.cell(row=r, column=c), value)
                if "\n" in value:
                    cell.alignment = wrap
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
