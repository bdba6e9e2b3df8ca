"""SQL aggregation behind the monthly report (SPEC §3, §7).

Every count is computed by the database, never by loading rows: the
queries are shaped for the task indexes (campaign_id, deadline, status,
department_id) and (campaign_id, done_on), so a month of a million-task
campaign reports in well under a second. Dates are compared with the
month's first and last day; nothing here knows what today is.

One invariant of the store is relied upon: a task's status is `done`
exactly when it has a `done_on` (the lists commands keep both together).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator, Sequence

from campaign_cli.domain.phases import Interval
from campaign_cli.store.database import Database, Row


def _int(value: Any) -> int:
    return int(value or 0)


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- problems -----------------------------------------------------------------

def problem_counts(db: Database, campaign_id: int, first: date, last: date) -> dict[str, int]:
    row = db.one(
        "SELECT "
        "SUM(CASE WHEN found_on BETWEEN :first AND :last THEN 1 ELSE 0 END) AS opened, "
        "SUM(CASE WHEN resolved_on BETWEEN :first AND :last THEN 1 ELSE 0 END) AS resolved, "
        "SUM(CASE WHEN verified_on BETWEEN :first AND :last THEN 1 ELSE 0 END) AS verified, "
        "SUM(CASE WHEN found_on <= :last AND (verified_on IS NULL OR verified_on > :last) "
        "THEN 1 ELSE 0 END) AS open_at_end, "
        "SUM(CASE WHEN found_on BETWEEN :first AND :last AND source_activity_id IS NOT NULL "
        "THEN 1 ELSE 0 END) AS research_findings "
        "FROM problem WHERE campaign_id = :c",
        c=campaign_id, first=first, last=last) or {}
    return {k: _int(row.get(k)) for k in ("opened", "resolved", "verified", "open_at_end", "research_findings")}


_SECTION_WHERE = {
    "new": "p.found_on BETWEEN :first AND :last",
    "in_progress": "p.found_on <= :last AND (p.verified_on IS NULL OR p.verified_on > :last)",
    "verified": "p.verified_on BETWEEN :first AND :last",
    "findings": "p.found_on BETWEEN :first AND :last AND p.source_activity_id IS NOT NULL",
}


def problem_section(db: Database, campaign_id: int, section: str, first: date, last: date,
                    limit: int) -> list[Row]:
    """Up to `limit` problems of a report section, first registered first, each with
    its lead department and owner and its tasks' counts as of `last`."""
    rows = db.rows(
        "SELECT p.id, p.code, p.title, p.category, p.term, p.found_on, p.resolved_on, p.verified_on, "
        "p.verified_by, a.title AS activity, a.kind AS activity_kind, a.target AS activity_target "
        "FROM problem p LEFT JOIN activity a ON a.id = p.source_activity_id "
        # In creation order (= code order): SQLite walks the table and stops at
        # the limit instead of sorting every open problem of a large campaign.
        f"WHERE p.campaign_id = :c AND {_SECTION_WHERE[section]} ORDER BY p.id LIMIT :limit",
        c=campaign_id, first=first, last=last, limit=limit)
    if not rows:
        return rows
    ids = {r["id"]: r for r in rows}
    marks = ", ".join(f":p{i}" for i in range(len(ids)))
    params = {f"p{i}": pid for i, pid in enumerate(ids)}
    for r in rows:
        r.update(tasks=0, done=0, started=0, department=None, owner=None)
    for agg in db.rows(
            "SELECT problem_id, COUNT(*) AS tasks, "
            "SUM(CASE WHEN done_on <= :last THEN 1 ELSE 0 END) AS done, "
            "SUM(CASE WHEN done_on <= :last OR started_on <= :last THEN 1 ELSE 0 END) AS started "
            f"FROM task WHERE problem_id IN ({marks}) GROUP BY problem_id", last=last, **params):
        ids[agg["problem_id"]].update(tasks=_int(agg["tasks"]), done=_int(agg["done"]),
                                      started=_int(agg["started"]))
    for lead in db.rows(
            "SELECT r.problem_id, r.owner, u.name AS department FROM responsibility r "
            f"LEFT JOIN unit u ON u.id = r.department_id WHERE r.problem_id IN ({marks}) "
            "AND r.role = 'lead' ORDER BY r.id DESC", **params):
        ids[lead["problem_id"]].update(owner=lead["owner"], department=lead["department"])
    return rows


# --- tasks --------------------------------------------------------------------

