"""How a change is described in the history: one builder for every write.

`Write` inserts one event per change as it happens; the bulk ledger import
builds the same rows for thousands of changes and inserts them together —
one way to describe a change, two ways to insert it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    entity: str  # problem | task | responsibility | activity | unit | phase | campaign
    entity_id: int
    field: str  # created | removed | a field name
    old: Any = None
    new: Any = None
    code: str | None = None
    problem_id: int | None = None
    # What undo needs beyond old/new: {"column", "old"} of an update, {"row"}
    # of a removal, {"setting", "old"} of a setting; nothing for a creation.
    undo: dict[str, Any] | None = None


def text(value: Any) -> str | None:
    """A value as the history shows it."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def event_row(change: Change, *, campaign_id: int, actor: str, at: str, command_id: int | None,
              day: Any = None) -> dict[str, Any]:
    """An event row; `day` is the command's "today", by which reports date the change."""
    return {"day": day,
        "campaign_id": campaign_id, "at": at, "actor": actor, "entity": change.entity,
        "entity_id": change.entity_id, "problem_id": change.problem_id, "code": change.code,
        "field": change.field, "old_value": text(change.old), "new_value": text(change.new),
        "command_id": command_id,
        "undo": None if change.undo is None else json.dumps(change.undo, ensure_ascii=False, separators=(",", ":")),
    }


def who(owner: str | None, department: str | None) -> str:
    """A responsibility as its creation event shows it."""
    return f"{owner or ''} ({department})" if department else (owner or "")


INSERT_SQL = (
    "INSERT INTO event (campaign_id, at, actor, entity, entity_id, problem_id, code, field, old_value, "
    "new_value, command_id, undo, day) VALUES (:campaign_id, :at, :actor, :entity, :entity_id, :problem_id, "
    ":code, :field, :old_value, :new_value, :command_id, :undo, :day)")
