"""`report --format csv`: the task list (任务清单) as of the report's day,
UTF-8 with a BOM so Excel opens the Chinese correctly."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

from campaign_cli.i18n import t
from campaign_cli.reports.formats import labels
from campaign_cli.reports.formats.safe import spreadsheet_safe

BOM = "\ufeff"
TASK_COLUMNS = ("code", "problem", "problem_title", "measure", "department", "owner", "deadline",
                "status", "done_on", "signal", "days_late", "evidence")


def task_headers() -> list[str]:
    return [t(f"report.col.{c}") for c in TASK_COLUMNS]


def task_cells(row: dict[str, Any]) -> list[Any]:
    """One task's cells in TASK_COLUMNS order, words in the user's language."""
    return [row["code"], row["problem"], row["problem_title"], row["measure"], row["department"] or "",
            row["owner"] or "", row["deadline"], labels.task_status(row["status"]), row["done_on"],
            labels.task_signal(row), row["days_late"], row["evidence"] or ""]


def render_task_csv(tasks: Iterable[dict[str, Any]], lang: str | None = None) -> str:
    buffer = io.StringIO()
    write_task_csv(tasks, buffer)
    return buffer.getvalue()


def write_task_csv(tasks: Iterable[dict[str, Any]], out: Any) -> None:
    """The same text written to `out` row by row (a million-task campaign
    is never held in memory)."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(task_headers())
    for row in tasks:
        writer.writerow([_csv_value(v) for v in task_cells(row)])


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheet_safe(value)
