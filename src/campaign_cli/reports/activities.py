"""Activities as plain data: the JSON of one activity, the list, and the
gaps a secretary needs before a phase ends (coverage and cadence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from campaign_cli.domain import activities as rules
from campaign_cli.domain import phases as phase_rules
from campaign_cli.domain.phases import Assignment
from campaign_cli.domain.records import Campaign, Phase
from campaign_cli.errors import UserError
from campaign_cli.store import activities as store
from campaign_cli.store import campaigns as campaign_store
from campaign_cli.store import phases as phase_store
from campaign_cli.store import units as unit_store
from campaign_cli.store.database import Database, Row


@dataclass
class Calendar:
    """The campaign's phases and which phase owns each day, per kind."""

    phases: list[Phase]
    default_start: date
    rule: Assignment

    def seq_of(self, day: date, kind: str, override: int | None = None) -> int | None:
        return rules.phase_seq(day, kind, override, self.rule)


def calendar(db: Database, campaign: Campaign) -> Calendar:
    phases = phase_store.all_phases(db, campaign.id)
    default_start = phase_rules.campaign_start(campaign, phases)
    return Calendar(phases, default_start, phase_rules.assign(phases, default_start))


def activity_json(row: Row, phase: int | None) -> dict[str, Any]:
    """One activity as scripts see it (keys are the store's, names as entered)."""
    return {
        "id": row["id"],
        "title": row["title"],
        "kind": row["kind"],
        "date": str(row["held_on"])[:10],
        "phase": phase,
        "phase_fixed": row.get("phase_override") is not None,
        "unit": row["unit"],
        "participants": row["participants"],
        "members": row.get("members"),
        "target": row["target"],
        "notes": row["notes"],
    }


def one(db: Database, campaign: Campaign, activity_id: int, cal: Calendar | None = None,
        with_problems: bool = False) -> dict[str, Any]:
    row = store.by_id(db, campaign.id, activity_id)
    if row is None:
        raise UserError("activity.unknown", id=activity_id)
    cal = cal or calendar(db, campaign)
    document = activity_json(row, cal.seq_of(date.fromisoformat(str(row["held_on"])[:10]), row["kind"],
                                             row["phase_override"]))
    from campaign_cli.reports.members import attendance

    document["attendance"] = attendance(db, activity_id)
    if with_problems:
        document["problems"] = [{"code": p["code"], "title": p["title"], "status": p["status"]}
                                for p in store.problems_of(db, campaign.id, activity_id)]
    return document


