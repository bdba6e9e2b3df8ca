"""Members and attendance as plain data: the roll, an activity's
attendance, one person's record, and the members a phase or month missed."""

from __future__ import annotations

from datetime import date
from typing import Any

from campaign_cli.domain.records import Campaign
from campaign_cli.errors import UserError
from campaign_cli.store import members as store
from campaign_cli.store import units as unit_store
from campaign_cli.store.database import Database


def roster(db: Database, campaign: Campaign, unit: str | None, *, include_inactive: bool = False
           ) -> list[dict[str, Any]]:
    """`unit member list [UNIT]`: the members, unit by unit, each with the
    unit's head count (`members`) beside the number recorded."""
    from campaign_cli.domain.names import normalise_name

    unit_ids = None
    if unit:
        found = unit_store.by_name(db, campaign.id, normalise_name(unit))
        if found is None:
            raise UserError("unit.unknown", name=unit)
        unit_ids = [found.id]
    head = {u.name: u.members for u in unit_store.all_units(db, campaign.id)}
    people = store.of_campaign(db, campaign.id, unit_ids=unit_ids, active_only=not include_inactive)
    return [{**m.as_json(), "unit_members": head.get(m.unit)} for m in people]


def attendance(db: Database, activity_id: int) -> dict[str, list[str]] | None:
    """An activity's attendance by status (names, roll order); None when none is recorded."""
    rows = store.attendance_of(db, activity_id)
    if not rows:
        return None
    return {status: [r["name"] for r in rows if r["status"] == status] for status in ("present", "absent", "leave")}


def person(db: Database, campaign: Campaign, name: str) -> list[dict[str, Any]]:
    """Where `name` is on a roll (one entry per unit), with the activities
    they have a record at: date, title, kind, unit, phase and status."""
    from campaign_cli.reports.activities import calendar

    cal = calendar(db, campaign)
    out = []
    for member in store.of_campaign(db, campaign.id, active_only=False, name=name):
        rows = store.member_attendance(db, campaign.id, cal.rule, member.id)
        out.append({
            **member.as_json(),
            "attended": sum(1 for r in rows if r["status"] == "present"),
            "activities": [{"id": r["id"], "date": str(r["held_on"])[:10], "title": r["title"], "kind": r["kind"],
                            "unit": r["unit"], "phase": r["phase"], "status": r["status"]} for r in rows],
        })
    return out


def missed(db: Database, campaign: Campaign, rule: Any, *, phase: int | None, start: date | None,
           end: date | None) -> dict[str, Any]:
    """The active members present at no activity of a phase and/or window:
    members_total, members_reached and the list of those missed."""
    everyone = store.of_campaign(db, campaign.id)
    reached = store.reached(db, campaign.id, rule, phase=phase, start=start, end=end)
    return {
        "members_total": len(everyone),
        "members_reached": sum(1 for m in everyone if m.id in reached),
        "members_missed": [{"unit": m.unit, "name": m.name, "role": m.role} for m in everyone if m.id not in reached],
    }
