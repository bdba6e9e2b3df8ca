"""SQL aggregation behind the monthly report (SPEC §3, §7).

Every figure is judged as of one day, `as_of` (the month's last day, or
today while the month is not over; reports.monthly chooses it): only rows
that existed by then count (`created_on <= as_of`), and their state is the
one they had then (done by then, verified by then). So a past month's
report never changes, whatever is entered later. Counting is done by the
database on the task and problem indexes; only the listed rows are read.
Nothing here knows what today is.

Every query counts over a `Scope`: one campaign (the month report,
`campaign_id = :c`) or every campaign the login may read (the overview,
`campaign_id IN (...)`), grouped by campaign either way. The report and the
overview run the same SQL, so each counting rule is written once.

One invariant of the store is relied upon: a task's status is `done`
exactly when it has a `done_on` (the lists commands keep both together).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Iterator

from campaign_cli.domain.phases import PROBLEMS, Assignment, phase_of
from campaign_cli.store.database import Database, Row
from campaign_cli.store.phases import phase_case, pinned_tasks
from campaign_cli.store.task_tally import NO_DEPARTMENT


def _int(value: Any) -> int:
    return int(value or 0)


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _marks(prefix: str, values: Iterable[Any], params: dict[str, Any]) -> str:
    """Named parameters for an IN (...) list."""
    names = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        names.append(f":{prefix}{i}")
    return ", ".join(names) or "NULL"


@dataclass(frozen=True)
class Scope:
    """The campaigns a query counts: their ids, in order."""

    ids: tuple[int, ...]

    @classmethod
    def of(cls, campaigns: "Scope | int | Iterable[int]") -> "Scope":
        if isinstance(campaigns, Scope):
            return campaigns
        if isinstance(campaigns, int):
            return cls((campaigns,))
        return cls(tuple(sorted({int(c) for c in campaigns})))

    def where(self, alias: str, params: dict[str, Any]) -> str:
        """SQL keeping the rows of these campaigns (`alias` '' for none), its
        parameters added to `params`: one campaign by equality (the index's
        first column), several by an IN list the index walks in order."""
        column = f"{alias}.campaign_id" if alias else "campaign_id"
        if len(self.ids) == 1:
            params["c"] = self.ids[0]
            return f"{column} = :c"
        return f"{column} IN ({_marks('cs', self.ids, params)})"


def _by_campaign(rows: Iterable[Row], value: str = "n") -> dict[int, int]:
    return {int(r["campaign_id"]): _int(r[value]) for r in rows}


def event_day(db: Database, alias: str = "e") -> str:
    """SQL for the day a change in the history was made: the command's
    "today" (`day`); events from before it was kept, by their UTC time."""
    column = f"substr({alias}.at, 1, 10)"
    return (f"COALESCE({alias}.day, {column})" if db.dialect == "sqlite"
            else f"COALESCE({alias}.day, CAST({column} AS DATE))")


# --- verifications undone later ---------------------------------------------------

@dataclass(frozen=True)
class Reopening:
    """A verified problem reopened (`issue reopen`): the verification date it
    cleared and the day it was reopened."""

    problem_id: int
    verified_on: date | None
    reopened_on: date


def reopenings(db: Database, scope: Scope | int) -> list[Reopening]:
    """Every reopening of the campaigns, oldest first: a reopen clears the
    problem's verified_on, so the history is where a past verification is
    still known (a handful of rows)."""
    day = event_day(db)
    params: dict[str, Any] = {}
    mine = Scope.of(scope).where("e", params)
    return [Reopening(int(r["problem_id"]), _day(r["old_value"]), _day(r["day"]))  # type: ignore[arg-type]
            for r in db.rows(
                f"SELECT e.entity_id AS problem_id, e.old_value, {day} AS day FROM event e "
                f"WHERE {mine} AND e.entity = 'problem' AND e.field = 'reopened' ORDER BY e.id",
                **params)]


class Verified:
    """Which problems were verified at the end of `as_of`, and the
    verifications made in the month, from the verified_on column and from
    the verifications a later reopening cleared."""

    def __init__(self, db: Database, scope: Scope | int, first: date, as_of: date) -> None:
        scope = Scope.of(scope)
        found = reopenings(db, scope)
        now: dict[int, date | None] = {}  # problems that existed by as_of: their verified_on today
        self.campaign_of: dict[int, int] = {}
        if found:
            params: dict[str, Any] = {"as_of": as_of}
            mine = scope.where("", params)
            ids = _marks("r", sorted({r.problem_id for r in found}), params)
            rows = db.rows(f"SELECT id, campaign_id, verified_on FROM problem WHERE {mine} AND id IN ({ids}) "
                           "AND created_on <= :as_of AND found_on <= :as_of", **params)
            now = {int(r["id"]): _day(r["verified_on"]) for r in rows}
            self.campaign_of = {int(r["id"]): int(r["campaign_id"]) for r in rows}
        mine = [r for r in found if r.problem_id in now and r.verified_on is not None]
        # Verified at as_of though the column no longer says so: reopened only after it.
        self.cleared_after: dict[int, date] = {
            r.problem_id: r.verified_on for r in mine  # type: ignore[misc]
            if r.verified_on <= as_of < r.reopened_on  # type: ignore[operator]
            and not (now[r.problem_id] and now[r.problem_id] <= as_of)}  # type: ignore[operator]
        # Verifications made in the month that a reopening took back (then or later).
        self.undone_in_month = [r.problem_id for r in mine
                                if first <= r.verified_on <= as_of]  # type: ignore[operator]
        self.reopened = {r.problem_id for r in found if r.problem_id in now and first <= r.reopened_on <= as_of}

    def counts(self, campaign_id: int) -> tuple[int, int, int]:
        """For one campaign: problems verified at as_of whose verification a
        later reopening cleared, the month's verifications taken back, and
        the problems reopened in the month."""
        def mine(ids: Iterable[int]) -> int:
            return sum(1 for problem_id in ids if self.campaign_of.get(problem_id) == campaign_id)

        return mine(self.cleared_after), mine(self.undone_in_month), mine(self.reopened)

    def at(self, verified_on: date | None, problem_id: int, as_of: date) -> date | None:
        """The verification a problem had at the end of `as_of` (None: none)."""
        if verified_on is not None and verified_on <= as_of:
            return verified_on
        return self.cleared_after.get(problem_id)


# --- problems -----------------------------------------------------------------

_EXISTED = "p.created_on <= :as_of"


PROBLEM_FIGURES = ("opened", "resolved", "verified", "reopened", "open_at_end", "research_findings",
                   "rechecks_done", "regressed")


def problem_counts(db: Database, scope: Scope | int, first: date, as_of: date,
                   verified: Verified) -> dict[int, dict[str, int]]:
    """The month's problem figures (SPEC §3) of each campaign, on the found_on
    / verified_on ranges; `resolved` from the tasks done in the month."""
    scope = Scope.of(scope)
    params: dict[str, Any] = {"first": first, "as_of": as_of}
    mine = scope.where("p", params)
    research = scope.where("a", params)

    def count(where: str) -> dict[int, int]:
        return _by_campaign(db.rows(f"SELECT p.campaign_id, COUNT(*) AS n FROM problem p WHERE {mine} "
                                    f"AND {_EXISTED} AND {where} GROUP BY p.campaign_id", **params))

    # Resolved in the month: a task of it was done in the month and every task
    # it had by as_of was done by then (so the last one was done in the month).
    # Driven from the month's done tasks (the done index's slice, which
    # carries their problem since 0010), each problem then found by its key:
    # with `p.id IN (…)` both databases read every problem of the campaigns.
    resolved = _by_campaign(db.rows(
        "SELECT d.campaign_id, COUNT(*) AS n FROM (SELECT DISTINCT t.campaign_id, t.problem_id FROM task t "
        f"WHERE {scope.where('t', params)} AND t.done_on BETWEEN :first AND :as_of AND t.created_on <= :as_of) d "
        f"JOIN problem p ON p.id = d.problem_id AND p.campaign_id = d.campaign_id WHERE {_EXISTED} "
        "AND NOT EXISTS (SELECT 1 FROM task o WHERE o.problem_id = p.id "
        "AND o.created_on <= :as_of AND (o.done_on IS NULL OR o.done_on > :as_of)) GROUP BY d.campaign_id",
        **params))
    # Found by as_of, of those verified by then, and found in the month: one
    # pass over the found_on index's slice up to as_of.
    found_by, verified_by, opened = {}, {}, {}
    for r in db.rows("SELECT p.campaign_id, COUNT(*) AS n, "
                     "SUM(CASE WHEN p.verified_on <= :as_of THEN 1 ELSE 0 END) AS verified, "
                     "SUM(CASE WHEN p.found_on >= :first THEN 1 ELSE 0 END) AS opened "
                     f"FROM problem p WHERE {mine} AND {_EXISTED} AND p.found_on <= :as_of GROUP BY p.campaign_id",
                     **params):
        cid = int(r["campaign_id"])
        found_by[cid], verified_by[cid], opened[cid] = _int(r["n"]), _int(r["verified"]), _int(r["opened"])
    def rechecks(where: str) -> dict[int, int]:
        return _by_campaign(db.rows(
            f"SELECT r.campaign_id, COUNT(*) AS n FROM recheck r WHERE {scope.where('r', params)} AND r.done_on "
            f"BETWEEN :first AND :as_of AND r.created_on <= :as_of{where} GROUP BY r.campaign_id", **params))

    verified_in = count("p.verified_on BETWEEN :first AND :as_of")
    findings = count("p.found_on BETWEEN :first AND :as_of AND p.source_activity_id IN "
                     f"(SELECT a.id FROM activity a WHERE {research} AND a.kind = 'research')")
    rechecked = rechecks("")
    regressed = rechecks(" AND r.result = 'regressed'")
    result = {}
    for cid in scope.ids:
        cleared, undone, reopened = verified.counts(cid)
        result[cid] = {
            "opened": opened.get(cid, 0),
            "resolved": resolved.get(cid, 0),
            "verified": verified_in.get(cid, 0) + undone,
            "reopened": reopened,
            "open_at_end": found_by.get(cid, 0) - verified_by.get(cid, 0) - cleared,
            "research_findings": findings.get(cid, 0),
            # 回头看 done in the month, and those that found a regression.
            "rechecks_done": rechecked.get(cid, 0),
            "regressed": regressed.get(cid, 0),
        }
    return result


_SECTION_WHERE = {
    "new": "p.found_on BETWEEN :first AND :as_of",
    "in_progress": "p.found_on <= :as_of AND (p.verified_on IS NULL OR p.verified_on > :as_of)",
    "verified": "p.verified_on BETWEEN :first AND :as_of",
    "findings": "p.found_on BETWEEN :first AND :as_of AND a.kind = 'research'",
}


def problem_section(db: Database, campaign_id: int, section: str, first: date, as_of: date,
                    limit: int, verified: Verified) -> list[Row]:
    """Up to `limit` problems of a report section, first registered first, each with
    its lead department and owner and its tasks' counts as of `as_of`."""
    params: dict[str, Any] = {"c": campaign_id, "first": first, "as_of": as_of, "limit": limit}
    condition = _SECTION_WHERE[section]
    if section == "verified" and verified.undone_in_month:
        # Verified in the month, then reopened: still one of the month's verifications.
        condition = (f"(p.verified_on BETWEEN :first AND :as_of "
                     f"OR p.id IN ({_marks('v', sorted(set(verified.undone_in_month)), params)}))")
    where = f"p.campaign_id = :c AND {condition} AND {_EXISTED}"
    # PostgreSQL, told to order by id with a LIMIT, walks the primary key and
    # filters the campaign (it takes campaigns' ids for spread evenly): at 50
    # x 20k that reads 400k problems of other schools first (0.28 s). Ordered
    # by an expression it reads the campaign's rows on its indexes and sorts
    # them (24 ms); tests/test_query_plans_pg.py pins it.
    order = "p.id" if db.dialect == "sqlite" else "p.id + 0"
    if section in ("new", "verified", "findings"):
        # The ids come from the found_on / verified_on index and only the
        # first `limit` rows are read, not the month's every problem.
        where = f"p.id IN (SELECT p.id FROM problem p LEFT JOIN activity a ON a.id = p.source_activity_id " \
                f"WHERE {where} ORDER BY {order} LIMIT :limit)"
    if section == "in_progress":
        if db.dialect == "sqlite":
            # Most problems of a campaign are open at a month's end: SQLite walks
            # the table in rowid order and stops at the limit, instead of reading
            # every problem found by then through the found_on index and sorting.
            where = ("+p.campaign_id = :c AND p.id > 0 AND +p.found_on <= :as_of "
                     f"AND (p.verified_on IS NULL OR p.verified_on > :as_of) AND {_EXISTED}")
        if verified.cleared_after:
            where += f" AND p.id NOT IN ({_marks('x', sorted(verified.cleared_after), params)})"
    rows = db.rows(
        "SELECT p.id, p.code, p.title, p.category, p.term, p.found_on, p.verified_on, "
        "p.verified_by, a.title AS activity, a.kind AS activity_kind, a.target AS activity_target "
        "FROM problem p LEFT JOIN activity a ON a.id = p.source_activity_id "
        # In creation order (= code order).
        f"WHERE {where} ORDER BY {order} LIMIT :limit", **params)
    if not rows:
        return rows
    ids = {r["id"]: r for r in rows}
    marks = _marks("p", ids, params)
    for r in rows:
        r.update(tasks=0, done=0, started=0, department=None, owner=None)
    for agg in db.rows(
            "SELECT problem_id, COUNT(*) AS tasks, "
            "SUM(CASE WHEN done_on <= :as_of THEN 1 ELSE 0 END) AS done, "
            "SUM(CASE WHEN done_on <= :as_of OR started_on <= :as_of THEN 1 ELSE 0 END) AS started "
            f"FROM task WHERE problem_id IN ({marks}) AND created_on <= :as_of GROUP BY problem_id", **params):
        ids[agg["problem_id"]].update(tasks=_int(agg["tasks"]), done=_int(agg["done"]),
                                      started=_int(agg["started"]))
    for lead in db.rows(
            "SELECT r.problem_id, r.owner, u.name AS department FROM responsibility r "
            f"LEFT JOIN unit u ON u.id = r.department_id WHERE r.problem_id IN ({marks}) "
            "AND r.role = 'lead' ORDER BY r.id DESC", **params):
        ids[lead["problem_id"]].update(owner=lead["owner"], department=lead["department"])
    for r in rows:
        r["verified_on"] = verified.at(_day(r["verified_on"]), r["id"], as_of)
    return rows


