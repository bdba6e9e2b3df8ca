"""CSV and XLSX writers for the exported lists, behind the formula guard.

CSV: UTF-8 with a BOM (Excel then reads Chinese correctly), dates ISO,
formula-like text prefixed with `'` (`spreadsheet_safe`). XLSX: one sheet
per table, real date cells, frozen header row, column widths, formula-like
text stored as text cells (`xlsx_text_cell`), never as formulas.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import IO, Any, Sequence

from campaign_cli.reports.export_lists import Table
from campaign_cli.reports.formats.safe import spreadsheet_safe, xlsx_text_cell


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value)


def write_csv(table: Table, stream: IO[str]) -> None:
    """Write `table` to a text stream opened with newline='' (the BOM is the caller's)."""
    writer = csv.writer(stream)
    writer.writerow([spreadsheet_safe(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])


def csv_text(table: Table) -> str:
    import io

    buffer = io.StringIO(newline="")
    write_csv(table, buffer)
    return "\ufeff" + buffer.getvalue()


def write_xlsx(tables: Sequence[Table], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        bold = Font(bold=True)
        for col, header in enumerate(table.headers, 1):
            xlsx_text_cell(sheet.cell(row=1, column=col), header).font = bold
        for r, row in enumerate(table.rows, 2):
            for col, value in enumerate(row, 1):
                cell = sheet.cell(row=r, column=col)
                if isinstance(value, date):
                    cell.value = value
                    cell.number_format = "yyyy-mm-dd"
                else:
                    xlsx_text_cell(cell, value)
        for col, width in enumerate(table.widths, 1):
            sheet.column_dimensions[get_column_letter(col)].width = width
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.alignment = Alignment(vertical="center")
    workbook.save(path)
