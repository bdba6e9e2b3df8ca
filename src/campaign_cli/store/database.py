"""The small query layer every command reads and writes through.

SQL is written once with `:name` parameters and runs on SQLite (stdlib
`sqlite3`, no SQLAlchemy import on the hot path) or, for a shared server,
through SQLAlchemy Core. Rows come back as dicts with dates as ISO text on
both, so nothing above this layer knows which database it talks to.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Iterable, Iterator

from campaign_cli.errors import StoreError

BUSY_TIMEOUT_MS = 5000
# BEGIN IMMEDIATE is retried this many times on top of the busy timeout, so
# a burst of writers queues up instead of failing.
LOCK_RETRIES = 6

Row = dict[str, Any]


def _param(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _param(v) for k, v in params.items()}


class Database:
    dialect: str = ""
    # Set when opening upgraded an older store: its revision and the copy made first.
    upgraded_from: str | None = None
    backup: Any = None

    def rows(self, sql: str, **params: Any) -> list[Row]:
        raise NotImplementedError

    def iter_rows(self, sql: str, **params: Any) -> Iterator[Row]:
        yield from self.rows(sql, **params)

    def one(self, sql: str, **params: Any) -> Row | None:
        found = self.rows(sql, **params)
        return found[0] if found else None

    def scalar(self, sql: str, **params: Any) -> Any:
        row = self.one(sql, **params)
        return None if row is None else next(iter(row.values()))

    def execute(self, sql: str, **params: Any) -> int:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]]) -> None:
        raise NotImplementedError

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row and return its id."""
        columns = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        row = self.one(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", **values)
        assert row is not None
        return int(row["id"])

    @contextmanager
    def transaction(self) -> Iterator["Database"]:
        raise NotImplementedError
        yield self

    def close(self) -> None:
        pass


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._depth = 0

    @classmethod
    def connect(cls, path: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> "SQLiteDatabase":
        try:
            connection = sqlite3.connect(
                f"file:{path}?mode=rw", uri=True, isolation_level=None,
                timeout=busy_timeout_ms / 1000, check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError("store.cannot_open", path=path, reason=str(exc)) from exc
        connection.row_factory = _dict_row
        return cls(connection)

    def configure(self) -> None:
        """WAL, foreign keys and a busy timeout: run once a store is known good."""
        self._run("PRAGMA foreign_keys = ON", {})  # the busy timeout is set by connect()
        mode = self._run("PRAGMA journal_mode", {}).fetchone()
        if mode and next(iter(mode.values())) != "wal":
            self._run("PRAGMA journal_mode = WAL", {})
        self._run("PRAGMA synchronous = NORMAL", {})

    def _run(self, sql: str, params: dict[str, Any]) -> sqlite3.Cursor:
        try:
            return self.connection.execute(sql, _params(params))
        except sqlite3.OperationalError as exc:
            raise _store_error(exc) from exc
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise StoreError("store.corrupt", reason=str(exc)) from exc

    def rows(self, sql: str, **params: Any) -> list[Row]:
        return self._run(sql, params).fetchall()

    def iter_rows(self, sql: str, **params: Any) -> Iterator[Row]:
        cursor = self._run(sql, params)
        while batch := cursor.fetchmany(500):
            yield from batch

    def execute(self, sql: str, **params: Any) -> int:
        return self._run(sql, params).rowcount

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]]) -> None:
        try:
            self.connection.executemany(sql, (_params(r) for r in rows))
        except sqlite3.OperationalError as exc:
            raise _store_error(exc) from exc

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction; it takes the write lock up front (BEGIN
        IMMEDIATE) so two writers never deadlock half-way, and nests."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin_immediate()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.connection.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.connection.execute("ROLLBACK")
            raise _store_error(exc) from exc

    def _begin_immediate(self) -> None:
        for attempt in range(LOCK_RETRIES + 1):
            try:
                self.connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise _store_error(exc) from exc
                if attempt == LOCK_RETRIES:
                    raise StoreError("store.locked") from exc
                time.sleep(0.05 * (attempt + 1))

    def close(self) -> None:
        self.connection.close()


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> Row:
    return {d[0]: v for d, v in zip(cursor.description, row)}


def _store_error(exc: sqlite3.OperationalError) -> StoreError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StoreError("store.locked")
    if "readonly" in text or "read-only" in text:
        return StoreError("store.read_only")
    if "disk is full" in text or "full" in text:
        return StoreError("store.disk_full")
    return StoreError("store.failed", reason=text)


class ServerDatabase(Database):
    """Any other SQLAlchemy URL (PostgreSQL), through SQLAlchemy Core."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import text

        self._text = text
        self.engine = engine
        self.dialect = engine.dialect.name
        self.connection = engine.connect()
        self._outer = None
        self._depth = 0

    def _run(self, sql: str, params: dict[str, Any]) -> Any:
        from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

        try:
            return self.connection.execute(self._text(sql), params)
        except IntegrityError:
            raise
        except OperationalError as exc:
            raise StoreError("store.failed", reason=str(exc.orig).splitlines()[0]) from exc
        except DBAPIError as exc:
            raise StoreError("store.failed", reason=str(exc.orig).splitlines()[0]) from exc

    def rows(self, sql: str, **params: Any) -> list[Row]:
        result = self._run(sql, params)
        if not result.returns_rows:
            self._autocommit()
            return []
        found = [_server_row(r) for r in result.mappings()]
        self._autocommit()
        return found

    def execute(self, sql: str, **params: Any) -> int:
        count = self._run(sql, params).rowcount
        self._autocommit()
        return count

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]]) -> None:
        batch = list(rows)
        if batch:
            self.connection.execute(self._text(sql), batch)
        self._autocommit()

    def _autocommit(self) -> None:
        # Outside a transaction() every statement stands alone, like SQLite's
        # autocommit mode; reads then never hold a snapshot open.
        if not self._depth and self.connection.in_transaction():
            self.connection.commit()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if self.connection.in_transaction():
            self.connection.commit()
        self._depth = 1
        try:
            with self.connection.begin():
                yield self
        finally:
            self._depth = 0

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()


def _server_row(mapping: Any) -> Row:
    row = dict(mapping)
    for key, value in row.items():
        if isinstance(value, (date, datetime)):
            row[key] = value.isoformat()
    return row