# --- tasks --------------------------------------------------------------------

_TASK_ROW = (
    "SELECT t.id, t.campaign_id, t.number, t.code, p.code AS problem, p.title AS problem_title, t.measure, t.owner, "
    "t.department_id, u.name AS department, t.deadline, t.started_on, t.done_on FROM task t "
    "JOIN problem p ON p.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id "
)


class Moved:
    """Tasks whose deadline was changed only after `as_of` (a later 延期):
    `then` maps each to the deadline it had at as_of, `rows` are those
    tasks (entered by as_of) with their deadline set back to it. Every task
    figure counts them at that deadline: the SQL leaves them out (`ids`)
    and they are added here. A handful of rows; none for the month in
    progress."""

    def __init__(self, db: Database, scope: Scope | int, as_of: date) -> None:
        scope = Scope.of(scope)
        day = event_day(db)
        then: dict[int, date] = {}
        params: dict[str, Any] = {"as_of": as_of}
        mine = scope.where("e", params)
        for r in db.rows(f"SELECT e.entity_id, e.old_value FROM event e WHERE {mine} "
                         f"AND e.entity = 'task' AND e.field = 'deadline' AND {day} > :as_of ORDER BY e.id",
                         **params):
            old = _day(r["old_value"])
            if old is not None:
                then.setdefault(int(r["entity_id"]), old)  # the first change after as_of
        self.rows: list[Row] = []
        if then:
            params = {"as_of": as_of}
            mine = scope.where("t", params)
            self.rows = db.rows(_TASK_ROW + f"WHERE {mine} AND t.id IN ({_marks('m', sorted(then), params)}) "
                                "AND t.created_on <= :as_of ORDER BY t.campaign_id, t.number", **params)
            for r in self.rows:
                r["deadline"] = then[r["id"]]
        self.then = then

    def excluded(self, params: dict[str, Any], alias: str = "") -> str:
        """SQL leaving the moved tasks out ('' when there are none)."""
        if not self.then:
            return ""
        return f" AND {alias}id NOT IN ({_marks('mx', sorted(self.then), params)})"


