"""What reading a plan gives: plain data, the same whatever the file was."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class PlanPhase:
    seq: int
    title: str
    start: date | None
    end: date | None
    as_written: str  # the date text as it appears in the document, '' if none
    kinds: list[str] = field(default_factory=list)  # activity kind keys in the order named, then 'problems'
    targets: list[str] = field(default_factory=list)  # research target keys, in order named
    line: int = 0  # 1-based line of the phase in the document
    notes: str = ""  # the phase's own text after its heading, shortened


@dataclass
class PlanWarning:
    """Something the parser could not read. `key` is an i18n key (plan.*);
    `params` holds its values, `line` included (0: the whole document)."""

    line: int
    key: str
    params: dict = field(default_factory=dict)


@dataclass
class PlanDocument:
    title: str | None
    doc_no: str | None
    issuer: str | None
    year: int | None
    start: date | None  # the overall period, when the plan states one
    end: date | None
    phases: list[PlanPhase] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)


def warn(line: int, key: str, **params: object) -> PlanWarning:
    return PlanWarning(line, key, {"line": line, **params})