def task_grid(db: Database, campaign_id: int, last: date) -> list[tuple[date, Any, int, int]]:
    """Every task counted by (deadline, department id): how many, and how many
    were done by the end of `last`. Two grouped queries: one over the covering
    deadline index; one over the smaller side of the done_on index (read
    directly: done after `last`; or as done now minus done by `last`)."""
    params = {"c": campaign_id, "last": last}
    cells: dict[tuple[Any, Any], list[int]] = {}
    for r in db.rows("SELECT deadline, department_id, COUNT(*) AS n, "
                     "SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done FROM task "
                     "WHERE campaign_id = :c GROUP BY deadline, department_id", **params):
        cells[(r["deadline"], r["department_id"])] = [_int(r["n"]), _int(r["done"])]
    after = _int(db.scalar("SELECT COUNT(*) FROM task WHERE campaign_id = :c AND done_on > :last", **params))
    before = _int(db.scalar("SELECT COUNT(*) FROM task WHERE campaign_id = :c AND done_on <= :last", **params))
    # `+column` keeps SQLite on the done_on range instead of walking the
    # deadline index for the grouping (PostgreSQL plans this well by itself).
    plus = "+" if db.dialect == "sqlite" else ""
    select = (f"SELECT {plus}deadline AS deadline, {plus}department_id AS department_id, COUNT(*) AS n "
              "FROM task WHERE campaign_id = :c AND ")
    if after <= before:
        for r in db.rows(select + "done_on > :last GROUP BY 1, 2", **params):
            cells[(r["deadline"], r["department_id"])][1] -= _int(r["n"])
    else:
        done_by = {(r["deadline"], r["department_id"]): _int(r["n"])
                   for r in db.rows(select + "done_on <= :last GROUP BY 1, 2", **params)}
        for key, cell in cells.items():
            cell[1] = done_by.get(key, 0)
    return [(_day(deadline), dept, n, done) for (deadline, dept), (n, done) in cells.items()]


def department_counts(db: Database, campaign_id: int, first: date, last: date,
                      grid: list[tuple[date, Any, int, int]] | None = None) -> dict[Any, dict[str, int]]:
    """Per department id (None: no department): tasks due, done, done on time
    in the month and overdue at its end (deadline before the last day and not
    done by then — still not done, or done only after the month)."""
    result: dict[Any, dict[str, int]] = {}

    def counts(dept: Any) -> dict[str, int]:
        return result.setdefault(dept, {"due": 0, "done": 0, "done_on_time": 0, "overdue": 0})

    for deadline, dept, n, done_by_last in grid if grid is not None else task_grid(db, campaign_id, last):
        if first <= deadline <= last:
            counts(dept)["due"] += n
        if deadline < last and n > done_by_last:
            counts(dept)["overdue"] += n - done_by_last
    for r in db.rows("SELECT department_id, COUNT(*) AS n, "
                     "SUM(CASE WHEN done_on <= deadline THEN 1 ELSE 0 END) AS on_time FROM task "
                     "WHERE campaign_id = :c AND done_on BETWEEN :first AND :last GROUP BY department_id",
                     c=campaign_id, first=first, last=last):
        counts(r["department_id"])["done"] += _int(r["n"])
        counts(r["department_id"])["done_on_time"] += _int(r["on_time"])
    return {dept: c for dept, c in result.items() if any(c.values())}


def unit_names(db: Database, campaign_id: int) -> dict[int, Row]:
    return {r["id"]: r for r in db.rows(
        "SELECT id, name, kind, members FROM unit WHERE campaign_id = :c", c=campaign_id)}


_OVERDUE = (
    "SELECT t.code, p.code AS problem, p.title AS problem_title, t.measure, t.owner, "
    "u.name AS department, t.deadline, t.started_on, t.done_on FROM task t "
    "JOIN problem p ON p.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id "
    "WHERE t.campaign_id = :c AND t.deadline < :last AND (t.status <> 'done' OR t.done_on > :last) "
    "ORDER BY t.deadline, t.number"
)


def iter_overdue(db: Database, campaign_id: int, last: date, limit: int | None = None) -> Iterator[Row]:
    """The tasks overdue at the month's end, longest late first (the first `limit`)."""
    if limit is None:
        yield from db.iter_rows(_OVERDUE, c=campaign_id, last=last)
    else:
        yield from db.iter_rows(_OVERDUE + " LIMIT :limit", c=campaign_id, last=last, limit=limit)


