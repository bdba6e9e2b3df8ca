"""The one write layer: every change to the store goes through an action.

An action opens the command's one transaction (`writing`), applies the
domain rules, writes the rows through `Write` — which records each change
in the history with the command's id, so `undo` can take the command back —
and returns what it wrote with its notices (`Outcome`). One module per
concept: problems, tasks, activities, units, phases, campaigns, imports, undo.
`Write` also keeps the task tally (store/task_tally.py) in step with every
task row it inserts, changes or deletes.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, Iterator, TypeVar

from campaign_cli.actions.history import Change, event_row
from campaign_cli.domain.records import Campaign
from campaign_cli.store import task_tally
from campaign_cli.store.campaigns import now_text
from campaign_cli.store.database import Database

T = TypeVar("T")


@dataclass(frozen=True)
class Act:
    """Who acts, when, on which store, and the command as typed."""

    db: Database
    actor: str
    today: date
    command: str
    campaign: Campaign | None = None


@dataclass(frozen=True)
class Notice:
    """Something to tell the user on stderr: a message key and its values."""

    key: str
    params: dict[str, Any]


@dataclass
class Outcome(Generic[T]):
    value: T
    campaign: str | None
    notices: list[Notice] = field(default_factory=list)
    changes: int = 0


class Write:
    """One command's writes inside its transaction."""

    def __init__(self, act: Act, campaign: Campaign | None) -> None:
        self.db = act.db
        self.act = act
        self.campaign = campaign
        self.actor = act.actor
        self.today = act.today
        self.at = now_text()
        self.notices: list[Notice] = []
        self.changes = 0
        self._command_id: int | None = None

    @property
    def campaign_id(self) -> int:
        assert self.campaign is not None, "this write needs a campaign"
        return self.campaign.id

    @property
    def command_id(self) -> int:
        """The command's row, made with its first change."""
        if self._command_id is None:
            self._command_id = self.db.insert("command", {
                "campaign_id": self.campaign_id, "at": self.at, "actor": self.actor,
                "name": self.act.command})
        return self._command_id

    def notice(self, key: str, **params: Any) -> None:
        self.notices.append(Notice(key, params))

    def record(self, change: Change) -> None:
        self.db.insert("event", event_row(change, campaign_id=self.campaign_id, actor=self.actor, at=self.at,
                                          command_id=self.command_id, day=self.today))
        self.changes += 1

    def insert(self, table: str, values: dict[str, Any], *, code: str | None = None,
               problem_id: int | None = None, shown: Any = None) -> int:
        """A new row of `table`, recorded as created (undo removes it)."""
        row_id = self.db.insert(table, values)
        if table == "task":
            task_tally.apply(self.db, {}, task_tally.of_tasks(self.db, [row_id]))
        self.record(Change(table, row_id, "created", None, shown, code=code,
                           problem_id=problem_id if table != "problem" else row_id))
        return row_id

    def set(self, table: str, row_id: int, column: str, old: Any, new: Any, *, field_name: str | None = None,
            code: str | None = None, problem_id: int | None = None, shown: tuple[Any, Any] | None = None) -> bool:
        """Change one column when its value differs; the history shows
        `shown` (old, new as the user knows them) or the values themselves."""
        if old == new:
            return False
        if table == "task" and column in task_tally.TALLIED:
            with task_tally.changing(self.db, [row_id]):
                self.db.update(table, row_id, **{column: new})
        else:
            self.db.update(table, row_id, **{column: new})
        old_text, new_text = shown if shown is not None else (old, new)
        self.record(Change(table, row_id, field_name or column, old_text, new_text, code=code,
                           problem_id=problem_id, undo={"column": column, "old": _raw(old)}))
        return True

    def remove(self, table: str, row_id: int, *, code: str | None = None, problem_id: int | None = None,
               shown: Any = None, reason: str | None = None) -> None:
        """Delete a row, keeping the whole of it in the history (undo puts it back)."""
        row = self.db.one(f"SELECT * FROM {table} WHERE id = :id", id=row_id)
        assert row is not None
        with task_tally.changing(self.db, task_tally.affected_by_delete(self.db, table, row_id)):
            self.db.delete(table, row_id)
        self.record(Change(table, row_id, "removed", shown, reason, code=code, problem_id=problem_id,
                           undo={"row": {k: _raw(v) for k, v in row.items()}}))

    def setting(self, key: str, value: str | None) -> bool:
        """A campaign setting; the change is in the campaign's history."""
        old = self.db.scalar("SELECT value FROM setting WHERE campaign_id = :c AND key = :k",
                             c=self.campaign_id, k=key)
        if old == value:
            return False
        self.db.execute("DELETE FROM setting WHERE campaign_id = :c AND key = :k", c=self.campaign_id, k=key)
        if value is not None:
            self.db.insert("setting", {"campaign_id": self.campaign_id, "key": key, "value": value})
        self.record(Change("campaign", self.campaign_id, key, old, value, undo={"setting": key, "old": old}))
        return True

    def outcome(self, value: T) -> Outcome[T]:
        return Outcome(value, self.campaign.key if self.campaign else None, self.notices, self.changes)


@contextmanager
def writing(act: Act, campaign: Campaign | None = None) -> Iterator[Write]:
    """The command's one transaction: everything or nothing is written."""
    with act.db.transaction():
        yield Write(act, campaign if campaign is not None else act.campaign)


def _raw(value: Any) -> Any:
    """A column value as JSON keeps it (dates as ISO text)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
