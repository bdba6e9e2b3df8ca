"""Opening a store by the rules of SPEC §6.

A new store is created at the newest revision; an older one is upgraded
after a backup copy is written beside it; a newer one, a file that is not a
store, or a corrupt one is refused (exit 3) and left byte for byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from campaign_cli.errors import StoreError
from campaign_cli.store import migrate, schema
from campaign_cli.store.database import Database, ServerDatabase, SQLiteDatabase
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
    db = SQLiteDatabase.connect(str(path))
    try:
        revision = _stored_revision_sqlite(db, path)
        if revision != schema.HEAD:
            if revision not in schema.REVISIONS:
                raise StoreError("store.newer", path=str(path), revision=revision)
            if not upgrade:
                raise StoreError("store.needs_upgrade", path=str(path), revision=revision)
            db.close()
            backup = backup_path(path, revision)
            backup_sqlite(path, backup)
            migrate.upgrade(location.url)
            db = SQLiteDatabase.connect(str(path))
            db.upgraded_from, db.backup = revision, backup
        db.configure()
    except BaseException:
        db.close()
        raise
    return db


def _create_sqlite(path: Path, *, may_create_folder: bool) -> None:
    folder = path.parent
    if not folder.exists():
        if not may_create_folder:
            raise StoreError("store.no_folder", path=str(path))
        folder.mkdir(parents=True, mode=0o700)
    # Build the new store under a temporary name and move it into place, so
    # a failure half-way leaves no half-made store behind.
    partial = folder / f".{path.name}.creating-{os.getpid()}"
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        migrate.upgrade(f"sqlite:///{partial}")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StoreError("store.cannot_create", path=str(path), reason=exc.strerror or str(exc)) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


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
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.{revision}.{stamp}.bak")


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup, safe while others write."""
    if target.exists():
        raise StoreError("store.backup_exists", path=str(target))
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as exc:
        raise StoreError("store.cannot_create", path=str(target), reason=exc.strerror or str(exc)) from exc
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_SECONDS)
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StoreError("store.backup_failed", reason=str(exc)) from exc


BUSY_SECONDS = 30


# PostgreSQL and other servers ------------------------------------------------

def _open_server(location: StoreLocation, *, upgrade: bool, create: bool) -> Database:
    try:
        from sqlalchemy import create_engine
        from sqlalchemy.exc import ArgumentError, NoSuchModuleError
    except ImportError as exc:  # pragma: no cover - sqlalchemy is a dependency
        raise StoreError("store.failed", reason=str(exc)) from exc
    try:
        engine = create_engine(location.url, pool_pre_ping=False)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
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
            if tables - {"alembic_version"}:
                raise StoreError("store.not_a_store", path=location.display())
            if not create:
                raise StoreError("store.missing", path=location.display())
            _guarded(location, migrate.upgrade, location.url)
        else:
            revision = _server_revision(db, location)
            if revision != schema.HEAD:
                if revision not in schema.REVISIONS:
                    raise StoreError("store.newer", path=location.display(), revision=revision)
                if not upgrade:
                    raise StoreError("store.needs_upgrade", path=location.display(), revision=revision)
                _check_may_upgrade(db, location, revision)
                _guarded(location, migrate.upgrade, location.url)
                db.upgraded_from = revision
    except BaseException:
        db.close()
        raise
    return db


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


def _check_may_upgrade(db: ServerDatabase, location: StoreLocation, revision: str) -> None:
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
        if type(exc).__name__ == "IntegrityError":
            raise
        raise StoreError("store.failed", reason=_first_line(exc, location)) from exc


def _first_line(exc: Exception, location: StoreLocation) -> str:
    from sqlalchemy.engine import make_url

    from campaign_cli.store.database import first_line, mask_secrets, url_secrets

    # Never let a password from the URL reach the user.
    text = first_line(getattr(exc, "orig", None) or exc)
    return mask_secrets(text, url_secrets(make_url(location.url)))
