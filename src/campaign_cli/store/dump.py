"""Reading a whole campaign out of the store, row by row, for the exports.

Every list comes back in a stable order (ids, numbers, seqs), so two exports
of an unchanged campaign are identical and a restored one exports the same.
"""

from __future__ import annotations

from typing import Any

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