class TaskTotals:
    """The campaign's tasks as they stood at the end of `as_of`: per
    deadline, how many and how many were done by then (the phases' counts),
    and per department id, how many were overdue then."""

    def __init__(self, by_deadline: dict[date, list[int]], overdue: dict[Any, int]) -> None:
        self.by_deadline = by_deadline
        self.overdue = overdue

    def add(self, deadline: date, department_id: Any, n: int, done: int, as_of: date) -> None:
        """Count `n` more tasks (fewer when negative) at `deadline`, `done` of them done by as_of."""
        cell = self.by_deadline.setdefault(deadline, [0, 0])
        cell[0] += n
        cell[1] += done
        if deadline < as_of and n != done:
            self.overdue[department_id] = self.overdue.get(department_id, 0) + n - done


def _put_back_moved(totals: dict[int, TaskTotals], moved: Moved, as_of: date) -> None:
    """The tasks whose deadline moved after as_of, counted at the deadline they had then."""
    for r in moved.rows:
        totals[int(r["campaign_id"])].add(r["deadline"], r["department_id"], 1, int(_done_by(r, as_of)), as_of)


def _done_by(row: Row, day: date) -> bool:
    done_on = _day(row["done_on"])
    return done_on is not None and done_on <= day


# Past this many tasks entered or done after as_of, task_totals counts the
# rows instead of correcting the tally (a month long past).
TALLY_CORRECTIONS = 20_000


