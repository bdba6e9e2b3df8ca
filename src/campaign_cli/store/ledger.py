"""Writing the three lists: each function is one command's writes, run in
one transaction, with every change appended to the history (event table).

The rules come from `domain.problems`; this module only sequences them
with the SQL of `store.problems` and `store.tasks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from campaign_cli.domain import problems as rules
from campaign_cli.domain.names import close_matches, normalise_name
from campaign_cli.domain.records import Campaign
from campaign_cli.errors import UserError
from campaign_cli.store import history, problems, tasks, units
from campaign_cli.store.campaigns import get_setting, now_text
from campaign_cli.store.database import Database, Row


@dataclass
class Writer:
    """What a write needs: the store, the campaign, who acts and when."""

    db: Database
    campaign: Campaign
    actor: str
    today: date
    at: str = field(default_factory=now_text)
    # Things to tell the user on stderr: (kind, params), put in words by the CLI.
    notices: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    # -- lookups -------------------------------------------------------------

    def setting_days(self, key: str, default: int) -> int:
        return rules.setting_days(get_setting(self.db, key, self.campaign.id), default)

    def problem(self, code: str) -> Row:
        parsed = rules.parse_code(code, "P")
        found = problems.by_code(self.db, self.campaign.id, parsed.text)
        if found is None:
            raise UserError("issue.unknown_problem", code=parsed.text)
        return found

    def task(self, code: str) -> Row:
        parsed = rules.parse_code(code, "T")
        found = tasks.by_code(self.db, self.campaign.id, parsed.text)
        if found is None:
            raise UserError("issue.unknown_task", code=parsed.text)
        return found

    def owner(self, name: str) -> str:
        """A normalised owner name; a new name close to a known one warns."""
        owner = normalise_name(rules.check_text(name, "issue.owner_empty"))
        if problems.owns_work(self.db, self.campaign.id, owner):
            return owner  # a known name: no need to read every name for close ones
        known = problems.known_people(self.db, self.campaign.id)
        if owner not in known:
            similar = close_matches(owner, known)
            if similar:
                self.notices.append(("owner_similar", {"name": owner, "matches": "、".join(similar)}))
        return owner

    def department(self, name: str) -> int:
        """A unit by name; an unknown name is registered as a department."""
        wanted = normalise_name(name)
        if not wanted:
            raise UserError("unit.unknown", name=name)
        found = units.by_name(self.db, self.campaign.id, wanted)
        if found is not None:
            return found.id
        similar = close_matches(wanted, [u.name for u in units.all_units(self.db, self.campaign.id)])
        unit = units.add(self.db, self.campaign.id, name=wanted, kind="department", members=None)
        self.notices.append(("unit_registered", {"name": wanted}))
        if similar:
            self.notices.append(("unit_similar", {"name": wanted, "matches": "、".join(similar)}))
        return unit.id

    def unit_name(self, unit_id: int | None) -> str | None:
        if unit_id is None:
            return None
        return self.db.scalar("SELECT name FROM unit WHERE id = :id", id=unit_id)

    # -- history -------------------------------------------------------------

    def event(self, entity: str, entity_id: int, problem_id: int, code: str, field_name: str,
              old: Any = None, new: Any = None) -> None:
        history.record(self.db, campaign_id=self.campaign.id, actor=self.actor, entity=entity,
                       entity_id=entity_id, field=field_name, old=old, new=new, code=code,
                       problem_id=problem_id, at=self.at)

    def refresh(self, problem_id: int) -> None:
        """Derive the problem's status and resolved_on again from its tasks."""
        problem = problems.by_id(self.db, problem_id)
        assert problem is not None
        states = problems.task_states(self.db, problem_id)
        pairs = [(s["status"], _day(s["done_on"])) for s in states]
        status = rules.derive_status([s for s, _ in pairs], problem["verified_on"] is not None)
        resolved = rules.resolved_on(pairs)
        old_resolved = _day(problem["resolved_on"])
        if status != problem["status"] or resolved != old_resolved:
            problems.update(self.db, problem_id, status=status, resolved_on=resolved)
        if status != problem["status"]:
            self.event("problem", problem_id, problem_id, problem["code"], "status", problem["status"], status)

    # -- writes --------------------------------------------------------------

    def add_problem(self, *, title: str, owner: str, deadline: date, dept: str | None, measure: str | None,
                    term: str | None, category: str | None, activity_id: int | None, detail: str | None,
                    found_on: date | None) -> tuple[int, int, int]:
        title = rules.check_text(title, "issue.title_empty")
        owner = self.owner(owner)
        found = found_on or self.today
        limit = self.setting_days("short_term_days", rules.DEFAULT_SHORT_TERM_DAYS)
        if term is None:
            term = rules.default_term(found, deadline, limit)
        elif rules.short_term_too_far(term, self.today, deadline, limit):
            self.notices.append(("short_term_far", {"deadline": deadline.isoformat(), "days": limit}))
        if activity_id is not None and problems.source_activity(self.db, self.campaign.id, activity_id) is None:
            raise UserError("issue.unknown_activity", id=activity_id)
        department_id = self.department(dept) if dept else tasks.usual_department(self.db, self.campaign.id, owner)
        number = problems.bump_number(self.db, self.campaign.id, "next_problem_no")
        problem_id = problems.insert(
            self.db, self.campaign.id, number=number, title=title, detail=_blank(detail),
            category=_blank(category), term=term, source_activity_id=activity_id, found_on=found,
            created_at=self.at, created_on=self.today)
        code = f"P-{number}"
        self.event("problem", problem_id, problem_id, code, "created", None, title)
        responsibility_id = problems.insert_responsibility(
            self.db, problem_id=problem_id, department_id=department_id, owner=owner, role="lead")
        self.event("responsibility", responsibility_id, problem_id, code, "created", None,
                   _who(owner, self.unit_name(department_id)))
        task_id = self._insert_task(problem_id, measure=measure or title, owner=owner,
                                    department_id=department_id, deadline=deadline)
        return problem_id, responsibility_id, task_id

    def _insert_task(self, problem_id: int, *, measure: str, owner: str | None, department_id: int | None,
                     deadline: date) -> int:
        measure = rules.check_text(measure, "issue.measure_empty")
        number = tasks.bump_number(self.db, self.campaign.id)
        task_id = tasks.insert(self.db, self.campaign.id, number=number, problem_id=problem_id,
                               measure=measure, owner=owner, department_id=department_id,
                               deadline=deadline, created_at=self.at, created_on=self.today)
        self.event("task", task_id, problem_id, f"T-{number}", "created", None, measure)
        self.refresh(problem_id)
        return task_id

    def add_task(self, problem_code: str, *, measure: str, deadline: date, owner: str | None,
                 dept: str | None) -> int:
        problem = self.problem(problem_code)
        rules.check_add_task(problem["code"], problem["status"])
        name = self.owner(owner) if owner else problem["owner"]
        if dept:
            department_id = self.department(dept)
        elif owner:
            department_id = tasks.usual_department(self.db, self.campaign.id, name) or problem["department_id"]
        else:
            department_id = problem["department_id"]
        term = problem["term"]
        limit = self.setting_days("short_term_days", rules.DEFAULT_SHORT_TERM_DAYS)
        if rules.short_term_too_far(term, self.today, deadline, limit):
            self.notices.append(("short_term_far", {"deadline": deadline.isoformat(), "days": limit}))
        return self._insert_task(problem["id"], measure=measure, owner=name, department_id=department_id,
                                 deadline=deadline)

    def start(self, task_code: str) -> Row:
        task = self.task(task_code)
        rules.check_start(task["code"], task["status"])
        tasks.update(self.db, task["id"], status=rules.DOING, started_on=self.today)
        self.event("task", task["id"], task["problem_id"], task["code"], "status", task["status"], rules.DOING)
        self.refresh(task["problem_id"])
        return task

    def done(self, task_code: str, *, on: date | None, evidence: str | None) -> Row:
        task = self.task(task_code)
        day = on or self.today
        rules.check_done(task["code"], task["status"], day, self.today)
        tasks.update(self.db, task["id"], status=rules.DONE, done_on=day, evidence=_blank(evidence),
                     started_on=_day(task["started_on"]) or day)
        self.event("task", task["id"], task["problem_id"], task["code"], "status", task["status"], rules.DONE)
        self.event("task", task["id"], task["problem_id"], task["code"], "done_on", None, day)
        if _blank(evidence):
            self.event("task", task["id"], task["problem_id"], task["code"], "evidence",
                       task["evidence"], evidence.strip())
        self.refresh(task["problem_id"])
        return task

    def verify(self, problem_code: str, *, by: str | None) -> Row:
        problem = self.problem(problem_code)
        states = problems.task_states(self.db, problem["id"])
        rules.check_verify(problem["code"], problem["status"],
                           [s["code"] for s in states if s["status"] != rules.DONE])
        rules.check_verify_date(_day(problem["resolved_on"]), self.today)
        verifier = normalise_name(by) if by and by.strip() else self.actor
        problems.update(self.db, problem["id"], verified_on=self.today, verified_by=verifier)
        self.event("problem", problem["id"], problem["id"], problem["code"], "verified_by", None, verifier)
        self.event("problem", problem["id"], problem["id"], problem["code"], "verified_on", None, self.today)
        self.refresh(problem["id"])
        return problem

    def reopen(self, problem_code: str, *, reason: str) -> Row:
        problem = self.problem(problem_code)
        reason = rules.check_reopen(problem["code"], problem["status"], reason)
        problems.update(self.db, problem["id"], verified_on=None, verified_by=None)
        self.event("problem", problem["id"], problem["id"], problem["code"], "reopened",
                   problem["verified_on"], reason)
        self.refresh(problem["id"])
        return problem

    def edit_problem(self, problem_code: str, *, title: str | None, detail: str | None,
                     category: str | None, term: str | None, found_on: date | None,
                     owner: str | None, dept: str | None) -> tuple[Row, int]:
        problem = self.problem(problem_code)
        wanted: dict[str, Any] = {}
        if title is not None:
            wanted["title"] = rules.check_text(title, "issue.title_empty")
        if detail is not None:
            wanted["detail"] = _blank(detail)
        if category is not None:
            wanted["category"] = _blank(category)
        if term is not None:
            wanted["term"] = term
        if found_on is not None:
            wanted["found_on"] = found_on
        changes = 0
        for key, new in wanted.items():
            old = _day(problem[key]) if key == "found_on" else problem[key]
            if old != new:
                problems.update(self.db, problem["id"], **{key: new})
                self.event("problem", problem["id"], problem["id"], problem["code"], key, old, new)
                changes += 1
        if owner is not None or dept is not None:
            changes += self._edit_lead(problem, owner, dept)
        return problem, changes

    def _edit_lead(self, problem: Row, owner: str | None, dept: str | None) -> int:
        lead = problems.lead_of(self.db, problem["id"])
        new_owner = self.owner(owner) if owner is not None else (lead["owner"] if lead else None)
        new_dept = self.department(dept) if dept is not None else (lead["department_id"] if lead else None)
        if lead is None:
            rid = problems.insert_responsibility(self.db, problem_id=problem["id"], department_id=new_dept,
                                                 owner=new_owner, role="lead")
            self.event("responsibility", rid, problem["id"], problem["code"], "created", None,
                       _who(new_owner, self.unit_name(new_dept)))
            return 1
        changes = 0
        if new_owner != lead["owner"]:
            problems.update_responsibility(self.db, lead["id"], owner=new_owner)
            self.event("responsibility", lead["id"], problem["id"], problem["code"], "owner",
                       lead["owner"], new_owner)
            changes += 1
        if new_dept != lead["department_id"]:
            problems.update_responsibility(self.db, lead["id"], department_id=new_dept)
            self.event("responsibility", lead["id"], problem["id"], problem["code"], "department",
                       lead["department"], self.unit_name(new_dept))
            changes += 1
        return changes

    def edit_task(self, task_code: str, *, measure: str | None, owner: str | None, dept: str | None,
                  deadline: date | None) -> tuple[Row, int]:
        task = self.task(task_code)
        changes = 0

        def change(column: str, field_name: str, old: Any, new: Any, old_text: Any = None,
                   new_text: Any = None) -> None:
            nonlocal changes
            if old != new:
                tasks.update(self.db, task["id"], **{column: new})
                self.event("task", task["id"], task["problem_id"], task["code"], field_name,
                           old if old_text is None else old_text, new if new_text is None else new_text)
                changes += 1

        if measure is not None:
            change("measure", "measure", task["measure"], rules.check_text(measure, "issue.measure_empty"))
        if owner is not None:
            change("owner", "owner", task["owner"], self.owner(owner))
        if dept is not None:
            new_id = self.department(dept)
            change("department_id", "department", task["department_id"], new_id,
                   task["department"], self.unit_name(new_id))
        if deadline is not None:
            change("deadline", "deadline", _day(task["deadline"]), deadline)
        return task, changes


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _who(owner: str | None, department: str | None) -> str:
    return f"{owner or ''} ({department})" if department else (owner or "")
