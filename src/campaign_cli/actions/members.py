"""Members of units and attendance at activities: add, remove, import a
roster, record who was present, absent or on leave.

A member who attended something is never deleted: `rm` marks them inactive
(the record of what they attended stays); one who attended nothing is
removed. Adding an inactive member again makes them active. Where
attendance is recorded, an activity's `participants` is its present count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions import units as unit_actions
from campaign_cli.domain import members as rules
from campaign_cli.domain.records import Member, Unit
from campaign_cli.errors import UserError
from campaign_cli.store import members as store
from campaign_cli.store import units as unit_store

if TYPE_CHECKING:
    from campaign_cli.importers.roster import RosterEntry


def _shown(unit: str, name: str) -> str:
    return f"{unit}/{name}"


def _put(w: Write, unit: Unit, name: str, role: str | None, counts: dict[str, int]) -> Member:
    """Add `name` to the unit's roll, or update the role / reactivate the one there."""
    name = rules.clean_name(name)
    if not name:
        raise UserError("member.no_name")
    found = store.in_unit(w.db, unit.id, name)
    shown = _shown(unit.name, name)
    if found is None:
        w.insert("member", {"campaign_id": w.campaign_id, "unit_id": unit.id, "name": name, "role": role,
                            "active": True}, shown=shown)
        counts["added"] += 1
    else:
        changed = w.set("member", found.id, "active", found.active, True, code=None, shown=(found.active, True))
        if changed:
            w.notice("member.reactivated", unit=unit.name, name=name)
        if role is not None:
            changed |= w.set("member", found.id, "role", found.role, role)
        counts["updated" if changed else "unchanged"] += 1
    member = store.in_unit(w.db, unit.id, name)
    assert member is not None
    return member


def _counts() -> dict[str, int]:
    return {"added": 0, "updated": 0, "unchanged": 0}


def add(act: Act, unit: str, names: Iterable[str], *, role: str | None = None) -> Outcome[dict[str, Any]]:
    """Put the names on the unit's roll; an unknown unit is registered as a branch."""
    role = rules.check_role(role)
    wanted = [n for raw in names for n in rules.split_names(raw)]
    if not wanted:
        raise UserError("member.no_name")
    with writing(act) as w:
        found = unit_actions.resolve(w, unit, "branch")
        counts = _counts()
        added = [_put(w, found, name, role, counts) for name in wanted]
        if not w.changes:
            raise UserError("member.nothing_to_change", unit=found.name, names="、".join(wanted))
    return w.outcome({"unit": found.name, "members": added, **counts})


def remove(act: Act, unit: str, name: str) -> Outcome[dict[str, Any]]:
    """Take a member off the roll: removed when they attended nothing, else kept inactive."""
    with writing(act) as w:
        found = find(w, unit, name, active_only=False)
        records = store.attendance_count(w.db, found.id)
        if records:
            if not found.active:
                raise UserError("member.already_inactive", unit=found.unit, name=found.name)
            w.set("member", found.id, "active", True, False, shown=(True, False))
            w.notice("member.kept_inactive", unit=found.unit, name=found.name, count=records)
        else:
            w.remove("member", found.id, shown=_shown(found.unit, found.name))
    return w.outcome({"member": found, "removed": not records, "inactive": bool(records), "attended": records})


def find(w: Write, unit: str, name: str, *, active_only: bool = True) -> Member:
    found_unit = unit_actions.find(w, unit)
    member = store.in_unit(w.db, found_unit.id, rules.clean_name(name))
    if member is None or (active_only and not member.active):
        raise UserError("member.unknown", name=rules.clean_name(name), unit=found_unit.name)
    return member


def import_roster(act: Act, entries: list["RosterEntry"]) -> Outcome[dict[str, Any]]:
    """A roster sheet's rows in one transaction; units named for the first time are registered."""
    with writing(act) as w:
        counts = _counts()
        units: dict[str, Unit] = {}
        for entry in entries:
            if entry.unit not in units:
                units[entry.unit] = unit_actions.resolve(w, entry.unit, "branch")
            _put(w, units[entry.unit], entry.name, rules.check_role(entry.role), counts)
    return w.outcome({"rows": len(entries), "units": sorted(units), **counts})


# -- attendance ----------------------------------------------------------------


def _roll(w: Write, unit_id: int | None) -> tuple[dict[str, list[Member]], str | None]:
    """Who may be named at an activity: the members of its unit and the
    units below it; with no unit, every member of the campaign."""
    unit_ids = unit_store.with_descendants(w.db, unit_id) if unit_id is not None else None
    by_name: dict[str, list[Member]] = {}
    for member in store.of_campaign(w.db, w.campaign_id, unit_ids=unit_ids):
        by_name.setdefault(member.name, []).append(member)
    return by_name, unit_store.name_by_id(w.db, unit_id) if unit_id is not None else None


def apply(w: Write, activity: dict[str, Any], plan: dict[str, str], participants: int | None = None) -> int:
    """Record `plan` (name → status) at the activity; participants becomes
    the present count. Returns it."""
    roll, unit_name = _roll(w, activity["unit_id"])
    chosen: list[tuple[Member, str]] = []
    for name, status in plan.items():
        matches = roll.get(name, [])
        if not matches:
            if unit_name is not None:
                raise UserError("member.not_in_unit", name=name, unit=unit_name)
            raise UserError("member.not_in_campaign", name=name)
        if len(matches) > 1:
            raise UserError("member.ambiguous", name=name, units="、".join(m.unit for m in matches))
        chosen.append((matches[0], status))
    existing = {r["member_id"]: r for r in store.attendance_of(w.db, activity["id"])}
    for member, status in chosen:
        row = existing.get(member.id)
        if row is None:
            w.insert("attendance", {"activity_id": activity["id"], "member_id": member.id, "status": status},
                     shown=f"#{activity['id']} {_shown(member.unit, member.name)} {status}")
        else:
            w.set("attendance", row["id"], "status", row["status"], status)
    present = rules.present_count(r["status"] for r in store.attendance_of(w.db, activity["id"]))
    if participants is not None and participants != present:
        raise UserError("member.participants_differ", participants=participants, present=present)
    w.set("activity", activity["id"], "participants", activity["participants"], present)
    return present


def record(act: Act, activity_id: int, plan: dict[str, str]) -> Outcome[int]:
    """`activity attendance ID --present … --absent … --leave …`."""
    from campaign_cli.actions.activities import find_activity

    if not plan:
        raise UserError("member.no_attendance")
    with writing(act) as w:
        activity = find_activity(w, activity_id)
        apply(w, activity, plan)
        if not w.changes:
            raise UserError("activity.nothing_to_change")
    return w.outcome(activity_id)
