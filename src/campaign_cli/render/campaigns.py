"""The campaign list."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

from campaign_cli.dates import format_date
from campaign_cli.i18n import language, t
from campaign_cli.render.tables import cell, make_table


def _period(item: dict[str, Any]) -> str:
    ends = [format_date(date.fromisoformat(v), language()) if v else "" for v in (item["start"], item["end"])]
    return " – ".join(ends) if any(ends) else ""


def campaign_list(items: list[dict[str, Any]]) -> Any:
    table = make_table([t("campaign.col.current"), t("campaign.col.key"), t("campaign.col.title"),
                        t("campaign.col.doc_no"), t("campaign.col.year"), t("campaign.col.period"),
                        t("campaign.col.phases"), t("campaign.col.problems")],
                       justify={4: "right", 6: "right", 7: "right"})
    for item in items:
        table.add_row("*" if item["current"] else "", Text(item["key"], style="code"), item["title"],
                      cell(item["doc_no"]), str(item["year"]), _period(item),
                      str(item["phases"]), str(item["problems"]))
    return table
