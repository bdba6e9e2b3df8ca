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
