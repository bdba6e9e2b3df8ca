"""`campaign remind`: one message per owner with the tasks to chase.

The tasks are those not done that are red (overdue) or yellow (due within
the warning window), or with `--within N` those due within N days (overdue
ones included). Tasks are grouped by owner (a task without an owner by its
department), the most urgent owner first. Each message greets the owner,
lists each task with its problem, measure, deadline and days left or late,
and says what to send back: the 佐证材料 and the date it was done. It is
text to paste into a WeChat work group or a mail, plain or Markdown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from campaign_cli.domain import signals
from campaign_cli.domain.records import Campaign
from campaign_cli.i18n import language, t
from campaign_cli.reports.ledger import Clock, _department_id, task_json
from campaign_cli.store import tasks as task_store
from campaign_cli.store.database import Database

FORMATS = ("text", "md", "json")


def reminders(db: Database, campaign: Campaign, at: Clock, *, within: int | None = None,
              owner: str | None = None, dept: str | None = None, fmt: str = "text") -> list[dict[str, Any]]:
    """[{"owner", "department", "tasks": [task rows], "text"}], one per owner (SPEC §3)."""
    from campaign_cli.domain.names import normalise_name

    flt = dict(today=at.today, warn_end=at.warn_end, owner=normalise_name(owner) if owner else None,
               department_id=_department_id(db, campaign, dept) if dept else None)
    late, _ = task_store.list_tasks(db, campaign.id, task_store.TaskFilter(**flt, signal=signals.RED))
    if within is None:
        soon, _ = task_store.list_tasks(db, campaign.id, task_store.TaskFilter(**flt, signal=signals.YELLOW))
    else:
        soon, _ = task_store.list_tasks(db, campaign.id, task_store.TaskFilter(
            **flt, due_end=at.today + timedelta(days=within)))
    groups: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
    for task in [*late, *soon]:
        key = (task.owner, None) if task.owner else (None, task.department)
        groups.setdefault(key, []).append(task_json(task, at))
    out = []
    for (name, department), rows in groups.items():
        departments = list(dict.fromkeys(r["department"] for r in rows if r["department"]))
        item = {"owner": name, "department": "、".join(departments) if departments else department, "tasks": rows}
        item["text"] = compose(item, campaign, at.today, fmt)
        out.append(item)
    out.sort(key=lambda i: (min(r["days_left"] for r in i["tasks"]), i["owner"] is None, i["owner"] or "",
                            i["department"] or ""))
    return out


def _day(value: str) -> str:
    from campaign_cli.dates import format_date

    return format_date(date.fromisoformat(value), language())


def _when(row: dict[str, Any]) -> str:
    days = row["days_left"]
    if days < 0:
        return t("remind.late_one" if days == -1 else "remind.late", days=-days)
    if days == 0:
        return t("remind.today")
    return t("remind.left_one" if days == 1 else "remind.left", days=days)


def compose(item: dict[str, Any], campaign: Campaign, today: date, fmt: str = "text") -> str:
    """The message for one owner, ready to paste; `md` marks it up as Markdown."""
    md = fmt == "md"
    who = item["owner"] or item["department"] or t("remind.nobody")
    greeting = t("remind.greeting", name=who)
    lines = [f"**{greeting}**" if md else greeting, "",
             t("remind.intro", today=_day(today.isoformat()), count=len(item["tasks"])), ""]
    for i, row in enumerate(item["tasks"], 1):
        when = _when(row)
        entry = t("remind.task", code=row["code"], measure=row["measure"], problem=row["problem"],
                  title=row["problem_title"], deadline=_day(row["deadline"]))
        lines.append(f"- **{when}** {entry}" if md else f"{i}. 【{when}】{entry}" if language() == "zh"
                     else f"{i}. [{when}] {entry}")
    lines += ["", t("remind.send_back"), "", t("remind.sign", title=campaign.title)]
    return "\n".join(lines) + "\n"


def file_name(owner: str | None, department: str | None, taken: set[str], suffix: str) -> str:
    """A safe file name for one owner's message, unique among `taken`."""
    import re

    base = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", owner or department or "unassigned").strip(" ._") or "unassigned"
    base = base[:80]
    name, n = f"{base}.{suffix}", 2
    while name.lower() in taken:
        name, n = f"{base}-{n}.{suffix}", n + 1
    taken.add(name.lower())
    return name
