"""`campaign undo`: take back the actor's last command, as the history recorded it.

Every write command has a row in `command` and its events point at it. An
update is reversed from the column's old value, a creation by removing the
row, a removal by putting the whole row back. A command is refused when a
later command (not itself undone) built on what it changed. The task
tally follows each task row put back, removed or changed (store/task_tally.py);
undoing `init` takes the campaign's tally with it (ON DELETE CASCADE).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions.history import Change
from campaign_cli.domain.records import Campaign
from campaign_cli.errors import UserError
from campaign_cli.store import task_tally
from campaign_cli.store.database import Database

RECENT = 20
# Columns that hold dates: JSON keeps them as text, a server wants dates.
_DATE_COLUMNS = frozenset({"deadline", "created_on", "found_on", "resolved_on", "verified_on", "done_on",
                           "started_on", "held_on", "starts_on", "ends_on", "submitted_on", "due",
                           "added_on"})


@dataclass(frozen=True)
class Command:
    id: int
    at: str
    actor: str
    name: str
    changes: int
    undone_by: int | None = None
    undoes: int | None = None

    def as_json(self) -> dict[str, Any]:
        from campaign_cli.reports.ledger import local_time

        return {"id": self.id, "command": self.name, "at": local_time(self.at), "actor": self.actor,
                "changes": self.changes, "undone": self.undone_by is not None, "undoes": self.undoes}


@dataclass(frozen=True)
class Planned:
    command: Command
    events: list[dict[str, Any]]

    @property
    def count(self) -> int:
        return len(self.events)


_COMMANDS = ("SELECT c.id, c.at, c.actor, c.name, c.undone_by, c.undoes, "
             "(SELECT COUNT(*) FROM event e WHERE e.command_id = c.id) AS changes FROM command c ")


def _command(row: dict[str, Any]) -> Command:
    return Command(id=row["id"], at=row["at"], actor=row["actor"], name=row["name"],
                   changes=int(row["changes"] or 0), undone_by=row["undone_by"], undoes=row["undoes"])


def recent(db: Database, campaign: Campaign, limit: int = RECENT) -> list[Command]:
    """The last commands of everyone on the campaign, newest first."""
    return [_command(r) for r in db.rows(_COMMANDS + f"WHERE c.campaign_id = :c ORDER BY c.id DESC LIMIT {int(limit)}",
                                         c=campaign.id)]


def last_of(db: Database, campaign: Campaign, actor: str) -> Planned:
    """What `undo` would take back: the actor's last command not yet undone."""
    row = db.one(_COMMANDS + "WHERE c.campaign_id = :c AND c.actor = :a AND c.undone_by IS NULL "
                 "AND c.undoes IS NULL ORDER BY c.id DESC LIMIT 1", c=campaign.id, a=actor)
    if row is None:
        raise UserError("campaign.nothing_to_undo", actor=actor, campaign=campaign.key)
    return Planned(_command(row), _events(db, row["id"]))


def _events(db: Database, command_id: int) -> list[dict[str, Any]]:
    return db.rows("SELECT id, entity, entity_id, problem_id, code, field, old_value, new_value, undo "
                   "FROM event WHERE command_id = :id ORDER BY id", id=command_id)


def _blocker(db: Database, campaign: Campaign, planned: Planned) -> dict[str, Any] | None:
    """The first later command, not undone, that touched what this one changed."""
    if not planned.events:
        return None
    touched = {(e["entity"], e["entity_id"]) for e in planned.events}
    created_problems = {e["entity_id"] for e in planned.events if e["entity"] == "problem" and e["field"] == "created"}
    last = planned.events[-1]["id"]
    for row in db.iter_rows(
            "SELECT e.entity, e.entity_id, e.problem_id, c.name, c.actor, c.at FROM event e "
            "JOIN command c ON c.id = e.command_id WHERE e.campaign_id = :c AND e.id > :last "
            "AND c.undone_by IS NULL AND c.undoes IS NULL ORDER BY e.id", c=campaign.id, last=last):
        if (row["entity"], row["entity_id"]) in touched or row["problem_id"] in created_problems:
            return row
    return None


# What may still point at a row this command created: (table, column).
_REFERENCES = {
    "unit": (("activity", "unit_id"), ("task", "department_id"), ("responsibility", "department_id"),
             ("unit", "parent_id"), ("member", "unit_id")),
    "phase": (("activity", "phase_id"), ("task", "phase_id"), ("problem", "phase_id")),
    "activity": (("problem", "source_activity_id"), ("attendance", "activity_id")),
    "member": (("attendance", "member_id"),),
    "problem": (("task", "problem_id"), ("responsibility", "problem_id"), ("recheck", "problem_id")),
    "task": (("evidence", "task_id"),),
}


