"""The three lists, the dashboard, one person's ledger and the integrity
check, as plain data (the JSON documents); the renderers draw them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from campaign_cli.domain import problems as rules
from campaign_cli.domain import signals
from campaign_cli.domain.records import Campaign
from campaign_cli.store import campaigns as campaign_store
from campaign_cli.store import problems, tasks
from campaign_cli.store.database import Database, Row


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _iso(value: Any) -> str | None:
    day = _day(value)
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Clock:
    """Signals are judged as of `today` with the campaign's warning window."""

    today: date
    warn_days: int

    @property
    def warn_end(self) -> date:
        return signals.warn_until(self.today, self.warn_days)


def clock(db: Database, campaign: Campaign, today: date) -> Clock:
    return Clock(today, signals.warn_days(campaign_store.get_setting(db, "warn_days", campaign.id)))


def task_json(row: Row, at: Clock) -> dict[str, Any]:
    deadline = _day(row["deadline"])
    done_on = _day(row["done_on"])
    assert deadline is not None
    signal = signals.signal(deadline, row["status"], at.today, at.warn_days)
    return {
        "code": row["code"],
        "problem": row["problem"],
        "problem_title": row["problem_title"],
        "measure": row["measure"],
        "owner": row["owner"],
        "department": row["department"],
        "deadline": deadline.isoformat(),
        "status": row["status"],
        "signal": signal,
        "late": signals.is_late(deadline, done_on),
        "days_left": None if signal == signals.DONE else signals.days_left(deadline, at.today),
        "started_on": _iso(row["started_on"]),
        "done_on": _iso(done_on),
        "evidence": row["evidence"],
    }


def problem_json(row: Row) -> dict[str, Any]:
    return {
        "code": row["code"],
        "title": row["title"],
        "detail": row["detail"],
        "category": row["category"],
        "term": row["term"],
        "source_activity": row["source_activity_id"],
        "found_on": _iso(row["found_on"]),
        "owner": row["owner"],
        "department": row["department"],
        "status": row["status"],
        "tasks": int(row["tasks"] or 0),
        "tasks_done": int(row["tasks_done"] or 0),
        "next_deadline": _iso(row["next_deadline"]),
        "resolved_on": _iso(row["resolved_on"]),
        "verified_on": _iso(row["verified_on"]),
        "verified_by": row["verified_by"],
    }


def responsibility_json(row: Row) -> dict[str, Any]:
    return {
        "problem": row["problem"],
        "problem_title": row["problem_title"],
        "department": row["department"],
        "owner": row["owner"],
        "role": row["role"],
        "status": row["problem_status"],
    }


def event_json(row: Row) -> dict[str, Any]:
    return {"at": row["at"], "actor": row["actor"], "entity": row["entity"], "code": row["code"],
            "field": row["field"], "old": row["old_value"], "new": row["new_value"]}


@dataclass
class Listing:
    kind: str  # problems | responsibilities | tasks
    rows: list[dict[str, Any]]
    total: int  # how many matched; rows may be fewer (a cap)


def listing(db: Database, campaign: Campaign, at: Clock, *, kind: str, status: str | None,
            owner: str | None, department_id: int | None, signal: str | None, due_end: date | None,
            phase: tasks.PhaseScope | None, limit: int | None) -> Listing:
    flt = tasks.TaskFilter(today=at.today, warn_end=at.warn_end, signal=signal, due_end=due_end,
                           phase=phase)
    if kind == "tasks":
        flt.status, flt.owner, flt.department_id = status, owner, department_id
        rows, total = tasks.list_tasks(db, campaign.id, flt, limit=limit)
        return Listing(kind, [task_json(r, at) for r in rows], total)
    task_where = flt.where(own_columns=False)
    list_of = problems.list_problems if kind == "problems" else problems.list_responsibilities
    rows, total = list_of(db, campaign.id, status=status, owner=owner, department_id=department_id,
                          task_where=task_where, params=flt.params, limit=limit)
    shape = problem_json if kind == "problems" else responsibility_json
    return Listing(kind, [shape(r) for r in rows], total)


def phase_scope(db: Database, campaign: Campaign, seq: int) -> tasks.PhaseScope:
    """The tasks phase `seq` holds (`issue list --phase`) by SPEC §1: those
    pinned to it (or whose problem is), and the unpinned ones whose deadline
    falls in the days it owns for the three lists' kind."""
    from campaign_cli.domain import phases as phase_rules
    from campaign_cli.errors import UserError
    from campaign_cli.store import phases as phase_store

    found = phase_store.all_phases(db, campaign.id)
    if not any(p.seq == seq for p in found):
        raise UserError("phase.unknown", seq=seq)
    rule = phase_rules.assign(found, phase_rules.campaign_start(campaign, found))
    phase_id = next(p.id for p in found if p.seq == seq)
    return tasks.PhaseScope(phase_id, rule.ranges(seq, phase_rules.PROBLEMS))


