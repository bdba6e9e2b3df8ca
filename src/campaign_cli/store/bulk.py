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
from typing import TYPE_CHECKING, Any

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
    done = [(t.status, (t.done_on or today) if t.status == rules.DONE else None) for t in problem.tasks]
    return {"found_on": found_on, "term": term,
            "status": rules.derive_status([s for s, _ in done], verified=False),
            "resolved_on": rules.resolved_on(done)}


def write(db: Database, campaign_id: int, ledger_problems: list["LedgerProblem"], *, actor: str,
          today: date) -> BulkPlan:
    """Add the ledger's new problems in one transaction; returns what was added."""
    if db.dialect == "sqlite":
        # A big import touches every page of six task indexes in random order:
        # with SQLite's default 2 MB page cache it spends its time re-reading
        # them. The cache only grows as far as it is used.
        db.execute("PRAGMA cache_size = -262144")
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

        problem_rows = []
        for i, problem in enumerate(bulk.problems):
            number = bulk.first_problem_no + i
            problem_rows.append({"c": campaign_id, "number": number, "code": f"P-{number}",
                                 "title": problem.title, "detail": problem.detail, "category": problem.category,
                                 "created_at": now, **_problem_values(problem, today, short_term_days)})
        db.executemany(
            "INSERT INTO problem (campaign_id, number, code, title, detail, category, term, found_on, status, "
            "resolved_on, created_at) VALUES (:c, :number, :code, :title, :detail, :category, :term, :found_on, "
            ":status, :resolved_on, :created_at)", problem_rows)
        problem_id = {r["number"]: r["id"] for r in db.rows(
            "SELECT id, number FROM problem WHERE campaign_id = :c AND number >= :n",
            c=campaign_id, n=bulk.first_problem_no)}

        responsibility_rows, task_rows = [], []
        number = bulk.first_task_no
        for i, problem in enumerate(bulk.problems):
            pid = problem_id[bulk.first_problem_no + i]
            lead = problem.tasks[0]
            responsibility_rows.append({"problem_id": pid, "department_id": unit_id.get(lead.department or ""),
                                        "owner": lead.owner, "who": _who(lead.owner, lead.department)})
            for task in problem.tasks:
                task_rows.append({
                    "c": campaign_id, "number": number, "code": f"T-{number}", "problem_id": pid,
                    "measure": task.measure, "owner": task.owner,
                    "department_id": unit_id.get(task.department or ""), "deadline": task.deadline,
                    "status": task.status,
                    "started_on": {rules.DOING: today, rules.DONE: task.done_on or today}.get(task.status),
                    "done_on": (task.done_on or today) if task.status == rules.DONE else None,
                    "evidence": task.evidence, "created_at": now})
                number += 1
        db.executemany("INSERT INTO responsibility (problem_id, department_id, owner, role) "
                       "VALUES (:problem_id, :department_id, :owner, 'lead')",
                       ({k: r[k] for k in ("problem_id", "department_id", "owner")} for r in responsibility_rows))
        db.executemany(
            "INSERT INTO task (campaign_id, number, code, problem_id, measure, owner, department_id, deadline, "
            "status, started_on, done_on, evidence, created_at) VALUES (:c, :number, :code, :problem_id, "
            ":measure, :owner, :department_id, :deadline, :status, :started_on, :done_on, :evidence, "
            ":created_at)", task_rows)

        # History as `issue add`, `issue start` and `issue done` record it.
        responsibility_ids = [r["id"] for r in db.rows(
            "SELECT r.id FROM responsibility r JOIN problem q ON q.id = r.problem_id "
            "WHERE q.campaign_id = :c AND q.number >= :n ORDER BY r.id", c=campaign_id, n=bulk.first_problem_no)]
        task_id = {r["number"]: r["id"] for r in db.rows(
            "SELECT id, number FROM task WHERE campaign_id = :c AND number >= :n",
            c=campaign_id, n=bulk.first_task_no)}
        events: list[dict[str, Any]] = []

        def event(entity: str, entity_id: int, pid: int, code: str | None, field: str, new: Any,
                  old: Any = None) -> None:
            events.append({"c": campaign_id, "at": now, "actor": actor, "entity": entity, "entity_id": entity_id,
                           "problem_id": pid, "code": code, "field": field, "old_value": old,
                           "new_value": None if new is None else str(new)})

        tasks_of: dict[int, list[dict[str, Any]]] = {}
        for row in task_rows:
            tasks_of.setdefault(row["problem_id"], []).append(row)
        for row, responsibility, rid in zip(problem_rows, responsibility_rows, responsibility_ids):
            pid = problem_id[row["number"]]
            event("problem", pid, pid, row["code"], "created", row["title"])
            event("responsibility", rid, pid, row["code"], "created", responsibility["who"])
            for task in tasks_of[pid]:
                tid = task_id[task["number"]]
                event("task", tid, pid, task["code"], "created", task["measure"])
                if task["status"] != rules.TODO:
                    event("task", tid, pid, task["code"], "status", task["status"], old=rules.TODO)
                if task["status"] == rules.DONE:
                    event("task", tid, pid, task["code"], "done_on", task["done_on"])
            if row["status"] != rules.OPEN:
                event("problem", pid, pid, row["code"], "status", row["status"], old=rules.OPEN)
        db.executemany(
            "INSERT INTO event (campaign_id, at, actor, entity, entity_id, problem_id, code, field, old_value, "
            "new_value) VALUES (:c, :at, :actor, :entity, :entity_id, :problem_id, :code, :field, :old_value, "
            ":new_value)", events)
    return bulk


def _who(owner: str | None, department: str | None) -> str:
    """A responsibility as its creation event shows it (as `issue add` writes it)."""
    return f"{owner or ''} ({department})" if department else (owner or "")
