"""Rechecks (回头看): schedule one for a verified problem, record its result;
a regression reopens the problem with the recheck's reason."""

from __future__ import annotations

from datetime import date

from campaign_cli.actions import Act, Outcome, writing
from campaign_cli.actions import problems as problem_actions
from campaign_cli.domain import problems as rules
from campaign_cli.domain.names import normalise_name
from campaign_cli.domain.records import Recheck
from campaign_cli.domain.text import optional_line
from campaign_cli.errors import UserError
from campaign_cli.store import rechecks


def schedule(act: Act, code: str, *, due: date | None = None) -> Outcome[Recheck]:
    """A recheck by hand, due on `due` (default: today)."""
    with writing(act) as w:
        problem = problem_actions.find(w, code)
        rules.check_recheck(problem.code, problem.status)
        day = due or act.today
        if problem.verified_on is not None and day < problem.verified_on:
            raise UserError("issue.recheck_before_verified", on=day.isoformat(),
                            verified=problem.verified_on.isoformat())
        row_id = problem_actions.schedule_recheck(w, problem, day)
        made = next(r for r in rechecks.of_problem(w.db, problem.id) if r.id == row_id)
    return w.outcome(made)


def record(act: Act, code: str, *, result: str, reason: str | None = None, on: date | None = None,
           by: str | None = None) -> Outcome[Recheck]:
    """The result of the earliest pending recheck (one is made, due that day,
    when none is pending); `regressed` reopens the problem with the reason."""
    day = on or act.today
    with writing(act) as w:
        problem = problem_actions.find(w, code)
        rules.check_recheck(problem.code, problem.status)
        rules.check_recheck_on(day, problem.verified_on, act.today)
        notes = rules.check_reason(reason) if result == rules.REGRESSED else optional_line(reason)
        waiting = rechecks.pending(w.db, problem.id)
        row_id = waiting[0].id if waiting else problem_actions.schedule_recheck(w, problem, day)
        where = {"code": problem.code, "problem_id": problem.id}
        w.set("recheck", row_id, "done_on", None, day, **where)
        w.set("recheck", row_id, "result", None, result, field_name="recheck", **where)
        w.set("recheck", row_id, "checked_by", None, normalise_name(optional_line(by) or act.actor), **where)
        if notes:
            w.set("recheck", row_id, "notes", None, notes, **where)
        if result == rules.REGRESSED:
            problem_actions.reopen_verified(w, problem, notes or "")
            problem_actions.refresh(w, problem.id)
        made = next(r for r in rechecks.of_problem(w.db, problem.id) if r.id == row_id)
    return w.outcome(made)