def problem_detail(db: Database, campaign: Campaign, at: Clock, problem: Row) -> dict[str, Any]:
    """`issue show P-n`: the problem, its responsibilities, tasks, source and history."""
    source = None
    if problem["source_activity_id"] is not None:
        found = problems.source_activity(db, campaign.id, problem["source_activity_id"])
        if found:
            source = {"id": found["id"], "kind": found["kind"], "title": found["title"],
                      "date": _iso(found["held_on"])}
    return {
        "problem": problem_json(problem),
        "responsibilities": [responsibility_json(r) for r in problems.responsibilities_of(db, problem["id"])],
        "tasks": [task_json(r, at) for r in tasks.of_problem(db, problem["id"])],
        "source_activity": source,
        "history": [event_json(e) for e in problems.history(db, campaign.id, problem_id=problem["id"])],
    }


def task_detail(db: Database, campaign: Campaign, at: Clock, task: Row) -> dict[str, Any]:
    problem = problems.by_id(db, task["problem_id"])
    assert problem is not None
    return {
        "task": task_json(task, at),
        "problem": problem_json(problem),
        "history": [event_json(e) for e in problems.history(db, campaign.id, task_id=task["id"])],
    }


def _group(row: Row) -> dict[str, Any]:
    done, on_time = int(row["done"] or 0), int(row["on_time"] or 0)
    return {"name": row["name"], "total": int(row["total"] or 0), "red": int(row["red"] or 0),
            "yellow": int(row["yellow"] or 0), "green": int(row["green"] or 0), "done": done,
            "on_time": on_time, "on_time_rate": signals.on_time_rate(on_time, done, int(row["red"] or 0))}


def dashboard(db: Database, campaign: Campaign, at: Clock, *, by: str, limit: int | None) -> dict[str, Any]:
    """Counts per department or owner by SQL aggregation, then the red list
    and what falls due in the warning window (capped at `limit` rows each)."""
    groups = [_group(r) for r in tasks.signal_counts(db, campaign.id, today=at.today, warn_end=at.warn_end, by=by)]
    groups.sort(key=lambda g: (-g["red"], -g["yellow"], g["name"] is None, g["name"] or ""))
    totals: dict[str, Any] = {k: sum(g[k] for g in groups)
                              for k in ("total", "red", "yellow", "green", "done", "on_time")}
    totals["on_time_rate"] = signals.on_time_rate(totals["on_time"], totals["done"], totals["red"])
    red_rows, red_total = tasks.list_tasks(
        db, campaign.id, tasks.TaskFilter(today=at.today, warn_end=at.warn_end, signal=signals.RED), limit=limit)
    due_rows, due_total = tasks.list_tasks(
        db, campaign.id, tasks.TaskFilter(today=at.today, warn_end=at.warn_end, signal=signals.YELLOW), limit=limit)
    red = []
    for row in red_rows:
        item = task_json(row, at)
        item["days_overdue"] = signals.days_overdue(_day(row["deadline"]), at.today)  # type: ignore[arg-type]
        red.append(item)
    return {
        "today": at.today.isoformat(), "warn_days": at.warn_days, "by": by,
        "groups": groups, "totals": totals,
        "red": red, "red_total": red_total,
        "due_soon": [task_json(r, at) for r in due_rows], "due_soon_total": due_total,
    }


def person(db: Database, campaign: Campaign, at: Clock, name: str) -> dict[str, Any]:
    """一人一账: tasks owned, problems answered for, problems verified."""
    owned, _ = tasks.list_tasks(db, campaign.id, tasks.TaskFilter(today=at.today, warn_end=at.warn_end, owner=name))
    owned_json = [task_json(r, at) for r in owned]
    counts = {s: sum(1 for r in owned_json if r["signal"] == s) for s in signals.SIGNALS}
    return {
        "name": name,
        "counts": counts,
        "tasks": owned_json,
        "responsible_for": [problem_json(r) for r in problems.answered_by(db, campaign.id, name)],
        "verified": [problem_json(r) for r in problems.verified_by(db, campaign.id, name)],
    }


def check(db: Database, campaign: Campaign, today: date) -> list[dict[str, Any]]:
    """Integrity findings of the ledger, each {"kind", "code", ...}."""
    short_limit = rules.setting_days(campaign_store.get_setting(db, "short_term_days", campaign.id),
                                     rules.DEFAULT_SHORT_TERM_DAYS)
    verify_limit = rules.setting_days(campaign_store.get_setting(db, "verify_within_days", campaign.id),
                                      rules.DEFAULT_VERIFY_WITHIN_DAYS)
    found = problems.findings(db, campaign.id)
    out: list[dict[str, Any]] = []
    for kind in ("no_task", "no_responsible", "task_no_measure", "task_no_owner", "task_no_department"):
        out += [{"kind": kind, "code": r["code"]} for r in found[kind]]
    for r in found["short_term"]:
        found_on, deadline = _day(r["found_on"]), _day(r["deadline"])
        if rules.short_term_too_far("short", found_on, deadline, short_limit):  # type: ignore[arg-type]
            out.append({"kind": "short_term_far", "code": r["code"], "task": r["task"],
                        "deadline": deadline.isoformat(), "days": short_limit})  # type: ignore[union-attr]
    for r in found["resolved"]:
        resolved = _day(r["resolved_on"])
        if rules.unverified_too_long(r["status"], resolved, today, verify_limit):
            out.append({"kind": "unverified", "code": r["code"], "resolved_on": resolved.isoformat(),  # type: ignore[union-attr]
                        "days": (today - resolved).days})  # type: ignore[operator]
    return out
