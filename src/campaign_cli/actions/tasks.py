"""Tasks (任务清单): add, start, done, edit, reopen, remove."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions import problems as problem_actions
from campaign_cli.actions import units as unit_actions
from campaign_cli.domain import problems as rules
from campaign_cli.domain.evidence import Attachment
from campaign_cli.domain.records import Task
from campaign_cli.domain.text import optional_block
from campaign_cli.errors import UserError
from campaign_cli.store import campaigns, phases, problems, tasks
from campaign_cli.store import evidence as evidence_store


def find(w: Write, code: str) -> Task:
    return tasks.find(w.db, w.campaign_id, code)


def _found_on(w: Write, task: Task) -> date:
    """The day the task's problem was found, when someone said so (a found
    date left to default is the day it was entered, and proves nothing)."""
    problem = problems.by_id(w.db, task.problem_id)
    assert problem is not None
    return problem.found_on if problem.found_on != problem.created_on else date.min


def _changed(w: Write, task: Task) -> Task:
    found = tasks.by_id(w.db, task.id)
    assert found is not None
    return found


def add(act: Act, problem_code: str, *, measure: str, deadline: date, owner_name: str | None = None,
        dept: str | None = None, phase: int | None = None) -> Outcome[Task]:
    with writing(act) as w:
        problem = problem_actions.find(w, problem_code)
        rules.check_add_task(problem.code, problem.status)
        if problem.found_on != problem.created_on:
            rules.check_deadline(deadline, problem.found_on)
        person = problem_actions.owner(w, owner_name) if owner_name else problem.owner
        if dept:
            dept_id = problem_actions.department_id(w, dept)
        elif owner_name:
            dept_id = tasks.usual_department(w.db, w.campaign_id, person) or problem.department_id  # type: ignore[arg-type]
        else:
            dept_id = problem.department_id
        problem_actions.short_term_notice(w, problem.term, deadline)
        task_id = problem_actions.insert_task(w, problem, measure=measure, owner_name=person, department=dept_id,
                                              deadline=deadline, phase=problem_actions.phase_id(w, phase))
        added = tasks.by_id(w.db, task_id)
    return w.outcome(added)  # type: ignore[arg-type]


def start(act: Act, code: str) -> Outcome[Task]:
    with writing(act) as w:
        task = find(w, code)
        rules.check_start(task.code, task.status)
        where = {"code": task.code, "problem_id": task.problem_id}
        w.set("task", task.id, "status", task.status, rules.DOING, **where)
        w.set("task", task.id, "started_on", task.started_on, act.today, **where)
        problem_actions.refresh(w, task.problem_id)
        changed = _changed(w, task)
    return w.outcome(changed)


def done(act: Act, code: str, *, on: date | None = None, evidence: str | None = None,
         attach: Sequence[Attachment] = ()) -> Outcome[Task]:
    """A task done, with evidence text and files; a campaign that requires
    evidence refuses it with none (given now or kept before)."""
    from campaign_cli.actions import evidence as evidence_actions

    day = on or act.today
    with writing(act) as w:
        task = find(w, code)
        rules.check_done(task.code, task.status, day, act.today, _found_on(w, task))
        if (campaigns.settings(w.db, w.campaign_id).require_evidence and not optional_block(evidence)
                and not attach and not task.evidence and not evidence_store.of_task(w.db, task.id)):
            raise UserError("issue.evidence_required", code=task.code)
        evidence_actions.attach(w, task.id, task.code, task.problem_id, attach)
        where = {"code": task.code, "problem_id": task.problem_id}
        w.set("task", task.id, "status", task.status, rules.DONE, **where)
        w.set("task", task.id, "done_on", task.done_on, day, **where)
        w.set("task", task.id, "started_on", task.started_on, task.started_on or day, **where)
        text = optional_block(evidence)
        if text is not None:
            w.set("task", task.id, "evidence", task.evidence, text, **where)
        problem_actions.refresh(w, task.problem_id)
        changed = _changed(w, task)
    return w.outcome(changed)


def reopen(act: Act, code: str, *, reason: str) -> Outcome[Task]:
    """A done task back to doing; its problem back in progress (a verified
    one reopened, with the reason in its history)."""
    reason = rules.check_reason(reason)
    with writing(act) as w:
        task = find(w, code)
        rules.check_reopen_task(task.code, task.status)
        where = {"code": task.code, "problem_id": task.problem_id}
        problem = problems.by_id(w.db, task.problem_id)
        assert problem is not None
        if problem.verified_on is not None:
            problem_actions.reopen_verified(w, problem, reason)
        w.set("task", task.id, "status", task.status, rules.DOING, field_name="reopened",
              shown=(task.status, reason), **where)
        w.set("task", task.id, "done_on", task.done_on, None, **where)
        problem_actions.refresh(w, task.problem_id)
        changed = _changed(w, task)
    return w.outcome(changed)


def edit(act: Act, code: str, *, measure: str | None = None, owner_name: str | None = None,
         dept: str | None = None, deadline: date | None = None, done_on: date | None = None,
         phase: int | None = None) -> Outcome[Task]:
    with writing(act) as w:
        task = find(w, code)
        where = {"code": task.code, "problem_id": task.problem_id}
        if measure is not None:
            w.set("task", task.id, "measure", task.measure, rules.check_text(measure, "issue.measure_empty"), **where)
        if owner_name is not None:
            w.set("task", task.id, "owner", task.owner, problem_actions.owner(w, owner_name), **where)
        if dept is not None:
            new_id = problem_actions.department_id(w, dept)
            w.set("task", task.id, "department_id", task.department_id, new_id, field_name="department",
                  shown=(task.department, unit_actions.name_of(w, new_id)), **where)
        if deadline is not None:
            rules.check_deadline(deadline, _found_on(w, task))
            w.set("task", task.id, "deadline", task.deadline, deadline, **where)
        if done_on is not None:
            if task.status != rules.DONE:
                raise UserError("issue.done_on_not_done", code=task.code)
            rules.check_done_on(done_on, _found_on(w, task), act.today)
            w.set("task", task.id, "done_on", task.done_on, done_on, **where)
            if task.started_on and task.started_on > done_on:
                w.set("task", task.id, "started_on", task.started_on, done_on, **where)
            problem_actions.refresh(w, task.problem_id)
            resolved = problems.by_id(w.db, task.problem_id)
            if resolved and resolved.verified_on and resolved.resolved_on and resolved.verified_on < resolved.resolved_on:
                raise UserError("issue.verify_before_resolved", on=resolved.verified_on.isoformat(),
                                resolved=resolved.resolved_on.isoformat())
        if phase is not None:
            new = problem_actions.phase_id(w, phase)
            w.set("task", task.id, "phase_id", task.phase_id, new, field_name="phase",
                  shown=(phases.seq_of(w.db, task.phase_id), phases.seq_of(w.db, new)), **where)
        if not w.changes:
            raise UserError("issue.nothing_changed", code=task.code)
        changed = _changed(w, task)
    return w.outcome(changed)


def remove(act: Act, code: str, *, reason: str) -> Outcome[Task]:
    reason = rules.check_reason(reason)
    with writing(act) as w:
        task = find(w, code)
        problem_actions.remove_evidence_of(w, task, reason)
        w.remove("task", task.id, code=task.code, problem_id=task.problem_id, shown=task.measure, reason=reason)
        problem_actions.refresh(w, task.problem_id)
    return w.outcome(task)
