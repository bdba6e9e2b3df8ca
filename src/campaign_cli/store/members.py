"""Members and attendance in the store: reads only (writes are actions)."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from campaign_cli.domain.phases import Assignment
from campaign_cli.domain.records import Member
from campaign_cli.store.activities import _within as within
from campaign_cli.store.database import Database, Row
from campaign_cli.store.phases import phase_case

_SELECT = ("SELECT m.id, m.unit_id, u.name AS unit, m.name, m.role, m.active FROM member m "
           "JOIN unit u ON u.id = m.unit_id ")


def of_campaign(db: Database, campaign_id: int, *, unit_ids: Sequence[int] | None = None,
                active_only: bool = True, name: str | None = None) -> list[Member]:
    """Members in unit then entry order; of `unit_ids` only when given."""
    params: dict[str, Any] = {"c": campaign_id}
    where = ["m.campaign_id = :c"]
    if active_only:
        where.append("m.active = :yes")
        params["yes"] = True
    if unit_ids is not None:
        if not unit_ids:
            return []
        marks = []
        for i, unit_id in enumerate(unit_ids):
            params[f"u{i}"] = unit_id
            marks.append(f":u{i}")
        where.append(f"m.unit_id IN ({', '.join(marks)})")
    if name is not None:
        where.append("m.name = :name")
        params["name"] = name
    return [Member.from_row(r) for r in db.rows(_SELECT + "WHERE " + " AND ".join(where) + " ORDER BY u.id, m.id",
                                                **params)]


def in_unit(db: Database, unit_id: int, name: str) -> Member | None:
    row = db.one(_SELECT + "WHERE m.unit_id = :u AND m.name = :name", u=unit_id, name=name)
    return Member.from_row(row) if row else None


def counts_by_unit(db: Database, campaign_id: int) -> dict[int, int]:
    """Active members recorded per unit id."""
    return {r["unit_id"]: int(r["n"]) for r in db.rows(
        "SELECT unit_id, COUNT(*) AS n FROM member WHERE campaign_id = :c AND active = :yes GROUP BY unit_id",
        c=campaign_id, yes=True)}


def total(db: Database, campaign_id: int) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM member WHERE campaign_id = :c AND active = :yes",
                         c=campaign_id, yes=True) or 0)


def attendance_count(db: Database, member_id: int) -> int:
    return int(db.scalar("SELECT COUNT(*) FROM attendance WHERE member_id = :m", m=member_id) or 0)


def attendance_of(db: Database, activity_id: int) -> list[Row]:
    """An activity's attendance: id, member_id, name, unit, role, status, in roll order."""
    return db.rows("SELECT at.id, at.member_id, m.name, u.name AS unit, m.role, at.status FROM attendance at "
                   "JOIN member m ON m.id = at.member_id JOIN unit u ON u.id = m.unit_id "
                   "WHERE at.activity_id = :a ORDER BY u.id, m.id", a=activity_id)


def attendance_ids(db: Database, activity_id: int) -> list[int]:
    return [r["id"] for r in db.rows("SELECT id FROM attendance WHERE activity_id = :a ORDER BY id", a=activity_id)]


def member_attendance(db: Database, campaign_id: int, rule: Assignment, member_id: int) -> list[Row]:
    """The activities a member has a record at, oldest first, each with its phase seq."""
    params: dict[str, Any] = {"c": campaign_id, "m": member_id}
    case = phase_case("a.held_on", rule, params, kind_column="a.kind")
    return db.rows(
        f"SELECT a.id, a.title, a.kind, a.held_on, au.name AS unit, at.status, COALESCE(p.seq, {case}) AS phase "
        "FROM attendance at JOIN activity a ON a.id = at.activity_id "
        "LEFT JOIN phase p ON p.id = a.phase_id LEFT JOIN unit au ON au.id = a.unit_id "
        "WHERE a.campaign_id = :c AND at.member_id = :m ORDER BY a.held_on, a.id", **params)


def reached(db: Database, campaign_id: int, rule: Assignment, *, phase: int | None = None,
            start: date | None = None, end: date | None = None) -> set[int]:
    """Ids of the active members present at one activity at least, of
    phase `phase` (by the assignment rule) and/or within start..end."""
    params: dict[str, Any] = {"c": campaign_id, "present": "present", "yes": True}
    where = ["a.campaign_id = :c", "at.status = :present", "m.active = :yes"]
    if phase is not None:
        where.append(f"COALESCE(p.seq, {phase_case('a.held_on', rule, params, kind_column='a.kind')}) = :phase")
        params["phase"] = phase
    within(where, params, start, end)
    return {r["member_id"] for r in db.rows(
        "SELECT DISTINCT at.member_id FROM attendance at JOIN activity a ON a.id = at.activity_id "
        "JOIN member m ON m.id = at.member_id LEFT JOIN phase p ON p.id = a.phase_id "
        "WHERE " + " AND ".join(where), **params)}


def reached_by_phase(db: Database, campaign_id: int, rule: Assignment) -> dict[int, int]:
    """Per phase seq: active members present at one of its activities at least."""
    params: dict[str, Any] = {"c": campaign_id, "present": "present", "yes": True}
    case = phase_case("a.held_on", rule, params, kind_column="a.kind")
    rows = db.rows(
        f"SELECT COALESCE(p.seq, {case}) AS seq, COUNT(DISTINCT at.member_id) AS n "
        "FROM attendance at JOIN activity a ON a.id = at.activity_id JOIN member m ON m.id = at.member_id "
        "LEFT JOIN phase p ON p.id = a.phase_id "
        "WHERE a.campaign_id = :c AND at.status = :present AND m.active = :yes GROUP BY 1", **params)
    return {r["seq"]: int(r["n"]) for r in rows if r["seq"] is not None}
