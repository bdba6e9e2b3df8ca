"""Problems (问题清单) and responsibilities (责任清单) in the store."""

from __future__ import annotations

from datetime import date
from typing import Any

from campaign_cli.domain.records import Event, Problem, Responsibility, day
from campaign_cli.store.database import Database, Row

# A problem with its lead responsibility (the first lead, should there be
# several) and its task counts, in one row.
_SELECT = (
    "SELECT p.id, p.number, p.code, p.title, p.detail, p.category, p.term, p.source_activity_id, "
    "p.found_on, p.status, p.resolved_on, p.verified_on, p.verified_by, p.created_on, p.leader, p.phase_id, "
    "p.submitted_on, p.submitted_by, "
    "r.owner AS owner, d.name AS department, r.department_id AS department_id, "
    "(SELECT COUNT(*) FROM task t WHERE t.problem_id = p.id) AS tasks, "
    "(SELECT COUNT(*) FROM task t WHERE t.problem_id = p.id AND t.status = 'done') AS tasks_done, "
    "(SELECT MIN(t.deadline) FROM task t WHERE t.problem_id = p.id AND t.status <> 'done') AS next_deadline "
    "FROM problem p "
    "LEFT JOIN responsibility r ON r.id = (SELECT MIN(x.id) FROM responsibility x "
    "WHERE x.problem_id = p.id AND x.role = 'lead') "
    "LEFT JOIN unit d ON d.id = r.department_id "
)

_RESPONSIBILITY = (
    "SELECT r.id, r.problem_id, p.code AS problem, p.title AS problem_title, p.status AS problem_status, "
    "d.name AS department, r.department_id, r.owner, r.role "
    "FROM responsibility r JOIN problem p ON p.id = r.problem_id "
    "LEFT JOIN unit d ON d.id = r.department_id "
)


def bump_number(db: Database, campaign_id: int, column: str, count: int = 1) -> int:
    """The next P-n or T-n number, taken inside the writing transaction:
    the row lock (BEGIN IMMEDIATE on SQLite) makes it unique across
    processes, and a number once handed out is never handed out again."""
    assert column in ("next_problem_no", "next_task_no")
    row = db.one(f"UPDATE campaign SET {column} = {column} + :n WHERE id = :id RETURNING {column}",
                 id=campaign_id, n=count)
    if row is None:  # the campaign was just read: the login's grants hide it from writes
        raise db.denied_row("campaign")
    return int(next(iter(row.values()))) - count


def _one(row: Row | None) -> Problem | None:
    return Problem.from_row(row) if row else None


def by_code(db: Database, campaign_id: int, code: str) -> Problem | None:
    """One problem by its code (P-n): a seek on the unique (campaign_id, code) index."""
    return _one(db.one(_SELECT + "WHERE p.campaign_id = :c AND p.code = :code", c=campaign_id, code=code))


def find(db: Database, campaign_id: int, code: str) -> Problem:
    """The problem a user's code names (`P-3`, `p3`); unknown is a user error."""
    from campaign_cli.domain.problems import parse_code
    from campaign_cli.errors import UserError

    parsed = parse_code(code, "P")
    found = by_code(db, campaign_id, parsed.text)
    if found is None:
        raise UserError("issue.unknown_problem", code=parsed.text)
    return found


def by_id(db: Database, problem_id: int) -> Problem | None:
    return _one(db.one(_SELECT + "WHERE p.id = :id", id=problem_id))


def responsibilities_of(db: Database, problem_id: int) -> list[Responsibility]:
    return [Responsibility.from_row(r) for r in db.rows(
        _RESPONSIBILITY + "WHERE r.problem_id = :p ORDER BY CASE WHEN r.role = 'lead' THEN 0 ELSE 1 END, r.id",
        p=problem_id)]


def lead_of(db: Database, problem_id: int) -> Responsibility | None:
    found = responsibilities_of(db, problem_id)
    return found[0] if found and found[0].role == "lead" else None


def task_states(db: Database, problem_id: int) -> list[tuple[str, str, date | None]]:
    """(code, status, done_on) of each task of the problem."""
    return [(r["code"], r["status"], day(r["done_on"])) for r in db.rows(
        "SELECT code, status, done_on FROM task WHERE problem_id = :p ORDER BY number", p=problem_id)]


