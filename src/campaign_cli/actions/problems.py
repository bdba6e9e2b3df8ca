"""Problems (问题清单) with their responsibilities (责任清单): add, edit,
verify, reopen, remove — and the derived status every task change refreshes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions import units as unit_actions
from campaign_cli.actions.history import who
from campaign_cli.domain import problems as rules
from campaign_cli.domain.names import close_matches, normalise_name
from campaign_cli.domain.records import Problem, Responsibility, Task
from campaign_cli.domain.text import optional_block, optional_line
from campaign_cli.errors import UserError
from campaign_cli.store import campaigns, evidence, phases, problems, rechecks, tasks


@dataclass(frozen=True)
class Added:
    problem: Problem
    responsibility: Responsibility
    task: Task


# -- look-ups every list write shares ------------------------------------------------

def find(w: Write, code: str) -> Problem:
    return problems.find(w.db, w.campaign_id, code)


def owner(w: Write, name: str) -> str:
    """A normalised owner name; a new name close to a known one warns."""
    person = normalise_name(rules.check_text(name, "issue.owner_empty"))
    if problems.owns_work(w.db, w.campaign_id, person):
        return person  # a known name: no need to read every name for close ones
    known = problems.known_people(w.db, w.campaign_id)
    if person not in known:
        similar = close_matches(person, known, person=True)
        if similar:
            w.notice("issue.owner_did_you_mean", name=person, matches="、".join(similar))
    return person


def department_id(w: Write, name: str) -> int:
    return unit_actions.resolve(w, name, "department").id


def phase_id(w: Write, seq: int | None) -> int | None:
    """The phase a --phase SEQ pins to (0: none)."""
    if not seq:
        return None
    found = phases.by_seq(w.db, w.campaign_id, seq)
    if found is None:
        raise UserError("phase.unknown", seq=seq)
    return found.id


def refresh(w: Write, problem_id: int) -> None:
    """Derive the problem's status and resolved_on again from its tasks."""
    problem = problems.by_id(w.db, problem_id)
    assert problem is not None
    states = [(status, done_on) for _code, status, done_on in problems.task_states(w.db, problem_id)]
    finished = rules.all_done(s for s, _ in states)
    if problem.submitted_on is not None and not finished and problem.verified_on is None:
        # A task reopened or added after 申请销号: the request lapses, to be made again.
        clear_submission(w, problem)
    status = rules.derive_status([s for s, _ in states], problem.verified_on is not None,
                                 problem.submitted_on is not None and finished)
    resolved = rules.resolved_on(states)
    w.set("problem", problem_id, "resolved_on", problem.resolved_on, resolved, code=problem.code,
          problem_id=problem_id)
    w.set("problem", problem_id, "status", problem.status, status, code=problem.code, problem_id=problem_id)


def short_term_notice(w: Write, term: str, deadline: date) -> None:
    limit = campaigns.settings(w.db, w.campaign_id).short_term_days
    if rules.short_term_too_far(term, w.today, deadline, limit):
        w.notice("issue.short_term_far", deadline=deadline.isoformat(), days=limit)


def insert_task(w: Write, problem: Problem | int, *, measure: str, owner_name: str | None,
                department: int | None, deadline: date, phase: int | None = None) -> int:
    problem_id = problem if isinstance(problem, int) else problem.id
    measure = rules.check_text(measure, "issue.measure_empty")
    number = problems.bump_number(w.db, w.campaign_id, "next_task_no")
    task_id = w.insert("task", {
        "campaign_id": w.campaign_id, "number": number, "code": f"T-{number}", "problem_id": problem_id,
        "measure": measure, "owner": owner_name, "department_id": department, "deadline": deadline,
        "status": rules.TODO, "created_at": w.at, "created_on": w.today, "phase_id": phase,
    }, code=f"T-{number}", problem_id=problem_id, shown=measure)
    refresh(w, problem_id)
    return task_id


# -- the actions ----------------------------------------------------------------------

