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


def _when(at: str) -> str:
    from campaign_cli.reports.ledger import local_time

    return local_time(at)[:16].replace("T", " ")


def command_list(commands: list[Any]) -> Any:
    """`undo --list`: the recent commands, newest first."""
    table = make_table(["#", t("campaign.col.at"), t("campaign.col.actor"), t("campaign.col.command"),
                        t("campaign.col.changes"), t("campaign.col.undone")], justify={0: "right", 4: "right"})
    for c in commands:
        table.add_row(str(c.id), _when(c.at), c.actor, c.name, str(c.changes), "✓" if c.undone_by else "")
    return table


def undo_preview(planned: Any) -> Any:
    """What undo is about to take back: the command, then each change."""
    from rich.console import Group

    from campaign_cli.render.ledger import history_table

    head = Text(t("campaign.undo_will", actor=planned.command.actor, at=_when(planned.command.at),
                  command=planned.command.name))
    if not planned.events:
        return Group(head, Text(t("campaign.undo_nothing"), style="muted"))
    events = [{"at": planned.command.at, "actor": planned.command.actor, "entity": e["entity"], "code": e["code"],
               "field": e["field"], "old": e["old_value"], "new": e["new_value"]} for e in planned.events]
    return Group(head, history_table(events))
