"""What a bulk ledger import needs from the store: what it would add
(problems not already there, departments not yet known, the codes they would
get) and, for a large import, dropping the plain indexes to rebuild them in
one pass. The writing itself is `actions.imports`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from campaign_cli.store.database import Database

if TYPE_CHECKING:
    from campaign_cli.importers.ledger import LedgerProblem


@dataclass
class BulkPlan:
    problems: list["LedgerProblem"]
    skipped: list["LedgerProblem"]  # titles the campaign already holds
    new_units: list[str]
    first_problem_no: int
    first_task_no: int
    responsibilities: int | None = None  # set by the import that wrote them (None: not written)

    @property
    def tasks(self) -> int:
        return sum(len(p.tasks) for p in self.problems)


def existing_titles(db: Database, campaign_id: int) -> set[str]:
    return {r["title"] for r in db.rows("SELECT title FROM problem WHERE campaign_id = :c", c=campaign_id)}


def plan(db: Database, campaign_id: int, ledger_problems: list["LedgerProblem"]) -> BulkPlan:
    """What an import would add: the problems not already in the campaign
    (by title), the departments not yet known, the codes they would get."""
    titles = existing_titles(db, campaign_id)
    fresh = [p for p in ledger_problems if p.title not in titles]
    skipped = [p for p in ledger_problems if p.title in titles]
    known = {r["name"] for r in db.rows("SELECT name FROM unit WHERE campaign_id = :c", c=campaign_id)}
    new_units: dict[str, None] = {}
    for problem in fresh:
        names = [r.department for r in getattr(problem, "responsibilities", ())] + [t.department for t in problem.tasks]
        for name in names:
            if name and name not in known:
                new_units.setdefault(name, None)
    head = db.one("SELECT next_problem_no, next_task_no FROM campaign WHERE id = :c", c=campaign_id)
    assert head is not None
    return BulkPlan(fresh, skipped, list(new_units), int(head["next_problem_no"]), int(head["next_task_no"]))


# Below this many tasks, keeping the indexes up to date row by row is cheap.
BULK_REBUILD_MIN_TASKS = 10_000
_BULK_TABLES = ("problem", "responsibility", "task", "event")


def drop_indexes_for_bulk(db: Database, new_tasks: int) -> list[str]:
    """For an import larger than what the store holds, SQLite builds each
    index faster in one sorted pass at the end than entry by entry: drop the
    plain (non-unique) indexes now and return the statements that rebuild
    them. It all happens inside the import's transaction, so a failure or a
    kill leaves the indexes exactly as they were."""
    if new_tasks < BULK_REBUILD_MIN_TASKS:
        return []
    if int(db.scalar("SELECT COUNT(*) FROM task")) > new_tasks:
        return []
    marks = ", ".join(f"'{t}'" for t in _BULK_TABLES)
    found = db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                    f"AND tbl_name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%'")
    for index in found:
        db.execute(f'DROP INDEX "{index["name"]}"')
    return [index["sql"] for index in found]