def task_totals(db: Database, scope: Scope | int, as_of: date, moved: Moved) -> dict[int, TaskTotals]:
    """The tasks that existed by `as_of`, per campaign, by deadline and the
    overdue by department: the task tally (revision 0008, what the tasks
    are now) less what changed after as_of, or counted from the rows."""
    scope = Scope.of(scope)
    found = _task_totals_from_tally(db, scope, as_of, moved)
    return found if found is not None else counted_task_totals(db, scope, as_of, moved)


_CHANGED_TASK = "SELECT id, campaign_id, department_id, deadline, status, done_on, created_on FROM task "


def _task_totals_from_tally(db: Database, scope: Scope, as_of: date, moved: Moved) -> dict[int, TaskTotals] | None:
    """The tally counts every task as it is now. A task entered after as_of,
    or done after it, or whose deadline moved after it, is taken out of
    those counts and put back as it stood at as_of (the moved ones by
    `moved.rows`). At 1M tasks: two reads of a few thousand tally rows and
    the few tasks changed since, instead of two passes over a million index
    entries (~0.25 s). None when too much changed since as_of."""
    params: dict[str, Any] = {"as_of": as_of, "cap": TALLY_CORRECTIONS + 1}
    mine = scope.where("", params)
    changed = db.rows(_CHANGED_TASK + f"WHERE {mine} AND created_on > :as_of UNION "
                      + _CHANGED_TASK + f"WHERE {mine} AND done_on > :as_of LIMIT :cap", **params)
    if len(changed) > TALLY_CORRECTIONS:
        return None
    seen = {r["id"] for r in changed}
    later = sorted(set(moved.then) - seen)
    if later:
        marks: dict[str, Any] = {}
        changed += db.rows(_CHANGED_TASK + f"WHERE {scope.where('', marks)} AND id IN ({_marks('mv', later, marks)})",
                           **marks)
    totals = {cid: TaskTotals({}, {}) for cid in scope.ids}
    for r in db.rows(f"SELECT campaign_id, deadline, SUM(tasks) AS n, SUM(done) AS done FROM task_tally "
                     f"WHERE {mine} GROUP BY campaign_id, deadline", **params):
        totals[int(r["campaign_id"])].by_deadline[_day(r["deadline"])] = [_int(r["n"]), _int(r["done"])]  # type: ignore[index]
    for r in db.rows(f"SELECT campaign_id, department_id, SUM(tasks - done) AS n FROM task_tally "
                     f"WHERE {mine} AND deadline < :as_of GROUP BY campaign_id, department_id", **params):
        department = None if int(r["department_id"]) == NO_DEPARTMENT else r["department_id"]
        totals[int(r["campaign_id"])].overdue[department] = _int(r["n"])
    for r in changed:
        found_in = totals[int(r["campaign_id"])]
        deadline, done_on = _day(r["deadline"]), _day(r["done_on"])
        found_in.add(deadline, r["department_id"], -1, -int(r["status"] == "done"), as_of)  # as it is now
        if r["id"] not in moved.then and _day(r["created_on"]) <= as_of:  # type: ignore[operator]
            found_in.add(deadline, r["department_id"], 1, int(done_on is not None and done_on <= as_of), as_of)
    _put_back_moved(totals, moved, as_of)
    for found_in in totals.values():  # as the row counts have them: no empty cells
        found_in.by_deadline = {d: cell for d, cell in found_in.by_deadline.items() if cell[0]}
        found_in.overdue = {k: n for k, n in found_in.overdue.items() if n}
    return totals


def counted_task_totals(db: Database, scope: Scope | int, as_of: date, moved: Moved) -> dict[int, TaskTotals]:
    """The tasks that existed by `as_of`, per campaign: counted by deadline
    (a few hundred rows, grouped in the deadline index's own order: no
    sort), and the overdue ones by department (the index's slice before
    as_of). Two reads of the covering deadline index that return a few
    hundred rows, where one grouped by deadline and department returned a
    row per pair (200k at 1M tasks) for Python to add up."""
    scope = Scope.of(scope)
    totals = {cid: TaskTotals({}, {}) for cid in scope.ids}
    params: dict[str, Any] = {"as_of": as_of}
    mine = scope.where("", params)
    leave_out = moved.excluded(params)
    for r in db.rows("SELECT campaign_id, deadline, COUNT(*) AS n, "
                     "SUM(CASE WHEN done_on <= :as_of THEN 1 ELSE 0 END) AS done FROM task "
                     f"WHERE {mine} AND created_on <= :as_of{leave_out} GROUP BY campaign_id, deadline", **params):
        totals[int(r["campaign_id"])].by_deadline[_day(r["deadline"])] = [_int(r["n"]), _int(r["done"])]  # type: ignore[index]
    for r in db.rows("SELECT campaign_id, department_id, COUNT(*) AS n FROM task "
                     f"WHERE {mine} AND deadline < :as_of AND (status <> 'done' OR done_on > :as_of) "
                     f"AND created_on <= :as_of{leave_out} GROUP BY campaign_id, department_id", **params):
        totals[int(r["campaign_id"])].overdue[r["department_id"]] = _int(r["n"])
    _put_back_moved(totals, moved, as_of)
    return totals


