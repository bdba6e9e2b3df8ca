"""The monthly report (`campaign report --month`) as plain data: the SPEC §3
document, and the 台账 rows as of the month's end for xlsx and csv.

Every figure is judged as of the month's last day, never as of today, so a
report for a past month never changes. Counting happens in SQL
(`store/report_queries.py`); only the month's overdue tasks and a bounded
number of problems per section are read as rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from campaign_cli.domain import month_end, signals
from campaign_cli.domain import phases as phase_rules
from campaign_cli.domain.records import Campaign
from campaign_cli.store import report_queries as q
from campaign_cli.store.database import Database

# Problems listed per section (新增 / 推进中 / 已销号 / 调研发现); the counts are always complete.
SECTION_LIMIT = 200
SECTIONS = ("new", "in_progress", "verified")


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _iso(value: Any) -> str | None:
    day = _day(value)
    return day.isoformat() if day else None


@dataclass
class Ledger:
    """The three lists as they stood at the end of `last`, streamed row by row."""

    db: Database
    campaign: Campaign
    last: date
    window: int

    def problems(self) -> Iterator[dict[str, Any]]:
        for r in q.iter_problem_ledger(self.db, self.campaign.id, self.last):
            verified = _day(r["verified_on"])
            resolved = _day(r["resolved_on"])
            status = month_end.problem_status_at(int(r["tasks"]), int(r["done"]), int(r["started"]),
                                                 verified, self.last)
            yield {
                "code": r["code"], "title": r["title"], "detail": r["detail"], "category": r["category"],
                "term": r["term"], "activity": r["activity"], "found_on": _day(r["found_on"]),
                "department": r["department"], "owner": r["owner"],
                "tasks": int(r["tasks"]), "done": int(r["done"]), "status": status,
                "resolved_on": resolved if resolved and resolved <= self.last and status in ("resolved", "verified") else None,
                "verified_on": verified if verified and verified <= self.last else None,
                "verified_by": r["verified_by"] if verified and verified <= self.last else None,
            }

    def responsibilities(self) -> Iterator[dict[str, Any]]:
        for r in q.iter_responsibility_ledger(self.db, self.campaign.id, self.last):
            yield dict(r)

    def tasks(self) -> Iterator[dict[str, Any]]:
        for r in q.iter_task_ledger(self.db, self.campaign.id, self.last):
            deadline, done_on, started_on = _day(r["deadline"]), _day(r["done_on"]), _day(r["started_on"])
            status = month_end.task_status_at(done_on, started_on, self.last)
            yield {
                "code": r["code"], "problem": r["problem"], "problem_title": r["problem_title"],
                "measure": r["measure"], "department": r["department"], "owner": r["owner"],
                "deadline": deadline, "status": status,
                "signal": signals.signal(deadline, status, self.last, self.window),
                "done_on": done_on if status == "done" else None,
                "days_late": month_end.days_late(deadline, self.last) if status != "done" else
                max(0, (done_on - deadline).days),
                "evidence": r["evidence"] if status == "done" else None,
            }


def month_report(db: Database, campaign: Campaign, first: date, last: date,
                 overdue_limit: int | None = None, stream_overdue: bool = False,
                 section_limit: int = SECTION_LIMIT) -> dict[str, Any]:
    """The SPEC §3 document for the month `first`..`last`. `overdue` lists every
    overdue task unless `overdue_limit` caps it (documents show the first rows
    and count the rest from `tasks.overdue_at_end`); with `stream_overdue` it
    is an iterator over the rows (read while the document is written out).
    `section_limit`: problems listed per section (a terminal shows fewer)."""
    from campaign_cli.store import phases as phase_store

    cid = campaign.id
    phases = phase_store.all_phases(db, cid)
    rule = phase_rules.assign(phases, phase_rules.campaign_start(campaign, phases))
    units = q.unit_names(db, cid)
    totals = q.task_totals(db, cid, last)  # tasks by deadline and overdue by department at the end
    overdue = _overdue_rows(q.iter_overdue(db, cid, last, overdue_limit), last)
    return {
        "month": f"{first.year:04d}-{first.month:02d}",
        "campaign": campaign.as_json(),
        "start": first.isoformat(),
        "end": last.isoformat(),
        "phases": _phases(phases, campaign, last, q.phase_counts_at(db, cid, rule, last, totals),
                          q.branch_count(db, cid)),
        "activities": _activities(db, cid, first, last, rule, units),
        "problems": q.problem_counts(db, cid, first, last),
        **_tasks(db, cid, first, last, units, totals),
        "overdue": None,
        "sections": {name: _section(db, cid, name, first, last, section_limit)
                     for name in (*SECTIONS, "findings")},
        "burn_down": _burn_down(db, cid, first, last),
    } | {"overdue": overdue if stream_overdue else list(overdue)}


def _phases(phases, campaign: Campaign, last: date, counts: dict[int, dict[str, int]],
            branches: int) -> list[dict[str, Any]]:
    """The rows of `phase status --json` (reports/phase_status.py) as of the
    month's last day, with their counts judged at the month's end too
    (activities held and tasks done by then), so the month never changes."""
    default_start = phase_rules.campaign_start(campaign, phases)
    rows = []
    for phase in phases:
        state = phase_rules.state_on(phase, default_start, last)
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


def _activities(db: Database, cid: int, first: date, last: date, rule, units) -> dict[str, Any]:
    month = q.MonthActivities(db, cid, first, last, rule, units)
    kinds = month.by_kind
    by_unit = []
    for r in month.by_unit:
        by_unit.append({"unit": r["unit"], "kind": r["kind"], "members": r["members"],
                        "activities": int(r["n"]), "participants": int(r["participants"] or 0)})
    branches_total = q.branch_count(db, cid)
    return {
        "total": sum(int(r["n"]) for r in kinds),
        "participants": sum(int(r["participants"] or 0) for r in kinds),
        "by_kind": {r["kind"]: int(r["n"]) for r in kinds},
        "by_target": {r["target"]: int(r["n"]) for r in month.by_target},
        "by_unit": by_unit,
        "by_phase": {str(seq): n for seq, n in sorted(month.by_phase.items())},
        "units_total": branches_total,
        "units_covered": sum(1 for u in by_unit if u["kind"] == "branch"),
        "per_week": month_end.per_week(first, last, month.by_day),
    }


def _tasks(db: Database, cid: int, first: date, last: date, units: dict, totals) -> dict[str, Any]:
    counts = q.department_counts(db, cid, first, last, totals)
    totals = {"due": 0, "done": 0, "done_on_time": 0, "overdue_at_end": 0}
    rows = []
    for dept_id, c in counts.items():
        totals["due"] += c["due"]
        totals["done"] += c["done"]
        totals["done_on_time"] += c["done_on_time"]
        totals["overdue_at_end"] += c["overdue"]
        name = units[dept_id]["name"] if dept_id in units else None
        rows.append({"department": name, "tasks": c["due"], "done": c["done"],
                     "done_on_time": c["done_on_time"], "overdue": c["overdue"]})
    # Most overdue first; then most tasks; departments by name, "none" last.
    rows.sort(key=lambda r: (-r["overdue"], -r["tasks"], r["department"] is None, r["department"] or ""))
    return {"tasks": totals, "by_department": rows}


def _overdue_rows(rows: Iterator[dict[str, Any]], last: date) -> Iterator[dict[str, Any]]:
    """The overdue rows as the document lists them. Dates repeat across a
    large month (a few hundred distinct days), so each is parsed once."""
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
            late[deadline] = month_end.days_late(deadline, last)
        yield {
            "code": r["code"], "problem": r["problem"], "problem_title": r["problem_title"],
            "measure": r["measure"], "owner": r["owner"], "department": r["department"],
            "deadline": deadline.isoformat(),
            "status": month_end.task_status_at(day(r["done_on"]), day(r["started_on"]), last),
            "signal": signals.RED,
            "days_late": late[deadline],
        }


def _section(db: Database, cid: int, name: str, first: date, last: date,
             limit: int = SECTION_LIMIT) -> list[dict[str, Any]]:
    rows = []
    for r in q.problem_section(db, cid, name, first, last, limit):
        verified = _day(r["verified_on"])
        rows.append({
            "code": r["code"], "title": r["title"], "category": r["category"], "term": r["term"],
            "department": r["department"], "owner": r["owner"], "found_on": _iso(r["found_on"]),
            "status": month_end.problem_status_at(r["tasks"], r["done"], r["started"], verified, last),
            "tasks": r["tasks"], "tasks_done": r["done"],
            "verified_on": verified.isoformat() if verified and verified <= last else None,
            "activity": r["activity"],
        })
    return rows


def _burn_down(db: Database, cid: int, first: date, last: date) -> list[dict[str, Any]]:
    before, opened, closed = q.burn_down_counts(db, cid, first, last)
    return [{"date": d.isoformat(), "open": n} for d, n in month_end.burn_down(first, last, before, opened, closed)]


def ledger(db: Database, campaign: Campaign, last: date) -> Ledger:
    from campaign_cli.store.campaigns import get_setting

    return Ledger(db, campaign, last, signals.warn_days(get_setting(db, "warn_days", campaign.id)))