def burn_down_counts(db: Database, campaign_id: int, first: date,
                     last: date) -> tuple[int, dict[date, int], dict[date, int]]:
    """Tasks open when the month began (their problem found before it, not done
    before it), tasks of problems found on each day, and tasks done each day."""
    params = {"c": campaign_id, "first": first, "last": last}
    # Tasks of problems found before the month, less the tasks done before it
    # (a task is not done before its problem was found). The join is counted
    # on whichever side of the month holds fewer problems.
    before = _int(db.scalar("SELECT COUNT(*) FROM problem WHERE campaign_id = :c AND found_on < :first", **params))
    after = _int(db.scalar("SELECT COUNT(*) FROM problem WHERE campaign_id = :c AND found_on >= :first", **params))
    join = "SELECT COUNT(*) FROM problem p JOIN task t ON t.problem_id = p.id WHERE p.campaign_id = :c AND "
    if before <= after:
        found_before = _int(db.scalar(join + "p.found_on < :first", **params))
    else:
        found_before = _int(db.scalar("SELECT COUNT(*) FROM task WHERE campaign_id = :c", **params)) - _int(
            db.scalar(join + "p.found_on >= :first", **params))
    done_before = _int(db.scalar(
        "SELECT COUNT(*) FROM task WHERE campaign_id = :c AND done_on < :first", **params))
    opened = {_day(r["day"]): _int(r["n"]) for r in db.rows(
        "SELECT p.found_on AS day, COUNT(*) AS n FROM problem p JOIN task t ON t.problem_id = p.id "
        "WHERE p.campaign_id = :c AND p.found_on BETWEEN :first AND :last GROUP BY p.found_on", **params)}
    closed = {_day(r["day"]): _int(r["n"]) for r in db.rows(
        "SELECT done_on AS day, COUNT(*) AS n FROM task "
        "WHERE campaign_id = :c AND done_on BETWEEN :first AND :last GROUP BY done_on", **params)}
    return found_before - done_before, opened, closed


# --- activities -----------------------------------------------------------------

def activity_by_kind(db: Database, campaign_id: int, first: date, last: date) -> list[Row]:
    return db.rows(
        "SELECT kind, COUNT(*) AS n, SUM(participants) AS participants FROM activity "
        "WHERE campaign_id = :c AND held_on BETWEEN :first AND :last GROUP BY kind ORDER BY kind",
        c=campaign_id, first=first, last=last)


def activity_by_target(db: Database, campaign_id: int, first: date, last: date) -> list[Row]:
    return db.rows(
        "SELECT target, COUNT(*) AS n, SUM(participants) AS participants FROM activity "
        "WHERE campaign_id = :c AND held_on BETWEEN :first AND :last AND target IS NOT NULL "
        "GROUP BY target ORDER BY target", c=campaign_id, first=first, last=last)


def activity_by_unit(db: Database, campaign_id: int, first: date, last: date) -> list[Row]:
    return db.rows(
        "SELECT u.id AS unit_id, u.name AS unit, u.kind, u.members, COUNT(*) AS n, "
        "SUM(a.participants) AS participants FROM activity a LEFT JOIN unit u ON u.id = a.unit_id "
        "WHERE a.campaign_id = :c AND a.held_on BETWEEN :first AND :last "
        "GROUP BY u.id, u.name, u.kind, u.members ORDER BY u.kind, u.id",
        c=campaign_id, first=first, last=last)


def activity_by_day(db: Database, campaign_id: int, first: date, last: date) -> list[tuple[date, str, int]]:
    return [(_day(r["held_on"]), r["kind"], _int(r["n"])) for r in db.rows(
        "SELECT held_on, kind, COUNT(*) AS n FROM activity WHERE campaign_id = :c "
        "AND held_on BETWEEN :first AND :last GROUP BY held_on, kind ORDER BY held_on, kind",
        c=campaign_id, first=first, last=last)]


def activity_by_phase(db: Database, campaign_id: int, first: date, last: date,
                      intervals: Sequence[Interval]) -> dict[int, int]:
    """The month's activities per phase: the --phase override, else the phase
    whose window holds the date (the intervals of domain.phases.assignment)."""
    params: dict[str, Any] = {"c": campaign_id, "first": first, "last": last}
    parts = []
    for i, interval in enumerate(intervals):
        params[f"s{i}"], params[f"e{i}"], params[f"q{i}"] = interval.start, interval.end, interval.seq
        parts.append(f"WHEN a.held_on BETWEEN :s{i} AND :e{i} THEN :q{i}")
    case = ("CASE " + " ".join(parts) + " END") if parts else "NULL"
    rows = db.rows(
        f"SELECT COALESCE(p.seq, {case}) AS seq, COUNT(*) AS n FROM activity a "
        "LEFT JOIN phase p ON p.id = a.phase_id "
        "WHERE a.campaign_id = :c AND a.held_on BETWEEN :first AND :last GROUP BY 1", **params)
    return {int(r["seq"]): _int(r["n"]) for r in rows if r["seq"] is not None}


def branch_count(db: Database, campaign_id: int) -> int:
    return _int(db.scalar("SELECT COUNT(*) FROM unit WHERE campaign_id = :c AND kind = 'branch'",
                          c=campaign_id))


# --- the ledger (台账) as of the month's end, streamed ---------------------------

