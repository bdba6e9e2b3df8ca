"""Rules of the three lists: codes, problem status derived from its tasks
and verification, what may be verified, reopened or added (SPEC §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from campaign_cli.errors import UserError

OPEN, IN_PROGRESS, RESOLVED, VERIFIED = "open", "in-progress", "resolved", "verified"
PROBLEM_STATUSES = (OPEN, IN_PROGRESS, RESOLVED, VERIFIED)
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


def derive_status(task_statuses: Iterable[str], verified: bool) -> str:
    """open: no task started; in-progress: some started or done; resolved:
    every task done; verified: resolved and verified (销号)."""
    statuses = list(task_statuses)
    if statuses and all(s == DONE for s in statuses):
        return VERIFIED if verified else RESOLVED
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


def check_verify(code: str, status: str, open_tasks: list[str]) -> None:
    if status == VERIFIED:
        raise UserError("issue.already_verified", code=code)
    if open_tasks:
        raise UserError("issue.verify_open_tasks", code=code, tasks="、".join(open_tasks))
    if status != RESOLVED:
        raise UserError("issue.verify_no_tasks", code=code)


def check_verify_date(resolved: date | None, on: date) -> None:
    if resolved is not None and on < resolved:
        raise UserError("issue.verify_before_resolved", on=on.isoformat(), resolved=resolved.isoformat())


def check_reopen(code: str, status: str, reason: str) -> str:
    if status != VERIFIED:
        raise UserError("issue.reopen_not_verified", code=code)
    reason = reason.strip()
    if not reason:
        raise UserError("issue.reopen_needs_reason")
    return reason


def check_add_task(code: str, status: str) -> None:
    if status == VERIFIED:
        raise UserError("issue.task_on_verified", code=code)


def check_start(code: str, status: str) -> None:
    if status == DONE:
        raise UserError("issue.task_already_done", code=code)
    if status == DOING:
        raise UserError("issue.task_already_started", code=code)


def check_done(code: str, status: str, on: date, today: date) -> None:
    if status == DONE:
        raise UserError("issue.task_already_done", code=code)
    if on > today:
        raise UserError("issue.done_in_future", on=on.isoformat(), today=today.isoformat())


def check_text(value: str | None, key: str) -> str:
    """Titles, measures, owners: trimmed, never empty (`key` names the error)."""
    text = (value or "").strip()
    if not text:
        raise UserError(key)
    return text


def unverified_too_long(status: str, resolved: date | None, today: date,
                        limit: int = DEFAULT_VERIFY_WITHIN_DAYS) -> bool:
    return status == RESOLVED and resolved is not None and (today - resolved).days > limit


def setting_days(value: str | None, default: int) -> int:
    try:
        return max(0, int(value)) if value not in (None, "") else default
    except ValueError:
        return default
