"""Evidence files (佐证材料) and their content, kept once by sha256 (SPEC §6)."""

from __future__ import annotations

from typing import Any

from campaign_cli.domain.records import EvidenceFile
from campaign_cli.store.database import Database

_SELECT = ("SELECT e.id, e.task_id, t.code AS task, e.file_name, e.media_type, e.size, e.sha256, e.added_on, "
           "e.added_by FROM evidence e JOIN task t ON t.id = e.task_id ")


def of_task(db: Database, task_id: int) -> list[EvidenceFile]:
    return [EvidenceFile.from_row(r) for r in db.rows(_SELECT + "WHERE e.task_id = :t ORDER BY e.id", t=task_id)]


def of_problem(db: Database, problem_id: int) -> list[EvidenceFile]:
    return [EvidenceFile.from_row(r) for r in db.rows(
        _SELECT + "WHERE t.problem_id = :p ORDER BY t.number, e.id", p=problem_id)]


def of_campaign(db: Database, campaign_id: int) -> list[EvidenceFile]:
    return [EvidenceFile.from_row(r) for r in db.rows(
        _SELECT + "WHERE e.campaign_id = :c ORDER BY t.number, e.id", c=campaign_id)]


def names_by_task(db: Database, campaign_id: int) -> dict[int, list[EvidenceFile]]:
    found: dict[int, list[EvidenceFile]] = {}
    for item in of_campaign(db, campaign_id):
        found.setdefault(item.task_id, []).append(item)
    return found


def has_blob(db: Database, sha256: str) -> bool:
    return db.scalar("SELECT 1 FROM blob WHERE sha256 = :s", s=sha256) is not None


def keep_blob(db: Database, sha256: str, content: bytes) -> None:
    """The content once: a file already in the store is not stored again. On a
    shared server another school's copy may be there unseen (row-level
    security), so a clash on the key is the same file, not an error."""
    if has_blob(db, sha256):
        return
    if db.dialect == "postgresql":  # the owner's function (store/policies.py): the row may be unseen here
        db.scalar("SELECT campaign_keep_blob(:s, :c, :n)", s=sha256, c=content, n=len(content))
    else:
        db.insert_row("blob", {"sha256": sha256, "content": content, "size": len(content)})


def content(db: Database, sha256: str) -> bytes:
    value: Any = db.scalar("SELECT content FROM blob WHERE sha256 = :s", s=sha256)
    return bytes(value) if value is not None else b""


def drop_unused_blob(db: Database, sha256: str) -> None:
    """A blob no evidence row uses, and no removed row in the history could
    bring back, leaves the store (an attachment taken back by undo)."""
    if db.scalar("SELECT 1 FROM evidence WHERE sha256 = :s LIMIT 1", s=sha256) is not None:
        return
    if db.scalar("SELECT 1 FROM event WHERE entity = 'evidence' AND field = 'removed' AND undo LIKE :pattern "
                 "LIMIT 1", pattern=f"%{sha256}%") is not None:
        return
    db.execute("DELETE FROM blob WHERE sha256 = :s", s=sha256)
