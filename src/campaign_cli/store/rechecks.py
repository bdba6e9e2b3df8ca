"""Rechecks (回头看) of verified problems."""

from __future__ import annotations

from datetime import date

from campaign_cli.domain.records import Recheck
from campaign_cli.store.database import Database

_SELECT = ("SELECT r.id, r.problem_id, p.code AS problem, p.title AS problem_title, r.due, r.done_on, r.result, "
           "r.checked_by, r.notes FROM recheck r JOIN problem p ON p.id = r.problem_id ")


def of_problem(db: Database, problem_id: int) -> list[Recheck]:
    return [Recheck.from_row(r) for r in db.rows(_SELECT + "WHERE r.problem_id = :p ORDER BY r.due, r.id",
                                                 p=problem_id)]


def pending(db: Database, problem_id: int) -> list[Recheck]:
    """Rechecks not yet done, the earliest due first."""
    return [Recheck.from_row(r) for r in db.rows(
        _SELECT + "WHERE r.problem_id = :p AND r.done_on IS NULL ORDER BY r.due, r.id", p=problem_id)]


def due_by(db: Database, campaign_id: int, today: date, limit: int | None = None) -> tuple[list[Recheck], int]:
    """Rechecks not done whose day has come, the most overdue first."""
    where = "WHERE r.campaign_id = :c AND r.done_on IS NULL AND r.due <= :today"
    total = int(db.scalar("SELECT COUNT(*) FROM recheck r " + where, c=campaign_id, today=today))
    sql = _SELECT + where + " ORDER BY r.due, p.number"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Recheck.from_row(r) for r in db.rows(sql, c=campaign_id, today=today)], total


def of_campaign(db: Database, campaign_id: int) -> list[Recheck]:
    return [Recheck.from_row(r) for r in db.rows(_SELECT + "WHERE r.campaign_id = :c ORDER BY r.id",
                                                 c=campaign_id)]
