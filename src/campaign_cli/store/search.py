"""`issue search`: problems and tasks holding a text, or in a status or signal.

A text matches a problem's title, detail or category, a task's measure,
owner or evidence text and the names of its evidence files, ignoring case.
"""

from __future__ import annotations

from datetime import date

from campaign_cli.domain.records import Problem, Task
from campaign_cli.store import problems, tasks
from campaign_cli.store.database import Database


def pattern(text: str) -> str:
    """A LIKE pattern for `text` anywhere, its % _ and \\ taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _like(column: str) -> str:
    return f"LOWER(COALESCE({column}, '')) LIKE :q ESCAPE '\\'"


def find_problems(db: Database, campaign_id: int, text: str, *, status: str | None = None,
                  limit: int | None = None) -> list[Problem]:
    matches = " OR ".join(_like(c) for c in ("p.title", "p.detail", "p.category", "p.leader"))
    if status:
        matches += " OR p.status = :status"
    sql = problems._SELECT + f"WHERE p.campaign_id = :c AND ({matches}) ORDER BY p.number"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Problem.from_row(r) for r in db.rows(sql, c=campaign_id, q=pattern(text), status=status)]


def find_tasks(db: Database, campaign_id: int, text: str, *, status: str | None = None,
               signal: str | None = None, today: date, warn_end: date, limit: int | None = None) -> list[Task]:
    matches = " OR ".join(_like(c) for c in ("t.measure", "t.evidence", "t.owner"))
    matches += (" OR EXISTS (SELECT 1 FROM evidence e WHERE e.task_id = t.id AND "
                + _like("e.file_name") + ")")
    if status:
        matches += " OR t.status = :status"
    if signal:
        matches += f" OR ({tasks.SIGNAL_SQL[signal]})"
    sql = tasks._SELECT + f"WHERE t.campaign_id = :c AND ({matches}) ORDER BY t.number"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Task.from_row(r) for r in db.rows(sql, c=campaign_id, q=pattern(text), status=status,
                                               today=today, warn_end=warn_end)]
