"""Activities in the store: the rows, their filters and the problems they produced."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from campaign_cli.domain.phases import Interval
from campaign_cli.store.database import Database, Row
# The one SQL mapping of a date to its phase, shared with `phase status`'s counts.
from campaign_cli.store.phases import _case_phase

_SELECT = (
    "SELECT a.id, a.kind, a.title, a.held_on, u.name AS unit, a.participants, a.target, a.notes, "
    "u.members AS members, u.kind AS unit_kind, a.unit_id, a.phase_id, p.seq AS phase_override "
    "FROM activity a LEFT JOIN unit u ON u.id = a.unit_id "
    "LEFT JOIN phase p ON p.id = a.phase_id "
)


def by_id(db: Database, campaign_id: int, activity_id: int) -> Row | None:
    """One activity: id, kind, title, held_on, unit (its name), participants, target,
    notes — plus members (the unit's head count), unit_id, phase_id and
    phase_override (the seq of the phase set by --phase, else None)."""
    return db.one(_SELECT + "WHERE a.campaign_id = :c AND a.id = :id", c=campaign_id, id=activity_id)


def _phase_column(intervals: Sequence[Interval], params: dict[str, Any]) -> str:
    """SQL for an activity's phase seq: the --phase override, else by its date."""
    return f"COALESCE(p.seq, {_case_phase('a.held_on', intervals, params)})"


def listing(db: Database, campaign_id: int, intervals: Sequence[Interval], *,
            phase: int | None = None, kind: str | None = None, unit_id: int | None = None,
            start: date | None = None, end: date | None = None,
            target: str | None = None) -> list[Row]:
    """Activities oldest first, each with its phase seq (`phase`)."""
    params: dict[str, Any] = {"c": campaign_id}
    column = _phase_column(intervals, params)
    where = ["a.campaign_id = :c"]
    if phase is not None:
        where.append(f"{column} = :phase")
        params["phase"] = phase
    if kind:
        where.append("a.kind = :kind")
        params["kind"] = kind
    if unit_id is not None:
        where.append("a.unit_id = :unit_id")
        params["unit_id"] = unit_id
    _within(where, params, start, end)
    if target:
        where.append("a.target = :target")
        params["target"] = target
    sql = (_SELECT.replace("SELECT ", f"SELECT {column} AS phase, ", 1)
           + "WHERE " + " AND ".join(where) + " ORDER BY a.held_on, a.id")
    return db.rows(sql, **params)


def _within(where: list[str], params: dict[str, Any], start: date | None, end: date | None) -> None:
    """Narrow an activity query to the days start..end (either may be open)."""
    if start is not None:
        where.append("a.held_on >= :start")
        params["start"] = start
    if end is not None:
        where.append("a.held_on <= :end")
        params["end"] = end


def add(db: Database, campaign_id: int, *, kind: str, title: str, held_on: date,
        unit_id: int | None, participants: int | None, target: str | None,
        notes: str | None, phase_id: int | None, created_at: str,
        created_on: date | None = None) -> int:
    return db.insert("activity", {
        "campaign_id": campaign_id, "kind": kind, "title": title, "held_on": held_on,
        "phase_id": phase_id, "unit_id": unit_id, "participants": participants,
        "target": target, "notes": notes, "created_at": created_at, "created_on": created_on or created_at[:10],
    })


def update(db: Database, activity_id: int, **values: Any) -> None:
    db.update("activity", activity_id, **values)


def remove(db: Database, activity_id: int) -> None:
    db.execute("DELETE FROM activity WHERE id = :id", id=activity_id)


def problems_of(db: Database, campaign_id: int, activity_id: int) -> list[Row]:
    """The problems a research visit (or any activity) produced."""
    return db.rows("SELECT id, code, title, status FROM problem "
                   "WHERE campaign_id = :c AND source_activity_id = :a ORDER BY number",
                   c=campaign_id, a=activity_id)


def unlink_problems(db: Database, campaign_id: int, activity_id: int) -> None:
    db.execute("UPDATE problem SET source_activity_id = NULL "
               "WHERE campaign_id = :c AND source_activity_id = :a", c=campaign_id, a=activity_id)


def held_by_unit(db: Database, campaign_id: int, intervals: Sequence[Interval], *,
                 phase: int | None = None, start: date | None = None,
                 end: date | None = None) -> dict[int, int]:
    """Activities per unit id (None: no unit), in a phase (by the assignment
    rule) and/or a window."""
    params: dict[str, Any] = {"c": campaign_id}
    where = ["a.campaign_id = :c"]
    if phase is not None:
        where.append(f"{_phase_column(intervals, params)} = :phase")
        params["phase"] = phase
    _within(where, params, start, end)
    rows = db.rows("SELECT a.unit_id, COUNT(*) AS n FROM activity a "
                   "LEFT JOIN phase p ON p.id = a.phase_id "
                   "WHERE " + " AND ".join(where) + " GROUP BY a.unit_id", **params)
    return {r["unit_id"]: int(r["n"]) for r in rows}


def held_by_day(db: Database, campaign_id: int, kinds: Sequence[str], start: date,
                end: date) -> list[Row]:
    """(unit, kind, held_on, n) for branches' activities of `kinds` in a window:
    the cadence counts them per month."""
    if not kinds:
        return []
    params: dict[str, Any] = {"c": campaign_id, "start": start, "end": end}
    marks = []
    for i, kind in enumerate(kinds):
        params[f"k{i}"] = kind
        marks.append(f":k{i}")
    return db.rows(
        "SELECT u.name AS unit, a.kind, a.held_on, COUNT(*) AS n FROM activity a "
        "JOIN unit u ON u.id = a.unit_id "
        f"WHERE a.campaign_id = :c AND u.kind = 'branch' AND a.kind IN ({', '.join(marks)}) "
        "AND a.held_on BETWEEN :start AND :end GROUP BY u.name, a.kind, a.held_on", **params)
