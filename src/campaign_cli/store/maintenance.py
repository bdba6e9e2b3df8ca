"""What `campaign db` reports and checks about a store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campaign_cli.errors import StoreError

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


def check(db: Database) -> dict[str, Any]:
    """What was checked and the problems found (none: the store is sound).

    SQLite: `PRAGMA integrity_check` (every page, index and constraint) and
    `PRAGMA foreign_key_check`. PostgreSQL: every table the schema needs is
    there, every constraint is validated (`pg_constraint.convalidated`), and
    no row refers to a missing one (each foreign key joined to its parent).
    Both: the revision, and each campaign's task tally against a recount."""
    found: list[str] = []
    checks: list[str] = []
    if db.dialect == "sqlite":
        checks += ["integrity_check", "foreign_key_check"]
        try:
            result = [next(iter(r.values())) for r in db.rows("PRAGMA integrity_check")]
        except StoreError as exc:  # damage that stops the check itself
            result = [str(exc.params.get("reason") or exc.key)]
        if result != ["ok"]:
            found.extend(str(r) for r in result[:5])
        else:
            for row in db.rows("PRAGMA foreign_key_check")[:5]:
                found.append(f"foreign key: {row.get('table')} row {row.get('rowid')} -> {row.get('parent')}")
    else:
        checks += ["tables", "constraints_validated", "foreign_keys"]
        found.extend(_server_schema_problems(db))
    checks.append("revision")
    revision = db.scalar("SELECT version_num FROM alembic_version")
    if revision != schema.HEAD:
        found.append(f"revision {revision} != {schema.HEAD}")
    if revision in schema.REVISIONS and schema.REVISIONS.index(revision) >= schema.REVISIONS.index("0008_task_tally"):
        checks.append("task_tally")
        found.extend(_tally_problems(db))
    return {"checks": checks, "problems": found, "revision": revision}


def _tally_problems(db: Database) -> list[str]:
    """Each campaign's task tally against a recount of its tasks (the write
    layer keeps it; a difference means a write that went around it)."""
    from campaign_cli.store import task_tally

    found = []
    for row in db.rows("SELECT id, key FROM campaign ORDER BY id"):
        days = task_tally.drift(db, int(row["id"]))
        if days:
            found.append(f"task tally of campaign {row['key']}: {len(days)} department-day(s) differ from "
                         f"its tasks, first {days[0][2]}")
    return found


def _server_schema_problems(db: Database) -> list[str]:
    from sqlmodel import SQLModel

    import campaign_cli.models  # noqa: F401  (registers the tables)

    found: list[str] = []
    tables = {r["name"] for r in db.rows(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()")}
    for table in sorted(set(SQLModel.metadata.tables) - tables):
        found.append(f"missing table: {table}")
    for row in db.rows("SELECT conname, conrelid::regclass::text AS tbl FROM pg_constraint "
                       "WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"):
        found.append(f"constraint not validated: {row['tbl']}.{row['conname']}")
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in tables:
            continue
        for fk in table.foreign_keys:
            child, parent = fk.parent, fk.column
            orphans = int(db.scalar(
                f'SELECT COUNT(*) FROM "{table.name}" c WHERE c."{child.name}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent.table.name}" p WHERE p."{parent.name}" = c."{child.name}")'))
            if orphans:
                found.append(f"foreign key: {orphans} {table.name} row(s) -> missing {parent.table.name}")
    return found[:20]


def check_damaged(path: Path) -> list[str]:
    """The damage in a SQLite store too broken to open: what
    `PRAGMA integrity_check` can still say (read-only, immutable)."""
    import sqlite3

    from campaign_cli.store.database import _uri_path

    try:
        connection = sqlite3.connect(f"file:{_uri_path(str(path))}?mode=ro&immutable=1", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchmany(5)
        finally:
            connection.close()
        return [str(r[0]) for r in rows if r[0] != "ok"] or ["database disk image is malformed"]
    except sqlite3.Error as exc:
        return [str(exc)]
