"""Where the store is: `--db PATH|URL`, CAMPAIGN_DB, or the platform's data folder."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreLocation:
    url: str  # a SQLAlchemy URL
    path: Path | None  # the file, for SQLite stores
    is_default: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def display(self) -> str:
        """What to show a user: the path, or the URL with its password masked."""
        return str(self.path) if self.path is not None else mask_url(self.url)


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("campaign", appauthor=False)) / "campaign.db"


def resolve(value: str | None) -> StoreLocation:
    value = value or os.environ.get("CAMPAIGN_DB") or None
    if not value:
        path = default_path()
        return StoreLocation(f"sqlite:///{path}", path, is_default=True)
    if value.startswith("sqlite:"):
        raw = re.sub(r"^sqlite(\+\w+)?:///", "", value)
        path = Path(raw).expanduser()
        return StoreLocation(f"sqlite:///{path}", path)
    if "://" in value:
        return StoreLocation(value, None)
    path = Path(value).expanduser()
    return StoreLocation(f"sqlite:///{path}", path)


def mask_url(url: str) -> str:
    """`postgresql://user:secret@host/db` -> `postgresql://user:***@host/db`.

    The credentials end at the last `@` before the host, so a password that
    itself holds `@`, `:` or `/` is masked whole.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    address, query_sep, query = rest.partition("?")
    credentials, at, host = address.rpartition("@")
    masked = f"{scheme}://{address}"
    if at:
        user, colon, _password = credentials.partition(":")
        masked = f"{scheme}://{user}{':***' if colon else ''}@{host}"
    if "password=" in query:
        query = re.sub(r"(password=)[^&]*", r"\1***", query)
    return masked + (query_sep + query if query_sep else "")
