"""`phase status` as plain data: the SPEC §3 document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from campaign_cli.domain import phases as rules
from campaign_cli.domain.records import Campaign
from campaign_cli.store import phases as phase_store
from campaign_cli.store import units as unit_store
from campaign_cli.store.database import Database


@dataclass
class PhaseStatus:
    document: dict[str, Any]  # the SPEC §3 JSON
    windows: dict[int, tuple[date, date]]  # each phase's effective days, for drawing

    def overlaps(self) -> list[tuple[int, int]]:
        """Pairs of phases whose windows share a day (phases may overlap)."""
        items = sorted(self.windows.items())
        return [(a, b) for i, (a, (a_start, a_end)) in enumerate(items)
                for b, (b_start, b_end) in items[i + 1:]
                if a_start <= b_end and b_start <= a_end]


def phase_status(db: Database, campaign: Campaign, today: date) -> PhaseStatus:
    phases = phase_store.all_phases(db, campaign.id)
    default_start = rules.campaign_start(campaign, phases)
    rule = rules.assign(phases, default_start)
    activities = phase_store.activity_counts(db, campaign.id, rule)
    tasks = phase_store.task_counts(db, campaign.id, rule, today)
    branches = len(unit_store.branches_by(db, campaign.id, today))
    from campaign_cli.store import members as member_store

    members_total = member_store.total(db, campaign.id)
    reached = member_store.reached_by_phase(db, campaign.id, rule) if members_total else {}
    rows = []
    windows = {}
    for phase in phases:
        state = rules.state_on(phase, default_start, today)
        windows[phase.seq] = (state.start, state.end)
        held = activities.get(phase.seq, {})
        due = tasks.get(phase.seq, {})
        rows.append({
            "seq": phase.seq,
            "title": phase.title,
            "start": phase.start.isoformat() if phase.start else None,
            "end": phase.end.isoformat(),
            "state": state.state,
            "elapsed_pct": state.elapsed_pct,
            "days_left": state.days_left,
            "activities": int(held.get("activities") or 0),
            "units_covered": int(held.get("units_covered") or 0),
            "units_total": branches,
            "tasks_total": int(due.get("tasks_total") or 0),
            "tasks_done": int(due.get("tasks_done") or 0),
            "tasks_overdue": int(due.get("tasks_overdue") or 0),
            # People (SPEC §1): active members, and those present at one of the phase's activities.
            "members_total": members_total,
            "members_reached": reached.get(phase.seq, 0),
        })
    document = {
        "campaign": campaign.as_json(),
        "today": today.isoformat(),
        "current": [r["seq"] for r in rows if r["state"] == rules.ACTIVE],
        "phases": rows,
    }
    return PhaseStatus(document, windows)

