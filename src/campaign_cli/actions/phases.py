"""Phases: add, edit (window, title, kinds), remove, move, and a plan's phases."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.domain.plan_merge import CHANGED, NEW, PhaseChange
from campaign_cli.domain.records import Phase
from campaign_cli.domain.text import clean_line, optional_block
from campaign_cli.errors import UserError
from campaign_cli.store import phases

# What a phase may be for (SPEC §1): the activity kinds, and `problems`.
PROBLEMS = "problems"


def check_kinds(words: Sequence[str]) -> tuple[str, ...]:
    from campaign_cli.domain.vocabulary import kind_key

    keys: list[str] = []
    for word in words:
        word = word.strip()
        if not word:
            continue
        key = PROBLEMS if word.lower() in (PROBLEMS, "problem", "问题", "整改", "问题整改") else kind_key(word)
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _window(start: date | None, end: date) -> None:
    if start and start > end:
        raise UserError("phase.start_after_end", start=start, end=end)


def _find(w: Write, seq: int) -> Phase:
    found = phases.by_seq(w.db, w.campaign_id, seq)
    if found is None:
        raise UserError("phase.unknown", seq=seq)
    return found


def _title(title: str) -> str:
    text = clean_line(title).strip()
    if not text:
        raise UserError("phase.title_empty")
    return text


def _insert(w: Write, *, title: str, start: date | None, end: date, notes: str | None = None,
            as_written: str | None = None, kinds: Sequence[str] = ()) -> Phase:
    seq = phases.next_seq(w.db, w.campaign_id)
    w.insert("phase", {"campaign_id": w.campaign_id, "seq": seq, "title": title, "starts_on": start,
                       "ends_on": end, "notes": notes, "as_written": as_written,
                       "kinds": ",".join(kinds) or None}, code=str(seq), shown=title)
    found = phases.by_seq(w.db, w.campaign_id, seq)
    assert found is not None
    return found


def add(act: Act, title: str, *, end: date, start: date | None = None, notes: str | None = None,
        kinds: Sequence[str] = ()) -> Outcome[Phase]:
    title = _title(title)
    _window(start, end)
    with writing(act) as w:
        phase = _insert(w, title=title, start=start, end=end, notes=optional_block(notes), kinds=check_kinds(kinds))
    return w.outcome(phase)


def edit(act: Act, seq: int, *, title: str | None = None, start: date | None = None, no_start: bool = False,
         end: date | None = None, notes: str | None = None, kinds: Sequence[str] | None = None) -> Outcome[Phase]:
    with writing(act) as w:
        phase = _find(w, seq)
        new_start = None if no_start else (start if start is not None else phase.start)
        new_end = end if end is not None else phase.end
        _window(new_start, new_end)
        code = str(seq)
        if title is not None:
            w.set("phase", phase.id, "title", phase.title, _title(title), code=code)
        w.set("phase", phase.id, "starts_on", phase.start, new_start, field_name="start", code=code)
        w.set("phase", phase.id, "ends_on", phase.end, new_end, field_name="end", code=code)
        if notes is not None:
            w.set("phase", phase.id, "notes", phase.notes, optional_block(notes), code=code)
        if kinds is not None:
            w.set("phase", phase.id, "kinds", ",".join(phase.kinds) or None, ",".join(check_kinds(kinds)) or None,
                  code=code)
        if not w.changes:
            raise UserError("phase.nothing_to_change")
        changed = _find(w, seq)
    return w.outcome(changed)


def _renumber(w: Write, order: list[Phase]) -> None:
    """Give the phases of `order` the numbers 1, 2, … in that order. Seqs
    are unique in a campaign, so every moved phase passes through a
    negative number first."""
    moving = [(p, n) for n, p in enumerate(order, start=1) if p.seq != n]
    for phase, n in moving:
        w.db.update("phase", phase.id, seq=-n)
    for phase, n in moving:
        w.set("phase", phase.id, "seq", phase.seq, n, code=str(n))


def remove(act: Act, seq: int) -> Outcome[Phase]:
    """Remove a phase and close the gap in the numbering; activities and
    tasks pinned to it fall back to their dates."""
    with writing(act) as w:
        phase = _find(w, seq)
        for table, label in (("activity", None), ("task", "code"), ("problem", "code")):
            for row in w.db.rows(f"SELECT id{', code' if label else ''} FROM {table} WHERE phase_id = :p", p=phase.id):
                w.set(table, row["id"], "phase_id", phase.id, None, field_name="phase", code=row.get("code"),
                      problem_id=row["id"] if table == "problem" else None, shown=(seq, None))
        w.remove("phase", phase.id, code=str(seq), shown=phase.title)
        _renumber(w, phases.all_phases(w.db, w.campaign_id))
    return w.outcome(phase)


def move(act: Act, seq: int, *, to: int) -> Outcome[list[Phase]]:
    with writing(act) as w:
        phase = _find(w, seq)
        order = [p for p in phases.all_phases(w.db, w.campaign_id) if p.id != phase.id]
        if not 1 <= to <= len(order) + 1:
            raise UserError("phase.bad_position", to=to, count=len(order) + 1)
        order.insert(to - 1, phase)
        _renumber(w, order)
        moved = phases.all_phases(w.db, w.campaign_id)
    return w.outcome(moved)


def apply_plan(w: Write, changes: Sequence[PhaseChange]) -> None:
    """A plan's phases: update those it names again (by title), add the rest."""
    for change in changes:
        if change.end is None:
            continue
        kinds = tuple(change.kinds)
        if change.action == NEW:
            _insert(w, title=_title(change.title), start=change.start, end=change.end,
                    as_written=clean_line(change.as_written or "") or None, kinds=kinds)
        elif change.action == CHANGED and change.existing is not None:
            old, code = change.existing, str(change.existing.seq)
            w.set("phase", old.id, "starts_on", old.start, change.start, field_name="start", code=code)
            w.set("phase", old.id, "ends_on", old.end, change.end, field_name="end", code=code)
            w.set("phase", old.id, "as_written", old.as_written, clean_line(change.as_written or "") or None, code=code)
            w.set("phase", old.id, "kinds", ",".join(old.kinds) or None, ",".join(kinds) or None, code=code)


def import_plan(act: Act, changes: Sequence[PhaseChange]) -> Outcome[int]:
    with writing(act) as w:
        apply_plan(w, changes)
    return w.outcome(sum(1 for c in changes if c.end is not None and c.action in (NEW, CHANGED)))
