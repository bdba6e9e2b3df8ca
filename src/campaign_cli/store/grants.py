"""The grants of a PostgreSQL store: who may read and write which campaign (SPEC §6).

The server enforces them (store/policies.py); this module only reads and
writes the `store_grant` table and asks the server who is connected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from campaign_cli.store.database import Database

CAMPAIGN, OFFICE = "campaign", "office"


@dataclass
class LoginGrants:
    """What one server login was granted."""

    login: str
    office: bool = False
    campaigns: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"login": self.login, "office": self.office, "campaigns": list(self.campaigns)}


def current_login(db: Database) -> str:
    return str(db.scalar("SELECT current_user"))


def owner(db: Database) -> str:
    """The login that owns the store's tables (it ran `init`)."""
    return str(db.scalar("SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                         "WHERE c.oid = to_regclass('campaign')"))


def is_superuser(db: Database) -> bool:
    """A superuser passes every policy, like the owner."""
    return bool(db.scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))


def login_exists(db: Database, login: str) -> bool:
    return db.scalar("SELECT COUNT(*) FROM pg_roles WHERE rolname = :l", l=login) > 0


def rows_of(db: Database, login: str) -> list[dict[str, Any]]:
    return db.rows("SELECT g.id, g.role, g.campaign_id, c.key FROM store_grant g "
                   "LEFT JOIN campaign c ON c.id = g.campaign_id WHERE g.login = :l ORDER BY g.id", l=login)


def grants(db: Database, login: str | None = None) -> list[LoginGrants]:
    """Every login's grants (the owner sees all; another login only its own), by login."""
    found: dict[str, LoginGrants] = {}
    where, params = ("WHERE g.login = :l ", {"l": login}) if login is not None else ("", {})
    for row in db.rows("SELECT g.login, g.role, c.key FROM store_grant g LEFT JOIN campaign c ON c.id = g.campaign_id "
                       f"{where}ORDER BY g.login, g.role, c.key", **params):
        entry = found.setdefault(row["login"], LoginGrants(row["login"]))
        if row["role"] == OFFICE:
            entry.office = True
        elif row["key"] is not None:
            entry.campaigns.append(row["key"])
    return list(found.values())
