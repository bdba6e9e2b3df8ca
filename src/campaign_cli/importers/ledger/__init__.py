"""Reading a problem ledger (台账) from CSV or XLSX; never writes.

The data contract (what the write side stores):

- `read_ledger(path, context, mapping=, progress=, strict=)` → `Ledger`:
  `problems` (LedgerProblem: row, rows, title, detail, category, term,
  found_on, leader, verified, verified_on, responsibilities
  [Responsibility(department, owner, role lead|support), the lead first],
  tasks [LedgerTask(row, measure, owner, department, deadline, status,
  done_on, evidence)]), `rejected` (Rejected(row, reason, cells, section,
  errors)), `errors` (the bad cells), `notices` (Notice(key, rows,
  params): an i18n key to print), `columns`, `ignored`, `header_rows`.
  With `strict` (the default, no --rejects) any refused row raises
  LedgerErrors naming every bad row.
- `rejects_sheet(path, ledger.header_rows, ledger.rejected)`: the refused
  rows as a sheet (bytes, .csv or .xlsx by the path's suffix) in the same
  layout, with the reason in a last column; the command writes it.
- `read_activity_sheet(path, context)` → (activities, rejected): a
  branch's 活动记录 sheet.

The words the reader knows are data, in `words.py`.
"""

from campaign_cli.importers.ledger.activities import LedgerActivity, read_activity_sheet
from campaign_cli.importers.ledger.cells import MAX_BYTES, SUFFIXES, check_file, clean
from campaign_cli.importers.ledger.deadlines import (BadDeadline, Deadline, LedgerContext, SchoolCalendar,
                                                     read_deadlines)
from campaign_cli.importers.ledger.headers import FIELDS, HEADERS, IGNORE, field_of, header_key, parse_map
from campaign_cli.importers.ledger.reader import (CellError, Ledger, LedgerErrors, LedgerProblem, LedgerTask,
                                                  Notice, Rejected, Responsibility, format_errors, read_ledger)
from campaign_cli.importers.ledger.rejects import rejects_rows, rejects_sheet
from campaign_cli.importers.ledger.values import read_status, status_of, term_of, verified_of

__all__ = [
    "BadDeadline", "CellError", "Deadline", "FIELDS", "HEADERS", "IGNORE", "Ledger", "LedgerActivity",
    "LedgerContext", "LedgerErrors", "LedgerProblem", "LedgerTask", "MAX_BYTES", "Notice", "Rejected",
    "Responsibility", "SUFFIXES", "SchoolCalendar", "check_file", "clean", "field_of", "format_errors",
    "header_key", "parse_map", "read_activity_sheet", "read_status", "read_deadlines", "read_ledger", "rejects_rows",
    "status_of", "term_of", "verified_of", "rejects_sheet",
]