def add(act: Act, title: str, *, owner_name: str, deadline: date, dept: str | None = None,
        measure: str | None = None, term: str | None = None, category: str | None = None,
        activity_id: int | None = None, detail: str | None = None, found_on: date | None = None,
        phase: int | None = None, support: list[tuple[str, str | None]] | None = None) -> Outcome[Added]:
    """One problem, its lead responsibility and its first task, in one transaction."""
    title = rules.check_text(title, "issue.title_empty")
    found = found_on or act.today
    rules.check_found_on(found, act.today)
    if found_on is not None:  # both dates typed: they must agree
        rules.check_deadline(deadline, found)
    with writing(act) as w:
        person = owner(w, owner_name)
        limit = campaigns.settings(w.db, w.campaign_id).short_term_days
        if term is None:
            term = rules.default_term(found, deadline, limit)
        else:
            short_term_notice(w, term, deadline)
        if deadline < act.today:
            w.notice("issue.deadline_past", deadline=deadline.isoformat())
        if activity_id is not None and problems.source_activity(w.db, w.campaign_id, activity_id) is None:
            raise UserError("issue.unknown_activity", id=activity_id)
        dept_id = department_id(w, dept) if dept else tasks.usual_department(w.db, w.campaign_id, person)
        pin = phase_id(w, phase)
        number = problems.bump_number(w.db, w.campaign_id, "next_problem_no")
        code = f"P-{number}"
        problem_id = w.insert("problem", {
            "campaign_id": w.campaign_id, "number": number, "code": code, "title": title,
            "detail": optional_block(detail), "category": optional_line(category), "term": term,
            "source_activity_id": activity_id, "found_on": found, "status": rules.OPEN,
            "created_at": w.at, "created_on": w.today, "phase_id": pin,
        }, code=code, shown=title)
        w.insert("responsibility", {"problem_id": problem_id, "department_id": dept_id, "owner": person,
                                    "role": "lead"},
                 code=code, problem_id=problem_id, shown=who(person, unit_actions.name_of(w, dept_id)))
        for support_dept, support_owner in support or []:
            _assign(w, problems.by_id(w.db, problem_id), support_dept, support_owner, "support")  # type: ignore[arg-type]
        task_id = insert_task(w, problem_id, measure=measure or title, owner_name=person, department=dept_id,
                              deadline=deadline, phase=pin)
        added = Added(problems.by_id(w.db, problem_id),  # type: ignore[arg-type]
                      problems.responsibilities_of(w.db, problem_id)[0], tasks.by_id(w.db, task_id))  # type: ignore[arg-type]
    return w.outcome(added)


def _assign(w: Write, problem: Problem, dept: str, owner_name: str | None, role: str) -> int:
    dept_id = department_id(w, dept)
    person = owner(w, owner_name) if owner_name else None
    for existing in problems.responsibilities_of(w.db, problem.id):
        if existing.department_id == dept_id:
            raise UserError("issue.already_assigned", code=problem.code, dept=existing.department)
    return w.insert("responsibility", {"problem_id": problem.id, "department_id": dept_id, "owner": person,
                                       "role": role},
                    code=problem.code, problem_id=problem.id, shown=who(person, unit_actions.name_of(w, dept_id)))


