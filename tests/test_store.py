"""Opening a store by SPEC §6: created at head, foreign files refused untouched."""

from __future__ import annotations

import sqlite3

import pytest

from campaign_cli.store import schema


def _bytes(path):
    return path.read_bytes()


def test_new_store_is_at_head_with_wal(cli, store):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    connection = sqlite3.connect(store)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == schema.HEAD
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    info = cli.json("db", "info")
    assert info["revision"] == schema.HEAD and info["kind"] == "sqlite"
    assert info["campaigns"] == 1 and info["current"] == "a"
    shown = cli.ok("db", "info").stdout
    assert "历史记录" in shown and "event" not in shown  # the tables in the user's words


@pytest.mark.parametrize("content", [b"hello, not a database\n", b"SQLite format 3\x00" + b"\x00" * 200])
def test_foreign_or_corrupt_file_is_refused_untouched(cli, store, content):
    store.write_bytes(content)
    result = cli("list")
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert _bytes(store) == content


def test_sqlite_database_of_another_program_is_refused(cli, store):
    connection = sqlite3.connect(store)
    connection.execute("CREATE TABLE notes (x)")
    connection.commit()
    connection.close()
    before = _bytes(store)
    result = cli("list", lang="en")
    assert result.exit_code == 3 and "not a campaign store" in result.stderr
    assert _bytes(store) == before


def test_newer_store_is_refused_untouched(cli, store):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    connection = sqlite3.connect(store)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = _bytes(store)
    result = cli("list", lang="en")
    assert result.exit_code == 3 and "newer" in result.stderr
    assert _bytes(store) == before


def test_missing_folder_is_a_store_error(cli, tmp_path):
    from conftest import Campaign

    elsewhere = Campaign(tmp_path / "no" / "such" / "folder" / "c.db")
    result = elsewhere("list")
    assert result.exit_code == 3
    assert not (tmp_path / "no").exists()


def test_backup_and_check(cli, store, tmp_path):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    copy = tmp_path / "copy.db"
    assert cli.json("db", "backup", str(copy))["backup"] == str(copy)
    assert sqlite3.connect(copy).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert cli("db", "backup", str(copy)).exit_code == 3  # never overwrites
    assert cli.json("db", "check")["ok"] is True
    assert cli.json("db", "upgrade")["upgraded_from"] is None


def test_url_password_is_masked():
    from campaign_cli.store.location import resolve

    location = resolve("postgresql+psycopg://clerk:s3cret@db.example/campaign")
    assert "s3cret" not in location.display()
    assert location.display() == "postgresql+psycopg://clerk:***@db.example/campaign"
