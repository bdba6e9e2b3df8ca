"""Alembic, imported only when a store is created or upgraded."""

from __future__ import annotations

from importlib import resources
from typing import Any


def _config(connection: Any) -> Any:
    from alembic.config import Config

    config = Config()
    location = resources.files("campaign_cli.migrations")
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the store at `url` to `revision` in one transaction."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), revision)
    finally:
        engine.dispose()


def script_revisions() -> list[str]:
    """Revision ids in the shipped migrations, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config(None))
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]
