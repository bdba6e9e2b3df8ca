"""The unit list."""

from __future__ import annotations

from rich.console import RenderableType

from campaign_cli.domain.records import Unit
from campaign_cli.i18n import t
from campaign_cli.render.tables import cell, make_table


def unit_list(units: list[Unit]) -> RenderableType:
    table = make_table([t("unit.col.name"), t("unit.col.kind"), t("unit.col.members"), t("unit.col.parent")],
                       justify={2: "right"})
    for unit in units:
        table.add_row(unit.name, t(f"unit.kind.{unit.kind}"), cell(unit.members), cell(unit.parent))
    return table
