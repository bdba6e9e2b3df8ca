"""Activities, one activity, the gaps and the cadence, as Rich renderables."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.dates import format_date
from campaign_cli.domain.vocabulary import kind_name, target_name
from campaign_cli.i18n import t
from campaign_cli.render.tables import cell, make_table


def _day(value: str, lang: str) -> str:
    return format_date(date.fromisoformat(value), lang)


def attendance(participants: int | None, members: int | None) -> str:
    """'18/28': participants against the unit's head count."""
    if participants is None:
        return ""
    return f"{participants}/{members}" if members is not None else str(participants)


def _phase(item: dict[str, Any]) -> str:
    if item["phase"] is None:
        return "-"
    return f"{item['phase']}*" if item["phase_fixed"] else str(item["phase"])


def activity_list(items: list[dict[str, Any]], lang: str) -> RenderableType:
    table = make_table([t("activity.col.id"), t("activity.col.date"), t("activity.col.kind"),
                        t("activity.col.title"), t("activity.col.unit"), t("activity.col.attendance"),
                        t("activity.col.target"), t("activity.col.phase")],
                       justify={0: "right", 5: "right", 7: "right"})
    for item in items:
        over = item["participants"] is not None and item["members"] is not None \
            and item["participants"] > item["members"]
        table.add_row(str(item["id"]), _day(item["date"], lang), kind_name(item["kind"], lang), item["title"],
                      cell(item["unit"]),
                      Text(attendance(item["participants"], item["members"]), style="warning" if over else ""),
                      target_name(item["target"], lang) if item["target"] else "", _phase(item))
    return Group(table, Text(t("activity.list.total", n=len(items),
                                participants=sum(i["participants"] or 0 for i in items)), style="muted"))


def activity_detail(item: dict[str, Any], lang: str) -> RenderableType:
    table = make_table(["", ""])
    table.show_header = False
    rows = [
        (t("activity.col.id"), str(item["id"])),
        (t("activity.col.title"), item["title"]),
        (t("activity.col.kind"), kind_name(item["kind"], lang)),
        (t("activity.col.date"), _day(item["date"], lang)),
        (t("activity.col.phase"), _phase(item) + (" " + t("activity.phase_fixed") if item["phase_fixed"] else "")),
        (t("activity.col.unit"), cell(item["unit"])),
        (t("activity.col.attendance"), attendance(item["participants"], item["members"])),
    ]
    if item["target"]:
        rows.append((t("activity.col.target"), target_name(item["target"], lang)))
    if item["notes"]:
        rows.append((t("activity.col.notes"), item["notes"]))
    for label, value in rows:
        table.add_row(Text(label, style="muted"), value)
    parts: list[RenderableType] = [table]
    problems = item.get("problems") or []
    if problems:
        found = make_table([t("activity.col.code"), t("activity.col.title"), t("activity.col.status")],
                           title=t("activity.problems_found", n=len(problems)))
        for p in problems:
            found.add_row(Text(p["code"], style="code"), p["title"], t(f"issue.status.{p['status']}"))
        parts += [Text(""), found]
    else:
        parts.append(Text(t("activity.no_problems"), style="muted"))
    return Group(*parts)


def gaps(document: dict[str, Any], lang: str) -> RenderableType:
    parts: list[RenderableType] = []
    for window in document["coverage"]:
        period = f"{_day(window['start'], lang)}–{_day(window['end'], lang)}"
        if window["phase"] is not None:
            head = t("activity.gaps.phase", seq=window["phase"], title=window["title"], period=period,
                     covered=window["units_covered"], total=window["units_total"])
        else:
            head = t("activity.gaps.month", month=document["month"], period=period,
                     covered=window["units_covered"], total=window["units_total"])
        parts.append(Text(head, style="title"))
        kinds = window.get("kinds")
        if kinds == []:
            parts.append(Text("  " + t("activity.gaps.no_activity_kinds"), style="muted"))
            continue
        if kinds:
            names = "、".join(kind_name(k, lang) for k in kinds) if lang == "zh" else ", ".join(
                kind_name(k, lang) for k in kinds)
            parts.append(Text("  " + t("activity.gaps.kinds", kinds=names), style="muted"))
        if window["gaps"]:
            names = "、".join(g["unit"] for g in window["gaps"])
            parts.append(Text("  " + t("activity.gaps.none_held", units=names), style="warning"))
        elif window["units_total"]:
            parts.append(Text("  " + t("activity.gaps.all_covered"), style="green"))
        else:
            parts.append(Text("  " + t("activity.gaps.no_branches"), style="muted"))
    if document["cadence"]:
        rules = "、".join(t("activity.cadence.rule", kind=kind_name(c["kind"], lang), n=c["per_month"])
                         for c in document["cadence"])
        parts.append(Text(""))
        parts.append(Text(t("activity.gaps.cadence", rules=rules), style="title"))
        if document["behind"]:
            table = make_table([t("activity.col.month"), t("activity.col.unit"), t("activity.col.kind"),
                                t("activity.col.held_required")], justify={3: "right"})
            for b in document["behind"]:
                table.add_row(b["month"], b["unit"], kind_name(b["kind"], lang), f"{b['held']}/{b['required']}")
            parts.append(table)
        else:
            parts.append(Text("  " + t("activity.gaps.on_cadence"), style="green"))
    return Group(*parts)


def cadence(rules: list[dict[str, Any]], lang: str) -> RenderableType:
    if not rules:
        return Text(t("activity.cadence.none"))
    table = make_table([t("activity.col.kind"), t("activity.col.per_month")], justify={1: "right"})
    for rule in rules:
        table.add_row(kind_name(rule["kind"], lang), str(rule["per_month"]))
    return table
