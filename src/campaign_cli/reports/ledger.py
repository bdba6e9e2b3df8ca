"""The three lists, the dashboard, one person's ledger and the integrity
check, as plain data (the JSON documents); the renderers draw them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from campaign_cli.domain import problems as rules
from campaign_cli.domain import signals
from campaign_cli.domain.records import Campaign, Event, Problem, Responsibility, Task
from campaign_cli.errors import UserError
from campaign_cli.store import campaigns as campaign_store
from campaign_cli.store import evidence, problems, rechecks, tasks
from campaign_cli.store.database import Database


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class Clock:
    """Signals are judged as of `today` with the campaign's warning window."""

    today: date
    warn_days: int

    @property
    def warn_end(self) -> date:
        return signals.warn_until(self.today, self.warn_days)


def clock(db: Database, campaign: Campaign, today: date) -> Clock:
    return Clock(today, campaign_store.settings(db, campaign.id).warn_days)


def task_json(task: Task, at: Clock) -> dict[str, Any]:
    signal = signals.signal(task.deadline, task.status, at.today, at.warn_days)
    return {
        "code": task.code,
        "problem": task.problem,
        "problem_title": task.problem_title,
        "measure": task.measure,
        "owner": task.owner,
        "department": task.department,
        "deadline": task.deadline.isoformat(),
        "status": task.status,
        "signal": signal,
        "late": signals.is_late(task.deadline, task.done_on),
        "days_left": None if signal == signals.DONE else signals.days_left(task.deadline, at.today),
        "started_on": _iso(task.started_on),
        "done_on": _iso(task.done_on),
        "evidence": task.evidence,
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "title": problem.title,
        "detail": problem.detail,
        "category": problem.category,
        "term": problem.term,
        "source_activity": problem.source_activity_id,
        "found_on": _iso(problem.found_on),
        "owner": problem.owner,
        "department": problem.department,
        "status": problem.status,
        "tasks": problem.tasks,
        "tasks_done": problem.tasks_done,
        "next_deadline": _iso(problem.next_deadline),
        "resolved_on": _iso(problem.resolved_on),
        "verified_on": _iso(problem.verified_on),
        "verified_by": problem.verified_by,
        "submitted_on": _iso(problem.submitted_on),
        "submitted_by": problem.submitted_by,
    }


def responsibility_json(row: Responsibility) -> dict[str, Any]:
    return {
        "problem": row.problem,
        "problem_title": row.problem_title,
        "department": row.department,
        "owner": row.owner,
        "role": row.role,
        "status": row.problem_status,
    }


def local_time(at: str) -> str:
    """A stored UTC time in the user's time zone (ISO, with its offset)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(at).astimezone().isoformat(timespec="seconds")
    except ValueError:
        return at


def event_json(event: Event) -> dict[str, Any]:
    return {"at": local_time(event.at), "actor": event.actor, "entity": event.entity, "code": event.code,
            "field": event.field, "old": event.old, "new": event.new}


@dataclass
class Listing:
    kind: str  # problems | responsibilities | tasks
    rows: list[dict[str, Any]]
    total: int  # how many matched; rows may be fewer (a cap)


def _department_id(db: Database, campaign: Campaign, name: str) -> int:
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.store import units

    found = units.by_name(db, campaign.id, normalise_name(name))
    if found is None:
        raise UserError("unit.unknown", name=name)
    return found.id


def phase_scope(db: Database, campaign: Campaign, seq: int) -> tasks.PhaseScope:
    """The tasks phase `seq` holds (`issue list --phase`) by SPEC §1: those
    pinned to it (or whose problem is), and the unpinned ones whose deadline
    falls in the days it owns for the three lists' kind."""
    from campaign_cli.domain import phases as phase_rules
    from campaign_cli.store import phases as phase_store

    found = phase_store.all_phases(db, campaign.id)
    if not any(p.seq == seq for p in found):
        raise UserError("phase.unknown", seq=seq)
    rule = phase_rules.assign(found, phase_rules.campaign_start(campaign, found))
    phase_id = next(p.id for p in found if p.seq == seq)
    return tasks.PhaseScope(phase_id, rule.ranges(seq, phase_rules.PROBLEMS))