def _still_used(db: Database, table: str, row_id: int, created: set[tuple[str, int]]) -> bool:
    for other, column in _REFERENCES.get(table, ()):
        for ref in db.rows(f"SELECT id FROM {other} WHERE {column} = :id", id=row_id):
            if (other, ref["id"]) not in created:
                return True
    return False


def _value(column: str, value: Any) -> Any:
    if column in _DATE_COLUMNS and isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def undo(act: Act, command_id: int) -> Outcome[Command]:
    campaign = act.campaign
    assert campaign is not None
    with writing(act) as w:
        row = w.db.one(_COMMANDS + "WHERE c.id = :id AND c.campaign_id = :c", id=command_id, c=campaign.id)
        if row is None or row["undone_by"] is not None:
            raise UserError("campaign.nothing_to_undo", actor=act.actor, campaign=campaign.key)
        planned = Planned(_command(row), _events(w.db, command_id))
        blocker = _blocker(w.db, campaign, planned)
        if blocker is not None:
            raise UserError("campaign.undo_blocked", command=planned.command.name, later=blocker["name"],
                            actor=blocker["actor"])
        created = {(e["entity"], e["entity_id"]) for e in planned.events if e["field"] == "created"}
        if ("campaign", campaign.id) in created:
            # Undoing `init`: the campaign goes, and its history with it.
            w.db.execute("DELETE FROM campaign WHERE id = :id", id=campaign.id)
            return w.outcome(planned.command)
        moved_phases = False
        for event in reversed(planned.events):
            # A row it created goes once the later changes are taken back; if
            # something else still points at it, the whole undo is refused.
            if event["field"] == "created" and _still_used(w.db, event["entity"], event["entity_id"], created):
                raise UserError("campaign.undo_in_use", command=planned.command.name, entity=event["entity"])
            moved_phases |= _reverse(w, event)
        if moved_phases:  # seqs went through negatives to stay unique
            w.db.execute("UPDATE phase SET seq = -seq WHERE campaign_id = :c AND seq < 0", c=campaign.id)
        w.db.execute("UPDATE command SET undoes = :x WHERE id = :id", x=command_id, id=w.command_id)
        w.db.execute("UPDATE command SET undone_by = :u WHERE id = :id", u=w.command_id, id=command_id)
    return w.outcome(planned.command)


def _reverse(w: Write, event: dict[str, Any]) -> bool:
    """Take back one change and record that in the history; True when a phase's seq moved."""
    table, row_id = event["entity"], event["entity_id"]
    data = json.loads(event["undo"]) if event["undo"] else {}
    where = {"code": event["code"], "problem_id": event["problem_id"]}
    if event["field"] == "created":
        sha = w.db.scalar("SELECT sha256 FROM evidence WHERE id = :id", id=row_id) if table == "evidence" else None
        with task_tally.changing(w.db, task_tally.affected_by_delete(w.db, table, row_id)):
            w.db.execute(f"DELETE FROM {table} WHERE id = :id", id=row_id)
        w.record(Change(table, row_id, "removed", event["new_value"], None, **where))
        if sha is not None:
            from campaign_cli.store import evidence

            evidence.drop_unused_blob(w.db, sha)
        return False
    if event["field"] == "removed":
        values = {k: _value(k, v) for k, v in data["row"].items()}
        with task_tally.changing(w.db, [row_id] if table == "task" else []):
            w.db.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})",
                         **values)
        w.record(Change(table, row_id, "created", None, event["old_value"], **where))
        return False
    if "setting" in data:
        w.db.execute("DELETE FROM setting WHERE campaign_id = :c AND key = :k", c=w.campaign_id, k=data["setting"])
        if data["old"] is not None:
            w.db.insert("setting", {"campaign_id": w.campaign_id, "key": data["setting"], "value": data["old"]})
    elif "column" in data:
        column, old = data["column"], _value(data["column"], data["old"])
        moved = table == "phase" and column == "seq"
        with task_tally.changing(w.db, [row_id] if table == "task" and column in task_tally.TALLIED else []):
            w.db.update(table, row_id, **{column: -old if moved else old})
        w.record(Change(table, row_id, event["field"], event["new_value"], event["old_value"], **where))
        return moved
    w.record(Change(table, row_id, event["field"], event["new_value"], event["old_value"], **where))
    return False
