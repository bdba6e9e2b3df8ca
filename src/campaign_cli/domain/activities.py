"""Activity rules (SPEC §1): kinds and research targets, participants,
the phase an activity belongs to, and the cadence a campaign may require
(e.g. one 主题党日 per branch per month)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from campaign_cli.domain import vocabulary
from campaign_cli.domain.phases import Assignment
from campaign_cli.errors import UserError

RESEARCH = "research"
# The campaign setting holding the cadence rules: "theme-day:1/month,three-meetings:1/month".
CADENCE_SETTING = "cadence"


def kind_and_target(kind: str, target: str | None) -> tuple[str, str | None]:
    """Keys for a kind and a target typed as key, Chinese or English name.

    A research visit needs a target (调研对象); other kinds take none, since
    the plan names targets for research only. An empty target means none."""
    key = vocabulary.kind_key(kind)
    target_key = vocabulary.target_key(target) if target and target.strip() else None
    if key == RESEARCH and target_key is None:
        raise UserError("activity.target_required", choices=vocabulary.target_choices())
    if key != RESEARCH and target_key is not None:
        raise UserError("activity.target_only_research", kind=key)
    return key, target_key


def check_participants(participants: int | None) -> int | None:
    if participants is not None and participants < 0:
        raise UserError("activity.bad_participants", value=participants)
    return participants


def check_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise UserError("activity.title_empty")
    return title


def over_head_count(participants: int | None, members: int | None) -> bool:
    """More people took part than the unit has: worth a warning, not an error
    (guests, a joint session)."""
    return participants is not None and members is not None and participants > members


def phase_seq(held_on: date, kind: str, override: int | None, rule: Assignment) -> int | None:
    """The phase set with --phase, else the one the date and kind give (SPEC §1)."""
    return override if override is not None else rule.phase_of(held_on, kind)


# -- cadence -----------------------------------------------------------------


def parse_cadence(value: str | None) -> dict[str, int]:
    """The setting's text to {kind key: activities per branch per month}.
    Unreadable parts are skipped, so a hand-edited setting never breaks gaps."""
    rules: dict[str, int] = {}
    for part in (value or "").split(","):
        kind, _, rest = part.strip().partition(":")
        number = rest.split("/", 1)[0].strip()
        if kind in vocabulary.KINDS and number.isdigit() and int(number) > 0:
            rules[kind] = int(number)
    return rules


def format_cadence(rules: dict[str, int]) -> str:
    return ",".join(f"{kind}:{n}/month" for kind, n in sorted(rules.items()))


def check_per_month(per_month: int) -> int:
    if per_month < 0:
        raise UserError("activity.bad_per_month", value=per_month)
    return per_month


def months_between(start: date, end: date) -> list[str]:
    """'YYYY-MM' for every month that `start`..`end` touches."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class Behind:
    month: str
    unit: str
    kind: str
    required: int
    held: int

    def as_json(self) -> dict[str, object]:
        return {"month": self.month, "unit": self.unit, "kind": self.kind,
                "required": self.required, "held": self.held}


def behind_cadence(rules: dict[str, int], branches: Sequence[str], months: Sequence[str],
                   held: Iterable[tuple[str, str, date, int]]) -> list[Behind]:
    """Branches that held fewer activities of a required kind in a month
    than the cadence asks. `held` rows are (unit name, kind, date, count)."""
    counts: dict[tuple[str, str, str], int] = {}
    for unit, kind, day, n in held:
        key = (f"{day.year:04d}-{day.month:02d}", unit, kind)
        counts[key] = counts.get(key, 0) + int(n)
    found = []
    for month in months:
        for unit in branches:
            for kind, required in sorted(rules.items()):
                n = counts.get((month, unit, kind), 0)
                if n < required:
                    found.append(Behind(month, unit, kind, required, n))
    return found