def _filters(campaign_id: int, *, status: str | None, owner: str | None, department_id: int | None,
             task_where: list[str], params: dict[str, Any]) -> str:
    where = ["p.campaign_id = :c"]
    params["c"] = campaign_id
    if status:
        where.append("p.status = :status")
        params["status"] = status
    if owner:
        params["owner"] = owner
        where.append("(EXISTS (SELECT 1 FROM responsibility o WHERE o.problem_id = p.id AND o.owner = :owner) "
                     "OR EXISTS (SELECT 1 FROM task o WHERE o.problem_id = p.id AND o.owner = :owner))")
    if department_id is not None:
        params["dept"] = department_id
        where.append("(EXISTS (SELECT 1 FROM responsibility o WHERE o.problem_id = p.id AND o.department_id = :dept) "
                     "OR EXISTS (SELECT 1 FROM task o WHERE o.problem_id = p.id AND o.department_id = :dept))")
    if task_where:
        where.append("EXISTS (SELECT 1 FROM task t WHERE t.problem_id = p.id AND " + " AND ".join(task_where) + ")")
    return " WHERE " + " AND ".join(where)


_PROBLEM_ORDER = (" ORDER BY CASE p.status WHEN 'verified' THEN 3 WHEN 'resolved' THEN 2 WHEN 'submitted' THEN 2 ELSE 0 END, "
                  "CASE WHEN (SELECT MIN(t.deadline) FROM task t WHERE t.problem_id = p.id AND t.status <> 'done') "
                  "IS NULL THEN 1 ELSE 0 END, "
                  "(SELECT MIN(t.deadline) FROM task t WHERE t.problem_id = p.id AND t.status <> 'done'), p.number")


def list_problems(db: Database, campaign_id: int, *, status: str | None = None, owner: str | None = None,
                  department_id: int | None = None, task_where: list[str] | None = None,
                  params: dict[str, Any] | None = None, limit: int | None = None) -> tuple[list[Problem], int]:
    params = dict(params or {})
    where = _filters(campaign_id, status=status, owner=owner, department_id=department_id,
                     task_where=task_where or [], params=params)
    total = int(db.scalar("SELECT COUNT(*) FROM problem p" + where, **params))
    sql = _SELECT + where + _PROBLEM_ORDER
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Problem.from_row(r) for r in db.iter_rows(sql, **params)], total


_RESPONSIBILITY_ORDER = " ORDER BY p.number, CASE WHEN r.role = 'lead' THEN 0 ELSE 1 END, r.id"


def _responsibility_filters(campaign_id: int, *, status: str | None = None, owner: str | None = None,
                            department_id: int | None = None, task_where: list[str] | None = None,
                            params: dict[str, Any] | None = None) -> tuple[dict[str, Any], str]:
    params = dict(params or {})
    params["c"] = campaign_id
    where = ["p.campaign_id = :c"]
    if status:
        where.append("p.status = :status")
        params["status"] = status
    if owner:
        where.append("r.owner = :owner")
        params["owner"] = owner
    if department_id is not None:
        where.append("r.department_id = :dept")
        params["dept"] = department_id
    if task_where:
        where.append("EXISTS (SELECT 1 FROM task t WHERE t.problem_id = p.id AND " + " AND ".join(task_where) + ")")
    return params, " WHERE " + " AND ".join(where)


def list_responsibilities(db: Database, campaign_id: int, *, status: str | None = None,
                          owner: str | None = None, department_id: int | None = None,
                          task_where: list[str] | None = None, params: dict[str, Any] | None = None,
                          limit: int | None = None) -> tuple[list[Responsibility], int]:
    params, clause = _responsibility_filters(campaign_id, status=status, owner=owner, department_id=department_id,
                                             task_where=task_where, params=params)
    total = int(db.scalar("SELECT COUNT(*) FROM responsibility r JOIN problem p ON p.id = r.problem_id"
                          + clause, **params))
    sql = _RESPONSIBILITY + clause + _RESPONSIBILITY_ORDER
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [Responsibility.from_row(r) for r in db.iter_rows(sql, **params)], total


# The rows of `issue list --list problems|responsibilities --json`
# (reports.ledger.problem_json, responsibility_json), key by key, as SQL over
# `_SELECT`'s and `_RESPONSIBILITY`'s tables: (key, expression, raw JSON).
PROBLEM_JSON_FIELDS = [
    ("code", "p.code", False), ("title", "p.title", False), ("detail", "p.detail", False),
    ("category", "p.category", False), ("term", "p.term", False), ("source_activity", "p.source_activity_id", False),
    ("found_on", "p.found_on", False), ("owner", "r.owner", False), ("department", "d.name", False),
    ("status", "p.status", False), ("tasks", "(SELECT COUNT(*) FROM task t WHERE t.problem_id = p.id)", False),
    ("tasks_done", "(SELECT COUNT(*) FROM task t WHERE t.problem_id = p.id AND t.status = 'done')", False),
    ("next_deadline", "(SELECT MIN(t.deadline) FROM task t WHERE t.problem_id = p.id AND t.status <> 'done')", False),
    ("resolved_on", "p.resolved_on", False), ("verified_on", "p.verified_on", False),
    ("verified_by", "p.verified_by", False), ("submitted_on", "p.submitted_on", False),
    ("submitted_by", "p.submitted_by", False)]