@dataclass
class _Query:
    """What `issue list` asked for, resolved in the store."""

    flt: tasks.TaskFilter
    status: str | None
    owner: str | None
    department_id: int | None


def _query(db: Database, campaign: Campaign, at: Clock, kind: str, status: str | None, owner: str | None,
           dept: str | None, signal: str | None, due_end: date | None, phase: int | None) -> _Query:
    from campaign_cli.domain.names import normalise_name

    owner = normalise_name(owner) if owner else None
    department_id = _department_id(db, campaign, dept) if dept else None
    flt = tasks.TaskFilter(today=at.today, warn_end=at.warn_end, signal=signal, due_end=due_end,
                           phase=phase_scope(db, campaign, phase) if phase is not None else None)
    if kind == "tasks":
        flt.status, flt.owner, flt.department_id = status, owner, department_id
    return _Query(flt, status, owner, department_id)


def listing(db: Database, campaign: Campaign, at: Clock, *, kind: str, status: str | None = None,
            owner: str | None = None, dept: str | None = None, signal: str | None = None,
            due_end: date | None = None, phase: int | None = None, limit: int | None = None) -> Listing:
    query = _query(db, campaign, at, kind, status, owner, dept, signal, due_end, phase)
    if kind == "tasks":
        rows, total = tasks.list_tasks(db, campaign.id, query.flt, limit=limit)
        return Listing(kind, [task_json(r, at) for r in rows], total)
    rows, total = _other_list(db, campaign, kind, query, limit)
    shape = problem_json if kind == "problems" else responsibility_json
    return Listing(kind, [shape(r) for r in rows], total)


def _other_list(db: Database, campaign: Campaign, kind: str, query: _Query, limit: int | None):
    list_of = problems.list_problems if kind == "problems" else problems.list_responsibilities
    return list_of(db, campaign.id, status=query.status, owner=query.owner, department_id=query.department_id,
                   task_where=query.flt.where(own_columns=False), params=query.flt.params, limit=limit)


def listing_json(db: Database, campaign: Campaign, at: Clock, *, kind: str, status: str | None = None,
                 owner: str | None = None, dept: str | None = None, signal: str | None = None,
                 due_end: date | None = None, phase: int | None = None) -> Iterator[Any]:
    """`issue list --json`: every row, as an iterator the output streams.
    The rows come as JSON text built by the database (the rows of
    `task_json`, `problem_json` or `responsibility_json`, laid out as a
    top-level list indents them), so a list of 100,000 rows costs a few
    microseconds a row and no memory."""
    query = _query(db, campaign, at, kind, status, owner, dept, signal, due_end, phase)
    if kind == "tasks":
        return tasks.iter_task_json(db, campaign.id, query.flt, depth=1)
    rows = problems.iter_problem_json if kind == "problems" else problems.iter_responsibility_json
    return rows(db, campaign.id, depth=1, status=query.status, owner=query.owner, department_id=query.department_id,
                task_where=query.flt.where(own_columns=False), params=query.flt.params)


def find_problem(db: Database, campaign: Campaign, code: str) -> Problem:
    return problems.find(db, campaign.id, code)


def find_task(db: Database, campaign: Campaign, code: str) -> Task:
    return tasks.find(db, campaign.id, code)


def detail(db: Database, campaign: Campaign, at: Clock, code: str) -> dict[str, Any]:
    """`issue show CODE`: a problem with its lists and history, or one task."""
    if rules.parse_code(code).kind == "P":
        return problem_detail(db, campaign, at, find_problem(db, campaign, code))
    return task_detail(db, campaign, at, find_task(db, campaign, code))


def history(db: Database, campaign: Campaign, code: str) -> list[dict[str, Any]]:
    """`issue history CODE`: a problem's events (its tasks' included) or one task's, oldest first."""
    if rules.parse_code(code).kind == "P":
        events = problems.history(db, campaign.id, problem_id=find_problem(db, campaign, code).id)
    else:
        events = problems.history(db, campaign.id, task_id=find_task(db, campaign, code).id)
    return [event_json(e) for e in events]


