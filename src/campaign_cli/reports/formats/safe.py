"""The spreadsheet formula guard shared by every CSV and XLSX writer.

SPEC §7: nothing written to a spreadsheet or CSV may start a formula. Text
that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
neutralised: CSV writers prefix it with ``'``; XLSX writers store it as a
text cell (``data_type == "s"``) — use :func:`xlsx_text_cell` for that.
"""

from __future__ import annotations

from typing import Any

from campaign_cli.domain.text import printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read *text* as a formula (or a DDE lead-in)."""
    return bool(text) and text.startswith(FORMULA_STARTS)


def spreadsheet_safe(text: Any) -> Any:
    """Return *text* made safe for a CSV cell: a leading ``'`` when it could start a formula.

    Non-string values (numbers, dates, None) pass through unchanged.
    """
    if isinstance(text, str) and is_formula_like(text):
        return "'" + text
    return text


def xlsx_text_cell(cell: Any, value: Any) -> Any:
    """Assign *value* to an openpyxl *cell*, never as a formula.

    openpyxl turns any string starting with ``=`` into a formula cell; a
    formula-like string is therefore stored explicitly as a string cell
    (``data_type "s"``), which Excel shows as the literal text.
    """
    value = printable(value)
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.value = value
        cell.data_type = "s"
    return cell
