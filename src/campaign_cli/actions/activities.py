"""Activities: add, edit, remove, and the cadence a campaign expects."""

from __future__ import annotations

from datetime import date
from typing import Any

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions import units as unit_actions
from campaign_cli.domain import activities as rules
from campaign_cli.domain import vocabulary
from campaign_cli.domain.text import optional_block
from campaign_cli.errors import UserError
from campaign_cli.store import activities, phases

_UNSET: Any = object()


def _phase_id(w: Write, seq: int) -> int:
    found = phases.by_seq(w.db, w.campaign_id, seq)
    if found is None:
        raise UserError("phase.unknown", seq=seq)
    return found.id


def find_activity(w: Write, activity_id: int) -> dict[str, Any]:
    row = activities.by_id(w.db, w.campaign_id, activity_id)
    if row is None:
        raise UserError("activity.unknown", id=activity_id)
    return row



def add(act: Act, title: str, *, kind: str, target: str | None, held_on: date, unit: str | None = None,
        participants: int | None = None, phase: int | None = None, notes: str | None = None,
        attendance: dict[str, str] | None = None) -> Outcome[int]:
    """A new activity; with `attendance` (name → present/absent/leave, names
    of its unit's members) its participants are the present count."""
    title = rules.check_title(title)
    kind_key, target_key = rules.kind_and_target(kind, target)
    participants = rules.check_participants(participants)
    with writing(act) as w:
        phase_id = _phase_id(w, phase) if phase is not None else None
        unit_id = unit_actions.resolve(w, unit, "branch").id if unit else None
        new_id = w.insert("activity", {
            "campaign_id": w.campaign_id, "kind": kind_key, "title": title, "held_on": held_on,
            "phase_id": phase_id, "unit_id": unit_id, "participants": participants, "target": target_key,
            "notes": optional_block(notes), "created_at": w.at, "created_on": w.today}, shown=title)
        if attendance:
            from campaign_cli.actions import members

            members.apply(w, find_activity(w, new_id), attendance, participants)
    return w.outcome(new_id)


def edit(act: Act, activity_id: int, *, title: str | None = None, kind: str | None = None,
         target: str | None = None, held_on: date | None = None, unit: str | None = None,
         participants: int | None = None, phase: int | None = None, notes: str | None = None) -> Outcome[int]:
    with writing(act) as w:
        row = find_activity(w, activity_id)

        def change(column: str, new: Any, field_name: str | None = None, shown: tuple[Any, Any] | None = None) -> None:
            w.set("activity", activity_id, column, row[column], new, field_name=field_name, shown=shown)

        if title is not None:
            change("title", rules.check_title(title))
        if participants is not None:
            from campaign_cli.store import members

            recorded = members.attendance_of(w.db, activity_id)
            if recorded and participants != sum(1 for r in recorded if r["status"] == "present"):
                raise UserError("member.participants_recorded", id=activity_id,
                                present=sum(1 for r in recorded if r["status"] == "present"))
            change("participants", rules.check_participants(participants))
        if held_on is not None:
            change("held_on", held_on, shown=(str(row["held_on"])[:10], held_on))
        if notes is not None:
            change("notes", optional_block(notes))
        if kind is not None or target is not None:
            new_kind = vocabulary.kind_key(kind) if kind is not None else row["kind"]
            if target is not None:
                new_target = target  # an empty --target "" clears it
            elif new_kind == rules.RESEARCH:
                new_target = row["target"]
            else:  # no longer a research visit: it has no target
                new_target = None
                if row["target"]:
                    w.notice("activity.target_dropped", target=row["target"])
            new_kind, target_key = rules.kind_and_target(new_kind, new_target)
            change("kind", new_kind)
            change("target", target_key)
        if phase is not None:
            new_phase = _phase_id(w, phase) if phase else None
            change("phase_id", new_phase, field_name="phase",
                   shown=(phases.seq_of(w.db, row["phase_id"]), phases.seq_of(w.db, new_phase)))
        if unit is not None:
            new_unit = unit_actions.resolve(w, unit, "branch").id if unit.strip() else None
            change("unit_id", new_unit, field_name="unit", shown=(row["unit"], unit_actions.name_of(w, new_unit)))
        if not w.changes:
            raise UserError("activity.nothing_to_change")
    return w.outcome(activity_id)


def remove(act: Act, activity_id: int, *, force: bool = False) -> Outcome[dict[str, Any]]:
    """Remove an activity; the problems it produced keep their place but lose
    the link (only with --force), each change in their history."""
    with writing(act) as w:
        row = find_activity(w, activity_id)
        cited = activities.problems_of(w.db, w.campaign_id, activity_id)
        if cited and not force:
            raise UserError("activity.cited", id=activity_id, codes="、".join(p["code"] for p in cited))
        for problem in cited:
            w.set("problem", problem["id"], "source_activity_id", activity_id, None, field_name="source_activity",
                  code=problem["code"], problem_id=problem["id"])
        from campaign_cli.store import members

        # Its attendance goes first, each row kept in the history, so undo puts it back.
        for attendance_id in members.attendance_ids(w.db, activity_id):
            w.remove("attendance", attendance_id)
        w.remove("activity", activity_id, shown=row["title"])
    return w.outcome({"row": row, "unlinked": [p["code"] for p in cited]})


def set_cadence(act: Act, kind: str, per_month: int) -> Outcome[None]:
    key = vocabulary.kind_key(kind)
    per_month = rules.check_per_month(per_month)
    with writing(act) as w:
        from campaign_cli.store import campaigns

        current = rules.parse_cadence(campaigns.settings(w.db, w.campaign_id).cadence)
        current.pop(key, None)
        if per_month:
            current[key] = per_month
        w.setting(rules.CADENCE_SETTING, rules.format_cadence(current) or None)
    return w.outcome(None)


def import_activities(act: Act, items: list[Any]) -> Outcome[int]:
    """An activity record sheet's rows (importers.ledger.LedgerActivity), in
    one transaction; branches named for the first time are registered. A
    research row has no target on such sheets, so it is written as `other`
    with a notice rather than refused."""
    with writing(act) as w:
        for item in items:
            kind = item.kind
            if kind == rules.RESEARCH:
                kind = "other"
                w.notice("activity.import_research_as_other", row=item.row)
            unit_id = unit_actions.resolve(w, item.unit, "branch").id if item.unit else None
            extra = [f"{label}：{value}" for label, value in (("应到", item.expected), ("主持人", item.host),
                                                              ("地点", item.location)) if value not in (None, "")]
            notes = "\n".join([*extra, *([item.notes] if item.notes else [])]) or None
            w.insert("activity", {
                "campaign_id": w.campaign_id, "kind": kind, "title": rules.check_title(item.title),
                "held_on": item.date, "phase_id": None, "unit_id": unit_id,
                "participants": rules.check_participants(item.participants), "target": None,
                "notes": optional_block(notes), "created_at": w.at, "created_on": w.today}, shown=item.title)
    return w.outcome(len(items))
