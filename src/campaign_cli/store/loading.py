"""Writing a whole campaign document (the JSON export form) into a store.

The demo's document holds only the campaign, settings, units and phases; a
full export adds activities, problems, responsibilities, tasks, events and
the next code numbers, and is restored exactly as exported: the same codes,
dates, creation times and history, adding no events of its own. Rows go in
with `executemany`, in one transaction, the task tally counted after them.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from campaign_cli.domain.records import Campaign
from campaign_cli.store import campaigns, task_tally
from campaign_cli.store.database import Database


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _created(item: dict[str, Any]) -> dict[str, Any]:
    """created_at and created_on as exported; older exports have only the first."""
    at = item.get("created_at") or campaigns.now_text()
    return {"created_at": at, "created_on": item.get("created_on") or at[:10]}


def load_campaign(db: Database, document: dict[str, Any], *, key: str | None = None) -> Campaign:
    """Create the campaign of `document` (under `key` when given) with
    everything it holds, in one transaction."""
    head = document["campaign"]
    with db.transaction():
        campaign = campaigns.create(
            db, key=key or head["key"], title=head["title"], year=int(head["year"]),
            doc_no=head.get("doc_no"), issuer=head.get("issuer"),
            start=_day(head.get("start")), end=_day(head.get("end")))
        restored = {k: head[k] for k in ("created_at", "next_problem_no", "next_task_no") if head.get(k) is not None}
        if restored:
            campaigns.update(db, campaign.id, **restored)
        for name, value in (document.get("settings") or {}).items():
            campaigns.set_setting(db, name, str(value), campaign.id)
        ids = {unit["name"]: db.insert("unit", {"campaign_id": campaign.id, "name": unit["name"], "kind": unit["kind"],
                                                "members": unit.get("members"), "parent_id": None,
                                                "created_on": _day(unit.get("created_on"))})
               for unit in document.get("units", [])}
        for unit in document.get("units", []):
            if unit.get("parent"):
                db.update("unit", ids[unit["name"]], parent_id=ids[unit["parent"]])
        for seq, phase in enumerate(sorted(document.get("phases", []), key=lambda p: p["seq"]), start=1):
            db.insert("phase", {"campaign_id": campaign.id, "seq": seq, "title": phase["title"],
                                "starts_on": _day(phase.get("start")), "ends_on": _day(phase["end"]),
                                "notes": phase.get("notes"), "as_written": phase.get("as_written"),
                                "kinds": ",".join(phase.get("kinds") or []) or None})
        _load_lists(db, campaign.id, document)
    return campaign


def _ids(db: Database, sql: str, campaign_id: int) -> list[int]:
    return [r["id"] for r in db.rows(sql, c=campaign_id)]


def _load_lists(db: Database, campaign_id: int, document: dict[str, Any]) -> None:
    unit_id = {r["name"]: r["id"] for r in db.rows(
        "SELECT id, name FROM unit WHERE campaign_id = :c", c=campaign_id)}
    phase_id = {r["seq"]: r["id"] for r in db.rows(
        "SELECT id, seq FROM phase WHERE campaign_id = :c", c=campaign_id)}

    activity_id = _load_activities(db, campaign_id, document.get("activities", []), unit_id, phase_id)

    problems = document.get("problems", [])
    db.executemany(
        "INSERT INTO problem (campaign_id, number, code, title, detail, category, term, source_activity_id, "
        "found_on, status, resolved_on, verified_on, verified_by, leader, created_at, created_on, submitted_on, "
        "submitted_by) VALUES (:campaign_id, :number, "
        ":code, :title, :detail, :category, :term, :source_activity_id, :found_on, :status, :resolved_on, "
        ":verified_on, :verified_by, :leader, :created_at, :created_on, :submitted_on, :submitted_by)",
        ({"campaign_id": campaign_id, "number": p["number"], "code": p["code"], "title": p["title"],
          "detail": p.get("detail"), "category": p.get("category"), "term": p.get("term") or "short",
          "source_activity_id": activity_id.get(p.get("source_activity")), "found_on": p["found_on"],
          "status": p["status"], "resolved_on": p.get("resolved_on"), "verified_on": p.get("verified_on"),
          "verified_by": p.get("verified_by"), "leader": p.get("leader"), "submitted_on": p.get("submitted_on"),
          "submitted_by": p.get("submitted_by"), **_created(p)}
         for p in problems))
    problem_id = {r["code"]: r["id"] for r in db.rows(
        "SELECT id, code FROM problem WHERE campaign_id = :c", c=campaign_id)}

    responsibilities = sorted(document.get("responsibilities", []), key=lambda r: r["no"])
    db.executemany(
        "INSERT INTO responsibility (problem_id, department_id, owner, role) "
        "VALUES (:problem_id, :department_id, :owner, :role)",
        ({"problem_id": problem_id[r["problem"]], "department_id": unit_id.get(r.get("department")),
          "owner": r.get("owner"), "role": r.get("role") or "lead"} for r in responsibilities))
    new_ids = _ids(db, "SELECT r.id FROM responsibility r JOIN problem q ON q.id = r.problem_id "
                       "WHERE q.campaign_id = :c ORDER BY r.id", campaign_id)
    responsibility_id = {r["no"]: new for r, new in zip(responsibilities, new_ids)}

    db.executemany(
        "INSERT INTO task (campaign_id, number, code, problem_id, measure, owner, department_id, deadline, "
        "status, started_on, done_on, evidence, created_at, created_on) VALUES (:campaign_id, :number, :code, "
        ":problem_id, :measure, :owner, :department_id, :deadline, :status, :started_on, :done_on, "
        ":evidence, :created_at, :created_on)",
        ({"campaign_id": campaign_id, "number": t["number"], "code": t["code"],
          "problem_id": problem_id[t["problem"]], "measure": t["measure"], "owner": t.get("owner"),
          "department_id": unit_id.get(t.get("department")), "deadline": t["deadline"], "status": t["status"],
          "started_on": t.get("started_on"), "done_on": t.get("done_on"), "evidence": t.get("evidence"),
          **_created(t)} for t in document.get("tasks", [])))
    task_id = {r["code"]: r["id"] for r in db.rows(
        "SELECT id, code FROM task WHERE campaign_id = :c", c=campaign_id)}
    task_tally.rebuild(db, campaign_id)  # a new campaign: its tasks counted in one pass

    evidence_id = _load_evidence(db, campaign_id, document, task_id)
    recheck_id = _load_rechecks(db, campaign_id, document, problem_id)

    member_id, attendance_id = _load_members(db, campaign_id, document, unit_id, activity_id)
    refs: dict[str, dict[Any, int]] = {"problem": problem_id, "task": task_id, "activity": activity_id,
                                       "responsibility": responsibility_id, "evidence": evidence_id,
                                       "recheck": recheck_id, "member": member_id, "attendance": attendance_id}
    db.executemany(
        "INSERT INTO event (campaign_id, at, actor, entity, entity_id, problem_id, code, field, old_value, "
        "new_value, day) VALUES (:campaign_id, :at, :actor, :entity, :entity_id, :problem_id, :code, :field, "
        ":old_value, :new_value, :day)",
        # A change to a row since deleted keeps its place in the history with entity_id 0.
        ({"campaign_id": campaign_id, "at": e["at"], "actor": e["actor"], "entity": e["entity"],
          "entity_id": refs.get(e["entity"], {}).get(e.get("ref"), 0), "problem_id": problem_id.get(e.get("problem")),
          "code": e.get("code"), "field": e["field"], "old_value": e.get("old"), "new_value": e.get("new"),
          "day": _day(e.get("day") or e["at"][:10])}
         for e in document.get("events", [])))


def _load_evidence(db: Database, campaign_id: int, document: dict[str, Any],
                   task_id: dict[str, int]) -> dict[Any, int]:
    """The files' content (each once: a store may hold it already), then the evidence rows."""
    from campaign_cli.store import evidence

    for item in document.get("files", []):
        evidence.keep_blob(db, item["sha256"], base64.b64decode(item["content"]))
    rows = sorted(document.get("evidence", []), key=lambda e: e["no"])
    db.executemany(
        "INSERT INTO evidence (campaign_id, task_id, file_name, media_type, size, sha256, added_on, added_by, "
        "created_at) VALUES (:campaign_id, :task_id, :file_name, :media_type, :size, :sha256, :added_on, "
        ":added_by, :created_at)",
        ({"campaign_id": campaign_id, "task_id": task_id[e["task"]], "file_name": e["file_name"],
          "media_type": e.get("media_type") or "application/octet-stream", "size": int(e["size"]),
          "sha256": e["sha256"], "added_on": e["added_on"], "added_by": e.get("added_by") or "",
          "created_at": e.get("created_at") or campaigns.now_text()} for e in rows))
    new_ids = _ids(db, "SELECT id FROM evidence WHERE campaign_id = :c ORDER BY id", campaign_id)
    return {e["no"]: new for e, new in zip(rows, new_ids)}


