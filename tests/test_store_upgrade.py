"""Upgrades keep every row: a store made by the first revision, upgraded to head.

tests/fixtures/store-0001.db was made by tests/fixtures/make_store_0001.py at
revision 0001_initial, with rows in every table. Upgrading a copy to head
must keep every row, and the backup written before the upgrade must open.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Campaign

from campaign_cli.store import schema

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "store-0001.db"
FIRST = "0001_initial"


def _generator():
    spec = importlib.util.spec_from_file_location("make_store_0001", FIXTURES / "make_store_0001.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> dict[str, list[dict]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: [dict(r) for r in connection.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}
    finally:
        connection.close()


def _assert_every_row_survived(old: dict[str, list[dict]], new: dict[str, list[dict]]) -> int:
    """Each old row is still there (by id), with the same value in every old column."""
    kept = 0
    for table, rows in old.items():
        if table == "alembic_version":
            continue
        assert table in new, f"table {table} disappeared"
        by_id = {r["id"]: r for r in new[table]}
        for row in rows:
            assert row["id"] in by_id, f"{table} row {row['id']} lost"
            survived = by_id[row["id"]]
            for column, value in row.items():
                assert column in survived, f"{table}.{column} dropped"
                assert survived[column] == value, (table, row["id"], column, value, survived[column])
            kept += 1
    return kept


def test_fixture_is_the_first_revision_with_rows_in_every_table():
    rows = _rows(FIXTURE)
    assert rows["alembic_version"] == [{"version_num": FIRST}]
    assert FIRST in schema.REVISIONS
    empty = [t for t, r in rows.items() if not r]
    assert not empty, f"tables without a row in the fixture: {empty}"
    # Every table the first revision creates is there.
    from sqlmodel import SQLModel

    import campaign_cli.models  # noqa: F401

    if schema.HEAD == FIRST:
        assert set(SQLModel.metadata.tables) <= set(rows)


def test_fixture_matches_its_generator(tmp_path):
    """The committed file is what the script makes (rebuild it with the script if not)."""
    made = _generator().make(tmp_path / "fresh.db")
    assert _rows(made) == _rows(FIXTURE)


def test_upgrade_to_head_keeps_every_row(tmp_path):
    store = tmp_path / "campaign.db"
    shutil.copy(FIXTURE, store)
    old = _rows(store)
    cli = Campaign(store)
    result = cli.json("db", "upgrade")
    assert result["revision"] == schema.HEAD
    new = _rows(store)
    assert new["alembic_version"] == [{"version_num": schema.HEAD}]
    kept = _assert_every_row_survived(old, new)
    assert kept == sum(len(r) for t, r in old.items() if t != "alembic_version")
    if schema.HEAD == FIRST:
        assert result["upgraded_from"] is None and result["backup"] is None
    else:
        assert result["upgraded_from"] == FIRST
        backup = Path(result["backup"])
        assert backup.exists() and backup.parent == store.parent
        assert _rows(backup) == old  # the copy from before is the old store, whole
        connection = sqlite3.connect(backup)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
    assert cli.json("db", "check")["ok"] is True
    # The upgraded store works for the everyday commands.
    assert [p["title"] for p in cli.json("phase", "list")][:1] == ["开展专题学习"]
    assert cli.json("db", "info")["counts"]["task"] == 4
    # Units from before registration days were kept count in every month, as they did.
    units = cli.json("unit", "list")
    assert units and all(u["created_on"] is None for u in units)


def test_opening_an_old_store_with_any_command_upgrades_it(tmp_path):
    store = tmp_path / "campaign.db"
    shutil.copy(FIXTURE, store)
    old = _rows(store)
    campaign_exe = Path(sys.executable).with_name("campaign")
    done = subprocess.run([str(campaign_exe), "--db", str(store), "--lang", "en", "list", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    _assert_every_row_survived(old, _rows(store))


@pytest.mark.postgres
def test_upgrade_on_postgresql_keeps_every_row(pg_url):
    """The same rows, loaded into PostgreSQL at the first revision, survive an upgrade there."""
    import psycopg

    from campaign_cli.store import migrate

    migrate.upgrade(pg_url, FIRST)
    rows = _generator().ROWS
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        for table, table_rows in rows.items():
            for row in table_rows:
                columns = ", ".join(row)
                marks = ", ".join(f"%({k})s" for k in row)
                connection.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row)
        for table in rows:  # explicit ids: move the sequences past them
            connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                               f"(SELECT MAX(id) FROM {table}))")
    cli = Campaign(pg_url)  # type: ignore[arg-type]
    assert cli.json("db", "upgrade")["revision"] == schema.HEAD
    with psycopg.connect(dsn, row_factory=psycopg.rows.dict_row) as connection:
        for table, table_rows in rows.items():
            found = {r["id"]: r for r in connection.execute(f"SELECT * FROM {table}")}
            for row in table_rows:
                survived = found[row["id"]]
                for column, value in row.items():
                    got = survived[column]
                    got = got.isoformat() if hasattr(got, "isoformat") else got
                    assert got == value, (table, row["id"], column)
    assert cli.json("db", "check")["ok"] is True
