"""Deadline signals (预警) of a task as of a day (SPEC §1).

`red` overdue and not done; `yellow` not done and due within the warning
window (0 <= deadline - today <= warn_days); `green` not done and further
off; `done` once done, `late` when done after the deadline.
"""

from __future__ import annotations

from datetime import date, timedelta

RED, YELLOW, GREEN, DONE = "red", "yellow", "green", "done"
SIGNALS = (RED, YELLOW, GREEN, DONE)
DEFAULT_WARN_DAYS = 7


def signal(deadline: date, status: str, today: date, window: int = DEFAULT_WARN_DAYS) -> str:
    if status == "done":
        return DONE
    if deadline < today:
        return RED
    if (deadline - today).days <= window:
        return YELLOW
    return GREEN


def is_late(deadline: date, done_on: date | None) -> bool:
    return done_on is not None and done_on > deadline


def warn_until(today: date, window: int) -> date:
    """The last deadline that is still yellow: SQL compares with it."""
    return today + timedelta(days=window)


def days_overdue(deadline: date, today: date) -> int:
    return max(0, (today - deadline).days)


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


def on_time_rate(on_time: int, done: int, overdue: int) -> float | None:
    """按时完成率 (SPEC §3): tasks done on time ÷ (tasks done + tasks overdue
    and not done), so an overdue unfinished task lowers it; None when both
    are 0."""
    whole = done + overdue
    return None if not whole else round(on_time / whole, 3)
