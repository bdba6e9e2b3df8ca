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
    if engine.dialect.name == "sqlite":
        _one_sqlite_transaction(engine)
    try:
        with engine.begin() as connection:
            command.upgrade(_config(connection), revision)
    finally:
        engine.dispose()


def _one_sqlite_transaction(engine: Any) -> None:
    """Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE,
    so CREATE, DROP and ALTER would each commit on their own and a crash
    half-way would leave a half-migrated store. Take over: BEGIN IMMEDIATE
    at the start, and everything up to the stamp commits as one."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def script_revisions() -> list[str]:
    """Revision ids in the shipped migrations, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config(None))
    return [s.revision for s in reversed(list(scripts.walk_revisions()))]
