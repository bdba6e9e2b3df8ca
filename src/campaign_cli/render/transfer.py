"""Rich rendering for `campaign import`: the first rows it adds."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from campaign_cli.i18n import t
from campaign_cli.render.tables import cell, make_table


def ledger_preview(rows: list[dict[str, Any]]) -> Table:
    table = make_table([t("transfer.col.row"), t("transfer.col.task_code"), t("transfer.col.problem_code"),
                        t("transfer.col.title"), t("transfer.col.measure"), t("transfer.col.owner"),
                        t("transfer.col.department"), t("transfer.col.deadline"), t("transfer.col.status")],
                       justify={0: "right"})
    for row in rows:
        table.add_row(cell(row["row"]), row["code"], row["problem"], row["title"], row["measure"],
                      cell(row["owner"]), cell(row["department"]), row["deadline"],
                      t(f"transfer.task_status.{row['status']}"))
    return table