def _load_rechecks(db: Database, campaign_id: int, document: dict[str, Any],
                   problem_id: dict[str, int]) -> dict[Any, int]:
    rows = sorted(document.get("rechecks", []), key=lambda r: r["no"])
    db.executemany(
        "INSERT INTO recheck (campaign_id, problem_id, due, done_on, result, checked_by, notes, created_at, "
        "created_on) VALUES (:campaign_id, :problem_id, :due, :done_on, :result, :checked_by, :notes, "
        ":created_at, :created_on)",
        ({"campaign_id": campaign_id, "problem_id": problem_id[r["problem"]], "due": r["due"],
          "done_on": r.get("done_on"), "result": r.get("result"), "checked_by": r.get("by"),
          "notes": r.get("notes"), **_created(r)} for r in rows))
    new_ids = _ids(db, "SELECT id FROM recheck WHERE campaign_id = :c ORDER BY id", campaign_id)
    return {r["no"]: new for r, new in zip(rows, new_ids)}


def _load_members(db: Database, campaign_id: int, document: dict[str, Any], unit_id: dict[str, int],
                  activity_id: dict[Any, int]) -> tuple[dict[Any, int], dict[Any, int]]:
    """Members and attendance; returns document `no` → store id for each."""
    members = sorted(document.get("members", []), key=lambda m: m["no"])
    db.executemany(
        "INSERT INTO member (campaign_id, unit_id, name, role, active) VALUES (:campaign_id, :unit_id, :name, "
        ":role, :active)",
        ({"campaign_id": campaign_id, "unit_id": unit_id[m["unit"]], "name": m["name"], "role": m.get("role"),
          "active": bool(m.get("active", True))} for m in members))
    new_ids = _ids(db, "SELECT id FROM member WHERE campaign_id = :c ORDER BY id", campaign_id)
    member_id = {m["no"]: new for m, new in zip(members, new_ids)}
    attendance = sorted(document.get("attendance", []), key=lambda a: a["no"])
    db.executemany(
        "INSERT INTO attendance (activity_id, member_id, status) VALUES (:activity_id, :member_id, :status)",
        ({"activity_id": activity_id[a["activity"]], "member_id": member_id[a["member"]], "status": a["status"]}
         for a in attendance))
    new_ids = _ids(db, "SELECT at.id FROM attendance at JOIN member m ON m.id = at.member_id "
                       "WHERE m.campaign_id = :c ORDER BY at.id", campaign_id)
    return member_id, {a["no"]: new for a, new in zip(attendance, new_ids)}


