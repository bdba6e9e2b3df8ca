"""Building blocks for Rich tables that line up in Chinese."""

from __future__ import annotations

from typing import Any, Sequence

from rich import box
from rich.table import Table


def make_table(headers: Sequence[str], *, title: str | None = None,
               justify: dict[int, str] | None = None) -> Table:
    # Rich measures CJK characters as two cells wide, so columns line up.
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", header_style="bold",
                  pad_edge=False, padding=(0, 0), show_edge=False)
    for i, header in enumerate(headers):
        table.add_column(header, justify=(justify or {}).get(i, "left"), overflow="fold")
    return table


def cell(value: Any) -> str:
    return "" if value is None else str(value)
