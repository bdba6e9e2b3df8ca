"""Imports: a ledger (台账) written in bulk, a JSON export restored, a demo.

A ledger's rows go in with `insert_many` (tuples, built in one pass) in the
command's one transaction; their history is described by the same builder
as every single write (`actions.history.event_values`), so `undo` takes an
import back like any command. A JSON export is restored exactly as
exported, adding no events.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date
from itertools import count
from typing import TYPE_CHECKING, Any, Iterator

from campaign_cli.actions import Act, Outcome, writing
from campaign_cli.actions.history import EVENT_COLUMNS, event_values, undo_text, who
from campaign_cli.domain import problems as rules
from campaign_cli.domain.text import optional_block, optional_line
from campaign_cli.store import bulk, campaigns, task_tally

if TYPE_CHECKING:
    from campaign_cli.importers.ledger import LedgerProblem

PROBLEM_COLUMNS = ("campaign_id", "number", "code", "title", "detail", "category", "term", "found_on", "status",
                   "resolved_on", "verified_on", "verified_by", "leader", "created_at", "created_on")
RESPONSIBILITY_COLUMNS = ("problem_id", "department_id", "owner", "role")
TASK_COLUMNS = ("campaign_id", "number", "code", "problem_id", "measure", "owner", "department_id", "deadline",
                "status", "started_on", "done_on", "evidence", "created_at", "created_on")
# What undo needs of the updates an import records (the same for every row).
_UNDO_TASK_STATUS = undo_text({"column": "status", "old": rules.TODO})
_UNDO_DONE_ON = undo_text({"column": "done_on", "old": None})
_UNDO_VERIFIED_ON = undo_text({"column": "verified_on", "old": None})
_UNDO_PROBLEM_STATUS = undo_text({"column": "status", "old": rules.OPEN})


def _done_default(problem: "LedgerProblem", today: date) -> date:
    """A done task without its own date: done by its 销号时间, else today."""
    return (getattr(problem, "verified_on", None) if getattr(problem, "verified", False) else None) or today


def _problem_values(problem: "LedgerProblem", today: date, short_term_days: int,
                    statuses_seen: dict[tuple[tuple[str, ...], bool], str] | None = None) -> dict[str, Any]:
    """`statuses_seen`: the problem statuses already derived, by (task statuses, verified)."""
    found_on = problem.found_on or today
    today = _done_default(problem, today)
    tasks = problem.tasks
    term = problem.term or rules.default_term(found_on, tasks[0].deadline, short_term_days)
    statuses = [t.status for t in tasks]
    if rules.DONE in statuses:
        resolved = rules.resolved_on([(t.status, (t.done_on or today) if t.status == rules.DONE else None)
                                      for t in tasks])
    else:
        resolved = None  # no task done: nothing resolved (rules.resolved_on without building its pairs)
    verified = resolved is not None and bool(getattr(problem, "verified", False))
    # 销号 on the sheet: on its 销号时间, never before the work was done.
    verified_on = max(problem.verified_on or today, resolved) if verified else None  # type: ignore[type-var]
    if statuses_seen is None:
        status = rules.derive_status(statuses, verified)
    else:  # a ledger's problems have a handful of status patterns between them
        key = (tuple(statuses), verified)
        status = statuses_seen.get(key)  # type: ignore[assignment]
        if status is None:
            status = statuses_seen[key] = rules.derive_status(statuses, verified)
    return {"found_on": found_on, "term": term, "status": status, "resolved_on": resolved,
            "verified_on": verified_on}


def responsibilities_of(problem: "LedgerProblem") -> list[tuple[str | None, str | None, str]]:
    """(department, owner, role) of a ledger problem: its own list (牵头 / 配合), else its first task's."""
    found: list[tuple[str | None, str | None, str]] = []
    lead = False
    departments: set[str | None] = set()
    for r in getattr(problem, "responsibilities", ()):
        if r.role == "lead" and not lead:
            found.append((r.department, optional_line(r.owner), "lead"))
            lead = True
            departments.add(r.department)
        elif r.role == "support" and r.department and r.department not in departments:
            # 配合单位: a department beside the lead; task owners are in the task list.
            found.append((r.department, optional_line(r.owner), "support"))
            departments.add(r.department)
    if not lead:
        found.insert(0, (problem.tasks[0].department, optional_line(problem.tasks[0].owner), "lead"))
    return found


