"""Units (branches and departments) in the store: reads only (writes are actions)."""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from campaign_cli.domain.records import Unit
from campaign_cli.store.database import Database

_SELECT = ("SELECT u.id, u.name, u.kind, u.members, p.name AS parent, u.created_on FROM unit u "
           "LEFT JOIN unit p ON p.id = u.parent_id ")


def all_units(db: Database, campaign_id: int, kind: str | None = None) -> list[Unit]:
    sql = _SELECT + "WHERE u.campaign_id = :c"
    if kind:
        sql += " AND u.kind = :kind"
    return [Unit.from_row(r) for r in db.rows(sql + " ORDER BY u.kind, u.id", c=campaign_id, kind=kind)]


# A unit `u` that is a branch by :as_of (see branches_by).
BRANCH_BY_AS_OF = ("u.kind = 'branch' AND (u.created_on IS NULL OR u.created_on <= :as_of OR EXISTS ("
                   "SELECT 1 FROM activity a WHERE a.campaign_id = u.campaign_id AND a.unit_id = u.id AND a.held_on <= :as_of "
                   "AND a.created_on <= :as_of))")


def branches_by(db: Database, campaign_ids: int | Iterable[int], as_of: date) -> list[Unit]:
    """The branches coverage counts as of `as_of`, in registration order:
    registered by then (NULL: before the store kept the day), or holding an
    activity entered by then (a unit merged into one registered later)."""
    ids = sorted({campaign_ids} if isinstance(campaign_ids, int) else {int(c) for c in campaign_ids})
    if not ids:
        return []
    marks = ", ".join(str(i) for i in ids)
    return [Unit.from_row(r) for r in db.rows(
        _SELECT + f"WHERE u.campaign_id IN ({marks}) AND {BRANCH_BY_AS_OF} ORDER BY u.campaign_id, u.id",
        as_of=as_of)]


def by_name(db: Database, campaign_id: int, name: str) -> Unit | None:
    row = db.one(_SELECT + "WHERE u.campaign_id = :c AND u.name = :name", c=campaign_id, name=name)
    return Unit.from_row(row) if row else None


def name_by_id(db: Database, unit_id: int) -> str | None:
    return db.scalar("SELECT name FROM unit WHERE id = :id", id=unit_id)


def parent_id(db: Database, unit_id: int) -> int | None:
    return db.scalar("SELECT parent_id FROM unit WHERE id = :id", id=unit_id)


# For each table that names a unit: the row's code and problem, for the history.
_REFERRING = {
    ("activity", "unit_id"): "SELECT a.id, NULL AS code, NULL AS problem_id FROM activity a WHERE a.unit_id = :u",
    ("task", "department_id"): "SELECT t.id, t.code, t.problem_id FROM task t WHERE t.department_id = :u",
    ("responsibility", "department_id"): "SELECT r.id, p.code, r.problem_id FROM responsibility r "
                                         "JOIN problem p ON p.id = r.problem_id WHERE r.department_id = :u",
    ("unit", "parent_id"): "SELECT c.id, c.name AS code, NULL AS problem_id FROM unit c WHERE c.parent_id = :u",
}


def referring(db: Database, table: str, column: str, unit_id: int) -> list[dict[str, Any]]:
    """The rows of `table` whose `column` names the unit, in id order."""
    return db.rows(_REFERRING[(table, column)] + " ORDER BY 1", u=unit_id)


def with_descendants(db: Database, unit_id: int) -> list[int]:
    """The unit and every unit below it (by parent), the unit first."""
    found = [unit_id]
    frontier = [unit_id]
    while frontier:
        marks = ", ".join(str(int(i)) for i in frontier)
        frontier = [r["id"] for r in db.rows(f"SELECT id FROM unit WHERE parent_id IN ({marks}) ORDER BY id")
                    if r["id"] not in found]
        found += frontier
    return found