def problem_detail(db: Database, campaign: Campaign, at: Clock, problem: Problem) -> dict[str, Any]:
    """The problem, its responsibilities, tasks, source and history."""
    source = None
    if problem.source_activity_id is not None:
        found = problems.source_activity(db, campaign.id, problem.source_activity_id)
        if found:
            source = {"id": found["id"], "kind": found["kind"], "title": found["title"],
                      "date": str(found["held_on"])[:10]}
    return {
        "problem": problem_json(problem),
        "responsibilities": [responsibility_json(r) for r in problems.responsibilities_of(db, problem.id)],
        "tasks": [task_json(r, at) for r in tasks.of_problem(db, problem.id)],
        "source_activity": source,
        "evidence": [e.as_json() for e in evidence.of_problem(db, problem.id)],
        "rechecks": [r.as_json() for r in rechecks.of_problem(db, problem.id)],
        "history": [event_json(e) for e in problems.history(db, campaign.id, problem_id=problem.id)],
    }


def task_detail(db: Database, campaign: Campaign, at: Clock, task: Task) -> dict[str, Any]:
    problem = problems.by_id(db, task.problem_id)
    assert problem is not None
    return {
        "task": task_json(task, at),
        "problem": problem_json(problem),
        "evidence": [e.as_json() for e in evidence.of_task(db, task.id)],
        "history": [event_json(e) for e in problems.history(db, campaign.id, task_id=task.id)],
    }


def _group(row: dict[str, Any]) -> dict[str, Any]:
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
    # The groups have counted the red and yellow tasks already: the lists
    # need not count them again (half a million index entries at 1M tasks).
    red_rows, red_total = tasks.list_tasks(
        db, campaign.id, tasks.TaskFilter(today=at.today, warn_end=at.warn_end, signal=signals.RED), limit=limit,
        known_total=totals["red"])
    due_rows, due_total = tasks.list_tasks(
        db, campaign.id, tasks.TaskFilter(today=at.today, warn_end=at.warn_end, signal=signals.YELLOW), limit=limit,
        known_total=totals["yellow"])
    due_checks, checks_total = rechecks.due_by(db, campaign.id, at.today, limit)
    waiting, waiting_total = problems.list_problems(db, campaign.id, status=rules.SUBMITTED, limit=limit)
    red = []
    for row in red_rows:
        item = task_json(row, at)
        item["days_overdue"] = signals.days_overdue(row.deadline, at.today)
        red.append(item)
    return {
        "today": at.today.isoformat(), "warn_days": at.warn_days, "by": by,
        "groups": groups, "totals": totals,
        "red": red, "red_total": red_total,
        "due_soon": [task_json(r, at) for r in due_rows], "due_soon_total": due_total,
        "rechecks_due": [r.as_json(at.today) for r in due_checks], "rechecks_due_total": checks_total,
        # 申请销号 waiting for review (two-step), the earliest registered first.
        "awaiting_review": [problem_json(r) for r in waiting], "awaiting_review_total": waiting_total,
    }


def person(db: Database, campaign: Campaign, at: Clock, name: str) -> dict[str, Any]:
    """一人一账: tasks owned, problems answered for, problems verified, and
    the rolls the name is on with the activities attended (`member_of`).

    An unknown name is an error, naming the close ones when there are."""
    from campaign_cli.domain.names import close_matches, normalise_name

    from campaign_cli.reports.members import person as membership
    from campaign_cli.store.members import of_campaign

    name = normalise_name(name)
    # Who a roll names counts too: `member_of` lists those rolls and what they attended.
    member_of = membership(db, campaign, name)
    if not member_of and not problems.owns_work(db, campaign.id, name):
        known = problems.known_people(db, campaign.id)
        if name not in known:
            similar = close_matches(name, [*known, *(m.name for m in of_campaign(db, campaign.id, active_only=False))])
            if similar:
                raise UserError("issue.unknown_person_similar", name=name, matches="、".join(similar))
            raise UserError("issue.unknown_person", name=name)
    owned, _ = tasks.list_tasks(db, campaign.id, tasks.TaskFilter(today=at.today, warn_end=at.warn_end, owner=name))
    owned_json = [task_json(r, at) for r in owned]
    counts = {s: sum(1 for r in owned_json if r["signal"] == s) for s in signals.SIGNALS}
    return {
        "name": name,
        "counts": counts,
        "tasks": owned_json,
        "responsible_for": [problem_json(r) for r in problems.answered_by(db, campaign.id, name)],
        "verified": [problem_json(r) for r in problems.verified_by(db, campaign.id, name)],
        "member_of": member_of,
    }


