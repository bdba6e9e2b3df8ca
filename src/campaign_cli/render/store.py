"""`db info` as a two-column table."""

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
