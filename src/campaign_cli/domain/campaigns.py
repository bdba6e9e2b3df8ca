"""Rules for campaigns: keys and years."""

from __future__ import annotations

import re

from campaign_cli.errors import UserError

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def check_key(key: str) -> str:
    key = key.strip()
    if not _KEY.match(key):
        raise UserError("campaign.bad_key", key=key)
    return key


def check_year(year: int) -> int:
    if not 1949 <= year <= 2200:
        raise UserError("campaign.bad_year", year=year)
    return year
