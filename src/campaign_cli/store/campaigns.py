"""Campaigns and settings in the store."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from campaign_cli.domain.records import Campaign
from campaign_cli.store.database import Database

if TYPE_CHECKING:
    from campaign_cli.domain.settings import Settings

CURRENT = "current_campaign"

_COLUMNS = "id, key, title, doc_no, issuer, year, starts_on, ends_on"


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def create(db: Database, *, key: str, title: str, year: int, doc_no: str | None,
           issuer: str | None, start: Any, end: Any) -> Campaign:
    campaign_id = db.insert("campaign", {
        "key": key, "title": title, "year": year, "doc_no": doc_no, "issuer": issuer,
        "starts_on": start, "ends_on": end, "next_problem_no": 1, "next_task_no": 1,
        "created_at": now_text(),
    })
    return by_id(db, campaign_id)


def update(db: Database, campaign_id: int, **values: Any) -> Campaign:
    db.update("campaign", campaign_id, **values)
    return by_id(db, campaign_id)


def by_id(db: Database, campaign_id: int) -> Campaign:
    row = db.one(f"SELECT {_COLUMNS} FROM campaign WHERE id = :id", id=campaign_id)
    assert row is not None
    return Campaign.from_row(row)


def by_key(db: Database, key: str) -> Campaign | None:
    row = db.one(f"SELECT {_COLUMNS} FROM campaign WHERE key = :key", key=key)
    return Campaign.from_row(row) if row else None


def every(db: Database) -> list[Campaign]:
    """Every campaign the login may read (on a shared server, the rows its
    grants let it see), by key."""
    return [Campaign.from_row(r) for r in db.rows(f"SELECT {_COLUMNS} FROM campaign ORDER BY key")]


def all_campaigns(db: Database) -> list[dict[str, Any]]:
    return db.rows(
        f"SELECT {_COLUMNS}, "
        "(SELECT COUNT(*) FROM phase p WHERE p.campaign_id = c.id) AS phases, "
        "(SELECT COUNT(*) FROM problem q WHERE q.campaign_id = c.id) AS problems "
        "FROM campaign c ORDER BY c.year DESC, c.key"
    )


def get_setting(db: Database, key: str, campaign_id: int | None = None) -> str | None:
    if campaign_id is None:
        return db.scalar("SELECT value FROM setting WHERE campaign_id IS NULL AND key = :key", key=key)
    return db.scalar("SELECT value FROM setting WHERE campaign_id = :c AND key = :key",
                     c=campaign_id, key=key)


def set_setting(db: Database, key: str, value: str, campaign_id: int | None = None) -> None:
    with db.transaction():
        if campaign_id is None:
            db.execute("DELETE FROM setting WHERE campaign_id IS NULL AND key = :key", key=key)
        else:
            db.execute("DELETE FROM setting WHERE campaign_id = :c AND key = :key", c=campaign_id, key=key)
        db.insert("setting", {"campaign_id": campaign_id, "key": key, "value": value})


def settings(db: Database, campaign_id: int) -> "Settings":
    """The campaign's settings, typed, with their defaults."""
    from campaign_cli.domain.settings import Settings

    return Settings.from_values({r["key"]: r["value"] for r in db.rows(
        "SELECT key, value FROM setting WHERE campaign_id = :c", c=campaign_id)})


def settings_of(db: Database, campaign_ids: list[int]) -> "dict[int, Settings]":
    """The settings of several campaigns in one read."""
    from campaign_cli.domain.settings import Settings

    values: dict[int, dict[str, str]] = {cid: {} for cid in campaign_ids}
    if values:
        params = {f"c{i}": cid for i, cid in enumerate(values)}
        marks = ", ".join(f":{name}" for name in params)
        for r in db.rows(f"SELECT campaign_id, key, value FROM setting WHERE campaign_id IN ({marks})", **params):
            values[int(r["campaign_id"])][r["key"]] = r["value"]
    return {cid: Settings.from_values(found) for cid, found in values.items()}


def current_key(db: Database, actor: str) -> str | None:
    """The campaign `actor` works on: their own choice (`use`, `init`), else
    the store-wide one older versions kept, else the only campaign there is."""
    key = db.scalar("SELECT c.key FROM current_campaign x JOIN campaign c ON c.id = x.campaign_id "
                    "WHERE x.actor = :a", a=actor)
    if key:
        return key
    key = get_setting(db, CURRENT)
    if key and by_key(db, key) is not None:
        return key
    keys = db.rows("SELECT key FROM campaign LIMIT 2")
    return keys[0]["key"] if len(keys) == 1 else None
