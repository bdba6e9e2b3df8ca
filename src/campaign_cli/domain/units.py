"""Rules for units: kinds, head counts, names."""

from __future__ import annotations

from campaign_cli.errors import UserError

KINDS = {"branch": ("branch", "支部", "党支部", "b"), "department": ("department", "部门", "处室", "dept", "d")}


def kind_key(text: str) -> str:
    wanted = text.strip().lower()
    for key, words in KINDS.items():
        if wanted in words:
            return key
    raise UserError("unit.bad_kind", value=text)


def check_members(members: int | None) -> int | None:
    if members is not None and members < 0:
        raise UserError("unit.bad_members", value=members)
    return members
