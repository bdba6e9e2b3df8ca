"""Words for the codes a report shows (status, signal, term, kind …) in the user's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from campaign_cli.domain import vocabulary
from campaign_cli.i18n import language, t


def problem_status(key: str) -> str:
    return t(f"report.status.{key}")


def task_status(key: str) -> str:
    return t(f"report.task.{key}")


def signal(key: str) -> str:
    return t(f"report.signal.{key}")


def term(key: str | None) -> str:
    return t(f"report.term.{key}") if key in ("short", "long") else (key or "")


def role(key: str | None) -> str:
    return t(f"report.role.{key}") if key in ("lead", "support") else (key or "")


def state(key: str) -> str:
    return t(f"report.state.{key}")


def kind(key: str) -> str:
    return vocabulary.kind_name(key, language())


def target(key: str) -> str:
    return vocabulary.target_name(key, language())


def department(name: str | None) -> str:
    return name if name else t("report.no_department")


def unit(name: str | None) -> str:
    return name if name else t("report.no_unit")


def day(value: Any) -> str:
    """A date as the user reads it: 2023年5月8日 / 2023-05-08; '' for none."""
    if not value:
        return ""
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.year}年{d.month}月{d.day}日" if language() == "zh" else d.isoformat()


def short_day(value: Any) -> str:
    if not value:
        return "…"
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.month}月{d.day}日" if language() == "zh" else d.strftime("%m-%d")


def sep() -> str:
    return "、" if language() == "zh" else ", "


def title(document: dict[str, Any]) -> str:
    year, month = document["month"].split("-")
    return t("report.title", title=document["campaign"]["title"], year=year, month=int(month) if language() == "zh" else month)


def counted(label: str, count: int) -> str:
    """新增（3） / New (3)."""
    return f"{label}（{count}）" if language() == "zh" else f"{label} ({count})"


def in_progress(document: dict[str, Any]) -> bool:
    """Is the report judged before its month's last day (the month not over)?"""
    return document["as_of"] < document["end"]


def subtitle(document: dict[str, Any]) -> str:
    """统计截至 …: the day every figure is judged at, and why that day."""
    at = day(document["as_of"])
    if document["as_of"] < document["start"]:
        return t("report.subtitle.not_started", last=at)
    return t("report.subtitle.in_progress", last=at) if in_progress(document) else t("report.subtitle", last=at)


def at_end(document: dict[str, Any]) -> str:
    """月末 once the month is over, 截至统计日 while it is not."""
    return t("report.at_as_of") if in_progress(document) else t("report.at_end")


def count(key: str, document: dict[str, Any]) -> str:
    """The label of a figure; those judged at the month's end say so only when it is over."""
    if key in ("open_at_end", "overdue_at_end") and in_progress(document):
        return t(f"report.count.{key}.so_far")
    return t(f"report.count.{key}")


def rate(value: float | None) -> str:
    """An on-time rate as a percentage; '-' when nothing was done or overdue."""
    return "-" if value is None else f"{round(value * 100)}%"


def task_signal(row: dict[str, Any]) -> str:
    """A ledger task's signal; 逾期完成 for one done after its deadline."""
    return t("report.signal.done_late") if row.get("late") else signal(row["signal"])
