"""Phase rules (SPEC §1): where a phase starts, its state on a day, and
which phase a dated thing (an activity, a task's deadline) belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable, Mapping, Sequence

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


# The kind a phase names when it is where the three lists are made and
# worked off (问题清单、责任清单、任务清单, 整改): tasks are assigned by it.
PROBLEMS = "problems"


def _precedence(phase: Phase, start: date, end: date, kind: str | None) -> tuple:
    # A phase naming the kind first; then started last; on a tie the
    # shortest; then the lower number.
    return (kind is not None and kind in phase.kinds, start, -(end - start).days, -phase.seq)


def assignment(phases: Sequence[Phase], default_start: date, kind: str | None = None) -> list[Interval]:
    """Cut the calendar into disjoint intervals, each owned by one phase by
    the SPEC's rule for things of `kind` (None: kinds ignored), so a date's
    phase is found by a range lookup (in SQL as well as here)."""
    windows = [(p, *window(p, default_start)) for p in phases]
    cuts = sorted({s for _, s, _ in windows} | {e + timedelta(days=1) for _, _, e in windows})
    intervals: list[Interval] = []
    for left, right in zip(cuts, cuts[1:]):
        last = right - timedelta(days=1)
        holders = [(p, s, e) for p, s, e in windows if s <= left and last <= e]
        if not holders:
            continue
        owner = max(holders, key=lambda h: _precedence(*h, kind))[0]
        if intervals and intervals[-1].seq == owner.seq and intervals[-1].end + timedelta(days=1) == left:
            intervals[-1] = Interval(intervals[-1].start, last, owner.seq)
        else:
            intervals.append(Interval(left, last, owner.seq))
    return intervals


@dataclass(frozen=True)
class Assignment:
    """Which phase owns each day, per kind (SPEC §1). An activity of kind K
    (a task: `problems`) dated d belongs to, of the phases whose window
    holds d, those naming K when any do, then the one started last, on a
    tie the shortest. `by_kind` holds the intervals of each kind some phase
    names whose cut differs from `default` (the cut with kinds ignored,
    right for every kind no phase names)."""

    default: tuple[Interval, ...]
    by_kind: Mapping[str, tuple[Interval, ...]]

    def intervals(self, kind: str | None) -> tuple[Interval, ...]:
        return self.by_kind.get(kind, self.default) if kind is not None else self.default

    def phase_of(self, day: date, kind: str | None) -> int | None:
        return phase_of(day, self.intervals(kind))

    def ranges(self, seq: int, kind: str | None) -> list[tuple[date, date]]:
        """The days phase `seq` owns for things of `kind`."""
        return [(i.start, i.end) for i in self.intervals(kind) if i.seq == seq]


def assign(phases: Sequence[Phase], default_start: date) -> Assignment:
    default = tuple(assignment(phases, default_start))
    by_kind = {}
    for kind in sorted({k for p in phases for k in p.kinds}):
        cut = tuple(assignment(phases, default_start, kind))
        if cut != default:
            by_kind[kind] = cut
    return Assignment(default, by_kind)


def phase_of(day: date, intervals: Sequence[Interval]) -> int | None:
    for interval in intervals:
        if interval.start <= day <= interval.end:
            return interval.seq
    return None


def judged_kinds(phase: Phase) -> tuple[str, ...] | None:
    """The activity kinds a phase is judged on (coverage, cadence): those it
    names; None when it names no kind at all (then every kind counts). A
    phase naming only `problems` (a deadline for 整改) asks for no activity."""
    if not phase.kinds:
        return None
    return tuple(k for k in phase.kinds if k != PROBLEMS)
