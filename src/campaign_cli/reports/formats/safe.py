"""The spreadsheet formula guard shared by every CSV and XLSX writer.

SPEC §7: nothing written to a spreadsheet or CSV may start a formula. Text
a spreadsheet could read as a formula or a DDE lead-in is neutralised: CSV
writers prefix it with ``'``; XLSX writers store it as a text cell
(``data_type == "s"``) with the quote prefix set (``quotePrefix="1"`` in its
style), so Excel keeps it text even when the cell is edited again — use
:func:`xlsx_text_cell` for that.

"Could read as a formula" is judged after what a spreadsheet skips or folds:
leading spaces and line breaks, a byte-order mark or a zero-width character,
and the full-width forms ``＝＋－＠`` (which an input method types and some
spreadsheets take for ``= + - @``).
"""

from __future__ import annotations

import re
from typing import Any

from campaign_cli.domain.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FULL_WIDTH = "\uff1d\uff0b\uff0d\uff20"  # ＝＋－＠
# What may stand before the lead-in: white space of any kind, BOM, zero-width and bidi marks.
_INVISIBLE = re.compile(r"[\s\ufeff\u200b-\u200f\u2060\u202a-\u202e\u2066-\u2069\u180e]*")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read *text* as a formula (or a DDE lead-in)."""
    if not text:
        return False
    if text.startswith(FORMULA_STARTS):
        return True
    rest = text[_INVISIBLE.match(text).end():]
    return bool(rest) and (rest[0] in "=+-@" or rest[0] in FULL_WIDTH)


def spreadsheet_safe(text: Any) -> Any:
    """Return *text* made safe for a CSV cell: a leading ``'`` when it could start a formula.

    Non-string values (numbers, dates, None) pass through unchanged.
    """
    if isinstance(text, str) and is_formula_like(text):
        return "'" + text
    return text


def xlsx_text_cell(cell: Any, value: Any) -> Any:
    """Assign *value* to an openpyxl *cell* (a worksheet or write-only cell), never as a formula.

    openpyxl turns any string starting with ``=`` into a formula cell; a
    formula-like string is therefore stored explicitly as a string cell
    (``data_type "s"``) with the quote prefix, which Excel shows as the
    literal text and keeps as text when the cell is edited.
    """
    value = printable(value)
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
