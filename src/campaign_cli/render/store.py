"""`db info` as a two-column table; `db grants` as a table of logins."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType

from campaign_cli.i18n import t
from campaign_cli.render.tables import make_table


def store_info(document: dict[str, Any]) -> RenderableType:
    table = make_table(["", ""])
    table.show_header = False
    table.add_row(t("store.info.location"), document["location"])
    table.add_row(t("store.info.kind"), document["kind"])
    table.add_row(t("store.info.revision"), str(document["revision"]))
    table.add_row(t("store.info.head"), document["head"])
    if "size_bytes" in document:
        table.add_row(t("store.info.size"), f"{document['size_bytes'] / 1024:.0f} KiB")
        table.add_row(t("store.info.journal"), str(document["journal_mode"]))
    table.add_row(t("store.info.campaigns"), str(document["campaigns"]))
    table.add_row(t("store.info.current"), document["current"] or "-")
    counts = "  ".join(f"{t(f'store.table.{k}')} {v}" for k, v in document["counts"].items())
    table.add_row("", counts)
    return table


def grant_scope(held: Any) -> str:
    """What a login may reach, in words: the office's reading, its campaigns, or nothing."""
    parts = [t("store.grant_office_scope")] if held.office else []
    if held.campaigns:
        parts.append(t("store.list_sep").join(held.campaigns))
    return t("store.list_sep").join(parts) if parts else t("store.grant_nothing")


def grants_table(document: dict[str, Any]) -> RenderableType:
    table = make_table([t("store.grants.login"), t("store.grants.office"), t("store.grants.campaigns")])
    for row in document["grants"]:
        table.add_row(row["login"], "✓" if row["office"] else "", t("store.list_sep").join(row["campaigns"]))
    table.caption = t("store.grants.caption", owner=document["owner"], login=document["login"])
    return table
