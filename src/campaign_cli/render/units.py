"""The unit list."""

from __future__ import annotations

from rich.console import RenderableType

from campaign_cli.domain.records import Unit
from campaign_cli.i18n import t
from campaign_cli.render.tables import cell, make_table


def unit_list(units: list[Unit], recorded: dict[str, int] | None = None) -> RenderableType:
    """The units; with members on a roll (`recorded`: name → count), a column for them beside the head count."""
    headers = [t("unit.col.name"), t("unit.col.kind"), t("unit.col.members")]
    if recorded:
        headers.append(t("unit.col.recorded"))
    table = make_table([*headers, t("unit.col.parent")], justify={2: "right", 3: "right"})
    for unit in units:
        row = [unit.name, t(f"unit.kind.{unit.kind}"), cell(unit.members)]
        if recorded:
            row.append(cell(recorded.get(unit.name)))
        table.add_row(*row, cell(unit.parent))
    return table
