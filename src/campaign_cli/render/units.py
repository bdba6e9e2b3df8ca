"""The unit list."""

from __future__ import annotations

from rich.console import RenderableType

from campaign_cli.dates import format_date
from campaign_cli.domain.records import Unit
from campaign_cli.i18n import language, t
from campaign_cli.render.tables import cell, make_table


def unit_list(units: list[Unit], recorded: dict[str, int] | None = None) -> RenderableType:
    """The units; with members on a roll (`recorded`: name → count), a column for them beside the head count."""
    headers = [t("unit.col.name"), t("unit.col.kind"), t("unit.col.members")]
    if recorded:
        headers.append(t("unit.col.recorded"))
    # The registration day: a branch counts in a month's coverage from then.
    table = make_table([*headers, t("unit.col.parent"), t("unit.col.registered")], justify={2: "right", 3: "right"})
    for unit in units:
        row = [unit.name, t(f"unit.kind.{unit.kind}"), cell(unit.members)]
        if recorded:
            row.append(cell(recorded.get(unit.name)))
        table.add_row(*row, cell(unit.parent), format_date(unit.created_on, language()))
    return table