def listing(db: Database, campaign: Campaign, *, unit: str | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Activities matching the filters; `unit` and `phase` name a unit and a phase seq."""
    cal = calendar(db, campaign)
    filters = _checked(db, campaign, cal, unit, filters)
    return [activity_json(r, r["phase"]) for r in store.listing(db, campaign.id, cal.rule, **filters)]


def listing_json(db: Database, campaign: Campaign, *, unit: str | None = None, **filters: Any) -> Any:
    """`listing`'s rows for `activity list --json`, as JSON text the database
    builds (the rows of `activity_json`, laid out as a top-level list indents
    them), streamed a batch at a time; the filters are checked first."""
    cal = calendar(db, campaign)
    filters = _checked(db, campaign, cal, unit, filters)
    return store.iter_listing_json(db, campaign.id, cal.rule, depth=1, **filters)


def _checked(db: Database, campaign: Campaign, cal: Calendar, unit: str | None,
             filters: dict[str, Any]) -> dict[str, Any]:
    """The filters with `unit` as its id; an unknown unit or phase is a user error."""
    from campaign_cli.domain.names import normalise_name

    if unit:
        found = unit_store.by_name(db, campaign.id, normalise_name(unit))
        if found is None:
            raise UserError("unit.unknown", name=unit)
        filters["unit_id"] = found.id
    if filters.get("phase") is not None and not any(p.seq == filters["phase"] for p in cal.phases):
        raise UserError("phase.unknown", seq=filters["phase"])
    return filters


# -- gaps ----------------------------------------------------------------------


def gaps(db: Database, campaign: Campaign, today: date, *, phase: int | None = None,
         month: tuple[date, date] | None = None, members: bool = False) -> dict[str, Any]:
    """Branches that held nothing in a phase (default: the phases active
    today) or a month, and branches behind the campaign's cadence in each
    month of that window up to today; with `members`, each window's
    members present at no activity of it (members_total, members_reached,
    members_missed)."""
    cal = calendar(db, campaign)
    if phase is not None:
        chosen = [p for p in cal.phases if p.seq == phase]
        if not chosen:
            raise UserError("phase.unknown", seq=phase)
    elif month is None:
        chosen = [p for p in cal.phases
                  if phase_rules.state_on(p, cal.default_start, today).state == phase_rules.ACTIVE]
        if not chosen:
            raise UserError("activity.no_current_phase", today=today.isoformat())
    else:
        chosen = []
    # A live view, as of today (activities too are counted whenever entered):
    # the branches registered by today.
    branches = unit_store.branches_by(db, campaign.id, today)
    coverage = []
    windows: list[tuple[date, date]] = []
    # A phase is judged only on the activity kinds it names (None: it names
    # none, every kind counts); a phase for 整改 alone asks for no activity.
    judged: list[tuple[str, ...] | None] = []
    for p in chosen or [None]:
        if p is not None:
            start, end = phase_rules.window(p, cal.default_start)
        else:
            start, end = month  # type: ignore[misc]
        if month is not None:
            start, end = max(start, month[0]), min(end, month[1])
        windows.append((start, end))
        kinds = phase_rules.judged_kinds(p) if p is not None else None
        judged.append(kinds)
        held = store.held_by_unit(db, campaign.id, cal.rule, phase=p.seq if p else None,
                                  start=month[0] if month else None, end=month[1] if month else None,
                                  kinds=kinds)
        asks = kinds is None or bool(kinds)
        coverage.append({
            "phase": p.seq if p else None,
            "title": p.title if p else None,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "kinds": list(kinds) if kinds is not None else None,
            "activities": sum(held.values()),
            "units_covered": sum(1 for b in branches if held.get(b.id)),
            "units_total": len(branches),
            "gaps": [{"unit": b.name, "members": b.members} for b in branches if asks and not held.get(b.id)],
        })
        if members:
            from campaign_cli.reports.members import missed

            coverage[-1].update(missed(db, campaign, cal.rule, phase=p.seq if p else None,
                                       start=month[0] if month else None, end=month[1] if month else None))
    cadence = rules.parse_cadence(campaign_store.settings(db, campaign.id).cadence)
    if all(k is not None for k in judged):
        cadence = {kind: n for kind, n in cadence.items() if any(kind in k for k in judged if k)}
    behind: list[dict[str, Any]] = []
    first = min(s for s, _ in windows)
    last = min(max(e for _, e in windows), today)
    if cadence and branches and first <= last:
        months = rules.months_between(first, last)
        lo = date.fromisoformat(months[0] + "-01")
        hi = _month_end(last)
        rows = store.held_by_day(db, campaign.id, sorted(cadence), lo, hi)
        held_rows = [(r["unit"], r["kind"], date.fromisoformat(str(r["held_on"])[:10]), r["n"]) for r in rows]
        behind = [b.as_json() for b in rules.behind_cadence(cadence, [b.name for b in branches],
                                                            months, held_rows)]
    return {
        "today": today.isoformat(),
        "month": f"{month[0].year:04d}-{month[0].month:02d}" if month else None,
        "coverage": coverage,
        "cadence": [{"kind": k, "per_month": n} for k, n in sorted(cadence.items())],
        "behind": behind,
    }


def _month_end(day: date) -> date:
    from calendar import monthrange

    return date(day.year, day.month, monthrange(day.year, day.month)[1])


def cadence_rules(db: Database, campaign: Campaign) -> list[dict[str, Any]]:
    cadence = rules.parse_cadence(campaign_store.settings(db, campaign.id).cadence)
    return [{"kind": k, "per_month": n} for k, n in sorted(cadence.items())]

