"""Errors that reach the user, each with its exit code (SPEC §5).

Raise them anywhere below the CLI with a message key from the i18n catalogs;
one boundary (`campaign_cli.__main__`) turns them into a line on stderr in
the user's language and the exit code.
"""

from __future__ import annotations


class CampaignError(Exception):
    """Base: a message key plus the values it names."""

    exit_code = 1

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        from campaign_cli.i18n import t

        return t(self.key, **self.params)

    def __str__(self) -> str:  # readable in test failures and logs
        return self.message()


class UserError(CampaignError):
    """Unknown code, invalid value, a rule broken: exit 1."""

    exit_code = 1


class UsageError(CampaignError):
    """Options that cannot be combined or are missing: exit 2."""

    exit_code = 2


class StoreError(CampaignError):
    """The store cannot be used: locked, not a store, corrupt, newer: exit 3."""

    exit_code = 3
