"""Imports: a ledger (台账) written in bulk, a JSON export restored, a demo.

A ledger's rows go in with `executemany` in the command's one transaction;
their history is made by the same builder as every single write
(`actions.history`), so `undo` takes an import back like any command.
A JSON export is restored exactly as exported, adding no events.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterator

from campaign_cli.actions import Act, Outcome, writing
from campaign_cli.actions.history import INSERT_SQL, Change, event_row, who
from campaign_cli.domain import problems as rules
from campaign_cli.domain.text import optional_block, optional_line
from campaign_cli.store import bulk, campaigns, task_tally

if TYPE_CHECKING:
    from campaign_cli.importers.ledger import LedgerProblem


def _done_default(problem: "LedgerProblem", today: date) -> date:
    """A done task without its own date: done by its 销号时间, else today."""
    return (getattr(problem, "verified_on", None) if getattr(problem, "verified", False) else None) or today


def _problem_values(problem: "LedgerProblem", today: date, short_term_days: int) -> dict[str, Any]:
    found_on = problem.found_on or today
    today = _done_default(problem, today)
    first_deadline = problem.tasks[0].deadline
    term = problem.term or rules.default_term(found_on, first_deadline, short_term_days)
    done = [(t.status, (t.done_on or today) if t.status == rules.DONE else None) for t in problem.tasks]
    resolved = rules.resolved_on(done)
    verified = bool(getattr(problem, "verified", False)) and resolved is not None
    # 销号 on the sheet: on its 销号时间, never before the work was done.
    verified_on = max(problem.verified_on or today, resolved) if verified else None  # type: ignore[type-var]
    return {"found_on": found_on, "term": term, "status": rules.derive_status([s for s, _ in done], verified),
            "resolved_on": resolved, "verified_on": verified_on}


def responsibilities_of(problem: "LedgerProblem") -> list[tuple[str | None, str | None, str]]:
    """(department, owner, role) of a ledger problem: its own list (牵头 / 配合), else its first task's."""
    found: list[tuple[str | None, str | None, str]] = []
    for r in getattr(problem, "responsibilities", ()):
        if r.role == "lead" and not any(role == "lead" for _d, _o, role in found):
            found.append((r.department, optional_line(r.owner), "lead"))
        elif r.role == "support" and r.department and r.department not in {d for d, _o, _r in found}:
            # 配合单位: a department beside the lead; task owners are in the task list.
            found.append((r.department, optional_line(r.owner), "support"))
    if not any(role == "lead" for _d, _o, role in found):
        found.insert(0, (problem.tasks[0].department, optional_line(problem.tasks[0].owner), "lead"))
    return found


def _task_dates(task: Any, today: date) -> tuple[date | None, date | None]:
    """(started_on, done_on) as the task is written."""
    if task.status == rules.TODO:
        return None, None
    done_on = (task.done_on or today) if task.status == rules.DONE else None
    return (task.done_on or today) if task.status == rules.DONE else today, done_on


