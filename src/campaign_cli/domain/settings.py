"""A campaign's settings (`campaign edit`) as one typed record.

They are stored as text key/value rows (the `setting` table); this module
is the one reader, with the defaults and the ranges `campaign edit` checks.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Mapping

from campaign_cli.domain.problems import DEFAULT_SHORT_TERM_DAYS, DEFAULT_VERIFY_WITHIN_DAYS
from campaign_cli.domain.signals import DEFAULT_WARN_DAYS
from campaign_cli.errors import UserError

ONE_STEP, TWO_STEP = "one-step", "two-step"
REVIEWS = (ONE_STEP, TWO_STEP)

# name -> (lowest, highest) for the whole-number settings.
DAY_RANGES = {
    "warn_days": (0, 365),
    "short_term_days": (1, 365),
    "verify_within_days": (1, 365),
    "recheck_days": (0, 730),
}


@dataclass(frozen=True)
class Settings:
    warn_days: int = DEFAULT_WARN_DAYS  # the yellow window before a deadline
    short_term_days: int = DEFAULT_SHORT_TERM_DAYS  # 立行立改: how soon a short-term problem is due
    verify_within_days: int = DEFAULT_VERIFY_WITHIN_DAYS  # `check`: resolved but not verified for longer
    review: str = ONE_STEP  # two-step: 申请销号 before 销号
    recheck_days: int = 0  # 回头看 due this many days after verification (0: off)
    cadence: str = ""  # activity kinds expected per month, e.g. "three-meetings:1"
    # The school calendar (SPEC §4), e.g. "3-1~7-10,9-1~1-20" (spring, autumn);
    # empty: the default terms.
    school_calendar: str = ""
    # The reporting unit's name, signed under the Word report (落款), e.g. 中共某某中学委员会.
    unit_name: str = ""

    @classmethod
    def from_values(cls, values: Mapping[str, str]) -> "Settings":
        """From stored text; a value that does not parse keeps the default."""
        found: dict[str, object] = {}
        for f in fields(cls):
            raw = values.get(f.name)
            if raw in (None, ""):
                continue
            if f.type in ("int", int):
                try:
                    low, high = DAY_RANGES[f.name]
                    found[f.name] = min(max(int(str(raw)), low), high)
                except ValueError:
                    continue
            elif f.name == "review":
                if raw in REVIEWS:
                    found[f.name] = raw
            else:
                found[f.name] = str(raw)
        return cls(**found)  # type: ignore[arg-type]



def check_days(name: str, value: int) -> int:
    low, high = DAY_RANGES[name]
    if not low <= value <= high:
        raise UserError("campaign.bad_setting", name=name, value=value, low=low, high=high)
    return value


def check_review(value: str) -> str:
    wanted = value.strip().lower()
    if wanted not in REVIEWS:
        raise UserError("campaign.bad_review", value=value)
    return wanted
