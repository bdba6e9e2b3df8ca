"""Opening a store by the rules of SPEC §6.

A new store is created at the newest revision; an older one is upgraded
after a backup copy is written beside it; a newer one, a file that is not a
store, or a corrupt one is refused (exit 3) and left byte for byte as it was.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from campaign_cli.errors import StoreError, UserError, is_integrity_error
from campaign_cli.store import migrate, schema
from campaign_cli.store.database import Database, ServerDatabase, SQLiteDatabase, _uri_path
from campaign_cli.store.location import StoreLocation

SQLITE_MAGIC = b"SQLite format 3\x00"


def open_store(location: StoreLocation, *, upgrade: bool = True, create: bool = False) -> Database:
    """The store at `location`. Only `create` (init, demo, import) makes a
    new one; elsewhere a missing store is a store error naming the path."""
    if location.is_sqlite:
        return _open_sqlite(location, upgrade=upgrade, create=create)
    return _open_server(location, upgrade=upgrade, create=create)


# SQLite ---------------------------------------------------------------------

def _open_sqlite(location: StoreLocation, *, upgrade: bool, create: bool) -> Database:
    path = location.path
    assert path is not None
    if not path.exists():
        if not create:
            raise StoreError("store.missing", path=str(path))
        _create_sqlite(path, may_create_folder=location.is_default)
    _check_header(path)
    refusal = _read_only_reason(path)  # None when this user may write the store
    db = SQLiteDatabase.connect(str(path), read_only=refusal)
    try:
        revision = _stored_revision_sqlite(db, path)
        if revision != schema.HEAD:
            if revision not in schema.REVISIONS:
                raise StoreError("store.newer", path=str(path), revision=revision)
            if not upgrade:
                raise StoreError("store.needs_upgrade", path=str(path), revision=revision)
            if refusal is not None:  # no backup can be written, nor the upgrade
                raise StoreError("store.needs_upgrade_read_only", path=str(path), revision=revision)
            db.close()
            backup = _upgrade_once(location, path)
            db = SQLiteDatabase.connect(str(path))
            if backup is not None:
                db.upgraded_from, db.backup = revision, backup
        db.configure()
    except BaseException:
        db.close()
        raise
    return db


def _read_only_reason(path: Path) -> str | None:
    """Why this user cannot write the store: "store.read_only_file" (the file)
    or "store.read_only_folder" (SQLite writes its -wal and -shm beside the
    file, so a folder it cannot write refuses writes too); None when it can."""
    if not os.access(path, os.W_OK):
        return "store.read_only_file"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "store.read_only_folder"
    return None


def _upgrade_once(location: StoreLocation, path: Path) -> Path | None:
    """Upgrade an older store with its backup first, one process at a time:
    the first to come takes the lock and upgrades; the others wait for it,
    then find the new revision and do nothing. Returns the backup written,
    or None when another process had upgraded the store meanwhile."""
    with _upgrade_lock(path):
        db = SQLiteDatabase.connect(str(path))
        try:
            revision = _stored_revision_sqlite(db, path)
        finally:
            db.close()
        if revision == schema.HEAD:
            return None
        backup = backup_path(path, revision)
        backup_sqlite(path, backup)
        migrate.upgrade(location.url)
        return backup


@contextmanager
def _upgrade_lock(path: Path) -> Iterator[None]:
    """An exclusive flock on the store file itself (no lock file beside it).
    flock and SQLite's POSIX locks do not meet; the kernel drops the lock
    when a process dies, so a killed upgrade never blocks the next one. The
    lock is released only once every SQLite connection of ours is closed
    (closing a descriptor drops this process's POSIX locks on the file)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: SQLite's own write lock only
        yield
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _create_sqlite(path: Path, *, may_create_folder: bool) -> None:
    from campaign_cli.files import staging

    folder = path.parent
    if not folder.exists():
        if not may_create_folder:
            raise StoreError("store.no_folder", path=str(path))
        folder.mkdir(parents=True, mode=0o700)
    # Build the new store in a private folder beside it and move it into
    # place, so a failure half-way leaves no half-made store behind; a store
    # another process made meanwhile is kept (never replaced).
    try:
        with staging(path, replace=False) as partial:
            migrate.upgrade(f"sqlite:///{partial}")
    except FileExistsError:
        return
    except UserError as exc:
        raise StoreError("store.cannot_create", path=str(path), reason=exc.params.get("reason", "")) from exc


def _check_header(path: Path) -> None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError("store.cannot_open", path=str(path), reason=exc.strerror or str(exc)) from exc
    if head != SQLITE_MAGIC:
        raise StoreError("store.not_a_store", path=str(path))


def _stored_revision_sqlite(db: SQLiteDatabase, path: Path) -> str:
    try:
        tables = {r["name"] for r in db.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables or "campaign" not in tables:
            raise StoreError("store.not_a_store", path=str(path))
        row = db.connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise _sqlite_store_error(exc) from exc
    if row is None:
        raise StoreError("store.not_a_store", path=str(path))
    return row["version_num"]


def _sqlite_store_error(exc: sqlite3.Error) -> StoreError:
    """Locked stays "locked"; a file SQLite cannot read as a database is "corrupt"."""
    from campaign_cli.store.database import _store_error

    error = _store_error(exc)
    if error.key == "store.failed" and isinstance(exc, sqlite3.DatabaseError) \
            and not isinstance(exc, sqlite3.OperationalError):
        return StoreError("store.corrupt", reason=str(exc))
    return error


def backup_path(path: Path, revision: str) -> Path:
    """Beside the store, named by its revision and the moment to the
    microsecond plus a random tag, so two processes never pick the same."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return path.with_name(f"{path.name}.{revision}.{stamp}-{secrets.token_hex(3)}.bak")


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup, safe while others
    write. It is made in a private folder beside `target` and appears there
    whole or not at all; an existing `target` is never replaced."""
    from campaign_cli.files import staging

    try:
        with staging(target, replace=False) as partial:
            src = sqlite3.connect(f"file:{_uri_path(str(source))}?mode=ro", uri=True, timeout=BUSY_SECONDS)
            try:
                dst = sqlite3.connect(str(partial))
                try:
                    src.backup(dst)
                    # One self-contained file: read later without a -wal or
                    # -shm beside it (a read-only medium, a shared folder).
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
    except FileExistsError as exc:
        raise StoreError("store.backup_exists", path=str(target)) from exc
    except UserError as exc:
        raise StoreError("store.cannot_create", path=str(target), reason=exc.params.get("reason", "")) from exc
    except sqlite3.Error as exc:
        raise StoreError("store.backup_failed", reason=str(exc)) from exc


BUSY_SECONDS = 30


# PostgreSQL and other servers ------------------------------------------------

def _open_server(location: StoreLocation, *, upgrade: bool, create: bool) -> Database:
    from campaign_cli.store.location import libpq_params

    params = libpq_params(location.url)
    if params is not None:
        return _open_postgres(location, params, upgrade=upgrade, create=create)
    try:
        from sqlalchemy import create_engine
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError
    except ImportError as exc:  # pragma: no cover - sqlalchemy is a dependency
        raise StoreError("store.failed", reason=str(exc)) from exc
    from campaign_cli.store.location import parse_url

    if parse_url(location.url) is None:  # e.g. a port that is not a number
        from campaign_cli.i18n import t

        raise StoreError("store.bad_url", url=location.display(), reason=t("store.url_unparsable"))
    try:
        engine = create_engine(location.url, pool_pre_ping=False)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        raise StoreError("store.bad_url", url=location.display(), reason=type(exc).__name__) from exc
    try:
        db = ServerDatabase(engine)
    except Exception as exc:
        engine.dispose()
        raise StoreError("store.unreachable", url=location.display(),
                         reason=_first_line(exc, location)) from exc
    try:
        tables = set(_guarded(location, _server_tables, engine))
        if "alembic_version" not in tables:
            _create_server_store(location, bool(tables), create=create)
        else:
            _server_to_head(db, location, _server_revision(db, location), upgrade=upgrade)
    except BaseException:
        db.close()
        raise
    return db


def _open_postgres(location: StoreLocation, params: dict[str, str], *, upgrade: bool, create: bool) -> Database:
    """A PostgreSQL store through psycopg alone (store/postgres.py), by the
    same rules as `_open_server`; one round trip when the store is at head
    (its revision), the table list only when there is no revision table."""
    from campaign_cli.store.postgres import PostgresDatabase

    try:
        db = PostgresDatabase.connect(location.url, params)
    except Exception as exc:
        raise StoreError("store.unreachable", url=location.display(),
                         reason=_first_line(exc, location)) from exc
    try:
        found, revision = _postgres_revision(db, location)
        if not found:
            tables = [r["name"] for r in db.rows(
                "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')")]
            _create_server_store(location, bool(tables), create=create)
        else:
            _server_to_head(db, location, revision, upgrade=upgrade)
    except BaseException:
        db.close()
        raise
    return db


def _create_server_store(location: StoreLocation, has_tables: bool, *, create: bool) -> None:
    """A database with no revision table: made a store when it is empty and
    `create` asks for it; one holding other tables is not a store."""
    if has_tables:
        raise StoreError("store.not_a_store", path=location.display())
    if not create:
        raise StoreError("store.missing", path=location.display())
    _guarded(location, migrate.upgrade, location.url)


def _server_to_head(db: Database, location: StoreLocation, revision: str | None, *, upgrade: bool) -> None:
    """A server store at an older revision is upgraded (by its owner) when
    `upgrade` allows; a revision this code does not know is refused."""
    if revision == schema.HEAD:
        return
    if revision not in schema.REVISIONS:
        raise StoreError("store.newer", path=location.display(), revision=revision)
    if not upgrade:
        raise StoreError("store.needs_upgrade", path=location.display(), revision=revision)
    _check_may_upgrade(db, location, revision)
    _guarded(location, migrate.upgrade, location.url)
    db.upgraded_from = revision


def _postgres_revision(db, location: StoreLocation) -> tuple[bool, str | None]:
    """(whether the store has a revision table, the revision it holds); a
    login the tables are not open to is told whose they are."""
    import psycopg

    try:
        row = db.connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except psycopg.errors.UndefinedTable:
        return False, None
    except psycopg.Error as exc:
        error = db._error(exc)
        if isinstance(error, UserError) and error.key == "store.denied":
            from campaign_cli.store import grants

            raise StoreError("store.no_access", path=location.display(), login=db.login,
                             owner=grants.owner(db)) from exc
        raise error from exc
    return True, (row["version_num"] if row is not None else None)


def _server_revision(db: ServerDatabase, location: StoreLocation) -> str:
    """The store's revision; a login the tables are not open to is told whose they are."""
    from campaign_cli.errors import UserError

    try:
        return db.scalar("SELECT version_num FROM alembic_version")
    except UserError as exc:
        if exc.key != "store.denied":
            raise
        from campaign_cli.store import grants

        raise StoreError("store.no_access", path=location.display(), login=db.login,
                         owner=grants.owner(db)) from exc


def _check_may_upgrade(db: Database, location: StoreLocation, revision: str) -> None:
    """On PostgreSQL only the owner of the tables (or a superuser) may change them."""
    if db.dialect != "postgresql":
        return
    from campaign_cli.store import grants

    owner = grants.owner(db)
    if grants.current_login(db) != owner and not grants.is_superuser(db):
        raise StoreError("store.upgrade_owner_only", path=location.display(), revision=revision,
                         head=schema.HEAD, owner=owner)


def _server_tables(engine) -> list[str]:
    from sqlalchemy import inspect

    return inspect(engine).get_table_names()


def _guarded(location: StoreLocation, action, *args):
    """Run a server step; any failure becomes a one-line store error without the password."""
    try:
        return action(*args)
    except StoreError:
        raise
    except Exception as exc:
        if is_integrity_error(exc):
            raise
        raise StoreError("store.failed", reason=_first_line(exc, location)) from exc


def _first_line(exc: Exception, location: StoreLocation) -> str:
    from campaign_cli.store.database import first_line
    from campaign_cli.store.location import mask_secrets, url_secrets

    # Never let a password from the URL reach the user.
    text = first_line(getattr(exc, "orig", None) or exc)
    return mask_secrets(text, url_secrets(location.url))
