"""What every command gets: settings, the store, the consoles, "today"."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from campaign_cli.errors import UserError

if TYPE_CHECKING:
    from rich.console import Console

    from campaign_cli.domain.records import Campaign
    from campaign_cli.store.database import Database
    from campaign_cli.store.location import StoreLocation


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "unknown"


@dataclass
class AppContext:
    db_option: str | None = None
    campaign_key: str | None = None
    today: date = field(default_factory=date.today)
    lang: str = "zh"
    actor: str = field(default_factory=login_name)
    # Only init, demo and import may create a store (SPEC §5); they set this first.
    may_create_store: bool = False
    _store: Any = None
    _campaign: Any = None
    _location: Any = None

    @property
    def location(self) -> "StoreLocation":
        if self._location is None:
            from campaign_cli.store.location import resolve

            self._location = resolve(self.db_option)
        return self._location

    def use_location(self, location: "StoreLocation") -> None:
        self.close()
        self._location = location

    @property
    def store(self) -> "Database":
        if self._store is None:
            from campaign_cli.store.opening import open_store

            self._store = open_store(self.location, create=self.may_create_store)
        return self._store

    @property
    def campaign(self) -> "Campaign":
        """The campaign this command works on: --campaign, else the current one."""
        if self._campaign is None:
            from campaign_cli.store import campaigns

            key = self.campaign_key or campaigns.current_key(self.store, self.actor)
            if not key:
                raise UserError("campaign.none")
            found = campaigns.by_key(self.store, key)
            if found is None:
                raise UserError("campaign.unknown", key=key)
            self._campaign = found
        return self._campaign

    def forget_campaign(self) -> None:
        self._campaign = None

    @property
    def year(self) -> int:
        """The year dates without one take: the campaign's, else today's."""
        try:
            return self.campaign.year
        except UserError:
            return self.today.year

    def parse_date(self, text: str) -> date:
        from campaign_cli.dates import parse_date

        return parse_date(text, year=self.year, today=self.today)

    def console(self) -> "Console":
        from campaign_cli.render.theme import make_console

        return make_console()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def debug_enabled() -> bool:
    return os.environ.get("CAMPAIGN_DEBUG", "") not in ("", "0")
