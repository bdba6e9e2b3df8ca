"""Writing an imported plan's phases: update by title, add the rest."""

from __future__ import annotations

from typing import Sequence

from campaign_cli.domain.plan_merge import CHANGED, NEW, PhaseChange
from campaign_cli.store import phases
from campaign_cli.store.database import Database


def apply_plan(db: Database, campaign_id: int, changes: Sequence[PhaseChange]) -> None:
    with db.transaction():
        for change in changes:
            values = {"starts_on": change.start, "ends_on": change.end,
                      "as_written": change.as_written or None, "kinds": ",".join(change.kinds) or None}
            if change.action == NEW:
                phases.add(db, campaign_id, title=change.title, start=change.start, end=change.end,
                           as_written=values["as_written"], kinds=values["kinds"])
            elif change.action == CHANGED and change.existing is not None:
                phases.update(db, change.existing.id, **values)
