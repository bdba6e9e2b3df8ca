"""Importing a plan again updates phases by title instead of duplicating
them: what would change, decided without the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from campaign_cli.domain.records import Phase

NEW, CHANGED, SAME = "new", "changed", "same"


@dataclass(frozen=True)
class PhaseChange:
    action: str  # new | changed | same
    title: str
    start: date | None
    end: date | None
    as_written: str
    kinds: tuple[str, ...]
    existing: Phase | None = None
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)  # name -> (old, new)


def _key(title: str) -> str:
    return "".join(title.split())


def plan_changes(existing: Sequence[Phase], found: Sequence) -> list[PhaseChange]:
    """`found` are PlanPhase items (title, start, end, as_written, kinds)."""
    by_title = {_key(p.title): p for p in existing}
    changes = []
    for item in found:
        kinds = tuple(item.kinds)
        old = by_title.get(_key(item.title))
        if old is None:
            changes.append(PhaseChange(NEW, item.title, item.start, item.end, item.as_written, kinds))
            continue
        fields = {}
        for name, before, after in (("start", old.start, item.start), ("end", old.end, item.end),
                                    ("as_written", old.as_written or "", item.as_written or ""),
                                    ("kinds", old.kinds, kinds)):
            if before != after:
                fields[name] = (before, after)
        changes.append(PhaseChange(CHANGED if fields else SAME, item.title, item.start, item.end,
                                   item.as_written, kinds, old, fields))
    return changes
