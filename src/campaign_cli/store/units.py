"""Units (branches and departments) in the store."""

from __future__ import annotations

from campaign_cli.domain.records import Unit
from campaign_cli.store.database import Database

_SELECT = ("SELECT u.id, u.name, u.kind, u.members, p.name AS parent FROM unit u "
           "LEFT JOIN unit p ON p.id = u.parent_id ")


def all_units(db: Database, campaign_id: int, kind: str | None = None) -> list[Unit]:
    sql = _SELECT + "WHERE u.campaign_id = :c"
    if kind:
        sql += " AND u.kind = :kind"
    return [Unit.from_row(r) for r in db.rows(sql + " ORDER BY u.kind, u.id", c=campaign_id, kind=kind)]


def by_name(db: Database, campaign_id: int, name: str) -> Unit | None:
    row = db.one(_SELECT + "WHERE u.campaign_id = :c AND u.name = :name", c=campaign_id, name=name)
    return Unit.from_row(row) if row else None


def add(db: Database, campaign_id: int, *, name: str, kind: str, members: int | None,
        parent_id: int | None = None) -> Unit:
    db.insert("unit", {"campaign_id": campaign_id, "name": name, "kind": kind,
                       "members": members, "parent_id": parent_id})
    unit = by_name(db, campaign_id, name)
    assert unit is not None
    return unit


def update(db: Database, unit_id: int, **values: object) -> None:
    db.update("unit", unit_id, **values)


def merge(db: Database, source: Unit, target: Unit) -> dict[str, int]:
    """Point everything that names `source` at `target`, then drop `source`."""
    moved = {
        "activities": db.execute("UPDATE activity SET unit_id = :t WHERE unit_id = :s", t=target.id, s=source.id),
        "tasks": db.execute("UPDATE task SET department_id = :t WHERE department_id = :s", t=target.id, s=source.id),
        "responsibilities": db.execute(
            "UPDATE responsibility SET department_id = :t WHERE department_id = :s", t=target.id, s=source.id),
        "children": db.execute("UPDATE unit SET parent_id = :t WHERE parent_id = :s", t=target.id, s=source.id),
    }
    db.execute("DELETE FROM unit WHERE id = :id", id=source.id)
    return moved
