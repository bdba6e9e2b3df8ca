"""Rules for units: kinds, head counts, names."""

from __future__ import annotations

from campaign_cli.errors import UserError


def check_members(members: int | None) -> int | None:
    if members is not None and members < 0:
        raise UserError("unit.bad_members", value=members)
    return members