def overdue_totals(db: Database, scope: Scope | int, as_of: date, moved: Moved) -> dict[int, TaskTotals]:
    """Only what `department_counts` takes from `task_totals`: per campaign
    and department, the tasks overdue at the end of `as_of` (by_deadline
    left empty). The overview's read: over every campaign, task_totals
    brings back one row per deadline, status and department (~670k rows
    at 50 x 20k tasks), this one row per department, from the deadline
    index alone."""
    scope = Scope.of(scope)
    totals = {cid: TaskTotals({}, {}) for cid in scope.ids}
    params: dict[str, Any] = {"as_of": as_of}
    mine = scope.where("", params)
    for r in db.rows(f"SELECT campaign_id, department_id, COUNT(*) AS n FROM task WHERE {mine} "
                     "AND deadline < :as_of AND created_on <= :as_of AND (done_on IS NULL OR done_on > :as_of)"
                     f"{moved.excluded(params)} GROUP BY campaign_id, department_id", **params):
        found = totals[int(r["campaign_id"])].overdue
        found[r["department_id"]] = found.get(r["department_id"], 0) + _int(r["n"])
    for r in moved.rows:
        if r["deadline"] < as_of and not _done_by(r, as_of):
            found = totals[int(r["campaign_id"])].overdue
            found[r["department_id"]] = found.get(r["department_id"], 0) + 1
    return totals


def department_counts(db: Database, scope: Scope | int, first: date, last: date, as_of: date,
                      moved: Moved, totals: dict[int, TaskTotals] | None = None
                      ) -> dict[int, dict[Any, dict[str, int]]]:
    """Per campaign, per department id (None: no department): tasks due in
    the month, done and done on time in it (by as_of), and overdue at as_of
    (deadline before it and not done by then — still not done, or done only
    later)."""
    scope = Scope.of(scope)
    result: dict[int, dict[Any, dict[str, int]]] = {cid: {} for cid in scope.ids}

    def counts(cid: Any, dept: Any) -> dict[str, int]:
        return result[int(cid)].setdefault(dept, {"due": 0, "done": 0, "done_on_time": 0, "overdue": 0})

    totals = totals if totals is not None else task_totals(db, scope, as_of, moved)
    for cid, found in totals.items():
        for dept, n in found.overdue.items():
            counts(cid, dept)["overdue"] += n
    params: dict[str, Any] = {"first": first, "last": last, "as_of": as_of}
    mine = scope.where("", params)
    leave_out = moved.excluded(params)
    for r in db.rows(f"SELECT campaign_id, department_id, COUNT(*) AS n FROM task WHERE {mine} "
                     f"AND deadline BETWEEN :first AND :last AND created_on <= :as_of{leave_out} "
                     "GROUP BY campaign_id, department_id", **params):
        counts(r["campaign_id"], r["department_id"])["due"] += _int(r["n"])
    for r in db.rows("SELECT campaign_id, department_id, COUNT(*) AS n, "
                     "SUM(CASE WHEN done_on <= deadline THEN 1 ELSE 0 END) AS on_time FROM task "
                     f"WHERE {mine} AND done_on BETWEEN :first AND :as_of AND created_on <= :as_of"
                     f"{leave_out} GROUP BY campaign_id, department_id", **params):
        counts(r["campaign_id"], r["department_id"])["done"] += _int(r["n"])
        counts(r["campaign_id"], r["department_id"])["done_on_time"] += _int(r["on_time"])
    for r in moved.rows:
        done_on = _day(r["done_on"])
        if first <= r["deadline"] <= last:
            counts(r["campaign_id"], r["department_id"])["due"] += 1
        if done_on is not None and first <= done_on <= as_of:
            counts(r["campaign_id"], r["department_id"])["done"] += 1
            counts(r["campaign_id"], r["department_id"])["done_on_time"] += int(done_on <= r["deadline"])
    return {cid: {dept: c for dept, c in depts.items() if any(c.values())} for cid, depts in result.items()}


def extensions(db: Database, scope: Scope | int, first: date, as_of: date) -> list[Row]:
    """Tasks whose deadline was moved later in the month (延期), oldest task
    first: each with the deadline it had before the month's first change and
    the one after its last (`issue edit --deadline` writes the history)."""
    scope = Scope.of(scope)
    day = event_day(db)
    moves: dict[int, list[date]] = {}
    params: dict[str, Any] = {"first": first, "as_of": as_of}
    mine = scope.where("e", params)
    for r in db.rows(f"SELECT e.entity_id, e.old_value, e.new_value FROM event e WHERE {mine} "
                     f"AND e.entity = 'task' AND e.field = 'deadline' AND {day} BETWEEN :first AND :as_of "
                     "ORDER BY e.id", **params):
        old, new = _day(r["old_value"]), _day(r["new_value"])
        if old is None or new is None:
            continue
        moves.setdefault(int(r["entity_id"]), [old, new])[1] = new
    later = {task_id: span for task_id, span in moves.items() if span[1] > span[0]}
    if not later:
        return []
    params = {"as_of": as_of}
    mine = scope.where("t", params)
    rows = db.rows(
        "SELECT t.id, t.campaign_id, t.code, p.code AS problem, p.title AS problem_title, t.measure, t.owner, "
        "u.name AS department FROM task t JOIN problem p ON p.id = t.problem_id "
        "LEFT JOIN unit u ON u.id = t.department_id "
        f"WHERE {mine} AND t.created_on <= :as_of AND t.id IN ({_marks('t', sorted(later), params)}) "
        "ORDER BY t.campaign_id, t.number", **params)
    for r in rows:
        r["old_deadline"], r["new_deadline"] = later[r.pop("id")]
    return rows


def unit_names(db: Database, scope: Scope | int) -> dict[int, Row]:
    params: dict[str, Any] = {}
    mine = Scope.of(scope).where("", params)
    return {r["id"]: r for r in db.rows(
        f"SELECT id, campaign_id, name, kind, members FROM unit WHERE {mine}", **params)}


_OVERDUE_WHERE = ("WHERE {scope} AND t.deadline < :as_of AND (t.status <> 'done' OR t.done_on > :as_of) "
                  "AND t.created_on <= :as_of{moved} ")
_OVERDUE_ORDER = "ORDER BY t.deadline, t.campaign_id, t.number"
_OVERDUE = _TASK_ROW + _OVERDUE_WHERE + _OVERDUE_ORDER
# The first :limit of them: picked on the task table alone, and only those joined
# (over every school, 113k overdue tasks at 50 x 20k: 2.1 s -> 0.9 s on SQLite, 313 -> 178 ms on PostgreSQL).
_OVERDUE_FIRST = (_TASK_ROW + "WHERE t.id IN (SELECT t.id FROM task t " + _OVERDUE_WHERE + _OVERDUE_ORDER
                  + " LIMIT :limit) " + _OVERDUE_ORDER)