def check(db: Database, campaign: Campaign, today: date) -> list[dict[str, Any]]:
    """Integrity findings of the ledger, each {"kind", "code", ...}."""
    settings = campaign_store.settings(db, campaign.id)
    short_limit, verify_limit = settings.short_term_days, settings.verify_within_days
    found = problems.findings(db, campaign.id)
    out: list[dict[str, Any]] = []
    for kind in ("no_task", "no_responsible", "task_no_measure", "task_no_owner", "task_no_department"):
        out += [{"kind": kind, "code": r["code"]} for r in found[kind]]
    for r in found["short_term"]:
        found_on, deadline = r["found_on"], r["deadline"]
        if rules.short_term_too_far("short", found_on, deadline, short_limit):  # type: ignore[arg-type]
            out.append({"kind": "short_term_far", "code": r["code"], "task": r["task"],
                        "deadline": deadline.isoformat(), "days": short_limit})  # type: ignore[union-attr]
    for r in found["resolved"]:
        resolved = r["resolved_on"]
        if rules.unverified_too_long(r["status"], resolved, today, verify_limit):
            out.append({"kind": "unverified", "code": r["code"], "resolved_on": resolved.isoformat(),  # type: ignore[union-attr]
                        "days": (today - resolved).days})  # type: ignore[operator]
    return out + impossible(db, campaign)


def impossible(db: Database, campaign: Campaign) -> list[dict[str, Any]]:
    """States the rules forbid (written by an older version or by hand), by the import's own check."""
    from campaign_cli.domain.consistency import describe, impossible_states
    from campaign_cli.store import dump

    c = campaign.id
    return [describe(f) for f in impossible_states(
        units=dump.units(db, c), activities=dump.activities(db, c), problems=dump.problems(db, c),
        responsibilities=dump.responsibilities(db, c), tasks=dump.tasks(db, c))]


def task_evidence(db: Database, task: Task) -> list[dict[str, Any]]:
    return [e.as_json() for e in evidence.of_task(db, task.id)]


def evidence_listing(db: Database, campaign: Campaign, code: str) -> list[dict[str, Any]]:
    """`issue evidence CODE`: a task's files, or those of every task of a problem."""
    if rules.parse_code(code).kind == "P":
        found = evidence.of_problem(db, find_problem(db, campaign, code).id)
    else:
        found = evidence.of_task(db, find_task(db, campaign, code).id)
    return [e.as_json() for e in found]


def search(db: Database, campaign: Campaign, at: Clock, text: str, *, limit: int | None = None) -> dict[str, Any]:
    """`issue search TEXT`: the problems and tasks holding the text; a status
    or signal word of either language (已销号, overdue, 逾期 …) finds those too."""
    from campaign_cli.domain import vocabulary as words
    from campaign_cli.domain.text import clean_line
    from campaign_cli.store import search as found

    wanted = clean_line(text).strip()
    if not wanted:
        raise UserError("issue.search_empty")
    problem_status = words.find(words.PROBLEM_STATUSES, wanted)
    task_status = words.find(words.TASK_STATUSES, wanted)
    signal = words.find(words.SIGNALS, wanted)
    rows = found.find_problems(db, campaign.id, wanted, status=problem_status, limit=limit)
    task_rows = found.find_tasks(db, campaign.id, wanted, status=task_status, signal=signal, today=at.today,
                                 warn_end=at.warn_end, limit=limit)
    return {"text": wanted, "problem_status": problem_status, "task_status": task_status, "signal": signal,
            "problems": [problem_json(r) for r in rows], "tasks": [task_json(r, at) for r in task_rows]}
