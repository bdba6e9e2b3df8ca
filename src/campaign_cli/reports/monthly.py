"""The monthly report (`campaign report --month`) as plain data: the SPEC §3
document, and the 台账 rows as of `as_of` for xlsx and csv.

Every figure is judged as of `as_of`: the month's last day, or today while
the month is not over. Only what existed by then counts and in the state it
had then, so a report for a past month never changes, and one for the month
in progress never calls a task late before its deadline. Counting happens in
SQL (`store/report_queries.py`); only the month's overdue tasks, its
activities and a bounded number of problems per section are read as rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Iterator

from campaign_cli.domain import month_end, signals
from campaign_cli.domain import phases as phase_rules
from campaign_cli.domain.records import Campaign, Unit
from campaign_cli.store import campaigns as campaign_store
from campaign_cli.store import report_queries as q
from campaign_cli.store import task_tally
from campaign_cli.store import units as unit_store
from campaign_cli.store.database import Database, read_beside, read_both

# Problems listed per section (新增 / 推进中 / 已销号 / 调研发现); the counts are always complete.
SECTION_LIMIT = 200
SECTIONS = ("new", "in_progress", "verified")
# Above one task in OVERDUE_SHARE overdue, the streamed overdue list reads the
# task table in one pass rather than looking each row up from the deadline
# index (store.report_queries.iter_overdue_json): at 1M tasks the pass costs
# what ~40k lookups do.
OVERDUE_SHARE = 25
# Where the activities held sit in the JSON document: document > activities > held > row.
HELD_DEPTH = 3


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _iso(value: Any) -> str | None:
    day = _day(value)
    return day.isoformat() if day else None


def as_of(last: date, today: date) -> date:
    """The day a month's report is judged at (SPEC §3): its last day once it
    is over, else today."""
    return min(last, today)


@dataclass(frozen=True)
class ReportMonth:
    """The month a report covers and the day it is judged at; `fallback`
    when `report` without --month left today's month for the campaign's
    last month with data (today's month being outside the campaign)."""

    first: date
    last: date
    as_of: date
    fallback: bool = False


def default_month(db: Database, campaign: Campaign, today: date) -> ReportMonth:
    """`report` without --month: the month of today, unless that month lies
    outside the campaign's period; then the campaign's last month with data
    (held, found or done), else its last month (today after it) or its first
    (today before it)."""
    from campaign_cli.dates import month_bounds
    from campaign_cli.store import phases as phase_store

    def month_of(day: date) -> tuple[date, date]:
        return month_bounds(f"{day.year:04d}-{day.month:02d}")

    first, last = month_of(today)
    phases = phase_store.all_phases(db, campaign.id)
    start = phase_rules.campaign_start(campaign, phases)
    end = campaign.end or max((p.end for p in phases), default=None)
    if end is None or start <= last and first <= end:
        return ReportMonth(first, last, as_of(last, today))
    day = q.last_month_with_data(db, campaign.id, start, min(end, today)) if start <= today else None
    first, last = month_of(day or (end if today > end else start))
    return ReportMonth(first, last, as_of(last, today), fallback=True)


@dataclass
class Ledger:
    """The three lists as they stood at the end of `as_of`, streamed row by row."""

    db: Database
    campaign: Campaign
    as_of: date
    window: int

    def problems(self) -> Iterator[dict[str, Any]]:
        verified_then = q.Verified(self.db, self.campaign.id, self.as_of, self.as_of)
        for r in q.iter_problem_ledger(self.db, self.campaign.id, self.as_of):
            verified = verified_then.at(_day(r["verified_on"]), r["id"], self.as_of)
            status = month_end.problem_status_at(int(r["tasks"]), int(r["done"]), int(r["started"]),
                                                 verified, self.as_of)
            yield {
                "code": r["code"], "title": r["title"], "detail": r["detail"], "category": r["category"],
                "term": r["term"], "activity": r["activity"], "found_on": _day(r["found_on"]),
                "department": r["department"], "owner": r["owner"],
                "tasks": int(r["tasks"]), "done": int(r["done"]), "status": status,
                "resolved_on": _day(r["last_done"]) if status in ("resolved", "verified") else None,
                "verified_on": verified,
                "verified_by": r["verified_by"] if verified else None,
            }

    def responsibilities(self) -> Iterator[dict[str, Any]]:
        for r in q.iter_responsibility_ledger(self.db, self.campaign.id, self.as_of):
            yield dict(r)

    def tasks(self) -> Iterator[dict[str, Any]]:
        moved = q.Moved(self.db, self.campaign.id, self.as_of)
        for r in q.iter_task_ledger(self.db, self.campaign.id, self.as_of, moved):
            deadline, done_on, started_on = _day(r["deadline"]), _day(r["done_on"]), _day(r["started_on"])
            status = month_end.task_status_at(done_on, started_on, self.as_of)
            done = status == "done"
            yield {
                "code": r["code"], "problem": r["problem"], "problem_title": r["problem_title"],
                "measure": r["measure"], "department": r["department"], "owner": r["owner"],
                "deadline": deadline, "status": status,
                "signal": signals.signal(deadline, status, self.as_of, self.window),  # type: ignore[arg-type]
                # 逾期完成: done, but after the deadline.
                "late": done and signals.is_late(deadline, done_on),  # type: ignore[arg-type]
                "done_on": done_on if done else None,
                "days_late": max(0, (done_on - deadline).days) if done else  # type: ignore[operator]
                month_end.days_late(deadline, self.as_of),  # type: ignore[arg-type]
                "evidence": r["evidence"] if done else None,
            }


def month_report(db: Database, campaign: Campaign, first: date, last: date, today: date,
                 overdue_limit: int | None = None, stream_overdue: bool = False,
                 section_limit: int = SECTION_LIMIT, held_limit: int | None = None) -> dict[str, Any]:
    """The SPEC §3 document for the month `first`..`last`, judged as of
    `as_of(last, today)`. `overdue` lists every overdue task unless
    `overdue_limit` caps it (documents show the first rows and count the
    rest from `tasks.overdue_at_end`); with `stream_overdue` (and no cap)
    it and `activities.held` are streamed JSON text the database builds,
    read while the document is written out (cli.output.emit_json), and
    equal to the plain lists. `section_limit`: problems listed per section
    (a terminal shows fewer); `held_limit` caps `activities.held` the same
    way (`activities.total` counts them all)."""
    from campaign_cli.store import phases as phase_store

    cid = campaign.id
    at = as_of(last, today)
    phases = phase_store.all_phases(db, cid)
    rule = phase_rules.assign(phases, phase_rules.campaign_start(campaign, phases))
    units = q.unit_names(db, cid)
    branches = unit_store.branches_by(db, cid, at)  # those registered by as_of: a past month keeps its count
    moved = q.Moved(db, cid, at)  # deadlines changed only later count as they stood at as_of
    extensions = [_extension(r) for r in q.extensions(db, cid, first, at)]

    stream = stream_overdue and overdue_limit is None

    def encode(row: dict[str, Any]) -> str:
        return _COMPACT(next(overdue_rows(iter([row]), at)))

    def task_side(tdb: Database) -> dict[str, Any]:
        # Tasks by deadline and overdue by department at as_of, then what is counted from them.
        totals = q.task_totals(tdb, cid, at, moved)[cid]
        return {"totals": totals,
                "phases": _phases(phases, campaign, at, q.phase_counts_at(tdb, cid, rule, at, totals, moved),
                                  len(branches)),
                **_tasks(tdb, cid, first, last, at, units, totals, moved, len(extensions)),
                "burn_down": _burn_down(tdb, cid, first, at)}

    def problem_side(pdb: Database) -> dict[str, Any]:
        verified = q.Verified(pdb, cid, first, at)
        return {"problems": q.problem_counts(pdb, cid, first, at, verified)[cid],
                "activities": _activities(pdb, cid, first, at, rule, units, branches, stream, held_limit,
                                          stream_db=db),
                "sections": {name: _section(pdb, cid, name, first, at, section_limit, verified)
                             for name in (*SECTIONS, "findings")}}

    if stream:
        # Every overdue row, as JSON text the database builds (issue 17), read
        # beside the counts into a temporary file (145k rows at 1M tasks). The
        # tally's share of late tasks picks how to read them (the rows are the same).
        many = task_tally.open_share_before(db, cid, at) > 1 / OVERDUE_SHARE
        overdue: Any = read_beside(db, lambda odb: q.iter_overdue_json(odb, cid, at, moved, encode, many=many))
    # The two halves read different tables: on a second connection in a
    # thread they take the time of the longer (1M tasks: 1.1 s of queries).
    tasks, problems = read_both(db, task_side, problem_side)
    if not stream:
        overdue = list(overdue_rows(q.iter_overdue(db, cid, at, moved, overdue_limit), at))
    return {
        "month": f"{first.year:04d}-{first.month:02d}",
        "as_of": at.isoformat(),
        "campaign": {**campaign.as_json(), "unit_name": campaign_store.settings(db, cid).unit_name or None},
        "start": first.isoformat(),
        "end": last.isoformat(),
        "phases": tasks.pop("phases"),
        "activities": problems["activities"],
        "problems": problems["problems"],
        "tasks": tasks.pop("tasks"),
        "by_department": tasks.pop("by_department"),
        "overdue": overdue,
        "extensions": extensions,
        "sections": problems["sections"],
        "burn_down": tasks.pop("burn_down"),
    }


def _phases(phases, campaign: Campaign, at: date, counts: dict[int, dict[str, int]],
            branches: int) -> list[dict[str, Any]]:
    """The rows of `phase status --json` (reports/phase_status.py) as of
    `at`, with their counts judged then too (what was held, entered and done
    by then), so a past month never changes."""
    default_start = phase_rules.campaign_start(campaign, phases)
    rows = []
    for phase in phases:
        state = phase_rules.state_on(phase, default_start, at)
        found = counts.get(phase.seq, {})
        rows.append({
            "seq": phase.seq, "title": phase.title,
            "start": phase.start.isoformat() if phase.start else None, "end": phase.end.isoformat(),
            "state": state.state, "elapsed_pct": state.elapsed_pct, "days_left": state.days_left,
            "activities": int(found.get("activities", 0)), "units_covered": int(found.get("units_covered", 0)),
            "units_total": branches,
            **{key: int(found.get(key, 0)) for key in ("tasks_total", "tasks_done", "tasks_overdue")},
        })
    return rows


def _activities(db: Database, cid: int, first: date, at: date, rule, units,
                branches: list[Unit], stream: bool = False, held_limit: int | None = None,
                stream_db: Database | None = None) -> dict[str, Any]:
    """The month's activities; streamed, `held` is read from `stream_db`
    (the connection still open when the document is written out)."""
    month = q.MonthActivities(db, cid, first, at, rule, units)
    kinds = month.by_kind
    by_unit = []
    for r in month.by_unit:
        by_unit.append({"unit": r["unit"], "kind": r["kind"], "members": r["members"],
                        "activities": int(r["n"]), "participants": int(r["participants"] or 0)})
    held_by = {r["unit_id"] for r in month.by_unit}
    held: Any = [{"id": r["id"], "date": _iso(r["held_on"]), "title": r["title"], "kind": r["kind"],
                  "unit": r["unit"], "participants": r["participants"]}
                 for r in q.iter_held(db, cid, first, at, held_limit)] if not stream else \
        q.iter_held_json(stream_db or db, cid, first, at, depth=HELD_DEPTH)
    return {
        "total": sum(int(r["n"]) for r in kinds),
        "participants": sum(int(r["participants"] or 0) for r in kinds),
        "by_kind": {r["kind"]: int(r["n"]) for r in kinds},
        "by_target": {r["target"]: int(r["n"]) for r in month.by_target},
        "held": held,
        # The branches that held nothing in the month, in the order they were registered.
        "uncovered": [b.name for b in branches if b.id not in held_by],
        "by_unit": by_unit,
        "by_phase": {str(seq): n for seq, n in sorted(month.by_phase.items())},
        "units_total": len(branches),
        "units_covered": sum(1 for u in by_unit if u["kind"] == "branch"),
        "per_week": month_end.per_week(first, at, month.by_day) if at >= first else [],
    }


def _tasks(db: Database, cid: int, first: date, last: date, at: date, units: dict, totals,
           moved: q.Moved, extended: int) -> dict[str, Any]:
    counts = q.department_counts(db, cid, first, last, at, moved, {cid: totals})[cid]
    rows = []
    for dept_id, c in counts.items():
        name = units[dept_id]["name"] if dept_id in units else None
        rows.append({"department": name, "tasks": c["due"], "done": c["done"],
                     "done_on_time": c["done_on_time"], "overdue": c["overdue"],
                     "on_time_rate": signals.on_time_rate(c["done_on_time"], c["done"], c["overdue"])})
    # Most overdue first; then most tasks; departments by name, "none" last.
    rows.sort(key=lambda r: (-r["overdue"], -r["tasks"], r["department"] is None, r["department"] or ""))
    return {"tasks": task_figures(counts.values(), extended), "by_department": rows}


def task_figures(departments: Iterable[dict[str, int]], extended: int) -> dict[str, Any]:
    """The `tasks` object of SPEC §3 from the departments' counts: the month
    report's and each row of the overview."""
    figures = {"due": 0, "done": 0, "done_on_time": 0, "overdue_at_end": 0}
    for c in departments:
        figures["due"] += c["due"]
        figures["done"] += c["done"]
        figures["done_on_time"] += c["done_on_time"]
        figures["overdue_at_end"] += c["overdue"]
    return {**figures, "extended": extended,
            "on_time_rate": signals.on_time_rate(figures["done_on_time"], figures["done"],
                                                 figures["overdue_at_end"])}


def _extension(r: dict[str, Any]) -> dict[str, Any]:
    return {"code": r["code"], "problem": r["problem"], "problem_title": r["problem_title"],
            "measure": r["measure"], "owner": r["owner"], "department": r["department"],
            "old_deadline": r["old_deadline"].isoformat(), "new_deadline": r["new_deadline"].isoformat()}


def _COMPACT(row: dict[str, Any]) -> str:
    """A row as the streamed overdue list writes it (cli.output.emit_json)."""
    import json

    return json.dumps(row, ensure_ascii=False)


def overdue_rows(rows: Iterator[dict[str, Any]], at: date,
                  campaigns: dict[int, Any] | None = None) -> Iterator[dict[str, Any]]:
    """The overdue rows as the document lists them, days late counted to
    `at`; with `campaigns` (id -> Campaign, the overview) each names its
    campaign by key. Dates repeat across a large month (a few hundred
    distinct days), so each is parsed once."""
    days: dict[Any, date | None] = {}
    late: dict[date, int] = {}

    def day(value: Any) -> date | None:
        found = days.get(value, days)
        if found is days:
            found = days[value] = _day(value)
        return found  # type: ignore[return-value]

    for r in rows:
        deadline = day(r["deadline"])
        if deadline not in late:
            late[deadline] = month_end.days_late(deadline, at)  # type: ignore[index, arg-type]
        yield {
            **({"campaign": campaigns[r["campaign_id"]].key} if campaigns is not None else {}),
            "code": r["code"], "problem": r["problem"], "problem_title": r["problem_title"],
            "measure": r["measure"], "owner": r["owner"], "department": r["department"],
            "deadline": deadline.isoformat(),  # type: ignore[union-attr]
            "status": month_end.task_status_at(day(r["done_on"]), day(r["started_on"]), at),
            "signal": signals.RED,
            "days_late": late[deadline],  # type: ignore[index]
        }


def _section(db: Database, cid: int, name: str, first: date, at: date, limit: int,
             verified: q.Verified) -> list[dict[str, Any]]:
    rows = []
    for r in q.problem_section(db, cid, name, first, at, limit, verified):
        rows.append({
            "code": r["code"], "title": r["title"], "category": r["category"], "term": r["term"],
            "department": r["department"], "owner": r["owner"], "found_on": _iso(r["found_on"]),
            "status": month_end.problem_status_at(r["tasks"], r["done"], r["started"], r["verified_on"], at),
            "tasks": r["tasks"], "tasks_done": r["done"],
            "verified_on": _iso(r["verified_on"]),
            "activity": r["activity"],
        })
    return rows


def _burn_down(db: Database, cid: int, first: date, at: date) -> list[dict[str, Any]]:
    if at < first:
        return []
    before, opened, closed = q.burn_down_counts(db, cid, first, at)
    return [{"date": d.isoformat(), "open": n} for d, n in month_end.burn_down(first, at, before, opened, closed)]


def ledger(db: Database, campaign: Campaign, at: date) -> Ledger:
    from campaign_cli.store.campaigns import settings

    return Ledger(db, campaign, at, settings(db, campaign.id).warn_days)
