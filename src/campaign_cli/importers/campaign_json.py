"""Reading and checking a JSON export document before anything is written.

`read_document` parses the file; `validate` checks its shape and that every
reference inside it (units by name, phases by seq, problems and tasks by
code, activities by id, responsibilities by `no`) resolves, so loading it
cannot fail half-way. Errors name the place in the document:
`tasks[3].problem`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from campaign_cli.errors import UserError
from campaign_cli.importers import bounded

FORMAT = "campaign-export"
SUPPORTED_VERSIONS = (1,)
# A whole campaign with its history can be large (a ledger is limited to 50 MB);
# its size, depth and texts are bounded in importers/bounded.py.
MAX_BYTES = bounded.MAX_JSON_BYTES

_REQUIRED = {
    "units": ("name", "kind"),
    "phases": ("seq", "title", "end"),
    "activities": ("id", "kind", "title", "date"),
    "problems": ("code", "number", "title", "found_on", "status"),
    "responsibilities": ("no", "problem"),
    "tasks": ("code", "number", "problem", "measure", "deadline", "status"),
    "members": ("no", "unit", "name"),
    "attendance": ("no", "activity", "member", "status"),
    "events": ("at", "actor", "entity", "field"),
    "evidence": ("no", "task", "file_name", "size", "sha256", "added_on"),
    "files": ("sha256", "content"),
    "rechecks": ("no", "problem", "due"),
}
_DATES = {
    "units": ("created_on",),
    "phases": ("start", "end"),
    "activities": ("date",),
    "problems": ("found_on", "resolved_on", "verified_on"),
    "tasks": ("deadline", "started_on", "done_on"),
    "evidence": ("added_on",),
    "rechecks": ("due", "done_on"),
}


def looks_like_json(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".json" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_document(path: Path) -> dict[str, Any]:
    """The export document in `path`, parsed within the limits (size,
    nesting depth, length of a text) and validated."""
    document = bounded.load_json(path, str(path))
    validate(document)
    return document


def _bad(where: str, reason: str) -> UserError:
    return UserError("transfer.bad_document", where=where, reason=reason)


def _is_day(value: Any) -> bool:
    if value is None:
        return True
    try:
        date.fromisoformat(value)
        return isinstance(value, str) and len(value) == 10
    except (TypeError, ValueError):
        return False


def validate(document: Any) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _bad("format", f"not a {FORMAT} document")
    if document.get("version") not in SUPPORTED_VERSIONS:
        raise _bad("version", f"version {document.get('version')!r} is not supported")
    head = document.get("campaign")
    if not isinstance(head, dict):
        raise _bad("campaign", "missing")
    for key in ("key", "title", "year"):
        if head.get(key) in (None, ""):
            raise _bad(f"campaign.{key}", "missing")
    if not isinstance(head["year"], int):
        raise _bad("campaign.year", "not a number")
    for key in ("start", "end"):
        if not _is_day(head.get(key)):
            raise _bad(f"campaign.{key}", "not a YYYY-MM-DD date")
    if not isinstance(document.get("settings", {}), dict):
        raise _bad("settings", "not an object")
    for section, required in _REQUIRED.items():
        items = document.get(section, [])
        if not isinstance(items, list):
            raise _bad(section, "not a list")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise _bad(f"{section}[{i}]", "not an object")
            for key in required:
                if item.get(key) in (None, ""):
                    raise _bad(f"{section}[{i}].{key}", "missing")
            for key in _DATES.get(section, ()):
                if not _is_day(item.get(key)):
                    raise _bad(f"{section}[{i}].{key}", "not a YYYY-MM-DD date")
    _check_references(document)
    _check_meaning(document)


def _check_meaning(document: dict[str, Any]) -> None:
    """What the rules forbid, though every reference resolves (a file edited by hand)."""
    from campaign_cli.domain.consistency import impossible_states
    from campaign_cli.i18n import field_name, t

    found = impossible_states(**{section: document.get(section, []) for section in
                                 ("units", "activities", "problems", "responsibilities", "tasks")})
    if found:
        first = found[0]
        raise _bad(f"{first.section}[{first.index}].{first.field}",
                   t(f"issue.check.{first.reason}", field=field_name(first.field), **first.params))


def _unique(document: dict[str, Any], section: str, key: str) -> set[Any]:
    seen: set[Any] = set()
    for i, item in enumerate(document.get(section, [])):
        if item[key] in seen:
            raise _bad(f"{section}[{i}].{key}", f"{item[key]!r} appears twice")
        seen.add(item[key])
    return seen


def _check_files(document: dict[str, Any], tasks: set[Any]) -> None:
    """Each file's content decodes, is at most 20 MB and matches its sha256;
    each evidence row names a task and a file of the document."""
    import base64
    import binascii

    from campaign_cli.domain.evidence import MAX_BYTES, digest, safe_name

    contents: dict[str, int] = {}
    for i, item in enumerate(document.get("files", [])):
        try:
            content = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise _bad(f"files[{i}].content", "not base64") from exc
        if len(content) > MAX_BYTES:
            raise _bad(f"files[{i}].content", "over 20 MB")
        if digest(content) != item["sha256"]:
            raise _bad(f"files[{i}].sha256", "does not match the content")
        contents[item["sha256"]] = len(content)
    for i, e in enumerate(document.get("evidence", [])):
        if e["task"] not in tasks:
            raise _bad(f"evidence[{i}].task", f"{e['task']!r} is not in the document")
        if e["sha256"] not in contents:
            raise _bad(f"evidence[{i}].sha256", "its file is not in the document")
        if contents[e["sha256"]] != e["size"]:
            raise _bad(f"evidence[{i}].size", "does not match the file")
        try:
            bare = safe_name(str(e["file_name"])) == e["file_name"]
        except UserError:
            bare = False
        if not bare:
            raise _bad(f"evidence[{i}].file_name", "not a bare file name")


def _check_references(document: dict[str, Any]) -> None:
    units = _unique(document, "units", "name")
    phases = _unique(document, "phases", "seq")
    activities = _unique(document, "activities", "id")
    problems = _unique(document, "problems", "code")
    tasks = _unique(document, "tasks", "code")
    responsibilities = _unique(document, "responsibilities", "no")
    _unique(document, "problems", "number")
    _unique(document, "tasks", "number")

    def need(section: str, i: int, key: str, known: set[Any], value: Any) -> None:
        if value is not None and value not in known:
            raise _bad(f"{section}[{i}].{key}", f"{value!r} is not in the document")

    for i, u in enumerate(document.get("units", [])):
        need("units", i, "parent", units, u.get("parent"))
    for i, a in enumerate(document.get("activities", [])):
        need("activities", i, "phase", phases, a.get("phase"))
        need("activities", i, "unit", units, a.get("unit"))
    for i, p in enumerate(document.get("problems", [])):
        need("problems", i, "source_activity", activities, p.get("source_activity"))
    for i, r in enumerate(document.get("responsibilities", [])):
        need("responsibilities", i, "problem", problems, r["problem"])
        need("responsibilities", i, "department", units, r.get("department"))
    for i, t in enumerate(document.get("tasks", [])):
        need("tasks", i, "problem", problems, t["problem"])
        need("tasks", i, "department", units, t.get("department"))
    evidence = _unique(document, "evidence", "no")
    rechecks = _unique(document, "rechecks", "no")
    _check_files(document, tasks)
    for i, r in enumerate(document.get("rechecks", [])):
        need("rechecks", i, "problem", problems, r["problem"])
        if r.get("result") not in (None, "ok", "regressed"):
            raise _bad(f"rechecks[{i}].result", f"{r['result']!r} is not ok or regressed")
    members = _unique(document, "members", "no")
    attendance = _unique(document, "attendance", "no")
    for i, m in enumerate(document.get("members", [])):
        need("members", i, "unit", units, m.get("unit"))
    for i, a in enumerate(document.get("attendance", [])):
        need("attendance", i, "activity", activities, a.get("activity"))
        need("attendance", i, "member", members, a.get("member"))
        if a["status"] not in ("present", "absent", "leave"):
            raise _bad(f"attendance[{i}].status", f"{a['status']!r} is not present, absent or leave")
    known = {"problem": problems, "task": tasks, "activity": activities, "responsibility": responsibilities,
             "evidence": evidence, "recheck": rechecks, "member": members, "attendance": attendance}
    for i, e in enumerate(document.get("events", [])):
        need("events", i, "ref", known.get(e["entity"], set()) if e.get("ref") is not None else set(), e.get("ref"))
        need("events", i, "problem", problems, e.get("problem"))
    head = document["campaign"]
    for section, counter in (("problems", "next_problem_no"), ("tasks", "next_task_no")):
        numbers = [item["number"] for item in document.get(section, [])]
        if numbers and head.get(counter) is not None and int(head[counter]) <= max(numbers):
            raise _bad(f"campaign.{counter}", f"must be above {max(numbers)}")
