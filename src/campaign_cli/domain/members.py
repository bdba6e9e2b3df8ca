"""Members and attendance: the rules shared by the member and activity commands.

A name list as users type it (`张三,李四`, `张三、李四`, `张三；李四`) is split
here; a name in two lists of one command (present and on leave) is an error;
who counts as reached in a window is "present at one activity at least".
"""

from __future__ import annotations

import re
from typing import Iterable

from campaign_cli.domain.names import normalise_name
from campaign_cli.domain.text import clean_line
from campaign_cli.errors import UserError

PRESENT, ABSENT, LEAVE = "present", "absent", "leave"
STATUSES = (PRESENT, ABSENT, LEAVE)

_SEPARATORS = re.compile(r"[,，、;；]+")


def clean_name(text: str) -> str:
    """A person's name as stored: one clean line, widths and spaces normalised."""
    return normalise_name(clean_line(text or ""))


def split_names(text: str | None) -> list[str]:
    """The names of a list option, in order, each once."""
    if text is None:
        return []
    seen: list[str] = []
    for part in _SEPARATORS.split(text):
        name = clean_name(part)
        if name and name not in seen:
            seen.append(name)
    return seen


def attendance_plan(present: str | None, absent: str | None, leave: str | None) -> dict[str, str]:
    """name → status from the three options; a name given twice is an error."""
    plan: dict[str, str] = {}
    for status, text in ((PRESENT, present), (ABSENT, absent), (LEAVE, leave)):
        for name in split_names(text):
            if name in plan and plan[name] != status:
                raise UserError("member.twice", name=name, first=plan[name], second=status)
            plan[name] = status
    return plan


def check_role(role: str | None) -> str | None:
    return clean_name(role) or None if role is not None else None


def present_count(statuses: Iterable[str]) -> int:
    return sum(1 for s in statuses if s == PRESENT)
