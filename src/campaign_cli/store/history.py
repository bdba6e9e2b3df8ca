"""The append-only history of changes (the event table)."""

from __future__ import annotations

from typing import Any

from campaign_cli.store.campaigns import now_text
from campaign_cli.store.database import Database


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(db: Database, *, campaign_id: int, actor: str, entity: str, entity_id: int,
           field: str, old: Any = None, new: Any = None, code: str | None = None,
           problem_id: int | None = None, at: str | None = None) -> None:
    db.insert("event", {
        "campaign_id": campaign_id, "at": at or now_text(), "actor": actor,
        "entity": entity, "entity_id": entity_id, "problem_id": problem_id, "code": code,
        "field": field, "old_value": _text(old), "new_value": _text(new),
    })
