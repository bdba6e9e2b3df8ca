"""Reading a whole campaign out of the store, row by row, for the exports.

Every list comes back in a stable order (ids, numbers, seqs), so two exports
of an unchanged campaign are identical and a restored one exports the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from campaign_cli.store.database import Database, Row


def campaign_row(db: Database, campaign_id: int) -> Row:
    row = db.one("SELECT id, key, title, doc_no, issuer, year, starts_on, ends_on, next_problem_no, "
                 "next_task_no, created_at FROM campaign WHERE id = :c", c=campaign_id)
    assert row is not None
    return row


def settings(db: Database, campaign_id: int) -> dict[str, str]:
    return {r["key"]: r["value"] for r in db.rows(
        "SELECT key, value FROM setting WHERE campaign_id = :c ORDER BY key", c=campaign_id)}


def units(db: Database, campaign_id: int) -> list[Row]:
    return db.rows("SELECT u.id, u.name, u.kind, u.members, p.name AS parent, u.created_on FROM unit u "
                   "LEFT JOIN unit p ON p.id = u.parent_id WHERE u.campaign_id = :c ORDER BY u.id",
                   c=campaign_id)


def phases(db: Database, campaign_id: int) -> list[Row]:
    return db.rows("SELECT id, seq, title, starts_on, ends_on, notes, as_written, kinds FROM phase "
                   "WHERE campaign_id = :c ORDER BY seq", c=campaign_id)


def activities(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT a.id, a.kind, a.title, a.held_on, p.seq AS phase, u.name AS unit, a.participants, "
        "a.target, a.notes, a.created_at, a.created_on FROM activity a LEFT JOIN phase p ON p.id = a.phase_id "
        "LEFT JOIN unit u ON u.id = a.unit_id WHERE a.campaign_id = :c ORDER BY a.id", c=campaign_id)


def members(db: Database, campaign_id: int) -> list[Row]:
    return db.rows("SELECT m.id, u.name AS unit, m.name, m.role, m.active FROM member m "
                   "JOIN unit u ON u.id = m.unit_id WHERE m.campaign_id = :c ORDER BY m.id", c=campaign_id)


def attendance(db: Database, campaign_id: int) -> list[Row]:
    return db.rows("SELECT at.id, at.activity_id, at.member_id, at.status FROM attendance at "
                   "JOIN activity a ON a.id = at.activity_id WHERE a.campaign_id = :c ORDER BY at.id", c=campaign_id)


def problems(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT id, number, code, title, detail, category, term, source_activity_id, found_on, status, "
        "resolved_on, verified_on, verified_by, created_at, created_on, leader, submitted_on, submitted_by FROM problem WHERE campaign_id = :c "
        "ORDER BY number", c=campaign_id)


def responsibilities(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT r.id, q.code AS problem, u.name AS department, r.owner, r.role FROM responsibility r "
        "JOIN problem q ON q.id = r.problem_id LEFT JOIN unit u ON u.id = r.department_id "
        "WHERE q.campaign_id = :c ORDER BY r.id", c=campaign_id)


def tasks(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT t.id, t.number, t.code, q.code AS problem, q.title AS problem_title, t.measure, t.owner, "
        "u.name AS department, t.deadline, t.status, t.started_on, t.done_on, t.evidence, t.created_at, t.created_on, "
        "q.category, q.term, q.found_on "
        "FROM task t JOIN problem q ON q.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id "
        "WHERE t.campaign_id = :c ORDER BY t.number", c=campaign_id)


def evidence(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT e.id, t.code AS task, e.file_name, e.media_type, e.size, e.sha256, e.added_on, e.added_by, "
        "e.created_at FROM evidence e JOIN task t ON t.id = e.task_id WHERE e.campaign_id = :c ORDER BY e.id",
        c=campaign_id)


def blobs(db: Database, campaign_id: int) -> list[Row]:
    """The content of the campaign's evidence files, each once, by sha256."""
    return db.rows("SELECT b.sha256, b.content FROM blob b WHERE b.sha256 IN "
                   "(SELECT e.sha256 FROM evidence e WHERE e.campaign_id = :c) ORDER BY b.sha256", c=campaign_id)


def rechecks(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT r.id, p.code AS problem, r.due, r.done_on, r.result, r.checked_by, r.notes, r.created_at, "
        "r.created_on FROM recheck r JOIN problem p ON p.id = r.problem_id WHERE r.campaign_id = :c ORDER BY r.id",
        c=campaign_id)


