"""The campaign's calendar (iCalendar, RFC 5545) for phones and desktops.

Each phase is an all-day VEVENT over its window; each task an all-day VEVENT
on its deadline, and each open task a VALARM the warning window (the
campaign's `warn_days`) before it. UIDs are stable — `T-12@<campaign-key>.campaign`,
`phase-3@<campaign-key>.campaign` — so importing a newer export into a
calendar updates the events instead of adding copies. Done tasks stay, with
their summary marked done, so they move rather than vanish.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from campaign_cli.domain import phases as phase_rules
from campaign_cli.domain.records import Campaign
from campaign_cli.i18n import t
from campaign_cli.store import dump
from campaign_cli.store import phases as phase_store
from campaign_cli.store.database import Database


def uid(code: str, campaign_key: str) -> str:
    return f"{code}@{campaign_key}.campaign"


def _day(value: Any) -> date:
    return date.fromisoformat(str(value)[:10])


def alarm(code: str, measure: str, warn_days: int) -> Any:
    """A reminder `warn_days` days before the (all-day) deadline: the start
    of the warning window, when the task turns yellow."""
    from icalendar import Alarm

    item = Alarm()
    item.add("action", "DISPLAY")
    item.add("trigger", timedelta(days=-warn_days))
    item.add("description", t("transfer.ics.alarm", code=code, measure=measure, days=warn_days))
    return item


def calendar_bytes(db: Database, campaign: Campaign, stamp: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    from campaign_cli.store import campaigns as campaign_store

    warn_days = campaign_store.settings(db, campaign.id).warn_days
    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//campaign-cli//campaign//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", campaign.title)

    phases = phase_store.all_phases(db, campaign.id)
    default_start = phase_rules.campaign_start(campaign, phases)
    for phase in phases:
        start, end = phase_rules.window(phase, default_start)
        event = Event()
        event.add("uid", uid(f"phase-{phase.seq}", campaign.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("summary", t("transfer.ics.phase", seq=phase.seq, title=phase.title))
        if phase.notes:
            event.add("description", phase.notes)
        event.add("categories", [t("transfer.ics.phase_category")])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)

    for task in dump.tasks(db, campaign.id):
        deadline = _day(task["deadline"])
        event = Event()
        event.add("uid", uid(task["code"], campaign.key))
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline)
        event.add("dtend", deadline + timedelta(days=1))
        key = "transfer.ics.task_done" if task["status"] == "done" else "transfer.ics.task"
        event.add("summary", t(key, code=task["code"], measure=task["measure"],
                               owner=task["owner"] or task["department"] or "-"))
        event.add("description", t("transfer.ics.task_detail", problem=task["problem"],
                                   title=task["problem_title"], department=task["department"] or "-",
                                   owner=task["owner"] or "-",
                                   status=t(f"transfer.task_status.{task['status']}")))
        event.add("categories", [t("transfer.ics.task_category")])
        event.add("transp", "TRANSPARENT")
        if task["status"] != "done":
            event.add_component(alarm(task["code"], task["measure"], warn_days))
        calendar.add_component(event)
    return calendar.to_ical()
