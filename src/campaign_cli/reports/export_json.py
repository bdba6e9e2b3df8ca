"""The whole campaign as one JSON document (`campaign export --format json`).

The document is the store's content in store-neutral terms: units by name,
phases by seq, problems and tasks by code, activities by their id,
responsibilities, members and attendance by their number `no` in the document. Events refer to what
they changed the same way (`ref`; null when that row was since deleted).
`campaign import` of this document restores the campaign exactly, so
export → import → export is identical apart from `exported_at`.

`export_document(..., stream=True)` (what `campaign export` writes) gives
the long lists as JSON text the database builds, read while the document is
written out (store.dump.iter_json), and the files one at a time: a large
campaign is never held in memory; `stream=False` builds the same document
from rows here, the reference the streamed one is tested against.
"""

from __future__ import annotations

import base64
from typing import Any, Iterator

from campaign_cli.store import dump
from campaign_cli.store.database import Database, JSONText

FORMAT = "campaign-export"
VERSION = 1


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _kinds(text: str | None) -> list[str]:
    return [k for k in (text or "").split(",") if k]


# The document's lists after its head, in order; where their rows sit: document > list > row.
LISTS = ("activities", "problems", "responsibilities", "tasks", "evidence", "files", "rechecks", "members",
         "attendance", "events")
ROW_DEPTH = 2


def export_document(db: Database, campaign_id: int, exported_at: str, *, stream: bool = False) -> dict[str, Any]:
    document = _head(db, campaign_id, exported_at)
    if not stream:
        return document | _lists(db, campaign_id)
    return document | {name: _files(db, campaign_id) if name == "files" else
                       dump.iter_json(db, campaign_id, name, depth=ROW_DEPTH) for name in LISTS}


def _head(db: Database, campaign_id: int, exported_at: str) -> dict[str, Any]:
    head = dump.campaign_row(db, campaign_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "campaign": {
            "key": head["key"], "title": head["title"], "doc_no": head["doc_no"], "issuer": head["issuer"],
            "year": head["year"], "start": head["starts_on"], "end": head["ends_on"],
            "created_at": head["created_at"],
            "next_problem_no": head["next_problem_no"], "next_task_no": head["next_task_no"],
        },
        "settings": dump.settings(db, campaign_id),
        "units": [{"name": r["name"], "kind": r["kind"], "members": r["members"], "parent": r["parent"],
                   "created_on": _day(r["created_on"])}
                  for r in dump.units(db, campaign_id)],
        "phases": [{"seq": r["seq"], "title": r["title"], "start": r["starts_on"], "end": r["ends_on"],
                    "notes": r["notes"], "as_written": r["as_written"], "kinds": _kinds(r["kinds"])}
                   for r in dump.phases(db, campaign_id)],
    }


def _files(db: Database, campaign_id: int) -> Iterator[JSONText]:
    """The evidence files' content, one file read at a time, each row laid
    out as `json.dumps(..., indent=2)` lays it out in the document."""
    import json

    indent = "\n" + "  " * ROW_DEPTH
    for r in dump.iter_blobs(db, campaign_id):
        row = {"sha256": r["sha256"], "content": base64.b64encode(bytes(r["content"])).decode("ascii")}
        yield JSONText(json.dumps(row, ensure_ascii=False, indent=2).replace("\n", indent))


