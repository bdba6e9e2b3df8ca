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
from typing import Any, Iterator

from campaign_cli.domain.phases import PROBLEMS, Assignment, phase_of
from campaign_cli.store.database import Database, Row
from campaign_cli.store.phases import phase_case


def _int(value: Any) -> int:
    return int(value or 0)


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- problems -----------------------------------------------------------------

def problem_counts(db: Database, campaign_id: int, first: date, last: date) -> dict[str, int]:
    """Range counts on the found_on / resolved_on / verified_on indexes; only
    the month's new problems' rows are read (for `research_findings`)."""
    params = {"c": campaign_id, "first": first, "last": last}

    def count(where: str) -> int:
        return _int(db.scalar(f"SELECT COUNT(*) FROM problem WHERE campaign_id = :c AND {where}", **params))

    # Open at the end: found by then, less those verified by then. A problem
    # verified by then but found after it (a date typed out of order) is not
    # one of the found ones: subtract those from whichever side is smaller.
    # (`+column`: SQLite reads the range of the other column's index.)
    plus = "+" if db.dialect == "sqlite" else ""
    found_by, verified_by = count("found_on <= :last"), count("verified_on <= :last")
    if verified_by <= count("found_on > :last"):
        closed = count(f"verified_on <= :last AND {plus}found_on <= :last")
    else:
        closed = verified_by - count(f"found_on > :last AND {plus}verified_on <= :last")
    return {
        "opened": count("found_on BETWEEN :first AND :last"),
        "resolved": count("resolved_on BETWEEN :first AND :last"),
        "verified": count("verified_on BETWEEN :first AND :last"),
        "open_at_end": found_by - closed,
        "research_findings": count("found_on BETWEEN :first AND :last AND source_activity_id IS NOT NULL"),
    }


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
    where = f"p.campaign_id = :c AND {_SECTION_WHERE[section]}"
    if section in ("new", "verified"):
        # The ids come from the (covering) found_on / verified_on index and
        # only the first `limit` rows are read, not the month's every problem.
        where = (f"p.id IN (SELECT p.id FROM problem p WHERE {where} ORDER BY p.id LIMIT :limit)")
    if section == "in_progress" and db.dialect == "sqlite":
        # Most problems of a campaign are open at a month's end: SQLite walks
        # the table in rowid order and stops at the limit, instead of reading
        # every problem found by then through the found_on index and sorting.
        where = ("+p.campaign_id = :c AND p.id > 0 AND +p.found_on <= :last "
                 "AND (p.verified_on IS NULL OR p.verified_on > :last)")
    rows = db.rows(
        "SELECT p.id, p.code, p.title, p.category, p.term, p.found_on, p.resolved_on, p.verified_on, "
        "p.verified_by, a.title AS activity, a.kind AS activity_kind, a.target AS activity_target "
        "FROM problem p LEFT JOIN activity a ON a.id = p.source_activity_id "
        # In creation order (= code order).
        f"WHERE {where} ORDER BY p.id LIMIT :limit",
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

class TaskTotals:
    """The campaign's tasks as they stood at the end of `last`: per deadline,
    how many and how many were done by then (the phases' counts), and per
    department id, how many were overdue then."""

    def __init__(self, by_deadline: dict[date, list[int]], overdue: dict[Any, int]) -> None:
        self.by_deadline = by_deadline
        self.overdue = overdue


def task_totals(db: Database, campaign_id: int, last: date) -> TaskTotals:
    """Grouped reads of the covering deadline index (in its own order, so no
    sort) and of the smaller side of the done_on index: done after `last`
    (read directly), or done by `last` (when fewer, for an old month)."""
    params = {"c": campaign_id, "last": last}
    by_deadline: dict[Any, list[int]] = {}
    # Grouped in the index's own order (deadline, status): no sort, no CASE per row.
    for r in db.rows("SELECT deadline, status, COUNT(*) AS n FROM task WHERE campaign_id = :c "
                     "GROUP BY deadline, status", **params):
        cell = by_deadline.setdefault(_day(r["deadline"]), [0, 0])
        cell[0] += _int(r["n"])
        if r["status"] == "done":
            cell[1] += _int(r["n"])
    after = _int(db.scalar("SELECT COUNT(*) FROM task WHERE campaign_id = :c AND done_on > :last", **params))
    before = _int(db.scalar("SELECT COUNT(*) FROM task WHERE campaign_id = :c AND done_on <= :last", **params))
    # `+column` keeps SQLite on the done_on range instead of walking the
    # deadline index for the grouping (PostgreSQL plans this well by itself).
    plus = "+" if db.dialect == "sqlite" else ""
    select = (f"SELECT {plus}deadline AS deadline, {plus}department_id AS department_id, COUNT(*) AS n "
              "FROM task WHERE campaign_id = :c AND ")
    overdue: dict[Any, int] = {}
    if after <= before:
        # Overdue at the end: not done now, or done only after the last day.
        for r in db.rows("SELECT department_id, COUNT(*) AS n FROM task WHERE campaign_id = :c "
                         "AND deadline < :last AND status <> 'done' GROUP BY department_id", **params):
            overdue[r["department_id"]] = _int(r["n"])
        for r in db.rows(select + "done_on > :last GROUP BY 1, 2", **params):
            deadline, n = _day(r["deadline"]), _int(r["n"])
            by_deadline[deadline][1] -= n
            if deadline < last:
                overdue[r["department_id"]] = overdue.get(r["department_id"], 0) + n
    else:
        for cell in by_deadline.values():
            cell[1] = 0
        for r in db.rows("SELECT department_id, COUNT(*) AS n FROM task WHERE campaign_id = :c "
                         "AND deadline < :last GROUP BY department_id", **params):
            overdue[r["department_id"]] = _int(r["n"])
        for r in db.rows(select + "done_on <= :last GROUP BY 1, 2", **params):
            deadline, n = _day(r["deadline"]), _int(r["n"])
            by_deadline[deadline][1] += n
            if deadline < last:
                overdue[r["department_id"]] -= n
    return TaskTotals(by_deadline, overdue)


def department_counts(db: Database, campaign_id: int, first: date, last: date,
                      totals: TaskTotals | None = None) -> dict[Any, dict[str, int]]:
    """Per department id (None: no department): tasks due, done, done on time
    in the month and overdue at its end (deadline before the last day and not
    done by then — still not done, or done only after the month)."""
    result: dict[Any, dict[str, int]] = {}

    def counts(dept: Any) -> dict[str, int]:
        return result.setdefault(dept, {"due": 0, "done": 0, "done_on_time": 0, "overdue": 0})

    totals = totals if totals is not None else task_totals(db, campaign_id, last)
    for dept, n in totals.overdue.items():
        counts(dept)["overdue"] += n
    for r in db.rows("SELECT department_id, COUNT(*) AS n FROM task WHERE campaign_id = :c "
                     "AND deadline BETWEEN :first AND :last GROUP BY department_id",
                     c=campaign_id, first=first, last=last):
        counts(r["department_id"])["due"] += _int(r["n"])
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
    # on whichever side of the month holds fewer problems: for a recent month,
    # all tasks less those of problems found since it began (one grouped
    # join, which also gives the month's days).
    # (The side is chosen by counting only the problems found since the month
    # began, a cost that is small exactly when that side is the one to take.)
    after = _int(db.scalar("SELECT COUNT(*) FROM problem WHERE campaign_id = :c AND found_on >= :first", **params))
    tasks = _int(db.scalar("SELECT COUNT(*) FROM task WHERE campaign_id = :c", **params))
    join = "FROM problem p JOIN task t ON t.problem_id = p.id WHERE p.campaign_id = :c AND "
    opened: dict[date, int] = {}
    if 2 * after > tasks:
        found_before = _int(db.scalar("SELECT COUNT(*) " + join + "p.found_on < :first", **params))
        for r in db.rows("SELECT p.found_on AS day, COUNT(*) AS n " + join +
                         "p.found_on BETWEEN :first AND :last GROUP BY p.found_on", **params):
            opened[_day(r["day"])] = _int(r["n"])
    else:
        since = 0
        for r in db.rows("SELECT p.found_on AS day, COUNT(*) AS n " + join +
                         "p.found_on >= :first GROUP BY p.found_on", **params):
            day, n = _day(r["day"]), _int(r["n"])
            since += n
            if day <= last:
                opened[day] = n
        found_before = tasks - since
    done_before = _int(db.scalar(
        "SELECT COUNT(*) FROM task WHERE campaign_id = :c AND done_on < :first", **params))
    closed = {_day(r["day"]): _int(r["n"]) for r in db.rows(
        "SELECT done_on AS day, COUNT(*) AS n FROM task "
        "WHERE campaign_id = :c AND done_on BETWEEN :first AND :last GROUP BY done_on", **params)}
    return found_before - done_before, opened, closed


# --- activities -----------------------------------------------------------------

class MonthActivities:
    """The month's activities counted in two grouped reads of the month's
    slice of the held_on index (by kind, target and unit; by day, kind and
    phase)."""

    def __init__(self, db: Database, campaign_id: int, first: date, last: date,
                 rule: Assignment, units: dict[int, Row]) -> None:
        seqs = {r["id"]: r["seq"] for r in db.rows("SELECT id, seq FROM phase WHERE campaign_id = :c",
                                                    c=campaign_id)}
        kinds: dict[str, list] = {}
        targets: dict[str, list] = {}
        by_unit: dict[Any, list] = {}
        by_phase: dict[int, int] = {}
        by_day: dict[tuple[date, str], int] = {}
        params = {"c": campaign_id, "first": first, "last": last}
        where = "FROM activity WHERE campaign_id = :c AND held_on BETWEEN :first AND :last "
        for r in db.rows("SELECT kind, target, unit_id, COUNT(*) AS n, SUM(participants) AS participants "
                         + where + "GROUP BY kind, target, unit_id", **params):
            n, people = _int(r["n"]), r["participants"]
            for table, key in ((kinds, r["kind"]), (targets, r["target"]), (by_unit, r["unit_id"])):
                cell = table.setdefault(key, [0, None])
                cell[0] += n
                if people is not None:
                    cell[1] = (cell[1] or 0) + int(people)
        for r in db.rows("SELECT held_on, kind, phase_id, COUNT(*) AS n " + where
                         + "GROUP BY held_on, kind, phase_id", **params):
            n, held = _int(r["n"]), _day(r["held_on"])
            seq = seqs.get(r["phase_id"]) if r["phase_id"] is not None else None
            seq = seq if seq is not None else rule.phase_of(held, r["kind"])
            if seq is not None:
                by_phase[int(seq)] = by_phase.get(int(seq), 0) + n
            by_day[(held, r["kind"])] = by_day.get((held, r["kind"]), 0) + n
        self.by_kind = [{"kind": k, "n": c[0], "participants": c[1]} for k, c in sorted(kinds.items())]
        self.by_target = [{"target": k, "n": c[0], "participants": c[1]}
                          for k, c in sorted((k, c) for k, c in targets.items() if k is not None)]
        rows = []
        for unit_id, (n, people) in by_unit.items():
            unit = units.get(unit_id) if unit_id is not None else None
            rows.append({"unit_id": unit["id"] if unit else None, "unit": unit["name"] if unit else None,
                         "kind": unit["kind"] if unit else None, "members": unit["members"] if unit else None,
                         "n": n, "participants": people})
        # ORDER BY u.kind, u.id: NULLs first on SQLite, last on PostgreSQL.
        nulls = 1 if db.dialect == "postgresql" else -1

        def order(row: Row) -> tuple:
            kind, uid = row["kind"], row["unit_id"]
            return ((0, "") if kind is None and nulls < 0 else (2, "") if kind is None else (1, kind),
                    (0, 0) if uid is None and nulls < 0 else (2, 0) if uid is None else (1, uid))

        self.by_unit = sorted(rows, key=order)
        self.by_phase = by_phase
        self.by_day = [(day, kind, n) for (day, kind), n in sorted(by_day.items())]


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

def phase_counts_at(db: Database, campaign_id: int, rule: Assignment, last: date,
                    totals: TaskTotals | None = None) -> dict[int, dict[str, int]]:
    """Per phase seq, as of the end of `last`: activities held by then and the
    branches that held one; tasks by deadline, those done by then, and those
    overdue then."""
    result: dict[int, dict[str, int]] = {}
    params: dict[str, Any] = {"c": campaign_id, "last": last}
    case = phase_case("a.held_on", rule, params, kind_column="a.kind")
    seqs = {r["id"]: r["seq"] for r in db.rows("SELECT id, seq FROM phase WHERE campaign_id = :c", c=campaign_id)}
    branches = {r["id"] for r in db.rows("SELECT id FROM unit WHERE campaign_id = :c AND kind = 'branch'",
                                         c=campaign_id)}
    # Grouped by (phase override, phase by date, unit), no join per row; the
    # phase and the unit's kind are looked up here. SQLite reads the table in
    # rowid order: every activity held by the last day is needed, and the
    # held_on index would cost a random lookup per row.
    plus, walk = ("+", " AND a.id > 0") if db.dialect == "sqlite" else ("", "")
    covered: dict[int, set] = {}
    for r in db.rows(
            f"SELECT a.phase_id AS phase_id, {case} AS by_date, a.unit_id AS unit_id, COUNT(*) AS n "
            f"FROM activity a WHERE {plus}a.campaign_id = :c{walk} AND {plus}a.held_on <= :last "
            "GROUP BY 1, 2, 3", **params):
        seq = seqs.get(r["phase_id"]) if r["phase_id"] is not None else None
        seq = seq if seq is not None else r["by_date"]
        if seq is None:
            continue
        counts = result.setdefault(int(seq), {"activities": 0, "units_covered": 0})
        counts["activities"] += _int(r["n"])
        if r["unit_id"] in branches:
            covered.setdefault(int(seq), set()).add(r["unit_id"])
    for seq, units in covered.items():
        result[seq]["units_covered"] = len(units)
    # Tasks by deadline (every task, like the month's `due`), mapped to phases here.
    intervals = rule.intervals(PROBLEMS)
    totals = totals if totals is not None else task_totals(db, campaign_id, last)
    for deadline, (n, done_by_last) in totals.by_deadline.items():
        seq = phase_of(deadline, intervals)
        if seq is None:
            continue
        counts = result.setdefault(seq, {})
        counts["tasks_total"] = counts.get("tasks_total", 0) + n
        counts["tasks_done"] = counts.get("tasks_done", 0) + done_by_last
        if deadline < last:
            counts["tasks_overdue"] = counts.get("tasks_overdue", 0) + n - done_by_last
    return result