def iter_overdue(db: Database, scope: Scope | int, as_of: date, moved: Moved,
                 limit: int | None = None) -> Iterator[Row]:
    """The tasks overdue at the end of `as_of`, longest late first (the first
    `limit`); of several campaigns, those of one deadline by campaign."""
    import heapq
    from itertools import islice

    params: dict[str, Any] = {"as_of": as_of}
    sql = (_OVERDUE if limit is None else _OVERDUE_FIRST).format(
        scope=Scope.of(scope).where("t", params), moved=moved.excluded(params, "t."))
    if limit is not None:
        params["limit"] = limit
    extra = [r for r in moved.rows if r["deadline"] < as_of and not _done_by(r, as_of)]
    rows = db.iter_rows(sql, **params)
    if extra:
        def key(row: Row) -> tuple:
            return (_day(row["deadline"]), row["campaign_id"], row["number"])

        rows = heapq.merge(rows, sorted(extra, key=key), key=key)
    yield from (islice(rows, limit) if limit is not None else rows)


def overdue_json_fields(dialect: str) -> list[tuple[str, str, bool]]:
    """The month report's overdue row (reports.monthly._overdue_rows) as SQL
    over `_TASK_ROW`'s tables, with :as_of the day it is judged at."""
    from campaign_cli.store.database import days_between_sql

    status = ("CASE WHEN t.done_on IS NOT NULL AND t.done_on <= :as_of THEN 'done' "
              "WHEN t.started_on IS NOT NULL AND t.started_on <= :as_of THEN 'doing' ELSE 'todo' END")
    return [("code", "t.code", False), ("problem", "p.code", False), ("problem_title", "p.title", False),
            ("measure", "t.measure", False), ("owner", "t.owner", False), ("department", "u.name", False),
            ("deadline", "t.deadline", False), ("status", status, False), ("signal", "'\"red\"'", True),
            ("days_late", f"CASE WHEN t.deadline < :as_of THEN {days_between_sql(dialect, 't.deadline', ':as_of')} "
                          "ELSE 0 END", False)]


def iter_overdue_json(db: Database, campaign_id: int, as_of: date, moved: Moved, encode: Any,
                      many: bool = False) -> Iterable[str]:
    """`iter_overdue`'s rows, every one, as one-line JSON text: built by the
    database and read a batch at a time (`JSONRows`: no per-row work in
    Python) for all but the few tasks whose deadline moved after as_of,
    which `encode(row)` writes from their row.

    `many`: the overdue tasks are a large share of the campaign's (the
    caller has counted both). SQLite then reads the task table once in its
    own order and sorts what it keeps, instead of walking the deadline index
    and looking up every row of it at random in the table and in the
    problems (at 1M tasks, 113k of them overdue: ~0.6 s instead of ~0.9 s)."""
    import heapq

    from campaign_cli.store.database import JSONRows, JSONText, json_object_sql

    params: dict[str, Any] = {"as_of": as_of}
    row_sql = json_object_sql(db.dialect, overdue_json_fields(db.dialect), depth=None)
    scope = Scope.of(campaign_id).where("t", params)
    if many and db.dialect == "sqlite":
        scope = f"+{scope} AND t.id > 0"
    extra = [r for r in moved.rows if r["deadline"] < as_of and not _done_by(r, as_of)]
    keys = ", t.deadline, t.campaign_id, t.number" if extra else ""
    sql = _OVERDUE.format(scope=scope, moved=moved.excluded(params, "t.")).replace(
        _TASK_ROW, f"SELECT {row_sql} AS j{keys} FROM task t "
                   "JOIN problem p ON p.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id ", 1)
    if not extra:
        return JSONRows(db.iter_batches(sql, **params))

    def key(row: Row) -> tuple:
        return (_day(row["deadline"]), row["campaign_id"], row["number"])

    def merged() -> Iterator[str]:
        for row in heapq.merge(db.iter_rows(sql, **params), sorted(extra, key=key), key=key):
            yield JSONText(row["j"]) if "j" in row else JSONText(encode(row))

    return merged()


def burn_down_counts(db: Database, campaign_id: int, first: date,
                     as_of: date) -> tuple[int, dict[date, int], dict[date, int]]:
    """Tasks open when the month began, tasks entered on each day of the
    month up to `as_of`, and tasks closed each day. A task is open from the
    day it was entered (created_on) until it is done; one entered already
    done (a done date before its entry) closes on the day it was entered."""
    params = {"c": campaign_id, "first": first, "as_of": as_of}
    before = db.one("SELECT COUNT(*) AS n, SUM(CASE WHEN done_on < :first THEN 1 ELSE 0 END) AS done FROM task "
                    "WHERE campaign_id = :c AND created_on < :first", **params) or {}
    entered_before, closed_before = _int(before.get("n")), _int(before.get("done"))
    opened: dict[date, int] = {}
    closed: dict[date, int] = {}
    for r in db.rows("SELECT created_on AS day, COUNT(*) AS n, "
                     "SUM(CASE WHEN done_on < created_on THEN 1 ELSE 0 END) AS done FROM task "
                     "WHERE campaign_id = :c AND created_on BETWEEN :first AND :as_of GROUP BY created_on",
                     **params):
        day = _day(r["day"])
        opened[day] = _int(r["n"])  # type: ignore[index]
        if _int(r["done"]):
            closed[day] = closed.get(day, 0) + _int(r["done"])  # type: ignore[arg-type]
    for r in db.rows("SELECT done_on AS day, COUNT(*) AS n FROM task WHERE campaign_id = :c "
                     "AND done_on BETWEEN :first AND :as_of AND created_on <= done_on GROUP BY done_on",
                     **params):
        day = _day(r["day"])
        closed[day] = closed.get(day, 0) + _int(r["n"])  # type: ignore[arg-type]
    return entered_before - closed_before, opened, closed


