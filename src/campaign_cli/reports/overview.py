"""`campaign overview`: every campaign the login may read, one row each, for
the office that follows many schools (SPEC §3 `overview --json`, §7).

Every figure is the month report's (reports/monthly.py), judged as of the
same day `as_of`, and counted by the same SQL (store/report_queries.py):
there the queries run over one campaign, here over all of them at once,
grouped by campaign — a fixed number of queries whatever the number of
schools, never one report per campaign.

Ranked as a 通报 ranks: by on-time rate (none last), then fewer red tasks
(overdue and not done at `as_of`); equal on both, equal rank.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from campaign_cli.domain import phases as phase_rules
from campaign_cli.domain import signals
from campaign_cli.domain.records import Campaign
from campaign_cli.reports.monthly import as_of, overdue_rows, task_figures
from campaign_cli.store import report_queries as q
from campaign_cli.store.database import Database

ACTIVITY_FIGURES = ("activities", "participants", "units_covered", "units_total")


def overview(db: Database, first: date, last: date, today: date, *,
             overdue_limit: int | None = None) -> dict[str, Any]:
    """The SPEC §3 document for the month `first`..`last`, judged as of
    `as_of(last, today)`: `campaigns` ranked, `totals`, `overdue` (every
    school's overdue tasks, longest late first; only the first
    `overdue_limit` when given, as the terminal shows them — `totals.red`
    still counts them all)."""
    from campaign_cli.store import campaigns as campaign_store
    from campaign_cli.store import phases as phase_store

    at = as_of(last, today)
    found = campaign_store.every(db)
    document: dict[str, Any] = {
        "month": f"{first.year:04d}-{first.month:02d}",
        "as_of": at.isoformat(),
        "start": first.isoformat(),
        "end": last.isoformat(),
    }
    if not found:
        return document | {"campaigns": [], "totals": totals([]), "overdue": []}
    by_id = {c.id: c for c in found}
    scope = q.Scope.of(by_id)
    units = q.unit_names(db, scope)
    branches = q.branch_counts(db, scope, at)
    moved = q.Moved(db, scope, at)
    verified = q.Verified(db, scope, first, at)
    problems = q.problem_counts(db, scope, first, at, verified)
    departments = q.department_counts(db, scope, first, last, at, moved, q.overdue_totals(db, scope, at, moved))
    extended: dict[int, int] = {}
    for r in q.extensions(db, scope, first, at):
        extended[int(r["campaign_id"])] = extended.get(int(r["campaign_id"]), 0) + 1
    held = _activities(q.activity_groups(db, scope, first, at), units)
    overdue = list(overdue_rows(q.iter_overdue(db, scope, at, moved, limit=overdue_limit), at, by_id))
    phases = phase_store.phases_by_campaign(db, list(by_id))
    settings = campaign_store.settings_of(db, list(by_id))

    rows = []
    for campaign in found:
        tasks = task_figures(departments[campaign.id].values(), extended.get(campaign.id, 0))
        a = held.get(campaign.id, {})
        rows.append({
            "key": campaign.key,
            "title": campaign.title,
            "issuer": campaign.issuer,
            "unit_name": settings[campaign.id].unit_name or None,  # the school (`campaign edit --unit-name`)
            "current": current_phases(campaign, phases[campaign.id], at),
            "activities": a.get("activities", 0),
            "participants": a.get("participants", 0),
            "units_covered": a.get("units_covered", 0),
            "units_total": branches.get(campaign.id, 0),
            "problems": problems[campaign.id],
            "tasks": tasks,
            "on_time_rate": tasks["on_time_rate"],
            # Red at as_of: overdue and not done then — the overdue list's rows of this school.
            "red": tasks["overdue_at_end"],
        })
    ranked = rank(rows)
    titles = {c.key: c.title for c in found}
    for row in overdue:
        row["campaign_title"] = titles[row["campaign"]]
    return document | {"campaigns": ranked, "totals": totals(ranked), "overdue": overdue}


def current_phases(campaign: Campaign, phases: list, at: date) -> list[int]:
    """The seqs of the phases active on `at` (the report's phase states)."""
    start = phase_rules.campaign_start(campaign, phases)
    return [p.seq for p in phases if phase_rules.state_on(p, start, at).state == phase_rules.ACTIVE]


def _activities(groups: Iterable[dict[str, Any]], units: dict[int, dict[str, Any]]) -> dict[int, dict[str, int]]:
    """Per campaign, from the month's activity groups (campaign, kind,
    target, unit): activities, participants and the branches that held one
    — the sums the report makes of the same rows."""
    found: dict[int, dict[str, Any]] = {}
    for r in groups:
        cell = found.setdefault(int(r["campaign_id"]), {"activities": 0, "participants": 0, "branches": set()})
        cell["activities"] += int(r["n"] or 0)
        cell["participants"] += int(r["participants"] or 0)
        unit = units.get(r["unit_id"]) if r["unit_id"] is not None else None
        if unit is not None and unit["kind"] == "branch":
            cell["branches"].add(r["unit_id"])
    return {cid: {"activities": c["activities"], "participants": c["participants"],
                  "units_covered": len(c["branches"])} for cid, c in found.items()}


def rank_key(row: dict[str, Any]) -> tuple:
    """The 通报 order: higher on-time rate first, none last; then fewer red tasks."""
    rate = row["on_time_rate"]
    return (rate is None, -(rate or 0.0), row["red"])


def rank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows in the 通报 order, each with its `rank`: 1 + the number of
    rows strictly ahead of it (ties share a rank: 1, 2, 2, 4); tied rows by key."""
    ordered = sorted(rows, key=lambda r: (rank_key(r), r["key"]))
    for i, row in enumerate(ordered):
        before = ordered[i - 1] if i else None
        row["rank"] = before["rank"] if before is not None and rank_key(before) == rank_key(row) else i + 1
    return ordered


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Every campaign's figures added up; the on-time rate of the sums."""
    problems = {key: sum(r["problems"][key] for r in rows) for key in q.PROBLEM_FIGURES}
    tasks: dict[str, Any] = {key: sum(r["tasks"][key] for r in rows)
                             for key in ("due", "done", "done_on_time", "overdue_at_end", "extended")}
    tasks["on_time_rate"] = signals.on_time_rate(tasks["done_on_time"], tasks["done"], tasks["overdue_at_end"])
    return {
        "campaigns": len(rows),
        **{key: sum(r[key] for r in rows) for key in ACTIVITY_FIGURES},
        "problems": problems,
        "tasks": tasks,
        "on_time_rate": tasks["on_time_rate"],
        "red": sum(r["red"] for r in rows),
    }