def _lists(db: Database, campaign_id: int) -> dict[str, Any]:
    activity_rows = dump.activities(db, campaign_id)
    problem_rows = dump.problems(db, campaign_id)
    responsibility_rows = dump.responsibilities(db, campaign_id)
    task_rows = dump.tasks(db, campaign_id)
    evidence_rows = dump.evidence(db, campaign_id)
    recheck_rows = dump.rechecks(db, campaign_id)
    member_rows = dump.members(db, campaign_id)
    attendance_rows = dump.attendance(db, campaign_id)

    problem_code = {r["id"]: r["code"] for r in problem_rows}
    refs: dict[str, dict[int, Any]] = {
        "problem": problem_code,
        "task": {r["id"]: r["code"] for r in task_rows},
        "activity": {r["id"]: r["id"] for r in activity_rows},
        "responsibility": {r["id"]: no for no, r in enumerate(responsibility_rows, 1)},
        "evidence": {r["id"]: no for no, r in enumerate(evidence_rows, 1)},
        "recheck": {r["id"]: no for no, r in enumerate(recheck_rows, 1)},
        "member": {r["id"]: no for no, r in enumerate(member_rows, 1)},
        "attendance": {r["id"]: no for no, r in enumerate(attendance_rows, 1)},
    }
    return {
        "activities": [{"id": r["id"], "kind": r["kind"], "title": r["title"], "date": r["held_on"],
                        "phase": r["phase"], "unit": r["unit"], "participants": r["participants"],
                        "target": r["target"], "notes": r["notes"], "created_at": r["created_at"],
                        "created_on": _day(r["created_on"])}
                       for r in activity_rows],
        "problems": [{"code": r["code"], "number": r["number"], "title": r["title"], "detail": r["detail"],
                      "category": r["category"], "term": r["term"],
                      "source_activity": refs["activity"].get(r["source_activity_id"]),
                      "found_on": r["found_on"], "status": r["status"], "resolved_on": r["resolved_on"],
                      "verified_on": r["verified_on"], "verified_by": r["verified_by"],
                      "created_at": r["created_at"], "created_on": _day(r["created_on"]), "leader": r["leader"],
                      "submitted_on": _day(r["submitted_on"]), "submitted_by": r["submitted_by"]}
                     for r in problem_rows],
        "responsibilities": [{"no": no, "problem": r["problem"], "department": r["department"],
                              "owner": r["owner"], "role": r["role"]}
                             for no, r in enumerate(responsibility_rows, 1)],
        "tasks": [{"code": r["code"], "number": r["number"], "problem": r["problem"], "measure": r["measure"],
                   "owner": r["owner"], "department": r["department"], "deadline": r["deadline"],
                   "status": r["status"], "started_on": r["started_on"], "done_on": r["done_on"],
                   "evidence": r["evidence"], "created_at": r["created_at"],
                   "created_on": _day(r["created_on"])}
                  for r in task_rows],
        # Evidence files by their number `no`; their content once per sha256, in base64.
        "evidence": [{"no": no, "task": r["task"], "file_name": r["file_name"], "media_type": r["media_type"],
                      "size": r["size"], "sha256": r["sha256"], "added_on": _day(r["added_on"]),
                      "added_by": r["added_by"], "created_at": r["created_at"]}
                     for no, r in enumerate(evidence_rows, 1)],
        "files": [{"sha256": r["sha256"], "content": base64.b64encode(bytes(r["content"])).decode("ascii")}
                  for r in dump.blobs(db, campaign_id)],
        "rechecks": [{"no": no, "problem": r["problem"], "due": _day(r["due"]), "done_on": _day(r["done_on"]),
                      "result": r["result"], "by": r["checked_by"], "notes": r["notes"],
                      "created_at": r["created_at"], "created_on": _day(r["created_on"])}
                     for no, r in enumerate(recheck_rows, 1)],
        # Members by their number `no` in the document; attendance names the
        # activity by id and the member by that number.
        "members": [{"no": no, "unit": r["unit"], "name": r["name"], "role": r["role"], "active": bool(r["active"])}
                    for no, r in enumerate(member_rows, 1)],
        "attendance": [{"no": no, "activity": refs["activity"][r["activity_id"]],
                        "member": refs["member"][r["member_id"]], "status": r["status"]}
                       for no, r in enumerate(attendance_rows, 1)],
        "events": [{"at": r["at"], "actor": r["actor"], "entity": r["entity"],
                    "ref": refs.get(r["entity"], {}).get(r["entity_id"]),
                    "problem": problem_code.get(r["problem_id"]), "code": r["code"], "field": r["field"],
                    "old": r["old_value"], "new": r["new_value"], "day": _day(r["day"])}
                   for r in dump.events(db, campaign_id)],
    }