def events(db: Database, campaign_id: int) -> list[Row]:
    return db.rows(
        "SELECT id, at, actor, entity, entity_id, problem_id, code, field, old_value, new_value, day "
        "FROM event WHERE campaign_id = :c ORDER BY id", c=campaign_id)


def counts(db: Database, campaign_id: int) -> dict[str, Any]:
    return {table: int(db.scalar(f"SELECT COUNT(*) FROM {table} WHERE campaign_id = :c", c=campaign_id))
            for table in ("activity", "problem", "task", "event")}


# --- the export's long lists as JSON text the database builds ----------------------------
#
# The rows of reports.export_json's lists, key by key, as SQL: (key, SQL
# expression, raw JSON), over the same tables, filters and order as the
# readers above. `DAY(x)` stands for the first ten characters of a date
# (export_json._day): on PostgreSQL the column is a date already.

# The lists whose rows the document numbers (`no`, in id order), with the
# FROM and WHERE of their reader above: an event names such a row by its number.
NUMBERED = {
    "responsibility": ("responsibility r JOIN problem q ON q.id = r.problem_id", "q.campaign_id = :c", "r.id"),
    "evidence": ("evidence e JOIN task t ON t.id = e.task_id", "e.campaign_id = :c", "e.id"),
    "recheck": ("recheck r JOIN problem p ON p.id = r.problem_id", "r.campaign_id = :c", "r.id"),
    "member": ("member m JOIN unit u ON u.id = m.unit_id", "m.campaign_id = :c", "m.id"),
    "attendance": ("attendance at JOIN activity a ON a.id = at.activity_id", "a.campaign_id = :c", "at.id"),
}


def _numbers(entity: str) -> str:
    """SQL for (id, no) of a numbered list: its rows' numbers in the document."""
    source, where, order = NUMBERED[entity]
    return f"(SELECT {order} AS id, ROW_NUMBER() OVER (ORDER BY {order}) AS no FROM {source} WHERE {where})"


def number_of(dialect: str, entity: str, key: str, when: str = "") -> tuple[str, str]:
    """(a JOIN, an expression) for the number in its numbered list of the
    `entity` row whose id is `key` (null when it is none of the campaign's);
    `when` a condition the row is looked up under. SQLite numbers the list
    once for the statement, in a scalar subquery (which it gives an
    automatic index: a LEFT JOIN on it would scan it for every row);
    PostgreSQL joins it (by hash)."""
    if dialect == "sqlite":
        found = f"(SELECT n.no FROM {_numbers(entity)} n WHERE n.id = {key})"
        return "", f"CASE WHEN {when} THEN {found} END" if when else found
    alias = f"n_{entity}"
    return (f"LEFT JOIN {_numbers(entity)} {alias} ON {when + ' AND ' if when else ''}{alias}.id = {key}",
            f"{alias}.no")


def _no(entity: str) -> tuple[str, str, bool]:
    return ("no", f"ROW_NUMBER() OVER (ORDER BY {NUMBERED[entity][2]})", False)


@dataclass(frozen=True)
class JSONList:
    """One list of the export as SQL: its fields, its tables (FROM and
    JOINs: the first is the one listed, `table` by its alias), the column
    naming its campaign, and, for problems and tasks, the number they are
    listed by (else by id)."""

    fields: list[tuple[str, str, bool]]
    tables: str
    campaign: str
    number: str | None = None

    @property
    def table(self) -> str:
        return self.tables.split()[0]

    @property
    def id(self) -> str:
        return self.tables.split()[1] + ".id"


