"""Tasks (任务清单) in the store: rows, filters in SQL, signal counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Sequence

from campaign_cli.domain.records import Task
from campaign_cli.store.database import Database, Row

_SELECT = (
    "SELECT t.id, t.number, t.code, t.problem_id, p.code AS problem, p.title AS problem_title, "
    "t.measure, t.owner, d.name AS department, t.department_id, t.deadline, t.status, "
    "t.started_on, t.done_on, t.evidence, t.created_on, t.phase_id "
    "FROM task t JOIN problem p ON p.id = t.problem_id LEFT JOIN unit d ON d.id = t.department_id "
)

# The signal rank of a task as of :today, with :warn_end the last yellow day.
RANK_SQL = ("CASE WHEN t.status = 'done' THEN 3 WHEN t.deadline < :today THEN 0 "
            "WHEN t.deadline <= :warn_end THEN 1 ELSE 2 END")

SIGNAL_SQL = {
    "red": "t.status <> 'done' AND t.deadline < :today",
    "yellow": "t.status <> 'done' AND t.deadline >= :today AND t.deadline <= :warn_end",
    "green": "t.status <> 'done' AND t.deadline > :warn_end",
    "done": "t.status = 'done'",
}


@dataclass(frozen=True)
class PhaseScope:
    """The tasks of one phase (SPEC §1): pinned to it (the task's own pin,
    else its problem's), or unpinned with a deadline in `ranges`."""

    phase_id: int
    ranges: Sequence[tuple[date, date]]


# A task's pin: its own, else its problem's (one lookup by primary key).
PIN_SQL = "COALESCE(t.phase_id, (SELECT pin.phase_id FROM problem pin WHERE pin.id = t.problem_id))"


@dataclass
class TaskFilter:
    """Conditions on tasks, turned into SQL (on the indexed columns)."""

    today: date
    warn_end: date
    status: str | None = None
    owner: str | None = None
    department_id: int | None = None
    signal: str | None = None
    due_end: date | None = None
    phase: PhaseScope | None = None  # None: no phase filter
    problem_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def where(self, *, own_columns: bool = True) -> list[str]:
        """Conditions on `t`; with own_columns False only the task-only ones
        (for EXISTS on problems, where owner/department mean the problem's)."""
        self.params.update(today=self.today, warn_end=self.warn_end)
        where: list[str] = []
        if own_columns:
            if self.status:
                where.append("t.status = :t_status")
                self.params["t_status"] = self.status
            if self.owner:
                where.append("t.owner = :owner")
                self.params["owner"] = self.owner
            if self.department_id is not None:
                where.append("t.department_id = :dept")
                self.params["dept"] = self.department_id
            if self.problem_id is not None:
                where.append("t.problem_id = :problem_id")
                self.params["problem_id"] = self.problem_id
        if self.signal:
            where.append(SIGNAL_SQL[self.signal])
        if self.due_end is not None:
            where.append("t.status <> 'done' AND t.deadline >= :today AND t.deadline <= :due_end")
            self.params["due_end"] = self.due_end
        if self.phase is not None:
            parts = []
            for i, (start, end) in enumerate(self.phase.ranges):
                self.params[f"ph_s{i}"], self.params[f"ph_e{i}"] = start, end
                parts.append(f"t.deadline BETWEEN :ph_s{i} AND :ph_e{i}")
            self.params["ph_id"] = self.phase.phase_id
            by_date = "(" + " OR ".join(parts) + ")" if parts else "1 = 0"
            where.append(f"CASE WHEN {PIN_SQL} IS NULL THEN {by_date} ELSE {PIN_SQL} = :ph_id END")
        return where

    def has_task_conditions(self) -> bool:
        return bool(self.signal or self.due_end is not None or self.phase is not None)


def by_code(db: Database, campaign_id: int, code: str) -> Task | None:
    """One task by its code (T-n): a seek on the unique (campaign_id, code) index."""
    row = db.one(_SELECT + "WHERE t.campaign_id = :c AND t.code = :code", c=campaign_id, code=code)
    return Task.from_row(row) if row else None


def find(db: Database, campaign_id: int, code: str) -> Task:
    """The task a user's code names (`T-12`); unknown is a user error."""
    from campaign_cli.domain.problems import parse_code
    from campaign_cli.errors import UserError

    parsed = parse_code(code, "T")
    found = by_code(db, campaign_id, parsed.text)
    if found is None:
        raise UserError("issue.unknown_task", code=parsed.text)
    return found


def by_id(db: Database, task_id: int) -> Task | None:
    row = db.one(_SELECT + "WHERE t.id = :id", id=task_id)
    return Task.from_row(row) if row else None


def of_problem(db: Database, problem_id: int) -> list[Task]:
    return [Task.from_row(r) for r in db.rows(_SELECT + "WHERE t.problem_id = :p ORDER BY t.number", p=problem_id)]


def first_deadline(db: Database, problem_id: int) -> date | None:
    from campaign_cli.domain.records import day

    return day(db.scalar("SELECT MIN(deadline) FROM task WHERE problem_id = :p", p=problem_id))


def first_done(db: Database, problem_id: int) -> date | None:
    from campaign_cli.domain.records import day

    return day(db.scalar("SELECT MIN(done_on) FROM task WHERE problem_id = :p", p=problem_id))


def usual_department(db: Database, campaign_id: int, owner: str) -> int | None:
    """The department of the owner's most recent task."""
    return db.scalar("SELECT department_id FROM task WHERE campaign_id = :c AND owner = :o "
                     "AND department_id IS NOT NULL ORDER BY id DESC LIMIT 1", c=campaign_id, o=owner)


# The signal of a task as of :today (domain.signals.signal), and whether it
# was done late (signals.is_late), as SQL.
SIGNAL_NAME_SQL = ("CASE WHEN t.status = 'done' THEN 'done' WHEN t.deadline < :today THEN 'red' "
                   "WHEN t.deadline <= :warn_end THEN 'yellow' ELSE 'green' END")
LATE_JSON_SQL = "CASE WHEN t.done_on IS NOT NULL AND t.done_on > t.deadline THEN 'true' ELSE 'false' END"


def task_json_fields(dialect: str) -> list[tuple[str, str, bool]]:
    """The row of `issue list --json` (reports.ledger.task_json), key by key,
    as SQL over `_SELECT`'s tables: (key, expression, raw JSON)."""
    from campaign_cli.store.database import days_between_sql

    days_left = days_between_sql(dialect, ":today", "t.deadline")
    return [("code", "t.code", False), ("problem", "p.code", False), ("problem_title", "p.title", False),
            ("measure", "t.measure", False), ("owner", "t.owner", False), ("department", "d.name", False),
            ("deadline", "t.deadline", False), ("status", "t.status", False),
            ("signal", SIGNAL_NAME_SQL, False), ("late", LATE_JSON_SQL, True),
            ("days_left", f"CASE WHEN t.status = 'done' THEN NULL ELSE {days_left} END", False),
            ("started_on", "t.started_on", False), ("done_on", "t.done_on", False),
            ("evidence", "t.evidence", False)]


def iter_task_json(db: Database, campaign_id: int, flt: TaskFilter, *, depth: int | None) -> Any:
    """Every task matching `flt` in `list_tasks`' order, each as its JSON
    text (laid out for `depth`, see database.json_object_sql), read a batch at
    a time (`JSONRows`): the database builds each row, Python only passes the
    batches on."""
    from campaign_cli.store.database import JSONRows, json_object_sql

    where = " WHERE " + " AND ".join(["t.campaign_id = :c", *flt.where()])
    params = {**flt.params, "c": campaign_id}
    row_sql = json_object_sql(db.dialect, task_json_fields(db.dialect), depth=depth)
    # Not done by (deadline, number), then done by (deadline, number): the
    # rank order of `list_tasks`, each part read in the deadline index's
    # order, so only rows of one deadline are ever sorted.
    def batches() -> Iterator[list[str]]:
        for segment in ("t.status <> 'done'", "t.status = 'done'"):
            sql = (f"SELECT {row_sql} AS j FROM task t JOIN problem p ON p.id = t.problem_id "
                   f"LEFT JOIN unit d ON d.id = t.department_id{where} AND {segment} ORDER BY t.deadline, t.number")
            yield from db.iter_batches(sql, **params)

    return JSONRows(batches())


def list_tasks(db: Database, campaign_id: int, flt: TaskFilter, *,
               limit: int | None = None, known_total: int | None = None) -> tuple[list[Task], int]:
    """Tasks matching `flt`, most urgent first (red by most overdue, then
    yellow and green by deadline, done last), and how many match in all.

    Among tasks not done the signal rank only grows with the deadline, so
    the order is: not done by (deadline, number), then done by (deadline,
    number). With a `limit` the page is picked on the covering deadline
    index first (the deadline of its last row), and only those rows are
    joined and sorted: never every task of the campaign. How many match is
    summed from the task tally when it can tell (`_tally_total`), else
    counted on the index. `known_total`: how many match, when the caller has
    counted them already (the dashboard's red and yellow counts) and `flt`
    selects only tasks not done; no count is made then."""
    conditions = ["t.campaign_id = :c", *flt.where()]
    where = " WHERE " + " AND ".join(conditions)
    params = {**flt.params, "c": campaign_id}
    if limit is None:
        rows = [Task.from_row(r) for r in db.iter_rows(
            _SELECT + where + f" ORDER BY {RANK_SQL}, t.deadline, t.number", **params)]
        return rows, len(rows)
    if known_total is not None and flt.signal in ("red", "yellow", "green"):
        total, done = known_total, 0
    else:
        total, done = _tally_total(db, campaign_id, flt) or _index_total(db, where, params)
    rows: list[Task] = []
    for segment, size in (("t.status <> 'done'", total - done), ("t.status = 'done'", done)):
        need = int(limit) - len(rows)
        if need <= 0:
            break
        if size <= 0:
            continue
        part = where + " AND " + segment
        if size > need:
            # The deadline of the page's last row: `need` entries of the index.
            params["edge"] = db.scalar(f"SELECT t.deadline FROM task t{part} ORDER BY t.deadline "
                                       f"LIMIT 1 OFFSET {need - 1}", **params)
            # The edge is the range's upper bound: written first, it is the
            # one SQLite seeks to, where a signal's own bound (`deadline <
            # :today`) would have it read every red task (56 ms at 1M).
            part = " WHERE " + " AND ".join([conditions[0], "t.deadline <= :edge", *conditions[1:], segment])
        rows += [Task.from_row(r) for r in db.rows(
            _SELECT + part + f" ORDER BY t.deadline, t.number LIMIT {need}", **params)]
    return rows, total


def _index_total(db: Database, where: str, params: dict[str, Any]) -> tuple[int, int]:
    counts = db.one("SELECT COUNT(*) AS total, SUM(CASE WHEN t.status = 'done' THEN 1 ELSE 0 END) AS done "
                    "FROM task t" + where, **params)
    return (int(counts["total"] or 0), int(counts["done"] or 0)) if counts else (0, 0)


# The deadline days of each signal, on the task tally (`x`).
_TALLY_DAYS = {"red": "x.deadline < :today", "yellow": "x.deadline >= :today AND x.deadline <= :warn_end",
               "green": "x.deadline > :warn_end"}


def _tally_total(db: Database, campaign_id: int, flt: TaskFilter) -> tuple[int, int] | None:
    """How many tasks match and how many of them are done, from the task
    tally (store/task_tally.py) when it can tell: a signal, a due window
    and a department, no owner, status, phase or problem. None otherwise.
    Summing the tally's days reads a few thousand rows where counting the
    deadline index read every matching task (half a million at 1M)."""
    if flt.status or flt.owner or flt.phase is not None or flt.problem_id is not None:
        return None
    conditions = ["x.campaign_id = :c"]
    params: dict[str, Any] = {"c": campaign_id, "today": flt.today, "warn_end": flt.warn_end}
    if flt.department_id is not None:
        conditions.append("x.department_id = :dept")
        params["dept"] = flt.department_id
    if flt.signal in _TALLY_DAYS:
        conditions.append(_TALLY_DAYS[flt.signal])
    if flt.due_end is not None:  # open tasks due from today to due_end
        conditions.append("x.deadline >= :today AND x.deadline <= :due_end")
        params["due_end"] = flt.due_end
    if flt.signal == "done":
        counted = "SUM(x.done) AS total, SUM(x.done) AS done"
        if flt.due_end is not None:
            return 0, 0  # a due window holds open tasks only
    elif flt.signal or flt.due_end is not None:
        counted = "SUM(x.tasks - x.done) AS total, 0 AS done"
    else:
        counted = "SUM(x.tasks) AS total, SUM(x.done) AS done"
    row = db.one(f"SELECT {counted} FROM task_tally x WHERE " + " AND ".join(conditions), **params)
    return (int(row["total"] or 0), int(row["done"] or 0)) if row else (0, 0)


def signal_counts(db: Database, campaign_id: int, *, today: date, warn_end: date,
                  by: str) -> list[dict[str, Any]]:
    """Per department or owner: red / yellow / green / done / on time, by SQL aggregation."""
    if by == "dept":
        return _department_counts(db, campaign_id, today=today, warn_end=warn_end)
    return db.rows(
        "SELECT t.owner AS name, COUNT(*) AS total, "
        f"SUM(CASE WHEN {SIGNAL_SQL['red']} THEN 1 ELSE 0 END) AS red, "
        f"SUM(CASE WHEN {SIGNAL_SQL['yellow']} THEN 1 ELSE 0 END) AS yellow, "
        f"SUM(CASE WHEN {SIGNAL_SQL['green']} THEN 1 ELSE 0 END) AS green, "
        f"SUM(CASE WHEN {SIGNAL_SQL['done']} THEN 1 ELSE 0 END) AS done, "
        "SUM(CASE WHEN t.status = 'done' AND t.done_on <= t.deadline THEN 1 ELSE 0 END) AS on_time "
        "FROM task t WHERE t.campaign_id = :c GROUP BY t.owner",
        c=campaign_id, today=today, warn_end=warn_end)


# The open tasks of a tally row (store/task_tally.py), and those of them
# whose deadline makes them red or yellow as of :today.
_OPEN = "(x.tasks - x.done)"
_TALLY_SIGNALS = {"red": f"CASE WHEN x.deadline < :today THEN {_OPEN} ELSE 0 END",
                  "yellow": f"CASE WHEN x.deadline >= :today AND x.deadline <= :warn_end THEN {_OPEN} ELSE 0 END"}


def _department_counts(db: Database, campaign_id: int, *, today: date, warn_end: date) -> list[dict[str, Any]]:
    """The per-department counts, summed from the task tally (a row per
    department and deadline day, in the order of its primary key, so the
    groups come without a sort): open tasks before today are red, those of
    the warning window yellow, the other open ones green (issue 17: counting
    the million index entries themselves took 0.5 s). Names are looked up
    afterwards, from the small unit table."""
    params = {"c": campaign_id, "today": today, "warn_end": warn_end}
    groups: dict[Any, Row] = {}
    for row in db.rows(
            "SELECT x.department_id AS department_id, SUM(x.tasks) AS total, SUM(x.done) AS done, "
            f"SUM(x.on_time) AS on_time, SUM({_TALLY_SIGNALS['red']}) AS red, "
            f"SUM({_TALLY_SIGNALS['yellow']}) AS yellow "
            "FROM task_tally x WHERE x.campaign_id = :c GROUP BY x.department_id", **params):
        total, done, red, yellow = (int(row[k] or 0) for k in ("total", "done", "red", "yellow"))
        department = row["department_id"] or None  # 0 in the tally: no department
        groups[department] = {"department_id": department, "total": total, "red": red, "yellow": yellow,
                              "green": total - done - red - yellow, "done": done,
                              "on_time": int(row["on_time"] or 0)}
    names = {r["id"]: r["name"] for r in db.rows("SELECT id, name FROM unit WHERE campaign_id = :c", c=campaign_id)}
    by_name: dict[Any, Row] = {}
    for g in groups.values():  # one row per name, as grouping by the joined name gave
        name = names.get(g["department_id"])
        if name in by_name:
            for key in ("total", "red", "yellow", "green", "done", "on_time"):
                by_name[name][key] += g[key]
        else:
            by_name[name] = {"name": name, **{k: v for k, v in g.items() if k != "department_id"}}
    return list(by_name.values())
