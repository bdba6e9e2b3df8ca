"""`campaign overview` in the terminal: the ranking and the overdue tasks as
Rich tables that line up in Chinese at 80 columns."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.i18n import t
from campaign_cli.render.report_table import TERMINAL_ROWS
from campaign_cli.render.tables import make_table
from campaign_cli.reports.formats import labels
from campaign_cli.reports.formats import overview as words


def _figures(*values: Any) -> str:
    return "/".join(str(v) for v in values)


def _row(row: dict[str, Any]) -> list[str]:
    """One line of the ranking; the totals have no rank, key or phases."""
    p, k = row["problems"], row["tasks"]
    current = ",".join(str(n) for n in row["current"]) if row.get("current") else ("—" if "current" in row else "")
    return [str(row.get("rank", "")), row.get("key", ""), current, str(row["activities"]), str(row["participants"]),
            f"{row['units_covered']}/{row['units_total']}", _figures(p["opened"], p["verified"], p["open_at_end"]),
            _figures(k["due"], k["done"], k["overdue_at_end"]), labels.rate(row["on_time_rate"]), str(row["red"])]


def overview_table(document: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = [Text(words.title(document), style="title"),
                                   Text(words.subtitle(document), style="muted")]
    if not document["campaigns"]:
        return Group(*parts, Text(t("overview.no_campaigns"), style="muted"))
    parts.append(Text(words.summary(document)))
    parts.append(Text("\n" + t("overview.section.ranking"), style="title"))
    # The campaign by its key (schools often share one title); the figures
    # short enough that ten columns fit 80 characters, the legend below.
    headers = [t("overview.col.rank"), t("overview.col.key"), t("overview.col.current_short"),
               t("overview.col.activities"), t("overview.col.participants"), t("overview.col.coverage_short"),
               t("overview.col.problems_short"), t("overview.col.tasks_short"), t("overview.col.rate"),
               t("overview.col.red")]
    table = make_table(headers, justify={i: "right" for i in (0, 3, 4, 5, 6, 7, 8, 9)})
    for i, column in enumerate(table.columns):
        column.no_wrap = i != 1
    table.columns[1].min_width = 8
    for row in document["campaigns"]:
        cells = _row(row)
        table.add_row(*[Text(c, style="red" if i == 9 and row["red"] else "") for i, c in enumerate(cells)])
    table.add_section()
    total = _row(document["totals"])
    total[1] = t("overview.section.totals")
    table.add_row(*[Text(c, style="bold") for c in total])
    parts.append(table)
    parts.append(Text(t("overview.legend"), style="muted"))

    overdue = document["overdue"]  # maybe the first rows only: the count is the totals' red
    count = document["totals"]["red"]
    parts.append(Text("\n" + labels.counted(t("overview.section.overdue"), count), style="title"))
    if not overdue:
        parts.append(Text(t("report.none"), style="muted"))
        return Group(*parts)
    late = make_table([t("overview.col.campaign"), t("report.col.code"), t("report.col.measure"),
                       t("report.col.owner"), t("report.col.deadline"), t("report.col.days_late")],
                      justify={5: "right"})
    for column in (late.columns[0], late.columns[1], late.columns[4], late.columns[5]):
        column.no_wrap = True
    late.columns[2].ratio = 1
    for r in overdue[:TERMINAL_ROWS]:
        late.add_row(Text(r["campaign"]), Text(r["code"]), Text(r["measure"] or ""), Text(r["owner"] or ""),
                     Text(labels.short_day(r["deadline"])), Text(str(r["days_late"]), style="red"))
    parts.append(late)
    if count > TERMINAL_ROWS:
        parts.append(Text(t("report.more", count=count - TERMINAL_ROWS), style="muted"))
    return Group(*parts)
