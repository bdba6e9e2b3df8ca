"""Phase rules (SPEC §1): where a phase starts, its state on a day, and
which phase a dated thing (an activity, a task's deadline) belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Sequence

from campaign_cli.domain.records import Campaign, Phase

UPCOMING, ACTIVE, DONE = "upcoming", "active", "done"


def campaign_start(campaign: Campaign, phases: Iterable[Phase]) -> date:
    """A phase with no start starts with the campaign: its start, else the
    earliest phase start, else (nothing known) the first day of its year."""
    if campaign.start:
        return campaign.start
    starts = [p.start for p in phases if p.start]
    return min(starts) if starts else date(campaign.year, 1, 1)


def window(phase: Phase, default_start: date) -> tuple[date, date]:
    start = phase.start or default_start
    # A deadline-only phase that ends before the campaign starts still spans its end day.
    return (min(start, phase.end), phase.end)


@dataclass(frozen=True)
class PhaseState:
    phase: Phase
    start: date
    end: date
    state: str
    elapsed_pct: int
    days_left: int


def state_on(phase: Phase, default_start: date, today: date) -> PhaseState:
    start, end = window(phase, default_start)
    length = (end - start).days + 1
    if today < start:
        state, elapsed = UPCOMING, 0
    elif today > end:
        state, elapsed = DONE, length
    else:
        # Today counts as elapsed: on the last day the bar is full.
        state, elapsed = ACTIVE, (today - start).days + 1
    return PhaseState(
        phase=phase, start=start, end=end, state=state,
        elapsed_pct=int(100 * elapsed / length),
        days_left=max(0, (end - today).days),
    )


@dataclass(frozen=True)
class Interval:
    """Days `start`..`end` (inclusive) that belong to phase `seq`."""

    start: date
    end: date
    seq: int


def _precedence(phase: Phase, start: date, end: date) -> tuple:
    # Started last wins; on a tie the shortest; then the lower number.
    return (start, -(end - start).days, -phase.seq)


def assignment(phases: Sequence[Phase], default_start: date) -> list[Interval]:
    """Cut the calendar into disjoint intervals, each owned by one phase by
    the SPEC's rule, so a date's phase is found by a range lookup (in SQL as
    well as here)."""
    windows = [(p, *window(p, default_start)) for p in phases]
    cuts = sorted({s for _, s, _ in windows} | {e + timedelta(days=1) for _, _, e in windows})
    intervals: list[Interval] = []
    for left, right in zip(cuts, cuts[1:]):
        last = right - timedelta(days=1)
        holders = [(p, s, e) for p, s, e in windows if s <= left and last <= e]
        if not holders:
            continue
        owner = max(holders, key=lambda h: _precedence(*h))[0]
        if intervals and intervals[-1].seq == owner.seq and intervals[-1].end + timedelta(days=1) == left:
            intervals[-1] = Interval(intervals[-1].start, last, owner.seq)
        else:
            intervals.append(Interval(left, last, owner.seq))
    return intervals


def phase_of(day: date, intervals: Sequence[Interval]) -> int | None:
    for interval in intervals:
        if interval.start <= day <= interval.end:
            return interval.seq
    return None
