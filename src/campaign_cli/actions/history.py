"""How a change is described in the history: one builder for every write.

`Write` inserts one event per change as it happens; the bulk ledger import
builds the same rows for thousands of changes and inserts them together —
one way to describe a change (`event_values`), two ways to insert it.
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
    if value is None or value.__class__ is str:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def undo_text(undo: dict[str, Any] | None) -> str | None:
    """What undo needs, as the event's `undo` column holds it."""
    return None if undo is None else json.dumps(undo, ensure_ascii=False, separators=(",", ":"))


# The columns of an event row, in the order `event_values` gives them.
EVENT_COLUMNS = ("campaign_id", "at", "actor", "entity", "entity_id", "problem_id", "code", "field", "old_value",
                 "new_value", "command_id", "undo", "day")


def event_values(entity: str, entity_id: int, field: str, old: Any, new: Any, code: str | None,
                 problem_id: int | None, undo: str | None, head: tuple[int, str, str, int | None, Any]) -> tuple:
    """An event row as a tuple in EVENT_COLUMNS order: the one description of
    a change in the history. `undo` is `undo_text` of the change's undo;
    `head` is what every event of one command shares: (campaign id, at,
    actor, command id, day), `day` the command's "today", by which reports
    date the change. The bulk import calls it without making a `Change`."""
    campaign_id, at, actor, command_id, day = head
    return (campaign_id, at, actor, entity, entity_id, problem_id, code, field, text(old), text(new), command_id,
            undo, day)


def event_row(change: Change, *, campaign_id: int, actor: str, at: str, command_id: int | None,
              day: Any = None) -> dict[str, Any]:
    """An event row as a dict of its columns; `day` is the command's "today"."""
    return dict(zip(EVENT_COLUMNS, event_values(
        change.entity, change.entity_id, change.field, change.old, change.new, change.code, change.problem_id,
        undo_text(change.undo), (campaign_id, at, actor, command_id, day))))


def who(owner: str | None, department: str | None) -> str:
    """A responsibility as its creation event shows it."""
    return f"{owner or ''} ({department})" if department else (owner or "")


INSERT_SQL = (
    "INSERT INTO event (campaign_id, at, actor, entity, entity_id, problem_id, code, field, old_value, "
    "new_value, command_id, undo, day) VALUES (:campaign_id, :at, :actor, :entity, :entity_id, :problem_id, "
    ":code, :field, :old_value, :new_value, :command_id, :undo, :day)")