# --- activities -----------------------------------------------------------------

_HELD = "FROM activity WHERE {scope} AND held_on BETWEEN :first AND :as_of AND created_on <= :as_of "


def activity_groups(db: Database, scope: Scope | int, first: date, as_of: date) -> list[Row]:
    """The month's activities held by `as_of` (and entered by then), counted
    per campaign, kind, research target and unit: n and participants (one
    grouped read of the month's slice of the held_on index)."""
    params: dict[str, Any] = {"first": first, "as_of": as_of}
    held = _HELD.format(scope=Scope.of(scope).where("", params))
    return db.rows("SELECT campaign_id, kind, target, unit_id, COUNT(*) AS n, SUM(participants) AS participants "
                   + held + "GROUP BY campaign_id, kind, target, unit_id", **params)


class MonthActivities:
    """The month's activities held by `as_of` (and entered by then), counted
    in two grouped reads of the month's slice of the held_on index (by kind,
    target and unit; by day, kind and phase)."""

    def __init__(self, db: Database, campaign_id: int, first: date, as_of: date,
                 rule: Assignment, units: dict[int, Row]) -> None:
        seqs = {r["id"]: r["seq"] for r in db.rows("SELECT id, seq FROM phase WHERE campaign_id = :c",
                                                    c=campaign_id)}
        kinds: dict[str, list] = {}
        targets: dict[str, list] = {}
        by_unit: dict[Any, list] = {}
        by_phase: dict[int, int] = {}
        by_day: dict[tuple[date, str], int] = {}
        for r in activity_groups(db, campaign_id, first, as_of):
            n, people = _int(r["n"]), r["participants"]
            for table, key in ((kinds, r["kind"]), (targets, r["target"]), (by_unit, r["unit_id"])):
                cell = table.setdefault(key, [0, None])
                cell[0] += n
                if people is not None:
                    cell[1] = (cell[1] or 0) + int(people)
        params: dict[str, Any] = {"c": campaign_id, "first": first, "as_of": as_of}
        for r in db.rows("SELECT held_on, kind, phase_id, COUNT(*) AS n " + _HELD.format(scope="campaign_id = :c")
                         + "GROUP BY held_on, kind, phase_id", **params):
            n, held = _int(r["n"]), _day(r["held_on"])
            seq = seqs.get(r["phase_id"]) if r["phase_id"] is not None else None
            seq = seq if seq is not None else rule.phase_of(held, r["kind"])  # type: ignore[arg-type]
            if seq is not None:
                by_phase[int(seq)] = by_phase.get(int(seq), 0) + n
            by_day[(held, r["kind"])] = by_day.get((held, r["kind"]), 0) + n  # type: ignore[index]
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


_HELD_ROWS = ("FROM activity a LEFT JOIN unit u ON u.id = a.unit_id WHERE a.campaign_id = :c "
              "AND a.held_on BETWEEN :first AND :as_of AND a.created_on <= :as_of ORDER BY a.held_on, a.id")


def iter_held(db: Database, campaign_id: int, first: date, as_of: date,
              limit: int | None = None) -> Iterator[Row]:
    """The activities held in the month by `as_of`, by date (the first
    `limit`): id, held_on, title, kind, unit, participants."""
    yield from db.iter_rows(
        "SELECT a.id, a.held_on, a.title, a.kind, u.name AS unit, a.participants " + _HELD_ROWS
        + ("" if limit is None else f" LIMIT {int(limit)}"), c=campaign_id, first=first, as_of=as_of)


HELD_JSON_FIELDS = [("id", "a.id", False), ("date", "a.held_on", False), ("title", "a.title", False),
                    ("kind", "a.kind", False), ("unit", "u.name", False), ("participants", "a.participants", False)]


def iter_held_json(db: Database, campaign_id: int, first: date, as_of: date, *, depth: int | None) -> Any:
    """`iter_held`'s rows as the month report lists them (`held`), as JSON
    text the database builds, laid out for `depth` (database.json_object_sql)
    and read a batch at a time (`JSONRows`)."""
    from campaign_cli.store.database import JSONRows, json_object_sql

    row_sql = json_object_sql(db.dialect, HELD_JSON_FIELDS, depth=depth)
    return JSONRows(db.iter_batches(f"SELECT {row_sql} AS j " + _HELD_ROWS, c=campaign_id, first=first, as_of=as_of))


def branch_counts(db: Database, scope: Scope | int, as_of: date) -> dict[int, int]:
    """Each campaign's branches as of `as_of` (the units coverage counts)."""
    from campaign_cli.store.units import BRANCH_BY_AS_OF

    params: dict[str, Any] = {"as_of": as_of}
    mine = Scope.of(scope).where("u", params)
    return _by_campaign(db.rows(f"SELECT u.campaign_id, COUNT(*) AS n FROM unit u WHERE {mine} AND "
                                f"{BRANCH_BY_AS_OF} GROUP BY u.campaign_id", **params))


def branch_count(db: Database, campaign_id: int, as_of: date) -> int:
    return branch_counts(db, campaign_id, as_of).get(campaign_id, 0)


def last_month_with_data(db: Database, campaign_id: int, start: date, end: date) -> date | None:
    """The latest day within start..end on which something was held, found or
    done (the month a report falls back on)."""
    params = {"c": campaign_id, "start": start, "end": end}
    days = [_day(db.scalar(sql, **params)) for sql in (
        "SELECT MAX(held_on) FROM activity WHERE campaign_id = :c AND held_on BETWEEN :start AND :end",
        "SELECT MAX(found_on) FROM problem WHERE campaign_id = :c AND found_on BETWEEN :start AND :end",
        "SELECT MAX(done_on) FROM task WHERE campaign_id = :c AND done_on BETWEEN :start AND :end")]
    found = [d for d in days if d is not None]
    return max(found) if found else None


# --- the ledger (台账) as of `as_of`, streamed -----------------------------------