RESPONSIBILITY_JSON_FIELDS = [
    ("problem", "p.code", False), ("problem_title", "p.title", False), ("department", "d.name", False),
    ("owner", "r.owner", False), ("role", "r.role", False), ("status", "p.status", False)]


def iter_problem_json(db: Database, campaign_id: int, *, depth: int | None, status: str | None = None,
                      owner: str | None = None, department_id: int | None = None,
                      task_where: list[str] | None = None, params: dict[str, Any] | None = None) -> Any:
    """`list_problems`' rows, in its order, as JSON text the database builds
    (laid out for `depth`, see database.json_object_sql), read a batch at a
    time (`JSONRows`)."""
    from campaign_cli.store.database import JSONRows, holds_most, json_object_sql

    params = dict(params or {})
    where = _filters(campaign_id, status=status, owner=owner, department_id=department_id,
                     task_where=task_where or [], params=params)
    if db.dialect == "sqlite" and holds_most(db, "problem", campaign_id):
        # Every row is sorted anyway: read the problems in one pass, not at random from an index.
        where = where.replace(" WHERE p.campaign_id = :c", " WHERE +p.campaign_id = :c AND p.id > 0", 1)
    row_sql = json_object_sql(db.dialect, PROBLEM_JSON_FIELDS, depth=depth)
    sql = f"SELECT {row_sql} AS j " + _SELECT[_SELECT.index("FROM problem p"):] + where + _PROBLEM_ORDER
    return JSONRows(db.iter_batches(sql, **params))


def iter_responsibility_json(db: Database, campaign_id: int, *, depth: int | None, **filters: Any) -> Any:
    """`list_responsibilities`' rows, in its order, as JSON text the database
    builds, read a batch at a time (`JSONRows`)."""
    from campaign_cli.store.database import JSONRows, json_object_sql

    params, clause = _responsibility_filters(campaign_id, **filters)
    row_sql = json_object_sql(db.dialect, RESPONSIBILITY_JSON_FIELDS, depth=depth)
    sql = (f"SELECT {row_sql} AS j " + _RESPONSIBILITY[_RESPONSIBILITY.index("FROM responsibility r"):] + clause
           + _RESPONSIBILITY_ORDER)
    return JSONRows(db.iter_batches(sql, **params))


def answered_by(db: Database, campaign_id: int, owner: str) -> list[Problem]:
    """Problems a person answers for (责任人 in the responsibility list)."""
    return _many(db, _SELECT + "WHERE p.campaign_id = :c AND EXISTS (SELECT 1 FROM responsibility o "
                   "WHERE o.problem_id = p.id AND o.owner = :owner) ORDER BY p.number",
                   c=campaign_id, owner=owner)


def _many(db: Database, sql: str, **params: Any) -> list[Problem]:
    return [Problem.from_row(r) for r in db.iter_rows(sql, **params)]


def verified_by(db: Database, campaign_id: int, name: str) -> list[Problem]:
    return _many(db, _SELECT + "WHERE p.campaign_id = :c AND p.verified_by = :name ORDER BY p.verified_on, p.number",
                   c=campaign_id, name=name)


def source_activity(db: Database, campaign_id: int, activity_id: int) -> Row | None:
    return db.one("SELECT id, kind, title, held_on FROM activity WHERE campaign_id = :c AND id = :id",
                  c=campaign_id, id=activity_id)


def history(db: Database, campaign_id: int, *, problem_id: int | None = None,
            task_id: int | None = None) -> list[Event]:
    """A problem's events (its tasks' and responsibilities' included) or one task's, oldest first.
    resolved_on is kept for undo but not shown: it follows the tasks' dates."""
    if problem_id is not None:
        rows = db.rows("SELECT at, actor, entity, code, field, old_value, new_value FROM event "
                       "WHERE campaign_id = :c AND problem_id = :p AND field <> 'resolved_on' ORDER BY id",
                       c=campaign_id, p=problem_id)
    else:
        # The task's own changes and its evidence files' (by the task's code: a removed file too).
        rows = db.rows("SELECT at, actor, entity, code, field, old_value, new_value FROM event "
                       "WHERE campaign_id = :c AND ((entity = 'task' AND entity_id = :t) OR (entity = 'evidence' "
                       "AND code = (SELECT code FROM task WHERE id = :t))) ORDER BY id",
                       c=campaign_id, t=task_id)
    return [Event.from_row(r) for r in rows]


