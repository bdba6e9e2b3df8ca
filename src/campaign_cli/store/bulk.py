"""Writing a parsed ledger in bulk: problems, their lead responsibilities,
tasks and creation events, in ONE transaction with `executemany`.

Codes are allocated by bumping the campaign's next_problem_no / next_task_no
by the number of rows inside the transaction (which holds the write lock),
so two imports, or an import and an `issue add`, never share a code.
Problem status and resolved_on are derived by the same domain rules as
every other write (`domain.problems`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Iterator

from campaign_cli.domain import problems as rules
from campaign_cli.store.campaigns import get_setting, now_text
from campaign_cli.store.database import Database

if TYPE_CHECKING:
    from campaign_cli.importers.ledger import LedgerProblem


@dataclass
class BulkPlan:
    problems: list["LedgerProblem"]
    skipped: list["LedgerProblem"]  # titles the campaign already holds
    new_units: list[str]
    first_problem_no: int
    first_task_no: int

    @property
    def tasks(self) -> int:
        return sum(len(p.tasks) for p in self.problems)


def existing_titles(db: Database, campaign_id: int) -> set[str]:
    return {r["title"] for r in db.rows("SELECT title FROM problem WHERE campaign_id = :c", c=campaign_id)}


def plan(db: Database, campaign_id: int, ledger_problems: list["LedgerProblem"]) -> BulkPlan:
    """What an import would add: the problems not already in the campaign
    (by title), the departments not yet known, the codes they would get."""
    titles = existing_titles(db, campaign_id)
    fresh = [p for p in ledger_problems if p.title not in titles]
    skipped = [p for p in ledger_problems if p.title in titles]
    known = {r["name"] for r in db.rows("SELECT name FROM unit WHERE campaign_id = :c", c=campaign_id)}
    new_units: dict[str, None] = {}
    for problem in fresh:
        for task in problem.tasks:
            if task.department and task.department not in known:
                new_units.setdefault(task.department, None)
    head = db.one("SELECT next_problem_no, next_task_no FROM campaign WHERE id = :c", c=campaign_id)
    assert head is not None
    return BulkPlan(fresh, skipped, list(new_units), int(head["next_problem_no"]), int(head["next_task_no"]))


def _problem_values(problem: "LedgerProblem", today: date, short_term_days: int) -> dict[str, Any]:
    found_on = problem.found_on or today
    first_deadline = problem.tasks[0].deadline
    term = problem.term or rules.default_term(found_on, first_deadline, short_term_days)
    if all(t.status == rules.TODO for t in problem.tasks):  # most ledger rows: what derive_status gives
        return {"found_on": found_on, "term": term, "status": rules.OPEN, "resolved_on": None}
    done = [(t.status, (t.done_on or today) if t.status == rules.DONE else None) for t in problem.tasks]
    return {"found_on": found_on, "term": term,
            "status": rules.derive_status([s for s, _ in done], verified=False),
            "resolved_on": rules.resolved_on(done)}


def write(db: Database, campaign_id: int, ledger_problems: list["LedgerProblem"], *, actor: str,
          today: date) -> BulkPlan:
    """Add the ledger's new problems in one transaction; returns what was added."""
    sqlite = db.dialect == "sqlite"
    if sqlite:
        # A big import touches every page of six task indexes in random order:
        # with SQLite's default 2 MB page cache it spends its time re-reading
        # them. The cache only grows as far as it is used; 64 MB holds the
        # indexes of a 100k-row import (256 MB bought no time, only memory).
        db.execute("PRAGMA cache_size = -65536")
    # Rows are made as they are written (generators, never lists of dicts),
    # dates as ISO text on SQLite, so `executemany` binds them as they are.
    iso = (lambda d: None if d is None else d.isoformat()) if sqlite else (lambda d: d)
    with db.transaction():
        bulk = plan(db, campaign_id, ledger_problems)
        now = now_text()
        short_term_days = rules.setting_days(get_setting(db, "short_term_days", campaign_id),
                                             rules.DEFAULT_SHORT_TERM_DAYS)
        if bulk.new_units:
            db.executemany("INSERT INTO unit (campaign_id, name, kind, members, parent_id) "
                           "VALUES (:c, :name, 'department', NULL, NULL)",
                           ({"c": campaign_id, "name": name} for name in bulk.new_units))
        unit_id = {r["name"]: r["id"] for r in db.rows("SELECT id, name FROM unit WHERE campaign_id = :c",
                                                       c=campaign_id)}
        n_problems, n_tasks = len(bulk.problems), bulk.tasks
        if not n_problems:
            return bulk
        # The write lock is held (BEGIN IMMEDIATE): read and bump the counters.
        head = db.one("SELECT next_problem_no, next_task_no FROM campaign WHERE id = :c", c=campaign_id)
        assert head is not None
        bulk.first_problem_no, bulk.first_task_no = int(head["next_problem_no"]), int(head["next_task_no"])
        db.execute("UPDATE campaign SET next_problem_no = next_problem_no + :p, "
                   "next_task_no = next_task_no + :t WHERE id = :c", p=n_problems, t=n_tasks, c=campaign_id)

        first_problem, first_task = bulk.first_problem_no, bulk.first_task_no

        def problem_rows() -> Iterator[dict[str, Any]]:
            for i, problem in enumerate(bulk.problems):
                number = first_problem + i
                values = _problem_values(problem, today, short_term_days)
                yield {"c": campaign_id, "number": number, "code": f"P-{number}", "title": problem.title,
                       "detail": problem.detail, "category": problem.category, "created_at": now, "created_on": iso(today),
                       "term": values["term"], "found_on": iso(values["found_on"]), "status": values["status"],
                       "resolved_on": iso(values["resolved_on"])}

        rebuilt = _drop_indexes_for_bulk(db, n_tasks) if sqlite else []
        db.executemany(
            "INSERT INTO problem (campaign_id, number, code, title, detail, category, term, found_on, status, "
            "resolved_on, created_at, created_on) VALUES (:c, :number, :code, :title, :detail, :category, :term, :found_on, "
            ":status, :resolved_on, :created_at, :created_on)", problem_rows(), plain=sqlite)
        pids = [r["id"] for r in db.iter_rows(
            "SELECT id FROM problem WHERE campaign_id = :c AND number >= :n AND number < :end ORDER BY number",
            c=campaign_id, n=first_problem, end=first_problem + n_problems)]
        assert len(pids) == n_problems

        db.executemany("INSERT INTO responsibility (problem_id, department_id, owner, role) "
                       "VALUES (:problem_id, :department_id, :owner, 'lead')",
                       ({"problem_id": pid, "department_id": unit_id.get(problem.tasks[0].department or ""),
                         "owner": problem.tasks[0].owner} for pid, problem in zip(pids, bulk.problems)),
                       plain=sqlite)

        def task_values(task: Any) -> tuple[Any, Any]:
            """(started_on, done_on) as the task is written."""
            if task.status == rules.TODO:
                return None, None
            done_on = (task.done_on or today) if task.status == rules.DONE else None
            started = {rules.DOING: today, rules.DONE: task.done_on or today}.get(task.status)
            return started, done_on

        def task_rows() -> Iterator[dict[str, Any]]:
            number = first_task
            for pid, problem in zip(pids, bulk.problems):
                for task in problem.tasks:
                    started, done_on = task_values(task)
                    yield {"c": campaign_id, "number": number, "code": f"T-{number}", "problem_id": pid,
                           "measure": task.measure, "owner": task.owner,
                           "department_id": unit_id.get(task.department or ""), "deadline": iso(task.deadline),
                           "status": task.status, "started_on": iso(started), "done_on": iso(done_on),
                           "evidence": task.evidence, "created_at": now, "created_on": iso(today)}
                    number += 1

        db.executemany(
            "INSERT INTO task (campaign_id, number, code, problem_id, measure, owner, department_id, deadline, "
            "status, started_on, done_on, evidence, created_at, created_on) VALUES (:c, :number, :code, :problem_id, "
            ":measure, :owner, :department_id, :deadline, :status, :started_on, :done_on, :evidence, "
            ":created_at, :created_on)", task_rows(), plain=sqlite)

        # History as `issue add`, `issue start` and `issue done` record it, made
        # by the database from the rows just written (one INSERT ... SELECT:
        # no event passes through Python), in the order those commands would
        # write them: per problem its creation, its lead's, each task's
        # creation, status and done_on, then the problem's derived status.
        who = ("CASE WHEN u.name IS NULL THEN COALESCE(r.owner, '') "
               "ELSE COALESCE(r.owner, '') || ' (' || u.name || ')' END")
        new_problems = "p.campaign_id = :c AND p.number >= :pn"
        new_tasks = ("FROM task t JOIN problem p ON p.id = t.problem_id "
                     "WHERE t.campaign_id = :c AND t.number >= :tn")
        db.execute(
            "INSERT INTO event (campaign_id, at, actor, entity, entity_id, problem_id, code, field, old_value, "
            "new_value) SELECT :c, :at, :actor, e.entity, e.entity_id, e.problem_id, e.code, e.field, "
            "e.old_value, e.new_value FROM ("
            "SELECT p.number AS pn, 0 AS k, 0 AS tn, 0 AS j, 'problem' AS entity, p.id AS entity_id, "
            "p.id AS problem_id, p.code AS code, 'created' AS field, NULL AS old_value, p.title AS new_value "
            f"FROM problem p WHERE {new_problems} "
            "UNION ALL SELECT p.number, 1, 0, 0, 'responsibility', r.id, p.id, p.code, 'created', NULL, "
            f"{who} FROM responsibility r JOIN problem p ON p.id = r.problem_id "
            f"LEFT JOIN unit u ON u.id = r.department_id WHERE {new_problems} "
            f"UNION ALL SELECT p.number, 2, t.number, 0, 'task', t.id, p.id, t.code, 'created', NULL, t.measure "
            f"{new_tasks} "
            f"UNION ALL SELECT p.number, 2, t.number, 1, 'task', t.id, p.id, t.code, 'status', :todo, t.status "
            f"{new_tasks} AND t.status <> :todo "
            "UNION ALL SELECT p.number, 2, t.number, 2, 'task', t.id, p.id, t.code, 'done_on', NULL, "
            f"CAST(t.done_on AS TEXT) {new_tasks} AND t.status = :done "
            "UNION ALL SELECT p.number, 3, 0, 0, 'problem', p.id, p.id, p.code, 'status', :open, p.status "
            f"FROM problem p WHERE {new_problems} AND p.status <> :open"
            ") e ORDER BY e.pn, e.k, e.tn, e.j",
            c=campaign_id, at=now, actor=actor, pn=first_problem, tn=first_task,
            todo=rules.TODO, done=rules.DONE, open=rules.OPEN)
        for create in rebuilt:
            db.execute(create)
    return bulk


# Below this many tasks, keeping the indexes up to date row by row is cheap.
BULK_REBUILD_MIN_TASKS = 10_000
_BULK_TABLES = ("problem", "responsibility", "task", "event")


def _drop_indexes_for_bulk(db: Database, new_tasks: int) -> list[str]:
    """For an import larger than what the store holds, SQLite builds each
    index faster in one sorted pass at the end than entry by entry: drop the
    plain (non-unique) indexes now and return the statements that rebuild
    them. It all happens inside the import's transaction, so a failure or a
    kill leaves the indexes exactly as they were."""
    if new_tasks < BULK_REBUILD_MIN_TASKS:
        return []
    if int(db.scalar("SELECT COUNT(*) FROM task")) > new_tasks:
        return []
    marks = ", ".join(f"'{t}'" for t in _BULK_TABLES)
    found = db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                    f"AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%'")
    for index in found:
        db.execute(f'DROP INDEX "{index["name"]}"')
    return [index["sql"] for index in found]


def _who(owner: str | None, department: str | None) -> str:
    """A responsibility as its creation event shows it (as `issue add` writes it)."""
    return f"{owner or ''} ({department})" if department else (owner or "")
