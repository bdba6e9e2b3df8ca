"""Units (branches and departments): add, edit, rename, merge, remove, and
the one look-up that registers a unit the first time a write names it."""

from __future__ import annotations

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.domain.names import close_matches, normalise_name
from campaign_cli.domain.records import Unit
from campaign_cli.domain.units import check_members
from campaign_cli.errors import UserError
from campaign_cli.store import units


def find(w: Write, name: str) -> Unit:
    """An existing unit by name; unknown is an error."""
    found = units.by_name(w.db, w.campaign_id, normalise_name(name or ""))
    if found is None:
        raise UserError("unit.unknown", name=name)
    return found


def resolve(w: Write, name: str, kind: str) -> Unit:
    """The unit named; an unknown name is registered as `kind` with a
    notice, and a "did you mean" when it is close to an existing name."""
    wanted = normalise_name(name)
    if not wanted:
        raise UserError("unit.unknown", name=name)
    found = units.by_name(w.db, w.campaign_id, wanted)
    if found is not None:
        return found
    similar = close_matches(wanted, [u.name for u in units.all_units(w.db, w.campaign_id)])
    w.insert("unit", {"campaign_id": w.campaign_id, "name": wanted, "kind": kind, "members": None,
                      "parent_id": None, "created_on": w.today}, shown=wanted)
    w.notice("unit.registered", kind=kind, name=wanted)
    if similar:
        w.notice("unit.did_you_mean", name=wanted, matches="、".join(similar))
    unit = units.by_name(w.db, w.campaign_id, wanted)
    assert unit is not None
    return unit


def name_of(w: Write, unit_id: int | None) -> str | None:
    return None if unit_id is None else units.name_by_id(w.db, unit_id)


def add(act: Act, name: str, *, kind: str, members: int | None, parent: str | None) -> Outcome[Unit]:
    members = check_members(members)
    name = normalise_name(name)
    if not name:
        raise UserError("unit.unknown", name=name)
    with writing(act) as w:
        if units.by_name(w.db, w.campaign_id, name):
            raise UserError("unit.exists", name=name)
        parent_id = find(w, parent).id if parent else None
        similar = close_matches(name, [u.name for u in units.all_units(w.db, w.campaign_id)])
        w.insert("unit", {"campaign_id": w.campaign_id, "name": name, "kind": kind, "members": members,
                          "parent_id": parent_id, "created_on": w.today}, shown=name)
        if similar:
            w.notice("unit.did_you_mean", name=name, matches="、".join(similar))
        unit = units.by_name(w.db, w.campaign_id, name)
    assert unit is not None
    return w.outcome(unit)


def edit(act: Act, name: str, *, members: int | None = None, kind: str | None = None,
         parent: str | None = None, no_members: bool = False) -> Outcome[Unit]:
    with writing(act) as w:
        unit = find(w, name)
        if members is not None or no_members:
            w.set("unit", unit.id, "members", unit.members, None if no_members else check_members(members),
                  code=unit.name)
        if kind is not None:
            w.set("unit", unit.id, "kind", unit.kind, kind, code=unit.name)
        if parent is not None:
            parent_id = find(w, parent).id if parent.strip() else None
            if parent_id == unit.id:
                raise UserError("unit.parent_self", name=unit.name)
            w.set("unit", unit.id, "parent_id", units.parent_id(w.db, unit.id), parent_id, field_name="parent",
                  code=unit.name, shown=(unit.parent, name_of(w, parent_id)))
        if not w.changes:
            raise UserError("unit.nothing_to_change", name=unit.name)
        changed = units.by_name(w.db, w.campaign_id, unit.name)
    assert changed is not None
    return w.outcome(changed)


def rename(act: Act, old: str, new: str) -> Outcome[Unit]:
    new = normalise_name(new)
    with writing(act) as w:
        unit = find(w, old)
        if not new:
            raise UserError("unit.unknown", name=new)
        if units.by_name(w.db, w.campaign_id, new):
            raise UserError("unit.exists", name=new)
        w.set("unit", unit.id, "name", unit.name, new, code=new)
        renamed = units.by_name(w.db, w.campaign_id, new)
    assert renamed is not None
    return w.outcome(renamed)


# Rows that name a unit: (table, column, what the history calls the field).
REFERENCES = (("activity", "unit_id", "unit"), ("task", "department_id", "department"),
              ("responsibility", "department_id", "department"), ("unit", "parent_id", "parent"))


def merge(act: Act, source: str, target: str) -> Outcome[dict[str, object]]:
    """Point everything that names `source` at `target`, then remove `source`."""
    with writing(act) as w:
        src, dst = find(w, source), find(w, target)
        if src.id == dst.id:
            raise UserError("unit.same")
        moved = _repoint(w, src, dst.id, dst.name)
        moved["members"] = _move_members(w, src, dst)
        # The kept unit now holds the other's past: it counts from the earlier registration.
        if dst.created_on is not None and (src.created_on is None or src.created_on < dst.created_on):
            w.set("unit", dst.id, "created_on", dst.created_on, src.created_on, code=dst.name)
        w.remove("unit", src.id, code=src.name, shown=src.name, reason=f"→ {dst.name}")
    return w.outcome({"merged": src.name, "into": dst, **moved})


def _repoint(w: Write, src: Unit, target_id: int | None, target_name: str | None) -> dict[str, int]:
    moved: dict[str, int] = {}
    names = {"activity": "activities", "task": "tasks", "responsibility": "responsibilities", "unit": "children"}
    for table, column, field_name in REFERENCES:
        rows = units.referring(w.db, table, column, src.id)
        for row in rows:
            w.set(table, row["id"], column, src.id, target_id, field_name=field_name, code=row.get("code"),
                  problem_id=row.get("problem_id"), shown=(src.name, target_name))
        moved[names[table]] = len(rows)
    return moved


def _move_members(w: Write, src: Unit, dst: Unit) -> int:
    """The source's roll joins the target's; one name on both rolls is refused."""
    from campaign_cli.store import members

    moving = members.of_campaign(w.db, w.campaign_id, unit_ids=[src.id], active_only=False)
    for member in moving:
        if members.in_unit(w.db, dst.id, member.name) is not None:
            raise UserError("member.merge_clash", name=member.name, source=src.name, target=dst.name)
        w.set("member", member.id, "unit_id", src.id, dst.id, field_name="unit", shown=(src.name, dst.name))
    return len(moving)


def remove(act: Act, name: str) -> Outcome[Unit]:
    """Remove a unit nothing refers to (else merge it first)."""
    with writing(act) as w:
        unit = find(w, name)
        used = {table: len(units.referring(w.db, table, column, unit.id)) for table, column, _ in REFERENCES}
        from campaign_cli.store import members

        roll = members.of_campaign(w.db, w.campaign_id, unit_ids=[unit.id], active_only=False)
        if roll:
            raise UserError("member.unit_has_members", name=unit.name, count=len(roll))
        if any(used.values()):
            raise UserError("unit.in_use", name=unit.name, activities=used["activity"], tasks=used["task"],
                            responsibilities=used["responsibility"], children=used["unit"])
        w.remove("unit", unit.id, code=unit.name, shown=unit.name)
    return w.outcome(unit)
