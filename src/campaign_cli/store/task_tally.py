"""The task tally (`task_tally`, revision 0008): per campaign, department
and deadline day, how many tasks there are, how many are done, how many were
done on time. `dashboard`, `phase status` and the capped `issue list` sum a
few thousand of its rows instead of counting a million index entries
(issue 17: 0.5 s at 1M tasks for the dashboard's counts alone).

It holds only what does not change with the day it is read. A task's signal
is judged as of today (red: open, deadline before today), so the readers
sum the open tasks (`tasks - done`) of the days before today, of the
warning window, and so on: today is a range bound, never a stored value.

The write layer keeps it in the transaction that changes the rows, through
this module only:
- `changing(db, ids)` around any change to a few task rows (insert, update,
  delete, or a delete that cascades to tasks: `affected_by_delete`): it
  counts those rows before and after and adds the difference;
- `add_new(db, ...)` after a bulk insert of numbered tasks (a ledger import);
- `rebuild(db, campaign_id)` counts a whole campaign afresh (a JSON import,
  the migration, benchmark stores).
`recount` counts from the rows: the property test and `db check` compare it
with the tally, so a write path that forgot it is found.

One invariant of the store is relied upon, as the month report does: a task
is `done` exactly when it has a `done_on`.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Any, Iterable, Iterator

from campaign_cli.store.database import Database

# What a task row counts for, as SQL over `task` (no alias).
NO_DEPARTMENT = 0
_KEY = "campaign_id, COALESCE(department_id, 0)"
COUNTS_SQL = (f"SELECT {_KEY} AS department_id, deadline, COUNT(*) AS tasks, "
              "SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done, "
              "SUM(CASE WHEN done_on IS NOT NULL AND done_on <= deadline THEN 1 ELSE 0 END) AS on_time "
              "FROM task WHERE {where} GROUP BY campaign_id, COALESCE(department_id, 0), deadline")
# The columns of a task whose change moves it in the tally.
TALLIED = frozenset({"campaign_id", "department_id", "deadline", "status", "done_on"})

_ADD = ("INSERT INTO task_tally (campaign_id, department_id, deadline, tasks, done, on_time) {rows} "
        "ON CONFLICT (campaign_id, department_id, deadline) DO UPDATE SET "
        "tasks = task_tally.tasks + excluded.tasks, done = task_tally.done + excluded.done, "
        "on_time = task_tally.on_time + excluded.on_time")

Key = tuple[int, int, str]  # campaign_id, department_id (0: none), deadline as ISO text
Counts = dict[Key, tuple[int, int, int]]  # tasks, done, on_time


def rebuild_sql(mark: str = ":c") -> list[str]:
    """The statements that count one campaign afresh, its id the parameter
    `mark` (`:c` here; `?` for benchmarks/generate.py, which writes with
    the drivers themselves)."""
    return [f"DELETE FROM task_tally WHERE campaign_id = {mark}",
            "INSERT INTO task_tally (campaign_id, department_id, deadline, tasks, done, on_time) "
            + COUNTS_SQL.format(where=f"campaign_id = {mark}")]


def rebuild(db: Database, campaign_id: int) -> None:
    for sql in rebuild_sql():
        db.execute(sql, c=campaign_id)


def add_new(db: Database, campaign_id: int, first_id: int, last_id: int, first_number: int, end_number: int) -> None:
    """Count the tasks just inserted in bulk: those of the campaign numbered
    `first_number` .. `end_number` - 1, whose ids lie in `first_id` .. `last_id`
    (the id range finds them by the primary key)."""
    where = "id >= :lo AND id <= :hi AND campaign_id = :c AND number >= :n AND number < :end"
    db.execute(_ADD.format(rows=COUNTS_SQL.format(where=where)),
               lo=first_id, hi=last_id, c=campaign_id, n=first_number, end=end_number)


def _counts(db: Database, where: str, **params: Any) -> Counts:
    return {(int(r["campaign_id"]), int(r["department_id"]), _iso(r["deadline"])):
            (int(r["tasks"]), int(r["done"] or 0), int(r["on_time"] or 0))
            for r in db.rows(COUNTS_SQL.format(where=where), **params)}


def of_tasks(db: Database, task_ids: Iterable[int]) -> Counts:
    """What these task rows count for now (missing ids count for nothing)."""
    ids = sorted({int(i) for i in task_ids})
    if not ids:
        return {}
    params = {f"t{i}": v for i, v in enumerate(ids)}
    return _counts(db, "id IN (" + ", ".join(f":{k}" for k in params) + ")", **params)


def recount(db: Database, campaign_id: int) -> Counts:
    """The tally as the rows say it should be."""
    return _counts(db, "campaign_id = :c", c=campaign_id)


def stored(db: Database, campaign_id: int) -> Counts:
    """The tally as it is."""
    return {(int(r["campaign_id"]), int(r["department_id"]), _iso(r["deadline"])):
            (int(r["tasks"]), int(r["done"]), int(r["on_time"]))
            for r in db.rows("SELECT campaign_id, department_id, deadline, tasks, done, on_time FROM task_tally "
                             "WHERE campaign_id = :c", c=campaign_id)}


def open_share_before(db: Database, campaign_id: int, day: date) -> float:
    """Of the campaign's tasks, the share open now with a deadline before
    `day`: a reader's guess, from the tally alone, at how many rows a list
    of overdue tasks will hold (to pick how to read them, never to count)."""
    found = db.one("SELECT SUM(tasks) AS n, SUM(CASE WHEN deadline < :day THEN tasks - done ELSE 0 END) AS late "
                   "FROM task_tally WHERE campaign_id = :c", c=campaign_id, day=day) or {}
    total = int(found.get("n") or 0)
    return int(found.get("late") or 0) / total if total else 0.0


def drift(db: Database, campaign_id: int) -> list[Key]:
    """The keys whose tally differs from a recount (none: it is sound)."""
    have, want = stored(db, campaign_id), recount(db, campaign_id)
    return sorted(k for k in have.keys() | want.keys() if have.get(k) != want.get(k))


def apply(db: Database, before: Counts, after: Counts) -> None:
    """Move the tally from what some rows counted for to what they count for now."""
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, (0, 0, 0)), after.get(key, (0, 0, 0))
        delta = tuple(n - o for n, o in zip(new, old))
        if not any(delta):
            continue
        campaign_id, department_id, deadline = key
        params = {"c": campaign_id, "d": department_id, "day": date.fromisoformat(deadline)}
        db.execute(_ADD.format(rows="VALUES (:c, :d, :day, :n, :done, :on_time)"),
                   n=delta[0], done=delta[1], on_time=delta[2], **params)
        if delta[0] < 0:  # a day a department no longer has tasks on leaves no row, as a recount has none
            db.execute("DELETE FROM task_tally WHERE campaign_id = :c AND department_id = :d AND deadline = :day "
                       "AND tasks = 0", **params)


@contextmanager
def changing(db: Database, task_ids: Iterable[int]) -> Iterator[None]:
    """Around a change to these task rows (made inside the block): the tally
    follows it. Rows that do not exist before (an insert) or after (a delete)
    count for nothing then."""
    ids = list(task_ids)
    before = of_tasks(db, ids)
    yield
    apply(db, before, of_tasks(db, ids))


def affected_by_delete(db: Database, table: str, row_id: int) -> list[int]:
    """The tasks a delete of this row removes or changes in a tallied column:
    the task itself, a problem's tasks (ON DELETE CASCADE), a department's
    tasks (SET NULL), none for any other table (a campaign's tally goes with
    it, by its own cascade)."""
    sql = {"task": "SELECT id FROM task WHERE id = :id",
           "problem": "SELECT id FROM task WHERE problem_id = :id",
           "unit": "SELECT id FROM task WHERE department_id = :id"}.get(table)
    return [int(r["id"]) for r in db.rows(sql, id=row_id)] if sql else []


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]