def iter_problem_ledger(db: Database, campaign_id: int, last: date) -> Iterator[Row]:
    """Every problem found by `last`, with its lead, source activity and its
    tasks' counts as of `last` (one grouped pass over the tasks)."""
    yield from db.iter_rows(
        "SELECT p.code, p.title, p.detail, p.category, p.term, p.found_on, p.resolved_on, "
        "p.verified_on, p.verified_by, a.title AS activity, r.owner, u.name AS department, "
        "COALESCE(g.tasks, 0) AS tasks, COALESCE(g.done, 0) AS done, COALESCE(g.started, 0) AS started "
        "FROM problem p LEFT JOIN activity a ON a.id = p.source_activity_id "
        "LEFT JOIN (SELECT problem_id, MIN(id) AS id FROM responsibility WHERE role = 'lead' "
        "GROUP BY problem_id) lr ON lr.problem_id = p.id "
        "LEFT JOIN responsibility r ON r.id = lr.id LEFT JOIN unit u ON u.id = r.department_id "
        "LEFT JOIN (SELECT problem_id, COUNT(*) AS tasks, "
        "SUM(CASE WHEN done_on <= :last THEN 1 ELSE 0 END) AS done, "
        "SUM(CASE WHEN done_on <= :last OR started_on <= :last THEN 1 ELSE 0 END) AS started "
        "FROM task WHERE campaign_id = :c GROUP BY problem_id) g ON g.problem_id = p.id "
        "WHERE p.campaign_id = :c AND p.found_on <= :last ORDER BY p.number",
        c=campaign_id, last=last)


def iter_responsibility_ledger(db: Database, campaign_id: int, last: date) -> Iterator[Row]:
    yield from db.iter_rows(
        "SELECT p.code AS problem, p.title AS problem_title, u.name AS department, r.owner, r.role "
        "FROM responsibility r JOIN problem p ON p.id = r.problem_id "
        "LEFT JOIN unit u ON u.id = r.department_id "
        "WHERE p.campaign_id = :c AND p.found_on <= :last ORDER BY p.number, r.id",
        c=campaign_id, last=last)


def iter_task_ledger(db: Database, campaign_id: int, last: date) -> Iterator[Row]:
    yield from db.iter_rows(
        "SELECT t.code, p.code AS problem, p.title AS problem_title, t.measure, u.name AS department, "
        "t.owner, t.deadline, t.started_on, t.done_on, t.evidence FROM task t "
        "JOIN problem p ON p.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id "
        "WHERE t.campaign_id = :c AND p.found_on <= :last ORDER BY t.number",
        c=campaign_id, last=last)


# --- phases as they stood at the month's end ------------------------------------

def _case(column: str, intervals: Sequence[Interval], params: dict[str, Any]) -> str:
    parts = []
    for i, interval in enumerate(intervals):
        params[f"s{i}"], params[f"e{i}"], params[f"q{i}"] = interval.start, interval.end, interval.seq
        parts.append(f"WHEN {column} BETWEEN :s{i} AND :e{i} THEN :q{i}")
    return ("CASE " + " ".join(parts) + " END") if parts else "NULL"


def phase_counts_at(db: Database, campaign_id: int, intervals: Sequence[Interval], last: date,
                    grid: list[tuple[date, Any, int, int]] | None = None) -> dict[int, dict[str, int]]:
    """Per phase seq, as of the end of `last`: activities held by then and the
    branches that held one; tasks by deadline, those done by then, and those
    overdue then."""
    result: dict[int, dict[str, int]] = {}
    params: dict[str, Any] = {"c": campaign_id, "last": last}
    case = _case("a.held_on", intervals, params)
    for r in db.rows(
            f"SELECT COALESCE(p.seq, {case}) AS seq, COUNT(*) AS activities, "
            "COUNT(DISTINCT CASE WHEN u.kind = 'branch' THEN u.id END) AS units_covered "
            "FROM activity a LEFT JOIN phase p ON p.id = a.phase_id LEFT JOIN unit u ON u.id = a.unit_id "
            "WHERE a.campaign_id = :c AND a.held_on <= :last GROUP BY 1", **params):
        if r["seq"] is not None:
            result.setdefault(int(r["seq"]), {}).update(activities=_int(r["activities"]),
                                                        units_covered=_int(r["units_covered"]))
    # Tasks by deadline (every task, like the month's `due`), mapped to phases here.
    from campaign_cli.domain.phases import phase_of

    for deadline, _dept, n, done_by_last in grid if grid is not None else task_grid(db, campaign_id, last):
        seq = phase_of(deadline, intervals)
        if seq is None:
            continue
        counts = result.setdefault(seq, {})
        counts["tasks_total"] = counts.get("tasks_total", 0) + n
        counts["tasks_done"] = counts.get("tasks_done", 0) + done_by_last
        if deadline < last:
            counts["tasks_overdue"] = counts.get("tasks_overdue", 0) + n - done_by_last
    return result