def _task_dates(task: Any, today: date) -> tuple[date | None, date | None]:
    """(started_on, done_on) as the task is written."""
    if task.status == rules.TODO:
        return None, None
    done_on = (task.done_on or today) if task.status == rules.DONE else None
    return (task.done_on or today) if task.status == rules.DONE else today, done_on


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """A big import makes a few objects per row and keeps them to the end:
    the cyclic collector would walk them again and again for nothing (as
    in the ledger reader); reference counting still frees what goes."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _same(day: date | None) -> date | None:
    return day


def import_ledger(act: Act, ledger_problems: list["LedgerProblem"]) -> Outcome[bulk.BulkPlan]:
    """Add the ledger's new problems (by title) with their lead responsibility and tasks."""
    db = act.db
    sqlite = db.dialect == "sqlite"
    if sqlite:
        # A big import touches every page of six task indexes in random order:
        # with SQLite's default 2 MB page cache it spends its time re-reading
        # them; 64 MB holds the indexes of a 100k-row import.
        db.execute("PRAGMA cache_size = -65536")
    iso = _iso if sqlite else _same
    with _no_cyclic_gc(), writing(act) as w:
        planned = bulk.plan(db, w.campaign_id, ledger_problems)
        short_term_days = campaigns.settings(db, w.campaign_id).short_term_days
        for name in planned.new_units:
            w.insert("unit", {"campaign_id": w.campaign_id, "name": name, "kind": "department", "members": None,
                              "parent_id": None, "created_on": w.today}, shown=name)
        unit_id = {r["name"]: r["id"] for r in db.rows("SELECT id, name FROM unit WHERE campaign_id = :c",
                                                       c=w.campaign_id)}
        n_problems, n_tasks = len(planned.problems), planned.tasks
        if not n_problems:
            planned.responsibilities = 0
            return w.outcome(planned)
        first_problem = _bump(db, w.campaign_id, "next_problem_no", n_problems)
        first_task = _bump(db, w.campaign_id, "next_task_no", n_tasks)
        planned.first_problem_no, planned.first_task_no = first_problem, first_task
        today, c, at, created_on = act.today, w.campaign_id, w.at, iso(w.today)
        statuses_seen: dict[tuple[tuple[str, ...], bool], str] = {}
        values = [_problem_values(p, today, short_term_days, statuses_seen) for p in planned.problems]
        leads = [responsibilities_of(problem) for problem in planned.problems]
        planned.responsibilities = sum(map(len, leads))
        rebuilt = bulk.drop_indexes_for_bulk(db, n_tasks) if sqlite else []

        problem_rows = [
            (c, number, f"P-{number}", optional_line(problem.title), optional_block(problem.detail),
             optional_line(problem.category), v["term"], iso(v["found_on"]), v["status"], iso(v["resolved_on"]),
             iso(v["verified_on"]), w.actor if v["verified_on"] else None,
             optional_line(getattr(problem, "leader", None)), at, created_on)
            for number, problem, v in zip(count(first_problem), planned.problems, values)]
        db.insert_many("problem", PROBLEM_COLUMNS, problem_rows)
        pids = _ids(db, "problem", c, first_problem, n_problems)
        db.insert_many("responsibility", RESPONSIBILITY_COLUMNS,
                       ((pid, unit_id.get(dept or ""), owner, role)
                        for pid, rows in zip(pids, leads) for dept, owner, role in rows))
        rids = db.first_column(
            "SELECT r.id FROM responsibility r JOIN problem p ON p.id = r.problem_id "
            "WHERE p.campaign_id = :c AND p.number >= :n ORDER BY p.number, r.id", c=c, n=first_problem)

        task_rows: list[tuple[Any, ...]] = []
        number = first_task
        for pid, problem in zip(pids, planned.problems):
            done_default = _done_default(problem, today)
            for task in problem.tasks:
                started, done_on = _task_dates(task, done_default)
                task_rows.append((c, number, f"T-{number}", pid, optional_line(task.measure),
                                  optional_line(task.owner), unit_id.get(task.department or ""), iso(task.deadline),
                                  task.status, iso(started), iso(done_on), optional_block(task.evidence), at,
                                  created_on))
                number += 1
        db.insert_many("task", TASK_COLUMNS, task_rows)
        tids = _ids(db, "task", c, first_task, n_tasks)
        # Counted in one grouped pass over the new rows, not row by row.
        task_tally.add_new(db, c, min(tids), max(tids), first_task, first_task + n_tasks)
        head = (c, at, w.actor, w.command_id, iso(w.today))
        events = _changes(planned, values, pids, rids, tids, leads, problem_rows, task_rows, head)
        added = [0]

        def counted() -> Iterator[tuple[Any, ...]]:
            for row in events:
                added[0] += 1
                yield row

        db.insert_many("event", EVENT_COLUMNS, counted())
        w.changes += added[0]
        for create in rebuilt:
            db.execute(create)
    return w.outcome(planned)


