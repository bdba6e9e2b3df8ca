"""The phase timeline (`phase status`) and the phase list."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.i18n import language, t
from campaign_cli.render.tables import make_table


def format_date(day: date, lang: str) -> str:
    # campaign_cli.dates (the date parser, ~10 ms of regular expressions) is
    # imported only when a date outside the campaign's year is printed.
    from campaign_cli.dates import format_date as full

    return full(day, lang)


TIMELINE_WIDTH = 16
STATE_STYLE = {"active": "active", "done": "done", "upcoming": "upcoming"}
# The state shows without colour too (NO_COLOR): a mark before the state word.
STATE_MARK = {"active": "▶", "done": "✓", "upcoming": "○"}


def short_date(value: str | None, year: int | None = None) -> str:
    """`4月21日` / `04-21` inside the campaign's year, the full date outside it."""
    if not value:
        return "…"
    day = date.fromisoformat(value)
    if year is not None and day.year != year:
        return format_date(day, language())
    return f"{day.month}月{day.day}日" if language() == "zh" else day.strftime("%m-%d")


def _full_date(value: str | None) -> str:
    return format_date(date.fromisoformat(value), language()) if value else t("phase.no_start")


def timeline_width(console_width: int) -> int:
    """The timeline takes what is left; on a narrow terminal it goes."""
    return 24 if console_width >= 120 else 16 if console_width >= 100 else 0


def timeline(window: tuple[date, date], span: tuple[date, date], today: date,
             width: int = TIMELINE_WIDTH) -> Text:
    """One phase's days drawn on the campaign's whole span, with today
    marked, so overlapping phases show as overlapping bars."""
    first, last = span
    days = max(1, (last - first).days + 1)

    def column(day: date) -> int:
        return min(width - 1, max(0, (day - first).days * width // days))

    lo, hi = column(window[0]), column(window[1])
    mark = column(today) if first <= today <= last else None
    style = "active" if window[0] <= today <= window[1] else ("done" if today > window[1] else "upcoming")
    text = Text(no_wrap=True)
    for i in range(width):
        if i == mark:
            text.append("┃", style="red")
        elif lo <= i <= hi:
            text.append("━", style=style)
        else:
            text.append("·", style="muted")
    return text


def timeline_cell(window: tuple[date, date], span: tuple[date, date] | None, today: date,
                  pct: int, width: int) -> Text:
    text = timeline(window, span, today, width) if span and width else Text()
    text.append(f" {pct:>3}%")
    return text


def phase_status(status: Any, console_width: int = 120) -> RenderableType:
    document = status.document
    campaign = document["campaign"]
    windows = status.windows
    today = date.fromisoformat(document["today"])
    span = (min(w[0] for w in windows.values()), max(w[1] for w in windows.values())) if windows else None
    width = timeline_width(console_width)
    # Members reached shows only where a roll is recorded (SPEC §1).
    people = any(r.get("members_total") for r in document["phases"])
    table = make_table(
        [t("phase.col.seq"), t("phase.col.title"), t("phase.col.period"), t("phase.col.state"),
         t("phase.col.timeline") if width else t("phase.col.progress"), t("phase.col.days_left"),
         t("phase.col.activities"), t("phase.col.coverage"),
         *([t("member.col.reached")] if people else []), t("phase.col.tasks"),
         t("phase.col.overdue")],
        title=t("phase.status.title", title=campaign["title"], today=_full_date(document["today"])),
        justify={i: "right" for i in (0, 5, 6, 7, 8, 9, 10)},
    )
    for column in table.columns:
        column.no_wrap = True
    # Only the title may wrap; it keeps room for a few characters.
    table.columns[1].no_wrap = False
    table.columns[1].min_width = 8
    table.columns[1].ratio = 1
    for row in document["phases"]:
        state = row["state"]
        style = STATE_STYLE[state]
        coverage = f"{row['units_covered']}/{row['units_total']}" if row["units_total"] else "-"
        table.add_row(
            str(row["seq"]),
            Text(row["title"], style=style),
            f"{short_date(row['start'], campaign['year'])}–{short_date(row['end'], campaign['year'])}",
            Text(f"{STATE_MARK[state]}{t(f'phase.state.{state}')}", style=style),
            timeline_cell(windows[row["seq"]], span, today, row["elapsed_pct"], width),
            str(row["days_left"]) if state != "done" else "-",
            str(row["activities"]),
            coverage,
            *([f"{row['members_reached']}/{row['members_total']}"] if people else []),
            f"{row['tasks_done']}/{row['tasks_total']}",
            Text(str(row["tasks_overdue"]), style="red" if row["tasks_overdue"] else ""),
        )
    lines: list[RenderableType] = [table]
    current = [r for r in document["phases"] if r["state"] == "active"]
    if current:
        sep = "、" if language() == "zh" else ", "
        names = sep.join(f"{r['seq']}. {r['title']}" for r in current)
        lines.append(Text(t("phase.status.current", phases=names), style="active"))
    elif document["phases"]:
        lines.append(Text(t("phase.status.none_current"), style="muted"))
    return Group(*lines)


def phase_list(phases: list[dict[str, Any]]) -> RenderableType:
    from campaign_cli.domain.vocabulary import phase_kind_name

    lang = language()
    sep = "、" if lang == "zh" else ", "
    table = make_table([t("phase.col.seq"), t("phase.col.title"), t("phase.col.start"),
                        t("phase.col.end"), t("phase.col.kinds"), t("phase.col.as_written"),
                        t("phase.col.notes")],
                       justify={0: "right"})
    for p in phases:
        kinds = sep.join(phase_kind_name(k, lang) for k in p.get("kinds") or []) or "-"
        table.add_row(str(p["seq"]), p["title"], _full_date(p["start"]), _full_date(p["end"]), kinds,
                      p.get("as_written") or "", p.get("notes") or "")
    return table
