"""`campaign report` in the terminal: the monthly report as Rich tables."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.i18n import t
from campaign_cli.render.tables import make_table
from campaign_cli.reports.formats import labels
from campaign_cli.reports.formats import md as words

# Rows shown per problem section, overdue tasks, units and departments in the
# terminal; the rest is counted (md, html, xlsx and json list every one).
TERMINAL_ROWS = 20
TOTALS = words.TOTALS


def _heading(text: str) -> Text:
    return Text("\n" + text, style="title")


def _more(total: int, shown: int) -> list[RenderableType]:
    return [Text(t("report.more", count=total - shown), style="muted")] if total > shown else []


def _problems(document: dict[str, Any], name: str) -> list[RenderableType]:
    rows = document["sections"][name]
    total = document["problems"][TOTALS[name]]
    out: list[RenderableType] = [_heading(labels.counted(t(f"report.section.{name}"), total))]
    if not rows:
        return out + [Text(t("report.none"), style="muted")]
    table = make_table(words.problem_headers(), justify={6: "right"})
    for cells in words.problem_rows(rows[:TERMINAL_ROWS]):
        table.add_row(*[Text(str(c)) for c in cells])
    return out + [table] + _more(total, min(len(rows), TERMINAL_ROWS))


def month_report(document: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = [Text(labels.title(document), style="title")]
    campaign = document["campaign"]
    if campaign.get("doc_no"):
        parts.append(Text(t("report.doc_no", doc_no=campaign["doc_no"]), style="muted"))
    parts.append(Text(labels.subtitle(document), style="muted"))

    parts.append(_heading(t("report.section.summary")))
    parts += [Text("· " + line) for line in words.summary_lines(document)]

    if document["phases"]:
        parts.append(_heading(t("report.section.phases")))
        table = make_table(words.phase_headers(), justify={0: "right", 4: "right", 5: "right", 6: "right", 7: "right"})
        for row, cells in zip(document["phases"], words.phase_rows(document)):
            style = {"active": "active", "done": "done", "upcoming": "upcoming"}[row["state"]]
            table.add_row(*[Text(str(c), style=style if i in (1, 3) else "") for i, c in enumerate(cells)])
        parts.append(table)

    a = document["activities"]
    parts.append(_heading(t("report.section.activities")))
    if a["held"]:
        held = make_table(words.held_headers(), justify={4: "right"})
        for cells in words.held_rows(document)[:TERMINAL_ROWS]:
            held.add_row(*[Text(str(c)) for c in cells])
        # The document may list only the first rows (report --month's held_limit); total counts them all.
        parts += [held] + _more(a["total"], min(len(a["held"]), TERMINAL_ROWS))
    if a["total"]:
        table = make_table([t("report.col.kind"), t("report.col.count")], justify={1: "right"})
        for key, n in a["by_kind"].items():
            table.add_row(labels.kind(key), str(n))
        units = make_table([t("report.col.unit"), t("report.col.members"), t("report.col.activities"),
                            t("report.col.participants")], justify={1: "right", 2: "right", 3: "right"})
        for u in a["by_unit"][:TERMINAL_ROWS]:
            units.add_row(Text(labels.unit(u["unit"])), "" if u["members"] is None else str(u["members"]),
                          str(u["activities"]), str(u["participants"]))
        parts += [table, units] + _more(len(a["by_unit"]), min(len(a["by_unit"]), TERMINAL_ROWS))
        if a["by_target"]:
            targets = make_table([t("report.col.target"), t("report.col.count")], justify={1: "right"})
            for key, n in a["by_target"].items():
                targets.add_row(labels.target(key), str(n))
            parts.append(targets)
    else:
        parts.append(Text(t("report.chart.empty"), style="muted"))

    parts.append(_heading(t("report.section.problems")))
    for name in ("new", "in_progress", "verified"):
        parts += _problems(document, name)
    overdue = document["overdue"]
    late = document["tasks"]["overdue_at_end"]
    parts.append(_heading(labels.counted(t("report.section.overdue"), late)))
    if overdue:
        table = make_table(words.overdue_headers(), justify={6: "right"})
        for cells in words.overdue_rows(overdue[:TERMINAL_ROWS]):
            table.add_row(*[Text(str(c), style="red" if i == 6 else "") for i, c in enumerate(cells)])
        parts += [table] + _more(late, min(len(overdue), TERMINAL_ROWS))
    else:
        parts.append(Text(t("report.none"), style="muted"))
    if document["problems"]["research_findings"]:
        parts += _problems(document, "findings")

    extensions = document["extensions"]
    if extensions:
        parts.append(_heading(labels.counted(t("report.section.extensions"), len(extensions))))
        table = make_table(words.extension_headers())
        for cells in words.extension_rows(document)[:TERMINAL_ROWS]:
            table.add_row(*[Text(str(c)) for c in cells])
        parts += [table] + _more(len(extensions), min(len(extensions), TERMINAL_ROWS))

    if document["by_department"]:
        parts.append(_heading(t("report.section.departments")))
        table = make_table(words.department_headers(),
                           justify={1: "right", 2: "right", 3: "right", 4: "right", 5: "right"})
        rows = words.department_rows(document)
        for cells in rows[:TERMINAL_ROWS]:
            table.add_row(Text(str(cells[0])), *[str(c) for c in cells[1:4]],
                          Text(str(cells[4]), style="red" if cells[4] else ""), str(cells[5]))
        parts += [table] + _more(len(rows), min(len(rows), TERMINAL_ROWS))
    return Group(*parts)
