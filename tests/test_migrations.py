"""The migrations match the models, and the code knows every revision."""

from __future__ import annotations

from campaign_cli.store import migrate, schema


def test_known_revisions_match_the_shipped_scripts():
    assert list(schema.REVISIONS) == migrate.script_revisions()


def test_models_do_not_drift_from_migrations(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    import campaign_cli.models  # noqa: F401

    url = f"sqlite:///{tmp_path / 'drift.db'}"
    migrate.upgrade(url)
    engine = create_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()