def assign(act: Act, code: str, *, dept: str, owner_name: str | None, role: str) -> Outcome[Problem]:
    with writing(act) as w:
        problem = find(w, code)
        if role == "lead" and problems.lead_of(w.db, problem.id) is not None:
            raise UserError("issue.lead_exists", code=problem.code)
        _assign(w, problem, dept, owner_name, role)
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def unassign(act: Act, code: str, *, dept: str) -> Outcome[Problem]:
    with writing(act) as w:
        problem = find(w, code)
        unit = unit_actions.find(w, dept)
        found = [r for r in problems.responsibilities_of(w.db, problem.id) if r.department_id == unit.id]
        if not found:
            raise UserError("issue.not_assigned", code=problem.code, dept=unit.name)
        for row in found:
            w.remove("responsibility", row.id, code=problem.code, problem_id=problem.id,
                     shown=who(row.owner, row.department))
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def edit(act: Act, code: str, *, title: str | None = None, detail: str | None = None,
         category: str | None = None, term: str | None = None, found_on: date | None = None,
         owner_name: str | None = None, dept: str | None = None, phase: int | None = None) -> Outcome[Problem]:
    with writing(act) as w:
        problem = find(w, code)
        where = {"code": problem.code, "problem_id": problem.id}
        if title is not None:
            w.set("problem", problem.id, "title", problem.title, rules.check_text(title, "issue.title_empty"), **where)
        if detail is not None:
            w.set("problem", problem.id, "detail", problem.detail, optional_block(detail), **where)
        if category is not None:
            w.set("problem", problem.id, "category", problem.category, optional_line(category), **where)
        if term is not None:
            w.set("problem", problem.id, "term", problem.term, term, **where)
        if found_on is not None:
            rules.check_found_on(found_on, act.today)
            first_deadline = tasks.first_deadline(w.db, problem.id)
            if first_deadline is not None:
                rules.check_deadline(first_deadline, found_on)
            first_done = tasks.first_done(w.db, problem.id)
            if first_done is not None:
                rules.check_done_on(first_done, found_on, act.today)
            w.set("problem", problem.id, "found_on", problem.found_on, found_on, **where)
        if phase is not None:
            new = phase_id(w, phase)
            w.set("problem", problem.id, "phase_id", problem.phase_id, new, field_name="phase",
                  shown=(phases.seq_of(w.db, problem.phase_id), phases.seq_of(w.db, new)), **where)
        if owner_name is not None or dept is not None:
            _edit_lead(w, problem, owner_name, dept)
        if not w.changes:
            raise UserError("issue.nothing_changed", code=problem.code)
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def _edit_lead(w: Write, problem: Problem, owner_name: str | None, dept: str | None) -> None:
    lead = problems.lead_of(w.db, problem.id)
    new_owner = owner(w, owner_name) if owner_name is not None else (lead.owner if lead else None)
    new_dept = department_id(w, dept) if dept is not None else (lead.department_id if lead else None)
    if lead is None:
        w.insert("responsibility", {"problem_id": problem.id, "department_id": new_dept, "owner": new_owner,
                                    "role": "lead"},
                 code=problem.code, problem_id=problem.id, shown=who(new_owner, unit_actions.name_of(w, new_dept)))
        return
    where = {"code": problem.code, "problem_id": problem.id}
    w.set("responsibility", lead.id, "owner", lead.owner, new_owner, **where)
    w.set("responsibility", lead.id, "department_id", lead.department_id, new_dept, field_name="department",
          shown=(lead.department, unit_actions.name_of(w, new_dept)), **where)


def _open_tasks(w: Write, problem: Problem) -> list[str]:
    return [c for c, s, _ in problems.task_states(w.db, problem.id) if s != rules.DONE]


def _two_step(w: Write) -> bool:
    from campaign_cli.domain.settings import TWO_STEP

    return campaigns.settings(w.db, w.campaign_id).review == TWO_STEP


def verify(act: Act, code: str, *, by: str | None, on: date | None = None) -> Outcome[Problem]:
    day = on or act.today
    with writing(act) as w:
        problem = find(w, code)
        verifier = normalise_name(optional_line(by) or act.actor)
        lead = problems.lead_of(w.db, problem.id)
        rules.check_verify(problem.code, problem.status, _open_tasks(w, problem), two_step=_two_step(w),
                           verifier=verifier, lead_owner=lead.owner if lead else None)
        if day > act.today:
            raise UserError("issue.verify_in_future", on=day.isoformat(), today=act.today.isoformat())
        rules.check_verify_date(problem.resolved_on, day)
        if problem.submitted_on is not None and day < problem.submitted_on:
            raise UserError("issue.verify_before_submitted", on=day.isoformat(),
                            submitted=problem.submitted_on.isoformat())
        where = {"code": problem.code, "problem_id": problem.id}
        w.set("problem", problem.id, "verified_by", None, verifier, **where)
        w.set("problem", problem.id, "verified_on", None, day, **where)
        due = rules.recheck_due(day, campaigns.settings(w.db, w.campaign_id).recheck_days)
        if due is not None:
            schedule_recheck(w, problem, due)
        refresh(w, problem.id)
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def submit(act: Act, code: str, *, by: str | None = None) -> Outcome[Problem]:
    """申请销号: the owner asks for verification (two-step review)."""
    with writing(act) as w:
        problem = find(w, code)
        rules.check_submit(problem.code, problem.status, _open_tasks(w, problem), two_step=_two_step(w))
        where = {"code": problem.code, "problem_id": problem.id}
        w.set("problem", problem.id, "submitted_by", None, normalise_name(optional_line(by) or act.actor), **where)
        w.set("problem", problem.id, "submitted_on", None, act.today, **where)
        refresh(w, problem.id)
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def clear_submission(w: Write, problem: Problem, reason: str | None = None) -> None:
    where = {"code": problem.code, "problem_id": problem.id}
    w.set("problem", problem.id, "submitted_on", problem.submitted_on, None,
          field_name="rejected" if reason else "submitted_on",
          shown=(problem.submitted_on, reason) if reason else None, **where)
    w.set("problem", problem.id, "submitted_by", problem.submitted_by, None, **where)


