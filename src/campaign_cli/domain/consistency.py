"""States the program never writes, found wherever rows come from.

A JSON export edited by hand, or a store written by an older version or by
plain SQL, can hold what the rules forbid: a verified problem with an open
task, a done task without a done date, a status word the tool does not know,
a head count of "twenty". `campaign import` refuses such a document naming
the field, and `campaign check` lists them in a store; both judge with this
one function over rows in the export document's terms (units by name,
problems and tasks by code).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from campaign_cli.domain import problems as rules
from campaign_cli.domain import vocabulary as words

# Large enough for any real school or city, small enough for every database integer.
MAX_COUNT = 1_000_000

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Finding:
    section: str  # units, activities, problems, responsibilities, tasks
    index: int  # the row's place in its section
    label: str  # what the user calls the row: a code, a name, an id
    field: str
    reason: str  # a kind of `campaign check` finding: its words are issue.check.<reason>
    params: dict[str, Any] = field(default_factory=dict)


def impossible_states(*, units: Iterable[Row] = (), activities: Iterable[Row] = (), problems: Iterable[Row] = (),
                      responsibilities: Iterable[Row] = (), tasks: Iterable[Row] = ()) -> list[Finding]:
    found: list[Finding] = []
    for i, u in enumerate(units):
        found += _word("units", i, str(u.get("name")), "kind", u.get("kind"), words.UNIT_KINDS)
        found += _count("units", i, str(u.get("name")), "members", u.get("members"))
    for i, a in enumerate(activities):
        label = str(a.get("id"))
        found += _word("activities", i, label, "kind", a.get("kind"), words.KINDS)
        if a.get("target") is not None:
            found += _word("activities", i, label, "target", a.get("target"), words.TARGETS)
        found += _count("activities", i, label, "participants", a.get("participants"))
    for i, r in enumerate(responsibilities):
        found += _word("responsibilities", i, str(r.get("problem")), "role", r.get("role") or "lead", words.ROLES)
    statuses: dict[Any, list[str]] = defaultdict(list)
    for i, t in enumerate(tasks):
        label, status = str(t.get("code")), t.get("status")
        wrong = _word("tasks", i, label, "status", status, words.TASK_STATUSES)
        found += wrong
        statuses[t.get("problem")].append(status)
        if wrong:
            continue
        if status == rules.DONE and not t.get("done_on"):
            found.append(Finding("tasks", i, label, "done_on", "done_without_date"))
        elif status != rules.DONE and t.get("done_on"):
            found.append(Finding("tasks", i, label, "done_on", "date_without_done", {"status": status}))
    for i, p in enumerate(problems):
        label, status = str(p.get("code")), p.get("status")
        wrong = _word("problems", i, label, "status", status, words.PROBLEM_STATUSES)
        if p.get("term") is not None:
            wrong += _word("problems", i, label, "term", p.get("term"), words.TERMS)
        found += wrong
        if wrong:
            continue
        own = statuses.get(p.get("code"), [])
        if any(s not in words.TASK_STATUSES for s in own):
            continue  # already named on the task
        expected = rules.derive_status(own, p.get("verified_on") is not None)
        # 申请销号 is a resolved problem waiting for its verification
        if status != expected and not (status == "submitted" and expected == rules.RESOLVED):
            found.append(Finding("problems", i, label, "status", "status_mismatch",
                                 {"status": status, "expected": expected}))
    return found


def _word(section: str, index: int, label: str, name: str, value: Any, table: words.Table) -> list[Finding]:
    if isinstance(value, str) and value in table:
        return []
    return [Finding(section, index, label, name, "unknown_word", {"value": repr(value),
                                                                 "choices": ", ".join(table)})]


def _count(section: str, index: int, label: str, name: str, value: Any) -> list[Finding]:
    if value is None or (type(value) is int and 0 <= value <= MAX_COUNT):
        return []
    return [Finding(section, index, label, name, "not_a_count", {"value": repr(value), "high": MAX_COUNT})]


def describe(finding: Finding) -> dict[str, Any]:
    """The finding as `campaign check` reports it: kind, code, field and the values its message names."""
    return {"kind": finding.reason, "code": finding.label, "field": finding.field, **finding.params}