def iter_problem_ledger(db: Database, campaign_id: int, as_of: date) -> Iterator[Row]:
    """Every problem found and entered by `as_of`, with its lead, source
    activity and its tasks' counts as of then (one grouped pass over the
    tasks); `last_done` the day its last task was done by then."""
    yield from db.iter_rows(
        "SELECT p.id, p.code, p.title, p.detail, p.category, p.term, p.found_on, "
        "p.verified_on, p.verified_by, a.title AS activity, r.owner, u.name AS department, "
        "COALESCE(g.tasks, 0) AS tasks, COALESCE(g.done, 0) AS done, COALESCE(g.started, 0) AS started, "
        "g.last_done FROM problem p LEFT JOIN activity a ON a.id = p.source_activity_id "
        "LEFT JOIN (SELECT problem_id, MIN(id) AS id FROM responsibility WHERE role = 'lead' "
        "GROUP BY problem_id) lr ON lr.problem_id = p.id "
        "LEFT JOIN responsibility r ON r.id = lr.id LEFT JOIN unit u ON u.id = r.department_id "
        "LEFT JOIN (SELECT problem_id, COUNT(*) AS tasks, "
        "SUM(CASE WHEN done_on <= :as_of THEN 1 ELSE 0 END) AS done, "
        "SUM(CASE WHEN done_on <= :as_of OR started_on <= :as_of THEN 1 ELSE 0 END) AS started, "
        "MAX(CASE WHEN done_on <= :as_of THEN done_on END) AS last_done "
        "FROM task WHERE campaign_id = :c AND created_on <= :as_of GROUP BY problem_id) g "
        "ON g.problem_id = p.id "
        f"WHERE p.campaign_id = :c AND p.found_on <= :as_of AND {_EXISTED} ORDER BY p.number",
        c=campaign_id, as_of=as_of)


def iter_responsibility_ledger(db: Database, campaign_id: int, as_of: date) -> Iterator[Row]:
    yield from db.iter_rows(
        "SELECT p.code AS problem, p.title AS problem_title, u.name AS department, r.owner, r.role "
        "FROM responsibility r JOIN problem p ON p.id = r.problem_id "
        "LEFT JOIN unit u ON u.id = r.department_id "
        f"WHERE p.campaign_id = :c AND p.found_on <= :as_of AND {_EXISTED} ORDER BY p.number, r.id",
        c=campaign_id, as_of=as_of)


def iter_task_ledger(db: Database, campaign_id: int, as_of: date, moved: Moved) -> Iterator[Row]:
    """Every task entered by `as_of` (of a problem found and entered by
    then), at the deadline it had then."""
    for r in db.iter_rows(
        "SELECT t.id, t.code, p.code AS problem, p.title AS problem_title, t.measure, u.name AS department, "
        "t.owner, t.deadline, t.started_on, t.done_on, t.evidence FROM task t "
        "JOIN problem p ON p.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id "
        f"WHERE t.campaign_id = :c AND p.found_on <= :as_of AND {_EXISTED} AND t.created_on <= :as_of "
        "ORDER BY t.number",
            c=campaign_id, as_of=as_of):
        if r["id"] in moved.then:
            r["deadline"] = moved.then[r["id"]]
        yield r


# --- phases as they stood at as_of ---------------------------------------------------

def phase_counts_at(db: Database, campaign_id: int, rule: Assignment, as_of: date,
                    totals: TaskTotals, moved: Moved) -> dict[int, dict[str, int]]:
    """Per phase seq, as of the end of `as_of`: activities held (and entered)
    by then and the branches that held one; tasks that existed then, those
    done by then and those overdue then — pinned tasks in their phase, the
    others by deadline (SPEC §1)."""
    result: dict[int, dict[str, int]] = {}
    params: dict[str, Any] = {"c": campaign_id, "as_of": as_of}
    case = phase_case("a.held_on", rule, params, kind_column="a.kind")
    seqs = {r["id"]: r["seq"] for r in db.rows("SELECT id, seq FROM phase WHERE campaign_id = :c", c=campaign_id)}
    branches = {r["id"] for r in db.rows("SELECT id FROM unit WHERE campaign_id = :c AND kind = 'branch'",
                                         c=campaign_id)}
    # Grouped by (phase override, phase by date, unit), no join per row; the
    # phase and the unit's kind are looked up here. SQLite reads the table in
    # rowid order: every activity held by as_of is needed, and the held_on
    # index would cost a random lookup per row.
    plus, walk = ("+", " AND a.id > 0") if db.dialect == "sqlite" else ("", "")
    covered: dict[int, set] = {}
    for r in db.rows(
            f"SELECT a.phase_id AS phase_id, {case} AS by_date, a.unit_id AS unit_id, COUNT(*) AS n "
            f"FROM activity a WHERE {plus}a.campaign_id = :c{walk} AND {plus}a.held_on <= :as_of "
            "AND a.created_on <= :as_of GROUP BY 1, 2, 3", **params):
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

    intervals = rule.intervals(PROBLEMS)

    def count(seq: int | None, deadline: date, n: int, done: int) -> None:
        if seq is None:
            return
        counts = result.setdefault(seq, {})
        counts["tasks_total"] = counts.get("tasks_total", 0) + n
        counts["tasks_done"] = counts.get("tasks_done", 0) + done
        if deadline < as_of:
            counts["tasks_overdue"] = counts.get("tasks_overdue", 0) + n - done

    for deadline, (n, done) in totals.by_deadline.items():
        count(phase_of(deadline, intervals), deadline, n, done)
    for r in pinned_tasks(db, campaign_id):
        if _day(r["created_on"]) > as_of:  # type: ignore[operator]
            continue
        deadline = moved.then.get(r["id"]) or _day(r["deadline"])
        done_on = _day(r["done_on"])
        done = 1 if done_on is not None and done_on <= as_of else 0
        count(phase_of(deadline, intervals), deadline, -1, -done)  # type: ignore[arg-type]
        count(int(r["seq"]), deadline, 1, done)  # type: ignore[arg-type]
    return result
