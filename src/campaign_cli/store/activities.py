"""Activities in the store: the rows, their filters and the problems they produced."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from campaign_cli.domain.phases import Assignment
from campaign_cli.store.database import Database, Row
# The one SQL mapping of a date to its phase, shared with `phase status`'s counts.
from campaign_cli.store.phases import phase_case

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


def _phase_column(rule: Assignment, params: dict[str, Any]) -> str:
    """SQL for an activity's phase seq: the --phase override, else by its date and kind."""
    return f"COALESCE(p.seq, {phase_case('a.held_on', rule, params, kind_column='a.kind')})"


def listing(db: Database, campaign_id: int, rule: Assignment, **filters: Any) -> list[Row]:
    """Activities oldest first, each with its phase seq (`phase`)."""
    column, where, params = _listing(rule, campaign_id, **filters)
    return db.rows(_SELECT.replace("SELECT ", f"SELECT {column} AS phase, ", 1) + where, **params)


def iter_listing_json(db: Database, campaign_id: int, rule: Assignment, *, depth: int | None,
                      **filters: Any) -> Any:
    """`listing`'s rows as reports.activities.activity_json shapes them, as
    JSON text the database builds (laid out for `depth`, see
    database.json_object_sql), read a batch at a time (`JSONRows`)."""
    from campaign_cli.store.database import JSONRows, json_object_sql

    column, where, params = _listing(rule, campaign_id, **filters)
    day = "substr(a.held_on, 1, 10)" if db.dialect == "sqlite" else "a.held_on"
    fields = [("id", "a.id", False), ("title", "a.title", False), ("kind", "a.kind", False), ("date", day, False),
              ("phase", column, False), ("phase_fixed", "CASE WHEN p.seq IS NULL THEN 'false' ELSE 'true' END", True),
              ("unit", "u.name", False), ("participants", "a.participants", False),
              ("members", "u.members", False), ("target", "a.target", False), ("notes", "a.notes", False)]
    sql = f"SELECT {json_object_sql(db.dialect, fields, depth=depth)} AS j " + _SELECT[_SELECT.index("FROM "):] + where
    return JSONRows(db.iter_batches(sql, **params))


def _listing(rule: Assignment, campaign_id: int, *,
             phase: int | None = None, kind: str | None = None, unit_id: int | None = None,
             start: date | None = None, end: date | None = None,
             target: str | None = None) -> tuple[str, str, dict[str, Any]]:
    """The phase column, the WHERE and ORDER BY, and the parameters of a listing."""
    params: dict[str, Any] = {"c": campaign_id}
    column = _phase_column(rule, params)
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
    return column, "WHERE " + " AND ".join(where) + " ORDER BY a.held_on, a.id", params


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


def held_by_unit(db: Database, campaign_id: int, rule: Assignment, *,
                 phase: int | None = None, start: date | None = None,
                 end: date | None = None, kinds: Sequence[str] | None = None) -> dict[int, int]:
    """Activities per unit id (None: no unit), in a phase (by the assignment
    rule) and/or a window, of `kinds` only when given."""
    params: dict[str, Any] = {"c": campaign_id}
    where = ["a.campaign_id = :c"]
    if phase is not None:
        where.append(f"{_phase_column(rule, params)} = :phase")
        params["phase"] = phase
    if kinds is not None:
        if not kinds:
            return {}
        marks = []
        for i, kind in enumerate(kinds):
            params[f"hk{i}"] = kind
            marks.append(f":hk{i}")
        where.append(f"a.kind IN ({', '.join(marks)})")
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
