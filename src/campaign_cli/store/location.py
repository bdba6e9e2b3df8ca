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


PSYCOPG_SCHEME = "postgresql+psycopg"


# What a URL's user, host and path give libpq; any other parameter comes from its query.
_AUTHORITY = frozenset({"user", "password", "host", "port", "dbname"})


def libpq_params(url: str) -> dict[str, str] | None:
    """The connection parameters of a `postgresql+psycopg://` URL as libpq
    (the server's own client library, through psycopg) reads it, for the
    direct PostgreSQL store (store/postgres.py) that spares a command
    SQLAlchemy's import; None for any other URL, and whenever SQLAlchemy's
    parser (`parse_url`, which the rest of the program and Alembic use)
    might read it otherwise — such a URL takes the SQLAlchemy path as before.
    libpq does the reading; what follows only checks its reading against
    the text, mark by mark, where the two parsers are known to part:

    - `@`: SQLAlchemy takes the one `@` for the end of the user part even
      after a raw `/` in the password; libpq then reads no user at all;
    - `:`: no value libpq read holds one, and each raw one is its
      user:password or host:port mark (not so: an empty port, which
      SQLAlchemy refuses, or SQLAlchemy's `?host=h:5432`);
    - `=`: no value holds one, and each raw one gives one query parameter
      libpq kept (not so: a key given twice — SQLAlchemy makes a list of
      it, or several hosts —, an empty value SQLAlchemy drops, the user,
      password or host given in the query, which SQLAlchemy handles in
      ways of its own);
    - `+`: SQLAlchemy reads it as a space in a query value, libpq as `+`;
    - a raw space or a `%` not followed by two hex digits: libpq refuses;
    - a port that is not a number: SQLAlchemy refuses it (`store.bad_url`).

    tests/test_url_secrets.py checks, over generated URLs, that where this
    returns a reading SQLAlchemy's psycopg dialect passes psycopg the same.
    """
    scheme, sep, rest = url.partition("://")
    if scheme != PSYCOPG_SCHEME or not sep or url.count("@") > 1 or "+" in rest:
        return None
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:
        return None
    try:
        params = {key: str(value) for key, value in conninfo_to_dict("postgresql://" + rest).items()}
    except Exception:  # libpq refuses it (its message may quote the password: never shown)
        return None
    if "@" in rest and "user" not in params and "password" not in params:
        return None
    if any(":" in v or "=" in v for v in params.values()):
        return None
    if rest.count(":") != ("password" in params) + ("port" in params) or \
            rest.count("=") != len(set(params) - _AUTHORITY):
        return None
    if "" in (params.get(key) for key in set(params) - {"password"}):
        return None
    if not params.get("port", "0").isdigit():
        return None
    return params


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
    parsed = parse_url(url) if isinstance(url, str) else url
    found: list[str] = _libpq_secrets(url) if isinstance(url, str) else []
    if parsed is None:
        return _forms(found)
    if parsed.password:
        found.append(str(parsed.password))
    for key, value in parsed.query.items():
        if is_secret_key(key):
            found.extend(v for v in (value if isinstance(value, tuple) else (value,)) if v)
    return _forms(found)


def _libpq_secrets(url: str) -> list[str]:
    """The secrets of the URL as libpq reads it, where the direct store
    connects with that reading (`libpq_params`): masked too, should the two
    readings ever part in a way `libpq_params` does not foresee."""
    params = libpq_params(url)
    if params is None:
        return []
    return [v for k, v in params.items() if v and (k == "password" or is_secret_key(k))]


def _forms(found: list[str]) -> list[str]:
    from urllib.parse import quote, quote_plus

    forms = {form for secret in found for form in (secret, quote(secret, safe=""), quote_plus(secret), quote(secret))}
    return sorted(forms, key=len, reverse=True)


def mask_secrets(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text