def _changes(planned: bulk.BulkPlan, values: list[dict[str, Any]], pids: list[int], rids: list[int],
             tids: list[int], leads: list[list[tuple[str | None, str | None, str]]],
             problem_rows: list[tuple[Any, ...]], task_rows: list[tuple[Any, ...]],
             head: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """The history of an import, as `issue add`, `assign`, `start`, `done` and
    `verify` would write it: event rows (`event_values`), in that order. The
    problem and task rows give the codes, titles and measures as written."""
    todo, done = rules.TODO, rules.DONE
    t = r = 0
    for problem, v, pid, rows, problem_row in zip(planned.problems, values, pids, leads, problem_rows):
        code = problem_row[2]
        yield event_values("problem", pid, "created", None, problem_row[3], code, pid, None, head)
        for dept, owner, _role in rows:
            yield event_values("responsibility", rids[r], "created", None, who(owner, dept), code, pid, None, head)
            r += 1
        for task in problem.tasks:
            tid, task_row = tids[t], task_rows[t]
            tcode = task_row[2]
            yield event_values("task", tid, "created", None, task_row[4], tcode, pid, None, head)
            status = task.status
            if status != todo:
                yield event_values("task", tid, "status", todo, status, tcode, pid, _UNDO_TASK_STATUS, head)
                if status == done:
                    yield event_values("task", tid, "done_on", None, task_row[10], tcode, pid, _UNDO_DONE_ON, head)
            t += 1
        if v["verified_on"] is not None:
            yield event_values("problem", pid, "verified_on", None, v["verified_on"], code, pid, _UNDO_VERIFIED_ON,
                               head)
        if v["status"] != rules.OPEN:
            yield event_values("problem", pid, "status", rules.OPEN, v["status"], code, pid, _UNDO_PROBLEM_STATUS,
                               head)


def _bump(db: Any, campaign_id: int, column: str, count: int) -> int:
    from campaign_cli.store.problems import bump_number

    return bump_number(db, campaign_id, column, count)


def _ids(db: Any, table: str, campaign_id: int, first: int, count: int) -> list[int]:
    ids = db.first_column(
        f"SELECT id FROM {table} WHERE campaign_id = :c AND number >= :n AND number < :end ORDER BY number",
        c=campaign_id, n=first, end=first + count)
    assert len(ids) == count
    return ids


def restore_document(act: Act, document: dict[str, Any], *, key: str | None = None) -> Outcome[Any]:
    """A JSON export (or the demo) as a new campaign, exactly as exported,
    adding no events; it becomes the actor's current campaign."""
    from campaign_cli.actions.campaigns import make_current
    from campaign_cli.store.loading import load_campaign

    from campaign_cli.errors import UserError

    with writing(act, None) as w:
        if campaigns.by_key(w.db, key or document["campaign"]["key"]) is not None:
            raise UserError("transfer.campaign_exists", key=key or document["campaign"]["key"])
        campaign = load_campaign(w.db, document, key=key)
        w.campaign = campaign
        make_current(w, campaign)
    return Outcome(campaign, campaign.key, w.notices, 0)

