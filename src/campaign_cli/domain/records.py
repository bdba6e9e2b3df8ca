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

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Unit":
        return cls(id=row["id"], name=row["name"], kind=row["kind"],
                   members=row.get("members"), parent=row.get("parent"))

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "members": self.members, "parent": self.parent}


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
