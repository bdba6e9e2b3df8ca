"""Errors that reach the user, each with its exit code (SPEC §5).

Raise them anywhere below the CLI with a message key from the i18n catalogs;
one boundary (`CampaignGroup.invoke` in `cli/__init__.py`) turns them into a
line on stderr in the user's language and the exit code. This module imports
nothing of the project, so every layer may raise these errors.
"""

from __future__ import annotations


class CampaignError(Exception):
    """Base: a message key plus the values it names."""

    exit_code = 1

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # readable in test failures and logs
        return f"{self.key} {self.params}" if self.params else self.key


class UserError(CampaignError):
    """Unknown code, invalid value, a rule broken: exit 1."""

    exit_code = 1


class UsageError(CampaignError):
    """Options that cannot be combined or are missing: exit 2."""

    exit_code = 2


class StoreError(CampaignError):
    """The store cannot be used: locked, not a store, corrupt, newer: exit 3."""

    exit_code = 3


def is_integrity_error(error: BaseException) -> bool:
    """A broken constraint reported by a server driver (SQLAlchemy's
    IntegrityError, psycopg's UniqueViolation and kin): a conflict, exit 1.
    Told by class name, so no driver is imported to ask."""
    return any(cls.__name__ == "IntegrityError" for cls in type(error).__mro__)