JSON_LISTS: dict[str, JSONList] = {
    "activities": JSONList([
        ("id", "a.id", False), ("kind", "a.kind", False), ("title", "a.title", False), ("date", "a.held_on", False),
        ("phase", "p.seq", False), ("unit", "u.name", False), ("participants", "a.participants", False),
        ("target", "a.target", False), ("notes", "a.notes", False), ("created_at", "a.created_at", False),
        ("created_on", "DAY(a.created_on)", False)],
        "activity a LEFT JOIN phase p ON p.id = a.phase_id LEFT JOIN unit u ON u.id = a.unit_id", "a.campaign_id"),
    "problems": JSONList([
        ("code", "p.code", False), ("number", "p.number", False), ("title", "p.title", False),
        ("detail", "p.detail", False), ("category", "p.category", False), ("term", "p.term", False),
        ("source_activity", "s.id", False), ("found_on", "p.found_on", False), ("status", "p.status", False),
        ("resolved_on", "p.resolved_on", False), ("verified_on", "p.verified_on", False),
        ("verified_by", "p.verified_by", False), ("created_at", "p.created_at", False),
        ("created_on", "DAY(p.created_on)", False), ("leader", "p.leader", False),
        ("submitted_on", "DAY(p.submitted_on)", False), ("submitted_by", "p.submitted_by", False)],
        # The source activity is named by its id when it is one of the campaign's.
        "problem p LEFT JOIN activity s ON s.id = p.source_activity_id AND s.campaign_id = :c", "p.campaign_id",
        "p.number"),
    "responsibilities": JSONList([
        _no("responsibility"), ("problem", "q.code", False), ("department", "u.name", False),
        ("owner", "r.owner", False), ("role", "r.role", False)],
        "responsibility r JOIN problem q ON q.id = r.problem_id LEFT JOIN unit u ON u.id = r.department_id",
        "q.campaign_id"),
    "tasks": JSONList([
        ("code", "t.code", False), ("number", "t.number", False), ("problem", "q.code", False),
        ("measure", "t.measure", False), ("owner", "t.owner", False), ("department", "u.name", False),
        ("deadline", "t.deadline", False), ("status", "t.status", False), ("started_on", "t.started_on", False),
        ("done_on", "t.done_on", False), ("evidence", "t.evidence", False), ("created_at", "t.created_at", False),
        ("created_on", "DAY(t.created_on)", False)],
        "task t JOIN problem q ON q.id = t.problem_id LEFT JOIN unit u ON u.id = t.department_id", "t.campaign_id",
        "t.number"),
    "evidence": JSONList([
        _no("evidence"), ("task", "t.code", False), ("file_name", "e.file_name", False),
        ("media_type", "e.media_type", False), ("size", "e.size", False), ("sha256", "e.sha256", False),
        ("added_on", "DAY(e.added_on)", False), ("added_by", "e.added_by", False),
        ("created_at", "e.created_at", False)],
        "evidence e JOIN task t ON t.id = e.task_id", "e.campaign_id"),
    "rechecks": JSONList([
        _no("recheck"), ("problem", "p.code", False), ("due", "DAY(r.due)", False),
        ("done_on", "DAY(r.done_on)", False), ("result", "r.result", False), ("by", "r.checked_by", False),
        ("notes", "r.notes", False), ("created_at", "r.created_at", False), ("created_on", "DAY(r.created_on)", False)],
        "recheck r JOIN problem p ON p.id = r.problem_id", "r.campaign_id"),
    "members": JSONList([
        _no("member"), ("unit", "u.name", False), ("name", "m.name", False), ("role", "m.role", False),
        ("active", "CASE WHEN m.active THEN 'true' ELSE 'false' END", True)],
        "member m JOIN unit u ON u.id = m.unit_id", "m.campaign_id"),
}


def _attendance(dialect: str) -> JSONList:
    join, member = number_of(dialect, "member", "at.member_id")
    return JSONList([_no("attendance"), ("activity", "a.id", False), ("member", member, False),
                     ("status", "at.status", False)],
                    f"attendance at JOIN activity a ON a.id = at.activity_id {join}", "a.campaign_id")


# What an event's `ref` names, per entity: a code or an id (a join on the
# row, when it is the campaign's), or a number in its numbered list.
_REFS = {
    "problem": ("LEFT JOIN problem rp ON e.entity = 'problem' AND rp.id = e.entity_id AND rp.campaign_id = :c",
                "rp.code"),
    "task": ("LEFT JOIN task rt ON e.entity = 'task' AND rt.id = e.entity_id AND rt.campaign_id = :c", "rt.code"),
    "activity": ("LEFT JOIN activity ra ON e.entity = 'activity' AND ra.id = e.entity_id AND ra.campaign_id = :c",
                 "ra.id"),
}