def import_ledger(act: Act, ledger_problems: list["LedgerProblem"]) -> Outcome[bulk.BulkPlan]:
    """Add the ledger's new problems (by title) with their lead responsibility and tasks."""
    db = act.db
    sqlite = db.dialect == "sqlite"
    if sqlite:
        # A big import touches every page of six task indexes in random order:
        # with SQLite's default 2 MB page cache it spends its time re-reading
        # them; 64 MB holds the indexes of a 100k-row import.
        db.execute("PRAGMA cache_size = -65536")
    iso = (lambda d: None if d is None else d.isoformat()) if sqlite else (lambda d: d)
    with writing(act) as w:
        planned = bulk.plan(db, w.campaign_id, ledger_problems)
        short_term_days = campaigns.settings(db, w.campaign_id).short_term_days
        for name in planned.new_units:
            w.insert("unit", {"campaign_id": w.campaign_id, "name": name, "kind": "department", "members": None,
                              "parent_id": None, "created_on": w.today}, shown=name)
        unit_id = {r["name"]: r["id"] for r in db.rows("SELECT id, name FROM unit WHERE campaign_id = :c",
                                                       c=w.campaign_id)}
        n_problems, n_tasks = len(planned.problems), planned.tasks
        if not n_problems:
            return w.outcome(planned)
        first_problem = _bump(db, w.campaign_id, "next_problem_no", n_problems)
        first_task = _bump(db, w.campaign_id, "next_task_no", n_tasks)
        planned.first_problem_no, planned.first_task_no = first_problem, first_task
        values = [_problem_values(p, act.today, short_term_days) for p in planned.problems]
        rebuilt = bulk.drop_indexes_for_bulk(db, n_tasks) if sqlite else []

        def problem_rows() -> Iterator[dict[str, Any]]:
            for i, (problem, v) in enumerate(zip(planned.problems, values)):
                number = first_problem + i
                yield {"c": w.campaign_id, "number": number, "code": f"P-{number}", "title": optional_line(problem.title),
                       "detail": optional_block(problem.detail), "category": optional_line(problem.category),
                       "created_at": w.at, "created_on": iso(w.today), "term": v["term"],
                       "found_on": iso(v["found_on"]), "status": v["status"], "resolved_on": iso(v["resolved_on"]),
                       "verified_on": iso(v["verified_on"]), "verified_by": w.actor if v["verified_on"] else None,
                       "leader": optional_line(getattr(problem, "leader", None))}

        db.executemany(
            "INSERT INTO problem (campaign_id, number, code, title, detail, category, term, found_on, status, "
            "resolved_on, verified_on, verified_by, leader, created_at, created_on) VALUES (:c, :number, :code, "
            ":title, :detail, :category, :term, :found_on, :status, :resolved_on, :verified_on, :verified_by, "
            ":leader, :created_at, :created_on)", problem_rows(), plain=sqlite)
        pids = _ids(db, "problem", w.campaign_id, first_problem, n_problems)
        leads = [responsibilities_of(problem) for problem in planned.problems]
        db.executemany("INSERT INTO responsibility (problem_id, department_id, owner, role) "
                       "VALUES (:problem_id, :department_id, :owner, :role)",
                       ({"problem_id": pid, "department_id": unit_id.get(dept or ""), "owner": owner, "role": role}
                        for pid, rows in zip(pids, leads) for dept, owner, role in rows), plain=sqlite)
        rids = [r["id"] for r in db.iter_rows(
            "SELECT r.id FROM responsibility r JOIN problem p ON p.id = r.problem_id "
            "WHERE p.campaign_id = :c AND p.number >= :n ORDER BY p.number, r.id", c=w.campaign_id, n=first_problem)]

        def task_rows() -> Iterator[dict[str, Any]]:
            number = first_task
            for pid, problem in zip(pids, planned.problems):
                for task in problem.tasks:
                    started, done_on = _task_dates(task, _done_default(problem, act.today))
                    yield {"c": w.campaign_id, "number": number, "code": f"T-{number}", "problem_id": pid,
                           "measure": optional_line(task.measure), "owner": optional_line(task.owner),
                           "department_id": unit_id.get(task.department or ""), "deadline": iso(task.deadline),
                           "status": task.status, "started_on": iso(started), "done_on": iso(done_on),
                           "evidence": optional_block(task.evidence), "created_at": w.at, "created_on": iso(w.today)}
                    number += 1

        db.executemany(
            "INSERT INTO task (campaign_id, number, code, problem_id, measure, owner, department_id, deadline, "
            "status, started_on, done_on, evidence, created_at, created_on) VALUES (:c, :number, :code, "
            ":problem_id, :measure, :owner, :department_id, :deadline, :status, :started_on, :done_on, :evidence, "
            ":created_at, :created_on)", task_rows(), plain=sqlite)
        tids = _ids(db, "task", w.campaign_id, first_task, n_tasks)
        # Counted in one grouped pass over the new rows, not row by row.
        task_tally.add_new(db, w.campaign_id, min(tids), max(tids), first_task, first_task + n_tasks)
        changes = list(_changes(planned, values, pids, rids, tids, leads, first_problem, first_task, act.today))
        command_id = w.command_id
        day = iso(w.today)
        db.executemany(INSERT_SQL, (event_row(c, campaign_id=w.campaign_id, actor=w.actor, at=w.at,
                                              command_id=command_id, day=day) for c in changes), plain=sqlite)
        w.changes += len(changes)
        for create in rebuilt:
            db.execute(create)
    return w.outcome(planned)


def _changes(planned: bulk.BulkPlan, values: list[dict[str, Any]], pids: list[int], rids: list[int],
             tids: list[int], leads: list[list[tuple[str | None, str | None, str]]], first_problem: int,
             first_task: int, today: date) -> Iterator[Change]:
    """The history of an import, as `issue add`, `assign`, `start`, `done` and `verify` would write it."""
    t = r = 0
    for i, (problem, v, pid, rows) in enumerate(zip(planned.problems, values, pids, leads)):
        code = f"P-{first_problem + i}"
        yield Change("problem", pid, "created", None, optional_line(problem.title), code=code, problem_id=pid)
        for dept, owner, _role in rows:
            yield Change("responsibility", rids[r], "created", None, who(owner, dept), code=code, problem_id=pid)
            r += 1
        for task in problem.tasks:
            tcode = f"T-{first_task + t}"
            yield Change("task", tids[t], "created", None, optional_line(task.measure), code=tcode, problem_id=pid)
            if task.status != rules.TODO:
                yield Change("task", tids[t], "status", rules.TODO, task.status, code=tcode, problem_id=pid,
                             undo={"column": "status", "old": rules.TODO})
            if task.status == rules.DONE:
                yield Change("task", tids[t], "done_on", None, _task_dates(task, _done_default(problem, today))[1],
                             code=tcode,
                             problem_id=pid, undo={"column": "done_on", "old": None})
            t += 1
        if v["verified_on"] is not None:
            yield Change("problem", pid, "verified_on", None, v["verified_on"], code=code, problem_id=pid,
                         undo={"column": "verified_on", "old": None})
        if v["status"] != rules.OPEN:
            yield Change("problem", pid, "status", rules.OPEN, v["status"], code=code, problem_id=pid,
                         undo={"column": "status", "old": rules.OPEN})


def _bump(db: Any, campaign_id: int, column: str, count: int) -> int:
    from campaign_cli.store.problems import bump_number

    return bump_number(db, campaign_id, column, count)


def _ids(db: Any, table: str, campaign_id: int, first: int, count: int) -> list[int]:
    ids = [r["id"] for r in db.iter_rows(
        f"SELECT id FROM {table} WHERE campaign_id = :c AND number >= :n AND number < :end ORDER BY number",
        c=campaign_id, n=first, end=first + count)]
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

