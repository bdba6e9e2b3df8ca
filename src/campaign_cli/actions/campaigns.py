"""Campaigns: create (`init`), edit (fields and settings), and which one an actor works on."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from campaign_cli.actions import Act, Outcome, Write, writing
from campaign_cli.actions import phases as phase_actions
from campaign_cli.actions.history import Change
from campaign_cli.domain import settings as setting_rules
from campaign_cli.domain.campaigns import check_key, check_year
from campaign_cli.domain.records import Campaign
from campaign_cli.domain.text import optional_line
from campaign_cli.errors import UserError
from campaign_cli.store import campaigns


def _check_period(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise UserError("campaign.start_after_end", start=start, end=end)


def make_current(w: Write, campaign: Campaign) -> None:
    """`campaign` becomes the actor's current one (theirs only: SPEC §2)."""
    w.db.execute("DELETE FROM current_campaign WHERE actor = :a", a=w.actor)
    w.db.insert_row("current_campaign", {"actor": w.actor, "campaign_id": campaign.id})


def _check_owner(act: Act) -> None:
    """On a shared server only the store's owner creates campaigns; it then
    grants each to its school's login (SPEC §6)."""
    from campaign_cli.store import grants

    login, owner = grants.current_login(act.db), grants.owner(act.db)
    if login != owner and not grants.is_superuser(act.db):
        raise UserError("campaign.init_owner_only", owner=owner, login=login)


def create(act: Act, key: str, *, title: str | None, year: int, doc_no: str | None = None,
           issuer: str | None = None, start: date | None = None, end: date | None = None,
           warn_days: int | None = None, plan_changes: Sequence[Any] = ()) -> Outcome[Campaign]:
    key = check_key(key)
    title = optional_line(title)
    if not title:
        raise UserError("campaign.title_required")
    year = check_year(year)
    _check_period(start, end)
    if act.db.dialect == "postgresql":
        _check_owner(act)
    with writing(act, None) as w:
        if campaigns.by_key(w.db, key):
            raise UserError("campaign.exists", key=key)
        campaign = campaigns.create(w.db, key=key, title=title, year=year, doc_no=optional_line(doc_no),
                                    issuer=optional_line(issuer), start=start, end=end)
        w.campaign = campaign
        w.record(Change("campaign", campaign.id, "created", None, key))
        if warn_days is not None:
            w.setting("warn_days", str(setting_rules.check_days("warn_days", warn_days)))
        phase_actions.apply_plan(w, plan_changes)
        make_current(w, campaign)
    return w.outcome(campaign)


# Fields of `campaign edit`: option name -> column.
FIELDS = {"title": "title", "doc_no": "doc_no", "issuer": "issuer", "start": "starts_on", "end": "ends_on"}


def edit(act: Act, *, values: dict[str, Any], settings: dict[str, Any]) -> Outcome[Campaign]:
    """Change the campaign's fields and settings; each change is in its history."""
    campaign = act.campaign
    assert campaign is not None
    with writing(act) as w:
        current = {"title": campaign.title, "doc_no": campaign.doc_no, "issuer": campaign.issuer,
                   "start": campaign.start, "end": campaign.end}
        wanted = {**current, **values}
        if "title" in values:
            wanted["title"] = optional_line(values["title"])
            if not wanted["title"]:
                raise UserError("campaign.title_required")
        for name in ("doc_no", "issuer"):
            if name in values:
                wanted[name] = optional_line(values[name])
        _check_period(wanted["start"], wanted["end"])
        for name, column in FIELDS.items():
            w.set("campaign", campaign.id, column, current[name], wanted[name], field_name=name, code=campaign.key)
        for name, value in settings.items():
            if name == "review":
                value = setting_rules.check_review(value)
            elif name == "require_evidence":
                value = setting_rules.check_yes_no("--require-evidence", value)
            elif name == "unit_name":
                value = optional_line(value) or ""
            else:
                value = setting_rules.check_days(name, int(value))
            w.setting(name, str(value))
        if not w.changes:
            raise UserError("campaign.nothing_to_change")
        changed = campaigns.by_id(w.db, campaign.id)
        w.campaign = changed
    return w.outcome(changed)


def use(act: Act, key: str) -> Outcome[Campaign]:
    """The actor's current campaign; not a change to the records, so not in the history."""
    with writing(act, None) as w:
        found = campaigns.by_key(w.db, key)
        if found is None:
            raise UserError("campaign.unknown", key=key)
        make_current(w, found)
        w.campaign = found
    return w.outcome(found)