def _events(db: Database, campaign_id: int) -> JSONList:
    """The events' list: only the entities the campaign's history names are
    looked up (a numbered list is numbered only when it is needed)."""
    from campaign_cli.store.database import json_value_sql

    refs = {entity: _REFS.get(entity) or number_of(db.dialect, entity, "e.entity_id", f"e.entity = '{entity}'")
            for entity in (*_REFS, *NUMBERED)
            if db.scalar("SELECT 1 FROM event WHERE campaign_id = :c AND entity = :e LIMIT 1", c=campaign_id, e=entity)}
    ref = "'null'"
    if refs:
        ref = ("CASE e.entity " + " ".join(f"WHEN '{entity}' THEN {json_value_sql(db.dialect, value)}"
                                          for entity, (_join, value) in refs.items()) + " ELSE 'null' END")
    fields = [("at", "e.at", False), ("actor", "e.actor", False), ("entity", "e.entity", False),
              ("ref", ref, True), ("problem", "pc.code", False), ("code", "e.code", False),
              ("field", "e.field", False), ("old", "e.old_value", False), ("new", "e.new_value", False),
              ("day", "DAY(e.day)", False)]
    joins = " ".join(join for join, _value in refs.values() if join)
    return JSONList(fields, f"event e LEFT JOIN problem pc ON pc.id = e.problem_id AND pc.campaign_id = :c {joins}",
                    "e.campaign_id")


def iter_json(db: Database, campaign_id: int, name: str, *, depth: int) -> Any:
    """One of the export's long lists (`JSON_LISTS`, "attendance" or "events") as JSON text
    the database builds, laid out for `depth` (database.json_object_sql),
    read a batch at a time (`JSONRows`): byte for byte the rows
    reports.export_json makes from the readers above.

    The rows are never sorted with their text: a sort of a million wide rows
    spills to temporary files. On SQLite, when the campaign holds most of
    the table (`_most_of`), the table is read in its own (id) order, which is
    the list's order (for problems and tasks once `_numbered_by_id` has
    checked that their numbers grow with their ids); else the campaign's
    rows are found by its index and only they are sorted."""
    from campaign_cli.store.database import JSONRows, json_object_sql

    found = _events(db, campaign_id) if name == "events" else _attendance(db.dialect) if name == "attendance" \
        else JSON_LISTS[name]
    day = (lambda x: f"substr({x}, 1, 10)") if db.dialect == "sqlite" else (lambda x: x)
    fields = [(key, day(expr[4:-1]) if expr.startswith("DAY(") else expr, raw) for key, expr, raw in found.fields]
    where, order = f"{found.campaign} = :c", found.number or found.id
    if db.dialect == "sqlite" and _most_of(db, found, campaign_id) and (
            found.number is None or _numbered_by_id(db, found, campaign_id)):
        where, order = f"+{found.campaign} = :c AND {found.id} > 0", found.id
    sql = f"SELECT {json_object_sql(db.dialect, fields, depth=depth)} AS j FROM {found.tables} " \
          f"WHERE {where} ORDER BY {order}"
    return JSONRows(db.iter_batches(sql, c=campaign_id))


def _most_of(db: Database, found: JSONList, campaign_id: int) -> bool:
    """Does the campaign hold more than half the ids of the list's table?"""
    from campaign_cli.store.database import holds_most

    if found.campaign.startswith(found.id.split(".")[0] + "."):
        return holds_most(db, found.table, campaign_id)
    # Responsibilities and attendance belong to a campaign through their problem or activity.
    top = db.scalar(f"SELECT MAX(id) FROM {found.table}")
    mine = db.scalar(f"SELECT COUNT(*) FROM {found.tables.split(' LEFT JOIN ')[0]} WHERE {found.campaign} = :c",
                     c=campaign_id)
    return bool(top) and int(mine or 0) * 2 > int(top)


def _numbered_by_id(db: Database, found: JSONList, campaign_id: int) -> bool:
    """Do the campaign's numbers grow with the rows' ids (as they are given
    out), so that id order is number order?"""
    number = found.number.split(".")[1]  # type: ignore[union-attr]
    down = db.scalar(
        f"SELECT COUNT(*) FROM (SELECT {number} < LAG({number}) OVER (ORDER BY id) AS down FROM {found.table} "
        "WHERE +campaign_id = :c AND id > 0) steps WHERE down", c=campaign_id)
    return not down


def iter_blobs(db: Database, campaign_id: int) -> Iterator[Row]:
    """`blobs`, one file at a time (each up to 20 MB), never all of them at once."""
    for r in db.rows("SELECT b.sha256 FROM blob b WHERE b.sha256 IN "
                     "(SELECT e.sha256 FROM evidence e WHERE e.campaign_id = :c) ORDER BY b.sha256", c=campaign_id):
        found = db.one("SELECT sha256, content FROM blob WHERE sha256 = :s", s=r["sha256"])
        if found is not None:
            yield found
