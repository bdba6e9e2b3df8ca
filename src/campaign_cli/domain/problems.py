"""Rules of the three lists: codes, problem status derived from its tasks
and verification, what may be verified, reopened or added (SPEC §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from campaign_cli.errors import UserError

OPEN, IN_PROGRESS, RESOLVED, VERIFIED = "open", "in-progress", "resolved", "verified"
SUBMITTED = "submitted"  # 申请销号 (two-step review)
PROBLEM_STATUSES = (OPEN, IN_PROGRESS, RESOLVED, SUBMITTED, VERIFIED)
OK, REGRESSED = "ok", "regressed"  # the result of a recheck (回头看)
RECHECK_RESULTS = (OK, REGRESSED)
TODO, DOING, DONE = "todo", "doing", "done"
TASK_STATUSES = (TODO, DOING, DONE)
SHORT, LONG = "short", "long"
DEFAULT_SHORT_TERM_DAYS = 30
DEFAULT_VERIFY_WITHIN_DAYS = 14

_CODE = re.compile(r"([PTpt])\s*-?\s*(\d{1,9})")


@dataclass(frozen=True)
class Code:
    kind: str  # "P" or "T"
    number: int

    @property
    def text(self) -> str:
        return f"{self.kind}-{self.number}"


def parse_code(text: str, kind: str | None = None) -> Code:
    """`P-3`, `p3`, `T-12`; `kind` restricts to problems or tasks."""
    m = _CODE.fullmatch(text.strip())
    if not m or (kind and m.group(1).upper() != kind):
        key = {"P": "issue.bad_problem_code", "T": "issue.bad_task_code"}.get(kind or "", "issue.bad_code")
        raise UserError(key, code=text)
    return Code(m.group(1).upper(), int(m.group(2)))


def default_term(found_on: date, deadline: date, limit: int = DEFAULT_SHORT_TERM_DAYS) -> str:
    """Without --term: 立行立改 when the first deadline is within the limit."""
    return SHORT if deadline <= found_on + timedelta(days=limit) else LONG


def short_term_too_far(term: str, start: date, deadline: date, limit: int = DEFAULT_SHORT_TERM_DAYS) -> bool:
    """立行立改 means now: a short-term deadline further than `limit` days off."""
    return term == SHORT and deadline > start + timedelta(days=limit)


def all_done(task_statuses: Iterable[str]) -> bool:
    statuses = list(task_statuses)
    return bool(statuses) and all(s == DONE for s in statuses)


def derive_status(task_statuses: Iterable[str], verified: bool, submitted: bool = False) -> str:
    """open: no task started; in-progress: some started or done; resolved:
    every task done; submitted: resolved and submitted for verification
    (申请销号, two-step review); verified: resolved and verified (销号)."""
    statuses = list(task_statuses)
    if all_done(statuses):
        return VERIFIED if verified else SUBMITTED if submitted else RESOLVED
    if any(s in (DOING, DONE) for s in statuses):
        return IN_PROGRESS
    return OPEN


def resolved_on(tasks: Iterable[tuple[str, date | None]]) -> date | None:
    """The day the last task was done, once every task is done."""
    items = list(tasks)
    if not items or any(status != DONE for status, _ in items):
        return None
    days = [d for _, d in items if d is not None]
    return max(days) if days else None


def _check_closable(code: str, status: str, open_tasks: list[str]) -> None:
    if status == VERIFIED:
        raise UserError("issue.already_verified", code=code)
    if open_tasks:
        raise UserError("issue.verify_open_tasks", code=code, tasks="、".join(open_tasks))
    if status not in (RESOLVED, SUBMITTED):
        raise UserError("issue.verify_no_tasks", code=code)


def check_verify(code: str, status: str, open_tasks: list[str], *, two_step: bool = False,
                 verifier: str | None = None, lead_owner: str | None = None) -> None:
    """销号 needs every task done; with two-step review also a prior 申请销号
    and a verifier other than the lead owner."""
    _check_closable(code, status, open_tasks)
    if two_step:
        if status != SUBMITTED:
            raise UserError("issue.verify_needs_submit", code=code)
        if lead_owner and verifier == lead_owner:
            raise UserError("issue.verify_own", code=code, owner=lead_owner)


def check_submit(code: str, status: str, open_tasks: list[str], *, two_step: bool) -> None:
    if not two_step:
        raise UserError("issue.submit_one_step", code=code)
    if status == SUBMITTED:
        raise UserError("issue.already_submitted", code=code)
    _check_closable(code, status, open_tasks)


def check_reject(code: str, status: str, reason: str | None) -> str:
    if status != SUBMITTED:
        raise UserError("issue.reject_not_submitted", code=code)
    return check_reason(reason)


def check_recheck(code: str, status: str) -> None:
    """回头看 is of a verified problem."""
    if status != VERIFIED:
        raise UserError("issue.recheck_not_verified", code=code)


def check_recheck_on(on: date, verified_on: date | None, today: date) -> None:
    if on > today:
        raise UserError("issue.recheck_in_future", on=on.isoformat(), today=today.isoformat())
    if verified_on is not None and on < verified_on:
        raise UserError("issue.recheck_before_verified", on=on.isoformat(), verified=verified_on.isoformat())


def recheck_due(verified_on: date, days: int) -> date | None:
    """The 回头看 a verification schedules when the setting is on (days > 0)."""
    return verified_on + timedelta(days=days) if days > 0 else None


def check_verify_date(resolved: date | None, on: date) -> None:
    if resolved is not None and on < resolved:
        raise UserError("issue.verify_before_resolved", on=on.isoformat(), resolved=resolved.isoformat())


def check_reopen(code: str, status: str, reason: str) -> str:
    if status != VERIFIED:
        raise UserError("issue.reopen_not_verified", code=code)
    return check_reason(reason)


def check_add_task(code: str, status: str) -> None:
    if status == VERIFIED:
        raise UserError("issue.task_on_verified", code=code)


def check_start(code: str, status: str) -> None:
    if status == DONE:
        raise UserError("issue.task_already_done", code=code)
    if status == DOING:
        raise UserError("issue.task_already_started", code=code)


def check_done(code: str, status: str, on: date, today: date, found_on: date) -> None:
    if status == DONE:
        raise UserError("issue.task_already_done", code=code)
    check_done_on(on, found_on, today)


def check_text(value: str | None, key: str) -> str:
    """Titles, measures, owners: one clean line, trimmed, never empty (`key` names the error)."""
    from campaign_cli.domain.text import clean_line

    text = clean_line(value or "").strip()
    if not text:
        raise UserError(key)
    return text


def check_found_on(found_on: date, today: date) -> None:
    if found_on > today:
        raise UserError("issue.found_in_future", found=found_on.isoformat(), today=today.isoformat())


def check_deadline(deadline: date, found_on: date) -> None:
    """A deadline before the problem was found is a typo (SPEC: date sanity)."""
    if deadline < found_on:
        raise UserError("issue.deadline_before_found", deadline=deadline.isoformat(), found=found_on.isoformat())


def check_done_on(on: date, found_on: date, today: date) -> None:
    if on > today:
        raise UserError("issue.done_in_future", on=on.isoformat(), today=today.isoformat())
    if on < found_on:
        raise UserError("issue.done_before_found", on=on.isoformat(), found=found_on.isoformat())


def check_reason(reason: str | None) -> str:
    from campaign_cli.domain.text import clean_line

    text = clean_line(reason or "").strip()
    if not text:
        raise UserError("issue.reopen_needs_reason")
    return text


def check_reopen_task(code: str, status: str) -> None:
    if status != DONE:
        raise UserError("issue.reopen_task_not_done", code=code)


def unverified_too_long(status: str, resolved: date | None, today: date,
                        limit: int = DEFAULT_VERIFY_WITHIN_DAYS) -> bool:
    return status in (RESOLVED, SUBMITTED) and resolved is not None and (today - resolved).days > limit

