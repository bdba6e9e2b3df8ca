"""Writing a whole campaign document (the JSON export form) into a store."""

from __future__ import annotations

from datetime import date
from typing import Any

from campaign_cli.domain.records import Campaign
from campaign_cli.store import campaigns, phases, units
from campaign_cli.store.database import Database


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_campaign(db: Database, document: dict[str, Any], *, make_current: bool = True) -> Campaign:
    """Create the campaign of `document` with its settings, units and phases,
    in one transaction."""
    head = document["campaign"]
    with db.transaction():
        campaign = campaigns.create(
            db, key=head["key"], title=head["title"], year=int(head["year"]),
            doc_no=head.get("doc_no"), issuer=head.get("issuer"),
            start=_day(head.get("start")), end=_day(head.get("end")))
        for key, value in (document.get("settings") or {}).items():
            campaigns.set_setting(db, key, str(value), campaign.id)
        for unit in document.get("units", []):
            units.add(db, campaign.id, name=unit["name"], kind=unit["kind"], members=unit.get("members"))
        for unit in document.get("units", []):
            if unit.get("parent"):
                parent = units.by_name(db, campaign.id, unit["parent"])
                child = units.by_name(db, campaign.id, unit["name"])
                units.update(db, child.id, parent_id=parent.id)
        for phase in sorted(document.get("phases", []), key=lambda p: p["seq"]):
            phases.add(db, campaign.id, title=phase["title"], start=_day(phase.get("start")),
                       end=_day(phase["end"]), notes=phase.get("notes"),
                       as_written=phase.get("as_written"), kinds=",".join(phase.get("kinds") or []) or None)
        if make_current:
            campaigns.set_setting(db, campaigns.CURRENT, campaign.key)
    return campaign
