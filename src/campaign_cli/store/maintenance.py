"""What `campaign db` reports and checks about a store."""

from __future__ import annotations

from typing import Any

from campaign_cli.store import campaigns, schema
from campaign_cli.store.database import Database
from campaign_cli.store.location import StoreLocation


def info(db: Database, location: StoreLocation, actor: str) -> dict[str, Any]:
    document: dict[str, Any] = {
        "location": location.display(),
        "kind": db.dialect,
        "revision": db.scalar("SELECT version_num FROM alembic_version"),
        "head": schema.HEAD,
        "campaigns": int(db.scalar("SELECT COUNT(*) FROM campaign")),
        "current": campaigns.current_key(db, actor),
        "counts": {table: int(db.scalar(f"SELECT COUNT(*) FROM {table}"))
                   for table in ("phase", "unit", "activity", "problem", "task", "event")},
    }
    if location.path is not None:
        document["size_bytes"] = location.path.stat().st_size
        document["journal_mode"] = db.scalar("PRAGMA journal_mode")
    return document


def check(db: Database) -> list[str]:
    """Problems found; an empty list means the store is sound."""
    found: list[str] = []
    if db.dialect == "sqlite":
        result = [next(iter(r.values())) for r in db.rows("PRAGMA integrity_check")]
        if result != ["ok"]:
            found.extend(str(r) for r in result[:5])
        for row in db.rows("PRAGMA foreign_key_check")[:5]:
            found.append(f"foreign key: {row.get('table')} row {row.get('rowid')} -> {row.get('parent')}")
    revision = db.scalar("SELECT version_num FROM alembic_version")
    if revision != schema.HEAD:
        found.append(f"revision {revision} != {schema.HEAD}")
    return found
