"""Reading and checking a JSON export document before anything is written.

`read_document` parses the file; `validate` checks its shape and that every
reference inside it (units by name, phases by seq, problems and tasks by
code, activities by id, responsibilities by `no`) resolves, so loading it
cannot fail half-way. Errors name the place in the document:
`tasks[3].problem`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from campaign_cli.errors import UserError

FORMAT = "campaign-export"
SUPPORTED_VERSIONS = (1,)
# A whole campaign with its history can be large; a ledger is limited to 50 MB.
MAX_BYTES = 500 * 1024 * 1024

_REQUIRED = {
    "units": ("name", "kind"),
    "phases": ("seq", "title", "end"),
    "activities": ("id", "kind", "title", "date"),
    "problems": ("code", "number", "title", "found_on", "status"),
    "responsibilities": ("no", "problem"),
    "tasks": ("code", "number", "problem", "measure", "deadline", "status"),
    "events": ("at", "actor", "entity", "field"),
}
_DATES = {
    "phases": ("start", "end"),
    "activities": ("date",),
    "problems": ("found_on", "resolved_on", "verified_on"),
    "tasks": ("deadline", "started_on", "done_on"),
}


def looks_like_json(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".json" or head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_document(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError("transfer.bad_json", file=str(path), reason=str(exc)) from exc
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
    known = {"problem": problems, "task": tasks, "activity": activities, "responsibility": responsibilities}
    for i, e in enumerate(document.get("events", [])):
        need("events", i, "ref", known.get(e["entity"], set()) if e.get("ref") is not None else set(), e.get("ref"))
        need("events", i, "problem", problems, e.get("problem"))
    head = document["campaign"]
    for section, counter in (("problems", "next_problem_no"), ("tasks", "next_task_no")):
        numbers = [item["number"] for item in document.get(section, [])]
        if numbers and head.get(counter) is not None and int(head[counter]) <= max(numbers):
            raise _bad(f"campaign.{counter}", f"must be above {max(numbers)}")
