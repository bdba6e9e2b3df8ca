"""Members: the roll (`unit member list`), an activity's attendance and one
person's record (`person`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.i18n import language, t
from campaign_cli.render.tables import cell, make_table


def _sep() -> str:
    return "、" if language() == "zh" else ", "


def roster(people: list[dict[str, Any]]) -> RenderableType:
    if not people:
        return Text(t("member.empty"))
    table = make_table([t("member.col.unit"), t("member.col.name"), t("member.col.role"), t("member.col.active")])
    counts: dict[str, int] = {}
    heads: dict[str, Any] = {}
    for p in people:
        table.add_row(p["unit"], p["name"], cell(p["role"]),
                      t("member.active") if p["active"] else Text(t("member.inactive"), style="muted"))
        if p["active"]:
            counts[p["unit"]] = counts.get(p["unit"], 0) + 1
        heads[p["unit"]] = p["unit_members"]
    lines: list[RenderableType] = [table]
    for unit, head in heads.items():
        key = "member.count_head" if head is not None else "member.count"
        lines.append(Text(t(key, unit=unit, recorded=counts.get(unit, 0), members=head), style="muted"))
    return Group(*lines)


def attendance_rows(item: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, names) for each attendance status with someone in it."""
    recorded = item.get("attendance")
    if not recorded:
        return []
    return [(t(f"member.status.{status}") + f"（{len(names)}）" if language() == "zh"
             else t(f"member.status.{status}") + f" ({len(names)})", _sep().join(names))
            for status, names in recorded.items() if names]


def attendance(item: dict[str, Any]) -> RenderableType:
    """`activity attendance ID`: who was present, absent and on leave."""
    rows = attendance_rows(item)
    if not rows:
        return Text(t("member.no_attendance_recorded", id=item["id"]), style="muted")
    table = make_table(["", ""], title=t("member.attendance_title", id=item["id"], title=item["title"]))
    table.show_header = False
    for label, names in rows:
        table.add_row(Text(label, style="muted"), names)
    return table


def person(entries: list[dict[str, Any]], lang: str) -> list[RenderableType]:
    """The member part of `campaign person NAME`: roll entries and activities attended."""
    from datetime import date

    from campaign_cli.dates import format_date
    from campaign_cli.domain.vocabulary import kind_name

    parts: list[RenderableType] = []
    for entry in entries:
        state = "" if entry["active"] else t("member.inactive_mark")
        parts.append(Text(t("member.person.head", unit=entry["unit"], role=entry["role"] or "-",
                            attended=entry["attended"], total=len(entry["activities"])) + state, style="title"))
        if entry["activities"]:
            table = make_table([t("activity.col.id"), t("activity.col.date"), t("activity.col.title"),
                                t("activity.col.kind"), t("activity.col.unit"), t("member.col.status")],
                               justify={0: "right"})
            for a in entry["activities"]:
                table.add_row(str(a["id"]), format_date(date.fromisoformat(a["date"]), lang), a["title"],
                              kind_name(a["kind"], lang), cell(a["unit"]),
                              Text(t(f"member.status.{a['status']}"),
                                   style="" if a["status"] == "present" else "muted"))
            parts.append(table)
    return parts
