"""Rules of the monthly report (SPEC §3): everything is judged as of one
day (the month's last, or today while the month is not over), so a past
month's report never changes. Pure: no SQL, no Rich."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Mapping

from campaign_cli.domain import problems as rules
from campaign_cli.domain import signals


def task_status_at(done_on: date | None, started_on: date | None, day: date) -> str:
    """A task's status as it stood at the end of `day`."""
    if done_on is not None and done_on <= day:
        return rules.DONE
    if started_on is not None and started_on <= day:
        return rules.DOING
    return rules.TODO


def task_signal_at(deadline: date, done_on: date | None, started_on: date | None, day: date,
                   window: int = signals.DEFAULT_WARN_DAYS) -> str:
    return signals.signal(deadline, task_status_at(done_on, started_on, day), day, window)


def problem_status_at(tasks: int, done: int, started: int, verified_on: date | None, day: date) -> str:
    """A problem's status at the end of `day` from its tasks' counts as of then
    (`started` counts tasks started or done by then)."""
    statuses = [rules.DONE] * done + [rules.DOING] * max(0, started - done) + [rules.TODO] * max(0, tasks - started)
    return rules.derive_status(statuses, verified_on is not None and verified_on <= day)


def days_late(deadline: date, day: date) -> int:
    return signals.days_overdue(deadline, day)


def burn_down(first: date, last: date, open_before: int, opened: Mapping[date, int],
              closed: Mapping[date, int]) -> list[tuple[date, int]]:
    """Tasks open at each day's end from `first` to `last`: those open when
    the month began, plus the tasks entered each day, minus those closed."""
    series, level, day = [], open_before, first
    while day <= last:
        level += opened.get(day, 0) - closed.get(day, 0)
        series.append((day, max(0, level)))
        day += timedelta(days=1)
    return series


def weeks(first: date, last: date) -> list[tuple[date, date]]:
    """The month cut into calendar weeks (Monday to Sunday), clipped to the month."""
    result, start = [], first
    while start <= last:
        end = min(last, start + timedelta(days=6 - start.weekday()))
        result.append((start, end))
        start = end + timedelta(days=1)
    return result


def per_week(first: date, last: date, counts: Iterable[tuple[date, str, int]]) -> list[dict]:
    """Activities per week by kind: [{"start", "end", "by_kind": {kind: n}}]."""
    buckets = [{"start": s.isoformat(), "end": e.isoformat(), "by_kind": {}} for s, e in weeks(first, last)]
    spans = weeks(first, last)
    for day, kind, n in counts:
        for bucket, (s, e) in zip(buckets, spans):
            if s <= day <= e:
                bucket["by_kind"][kind] = bucket["by_kind"].get(kind, 0) + int(n)
                break
    return buckets