def _load_activities(db: Database, campaign_id: int, activities: list[dict[str, Any]],
                     unit_id: dict[str, int], phase_id: dict[int, int]) -> dict[Any, int]:
    """Activities keep their ids (users see them) when none is taken in this
    store; otherwise they get new ones. Returns document id → store id."""
    if not activities:
        return {}
    wanted = [int(a["id"]) for a in activities]
    taken = db.scalar(f"SELECT COUNT(*) FROM activity WHERE id IN ({', '.join(map(str, wanted))})")
    keep = not taken
    columns = ("campaign_id, kind, title, held_on, phase_id, unit_id, participants, target, notes, created_at, created_on")
    marks = (":campaign_id, :kind, :title, :held_on, :phase_id, :unit_id, :participants, :target, :notes, "
             ":created_at, :created_on")
    if keep:
        columns, marks = "id, " + columns, ":id, " + marks
    ordered = sorted(activities, key=lambda a: int(a["id"]))
    db.executemany(
        f"INSERT INTO activity ({columns}) VALUES ({marks})",
        ({**({"id": int(a["id"])} if keep else {}), "campaign_id": campaign_id, "kind": a["kind"],
          "title": a["title"], "held_on": a["date"], "phase_id": phase_id.get(a.get("phase")),
          "unit_id": unit_id.get(a.get("unit")), "participants": a.get("participants"),
          "target": a.get("target"), "notes": a.get("notes"),
          **_created(a)} for a in ordered))
    if keep and db.dialect == "postgresql":
        db.scalar("SELECT setval(pg_get_serial_sequence('activity', 'id'), (SELECT MAX(id) FROM activity))")
    new_ids = _ids(db, "SELECT id FROM activity WHERE campaign_id = :c ORDER BY id", campaign_id)
    return {a["id"]: new for a, new in zip(ordered, new_ids)}