def owns_work(db: Database, campaign_id: int, name: str) -> bool:
    """Does `name` own a task or answer for a problem of the campaign? Two
    index seeks: the quick yes before `known_people` (False: look further)."""
    if db.scalar("SELECT 1 FROM task t WHERE t.campaign_id = :c AND t.owner = :name LIMIT 1",
                 c=campaign_id, name=name) is not None:
        return True
    return db.scalar("SELECT 1 FROM responsibility r JOIN problem p ON p.id = r.problem_id "
                     "WHERE r.owner = :name AND p.campaign_id = :c LIMIT 1", c=campaign_id, name=name) is not None


def known_people(db: Database, campaign_id: int) -> list[str]:
    """Everyone the ledger names: task owners, people answering for a
    problem, verifiers. Read from indexes: the distinct task owners (covering
    owner index); responsibility owners who own no task (distinct names of
    the owner index, each checked against the campaign); the verifiers of
    problems with a verification date (verify writes both, reopen clears
    both), their rows read in id order."""
    rows = db.rows(
        "SELECT DISTINCT t.owner AS name FROM task t WHERE t.campaign_id = :c AND t.owner IS NOT NULL "
        "UNION SELECT o.owner FROM (SELECT DISTINCT r.owner AS owner FROM responsibility r "
        "WHERE r.owner IS NOT NULL) o "
        "WHERE NOT EXISTS (SELECT 1 FROM task t WHERE t.campaign_id = :c AND t.owner = o.owner) "
        "AND EXISTS (SELECT 1 FROM responsibility x JOIN problem p ON p.id = x.problem_id "
        "WHERE x.owner = o.owner AND p.campaign_id = :c) "
        "UNION SELECT p.verified_by FROM problem p WHERE p.id IN (SELECT v.id FROM problem v "
        "WHERE v.campaign_id = :c AND v.verified_on IS NOT NULL) AND p.verified_by IS NOT NULL",
        c=campaign_id)
    return sorted(r["name"] for r in rows if r["name"])


def findings(db: Database, campaign_id: int) -> dict[str, list[Row]]:
    """Rows the integrity check looks at (dates as dates); the rules that judge them are in the domain."""
    c = campaign_id
    found = {
        "no_task": db.rows("SELECT p.code FROM problem p WHERE p.campaign_id = :c AND NOT EXISTS "
                           "(SELECT 1 FROM task t WHERE t.problem_id = p.id) ORDER BY p.number", c=c),
        "no_responsible": db.rows(
            "SELECT p.code FROM problem p WHERE p.campaign_id = :c AND NOT EXISTS "
            "(SELECT 1 FROM responsibility r WHERE r.problem_id = p.id AND r.owner IS NOT NULL AND r.owner <> '' "
            "AND r.department_id IS NOT NULL) ORDER BY p.number", c=c),
        "task_no_owner": db.rows("SELECT t.code FROM task t WHERE t.campaign_id = :c AND "
                                 "(t.owner IS NULL OR t.owner = '') ORDER BY t.number", c=c),
        "task_no_department": db.rows("SELECT t.code FROM task t WHERE t.campaign_id = :c AND "
                                      "t.department_id IS NULL ORDER BY t.number", c=c),
        "task_no_measure": db.rows("SELECT t.code FROM task t WHERE t.campaign_id = :c AND "
                                   "(t.measure IS NULL OR t.measure = '') ORDER BY t.number", c=c),
        "short_term": db.rows(
            "SELECT p.code, p.term, p.found_on, t.code AS task, t.deadline FROM problem p "
            "JOIN task t ON t.problem_id = p.id WHERE p.campaign_id = :c AND p.term = 'short' "
            "AND t.status <> 'done' ORDER BY p.number, t.number", c=c),
        "resolved": db.rows("SELECT p.code, p.status, p.resolved_on FROM problem p WHERE p.campaign_id = :c "
                            "AND p.status IN ('resolved', 'submitted') ORDER BY p.number", c=c),
    }
    for rows in found.values():
        for row in rows:
            for key in ("found_on", "deadline", "resolved_on"):
                if key in row:
                    row[key] = day(row[key])
    return found
