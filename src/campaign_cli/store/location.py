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


# Query parameters whose value is a secret (keys compared lower-case, after
# SQLAlchemy has decoded them: `pass%77ord` is `password`).
SECRET_KEYS = ("pass", "pwd", "secret", "token")


def parse_url(url: str):
    """The URL as SQLAlchemy reads it (the one parser), or None when it
    cannot, or when what it reads is not what was meant: SQLAlchemy ends the
    password at its first raw `@` and takes the rest for the host, so a URL
    with a second `@` would connect somewhere else and show part of the
    password as a host name. `@` in a password must be written `%40`."""
    from sqlalchemy.engine import make_url

    if url.count("@") > 1:
        return None
    try:
        return make_url(url)
    except Exception:  # ArgumentError, a port that is not a number (ValueError) ...
        return None


def is_secret_key(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in SECRET_KEYS)


def mask_url(url: str) -> str:
    """The URL with its password and every secret query value as `***`.

    `postgresql://clerk:pa?ss@host/db` -> `postgresql://clerk:***@host/db`;
    `…/db?pass%77ord=x` -> `…/db?password=***`. A URL SQLAlchemy cannot
    parse is shown by its scheme alone: where its password ends is unknown.
    """
    import secrets

    parsed = parse_url(url)
    if parsed is None:
        scheme, sep, _rest = url.partition("://")
        return f"{scheme}://…" if sep and "@" not in scheme else "…"
    mark = "MASKED" + secrets.token_hex(8)  # plain letters: rendered as they are, then replaced
    query = {key: ((mark,) * len(value) if isinstance(value, tuple) else mark) if is_secret_key(key) else value
             for key, value in parsed.query.items()}
    shown = parsed.set(password=mark if parsed.password is not None else None, query=query)
    return shown.render_as_string(hide_password=False).replace(mark, "***")


def url_secrets(url) -> list[str]:
    """Every secret a URL (text or a SQLAlchemy URL) holds, as typed and
    percent-encoded, longest first: to be removed from any message."""
    from urllib.parse import quote, quote_plus

    parsed = parse_url(url) if isinstance(url, str) else url
    if parsed is None:
        return []
    found: list[str] = []
    if parsed.password:
        found.append(str(parsed.password))
    for key, value in parsed.query.items():
        if is_secret_key(key):
            found.extend(v for v in (value if isinstance(value, tuple) else (value,)) if v)
    forms = {form for secret in found for form in (secret, quote(secret, safe=""), quote_plus(secret), quote(secret))}
    return sorted(forms, key=len, reverse=True)


def mask_secrets(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text