def reject(act: Act, code: str, *, reason: str) -> Outcome[Problem]:
    """退回: a submitted problem goes back to its owner, the reason in its history."""
    with writing(act) as w:
        problem = find(w, code)
        reason = rules.check_reject(problem.code, problem.status, reason)
        clear_submission(w, problem, reason)
        refresh(w, problem.id)
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def schedule_recheck(w: Write, problem: Problem, due: date) -> int:
    return w.insert("recheck", {"campaign_id": w.campaign_id, "problem_id": problem.id, "due": due,
                                "created_at": w.at, "created_on": w.today},
                    code=problem.code, problem_id=problem.id, shown=due.isoformat())


def reopen_verified(w: Write, problem: Problem, reason: str) -> None:
    """Clear the verification (销号) of a problem, keeping the reason in its
    history; its request for verification and its pending rechecks go too."""
    where = {"code": problem.code, "problem_id": problem.id}
    w.set("problem", problem.id, "verified_on", problem.verified_on, None, field_name="reopened",
          shown=(problem.verified_on, reason), **where)
    w.set("problem", problem.id, "verified_by", problem.verified_by, None, **where)
    if problem.submitted_on is not None:
        clear_submission(w, problem)
    for pending in rechecks.pending(w.db, problem.id):
        w.remove("recheck", pending.id, shown=pending.due.isoformat(), reason=reason, **where)


def reopen(act: Act, code: str, *, reason: str) -> Outcome[Problem]:
    with writing(act) as w:
        problem = find(w, code)
        reason = rules.check_reopen(problem.code, problem.status, reason)
        reopen_verified(w, problem, reason)
        refresh(w, problem.id)
        changed = problems.by_id(w.db, problem.id)
    return w.outcome(changed)  # type: ignore[arg-type]


def remove_evidence_of(w: Write, task: Task, reason: str) -> None:
    """A task's evidence rows go before it (kept in the history; the blobs stay for undo)."""
    for item in evidence.of_task(w.db, task.id):
        w.remove("evidence", item.id, code=task.code, problem_id=task.problem_id, shown=item.file_name,
                 reason=reason)


def remove(act: Act, code: str, *, reason: str) -> Outcome[Problem]:
    """A wrong problem goes with its tasks and responsibilities; all of it
    stays in the history (and `undo` can restore it). Codes are never reused."""
    reason = rules.check_reason(reason)
    with writing(act) as w:
        problem = find(w, code)
        where = {"code": problem.code, "problem_id": problem.id}
        for check in rechecks.of_problem(w.db, problem.id):
            w.remove("recheck", check.id, shown=check.due.isoformat(), reason=reason, **where)
        for task in tasks.of_problem(w.db, problem.id):
            remove_evidence_of(w, task, reason)
            w.remove("task", task.id, code=task.code, problem_id=problem.id, shown=task.measure, reason=reason)
        for row in problems.responsibilities_of(w.db, problem.id):
            w.remove("responsibility", row.id, shown=who(row.owner, row.department), reason=reason, **where)
        w.remove("problem", problem.id, shown=problem.title, reason=reason, **where)
    return w.outcome(problem)
