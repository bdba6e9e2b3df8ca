"""Plain records the store hands to the domain and the renderers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class Campaign:
    id: int
    key: str
    title: str
    year: int
    doc_no: str | None = None
    issuer: str | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Campaign":
        return cls(
            id=row["id"], key=row["key"], title=row["title"], year=row["year"],
            doc_no=row.get("doc_no"), issuer=row.get("issuer"),
            start=_day(row.get("starts_on")), end=_day(row.get("ends_on")),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "title": self.title, "doc_no": self.doc_no, "issuer": self.issuer,
            "year": self.year,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    kind: str  # branch | department
    members: int | None = None
    parent: str | None = None
    created_on: date | None = None  # registered; None: before the store recorded it

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Unit":
        return cls(id=row["id"], name=row["name"], kind=row["kind"], members=row.get("members"),
                   parent=row.get("parent"), created_on=_day(row.get("created_on")))

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "members": self.members, "parent": self.parent,
                "created_on": self.created_on.isoformat() if self.created_on else None}


@dataclass(frozen=True)
class Member:
    id: int
    unit_id: int
    unit: str
    name: str
    role: str | None = None
    active: bool = True

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Member":
        return cls(id=row["id"], unit_id=row["unit_id"], unit=row["unit"], name=row["name"], role=row.get("role"),
                   active=bool(row["active"]))

    def as_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "name": self.name, "role": self.role, "active": self.active}


@dataclass(frozen=True)
class Phase:
    id: int
    seq: int
    title: str
    start: date | None
    end: date
    notes: str | None = None
    as_written: str | None = None
    kinds: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Phase":
        kinds = tuple(k for k in (row.get("kinds") or "").split(",") if k)
        return cls(id=row["id"], seq=row["seq"], title=row["title"],
                   start=_day(row.get("starts_on")), end=_day(row["ends_on"]),  # type: ignore[arg-type]
                   notes=row.get("notes"), as_written=row.get("as_written"), kinds=kinds)

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq, "title": self.title,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat(), "notes": self.notes,
            "as_written": self.as_written, "kinds": list(self.kinds),
        }


def day(value: Any) -> date | None:
    """A stored date (ISO text on SQLite, a date on a server) as a date: the
    one conversion, done where rows leave the store."""
    return _day(value)


def _int(value: Any) -> int:
    return int(value or 0)


@dataclass(frozen=True, slots=True)
class Problem:
    """A row of the 问题清单 with its lead responsibility and task counts."""

    id: int
    number: int
    code: str
    title: str
    detail: str | None
    category: str | None
    term: str
    source_activity_id: int | None
    found_on: date
    status: str
    resolved_on: date | None
    verified_on: date | None
    verified_by: str | None
    owner: str | None
    department: str | None
    department_id: int | None
    tasks: int
    tasks_done: int
    next_deadline: date | None
    created_on: date | None = None
    leader: str | None = None
    phase_id: int | None = None
    submitted_on: date | None = None
    submitted_by: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Problem":
        return cls(
            id=row["id"], number=row["number"], code=row["code"], title=row["title"], detail=row["detail"],
            category=row["category"], term=row["term"], source_activity_id=row["source_activity_id"],
            found_on=_day(row["found_on"]), status=row["status"],  # type: ignore[arg-type]
            resolved_on=_day(row["resolved_on"]), verified_on=_day(row["verified_on"]),
            verified_by=row["verified_by"], owner=row["owner"], department=row["department"],
            department_id=row["department_id"], tasks=_int(row["tasks"]), tasks_done=_int(row["tasks_done"]),
            next_deadline=_day(row["next_deadline"]), created_on=_day(row.get("created_on")),
            leader=row.get("leader"), phase_id=row.get("phase_id"),
            submitted_on=_day(row.get("submitted_on")), submitted_by=row.get("submitted_by"))


@dataclass(frozen=True, slots=True)
class Task:
    """A row of the 任务清单 with its problem's code and title and its department's name."""

    id: int
    number: int
    code: str
    problem_id: int
    problem: str
    problem_title: str
    measure: str
    owner: str | None
    department: str | None
    department_id: int | None
    deadline: date
    status: str
    started_on: date | None
    done_on: date | None
    evidence: str | None
    created_on: date | None = None
    phase_id: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Task":
        return cls(
            id=row["id"], number=row["number"], code=row["code"], problem_id=row["problem_id"],
            problem=row["problem"], problem_title=row["problem_title"], measure=row["measure"],
            owner=row["owner"], department=row["department"], department_id=row["department_id"],
            deadline=_day(row["deadline"]), status=row["status"],  # type: ignore[arg-type]
            started_on=_day(row["started_on"]), done_on=_day(row["done_on"]), evidence=row["evidence"],
            created_on=_day(row.get("created_on")), phase_id=row.get("phase_id"))


@dataclass(frozen=True, slots=True)
class Responsibility:
    """A row of the 责任清单."""

    id: int
    problem_id: int
    problem: str
    problem_title: str
    problem_status: str
    department: str | None
    department_id: int | None
    owner: str | None
    role: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Responsibility":
        return cls(id=row["id"], problem_id=row["problem_id"], problem=row["problem"],
                   problem_title=row["problem_title"], problem_status=row["problem_status"],
                   department=row["department"], department_id=row["department_id"], owner=row["owner"],
                   role=row["role"])


@dataclass(frozen=True, slots=True)
class Event:
    """One change in the history."""

    at: str
    actor: str
    entity: str
    code: str | None
    field: str
    old: str | None
    new: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Event":
        return cls(at=row["at"], actor=row["actor"], entity=row["entity"], code=row["code"],
                   field=row["field"], old=row["old_value"], new=row["new_value"])


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity with its unit's name and head count and its pinned phase."""

    id: int
    kind: str
    title: str
    held_on: date
    unit: str | None
    unit_id: int | None
    unit_kind: str | None
    members: int | None
    participants: int | None
    target: str | None
    notes: str | None
    phase_id: int | None
    phase_override: int | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Activity":
        return cls(id=row["id"], kind=row["kind"], title=row["title"],
                   held_on=_day(row["held_on"]),  # type: ignore[arg-type]
                   unit=row["unit"], unit_id=row["unit_id"], unit_kind=row["unit_kind"], members=row["members"],
                   participants=row["participants"], target=row["target"], notes=row["notes"],
                   phase_id=row["phase_id"], phase_override=row["phase_override"])


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file proving a task done (佐证材料), without its content."""

    id: int
    task_id: int
    task: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_on: date
    added_by: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "EvidenceFile":
        return cls(id=row["id"], task_id=row["task_id"], task=row["task"], file_name=row["file_name"],
                   media_type=row["media_type"], size=int(row["size"]), sha256=row["sha256"],
                   added_on=_day(row["added_on"]), added_by=row["added_by"])  # type: ignore[arg-type]

    def as_json(self) -> dict[str, Any]:
        return {"task": self.task, "file_name": self.file_name, "media_type": self.media_type, "size": self.size,
                "sha256": self.sha256, "added_on": self.added_on.isoformat(), "added_by": self.added_by}


@dataclass(frozen=True, slots=True)
class Recheck:
    """A 回头看 of a verified problem."""

    id: int
    problem_id: int
    problem: str
    problem_title: str
    due: date
    done_on: date | None
    result: str | None
    checked_by: str | None
    notes: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Recheck":
        return cls(id=row["id"], problem_id=row["problem_id"], problem=row["problem"],
                   problem_title=row["problem_title"], due=_day(row["due"]),  # type: ignore[arg-type]
                   done_on=_day(row["done_on"]), result=row["result"], checked_by=row["checked_by"],
                   notes=row["notes"])

    def as_json(self, today: date | None = None) -> dict[str, Any]:
        found = {"problem": self.problem, "problem_title": self.problem_title, "due": self.due.isoformat(),
                 "done_on": self.done_on.isoformat() if self.done_on else None, "result": self.result,
                 "by": self.checked_by, "notes": self.notes}
        if today is not None:
            found["days_overdue"] = (today - self.due).days if self.done_on is None else None
        return found
