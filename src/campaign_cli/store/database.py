"""The small query layer every command reads and writes through.

SQL is written once with `:name` parameters and runs on SQLite (stdlib
`sqlite3`, no SQLAlchemy import on the hot path), on PostgreSQL through
psycopg alone (store/postgres.py, no SQLAlchemy either) or, for any other
server URL, through SQLAlchemy Core. Rows come back as dicts with dates as
ISO text on all of them, so nothing above this layer knows which database
it talks to.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Sequence

from campaign_cli.errors import CampaignError, StoreError, UserError
from campaign_cli.store.location import mask_secrets, url_secrets

BUSY_TIMEOUT_MS = 5000
# BEGIN IMMEDIATE is retried (on top of SQLite's own busy handler) until the
# busy timeout has passed, so a burst of writers queues up instead of failing.
LOCK_RETRIES = 6
# Pages read through a memory map, not copied in by a read(2) each: at 1M tasks
# that was a third of a large report's time, spent in the kernel.
MMAP_BYTES = 1 << 30
# PostgreSQL: every write transaction takes this advisory lock first, the
# server-side twin of SQLite's BEGIN IMMEDIATE (one writer at a time, never a
# deadlock or a duplicate sequence half-way through a command).
PG_WRITE_LOCK = 0x63616D70  # "camp"


def busy_timeout_ms() -> int:
    """How long a command waits for another writer: CAMPAIGN_BUSY_TIMEOUT_MS, else 5 s."""
    raw = os.environ.get("CAMPAIGN_BUSY_TIMEOUT_MS", "").strip()
    try:
        value = int(raw) if raw else BUSY_TIMEOUT_MS
    except ValueError:
        return BUSY_TIMEOUT_MS
    return max(value, 0)

Row = dict[str, Any]


def _param(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _param(v) for k, v in params.items()}


class JSONText(str):
    """A value's JSON text, made by the database (`json_object_sql`): the
    output writes it as it is (cli.output.emit_json), never encodes it again."""

    __slots__ = ()


class JSONRows:
    """A list streamed as JSON text the database built (`json_object_sql`),
    read a batch at a time (`Database.iter_batches`): the output joins each
    batch and writes it, with no work per row in Python. Iterating it gives
    the rows one by one, as `JSONText`."""

    def __init__(self, batches: Iterable[list[str]]) -> None:
        self.batches = batches

    def __iter__(self) -> Iterator[JSONText]:
        for batch in self.batches:
            for text in batch:
                yield JSONText(text)

    def joined(self, between: str) -> Iterator[str]:
        """The rows as pieces of text, the rows of each joined by `between`."""
        for batch in self.batches:
            if batch:
                yield between.join(batch)


def json_object_sql(dialect: str, fields: list[tuple[str, str, bool]], *, depth: int | None) -> str:
    """SQL for the JSON text of one object: `fields` are (key, SQL
    expression, raw), a raw expression being JSON text already (`'true'`).
    The text is laid out exactly as Python's `json.dumps(..., ensure_ascii=False)`
    lays it out: with `depth` None on one line (`{"k": v, "k2": v2}`), else
    as `indent=2` does for an object nested `depth` levels deep. SQLite's
    json_quote and PostgreSQL's to_json escape strings as Python does (a
    test compares them row for row), so a long list is encoded by the
    database and streamed, with no per-row work in Python."""
    if depth is None:
        opening, between, closing = "{", ", ", "}"
    else:
        inner = "\n" + "  " * (depth + 1)
        opening, between, closing = "{" + inner, "," + inner, "\n" + "  " * depth + "}"
    # One format() call: the database builds the text in one piece, where
    # a chain of `||` copies the growing text once per field.
    template, values = "", []
    for i, (key, expression, raw) in enumerate(fields):
        template += ((opening if i == 0 else between) + json.dumps(key) + ": ").replace("%", "%%") + "%s"
        values.append(expression if raw else json_value_sql(dialect, expression))
    template += closing
    # printf() is SQLite's name for format() before 3.38.
    function = "printf" if dialect == "sqlite" else "format"
    return f"{function}('" + template.replace("'", "''") + "', " + ", ".join(values) + ")"


def json_value_sql(dialect: str, expression: str) -> str:
    """SQL for the JSON text of one value (a string quoted, a number, `null`)."""
    if dialect == "sqlite":
        return f"json_quote({expression})"
    return f"COALESCE(to_json({expression})::text, 'null')"


def holds_most(db: "Database", table: str, campaign_id: int) -> bool:
    """Does the campaign hold more than half the ids of `table` (which has a
    campaign_id)? A list of most of a table is then best read in one pass
    over it, in id order, than row by row at random from an index (SQLite)."""
    top = db.scalar(f"SELECT MAX(id) FROM {table}")
    if not top:
        return False
    return int(db.scalar(f"SELECT COUNT(*) FROM {table} WHERE campaign_id = :c", c=campaign_id) or 0) * 2 > int(top)


def days_between_sql(dialect: str, start: str, end: str) -> str:
    """SQL for the whole days from the date `start` to the date `end` (end − start)."""
    if dialect == "sqlite":
        return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"
    return f"(CAST({end} AS date) - CAST({start} AS date))"


def read_beside(db: "Database", make: Callable[["Database"], Iterable[str]]) -> Any:
    """The JSON rows `make(connection)` gives, read on a second connection in
    a thread into a temporary file while `db` goes on with other reads; the
    output reads them back a batch at a time, so memory stays flat. Without
    a second connection: `make(db)`, read when the output reads it."""
    other = db.sibling()
    return make(db) if other is None else _Spool(other, make)


def read_both(db: "Database", first: Callable[["Database"], Any], second: Callable[["Database"], Any]
              ) -> tuple[Any, Any]:
    """`first(db)` and `second(a second connection)` at once, in two threads
    (both drivers let go of the interpreter while the database works); one
    after the other on `db` when no second connection can be had."""
    other = db.sibling()
    if other is None:
        return first(db), second(db)
    from concurrent.futures import ThreadPoolExecutor

    try:
        with ThreadPoolExecutor(1) as pool:
            later = pool.submit(second, other)
            return first(db), later.result()
    finally:
        other.close()


class _Spool(JSONRows):
    def __init__(self, db: "Database", make: Callable[["Database"], Iterable[str]]) -> None:
        import tempfile
        import threading

        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self._failure: BaseException | None = None

        def spool() -> None:
            try:
                rows = make(db)
                # JSON text from the database has no raw line break: one row a line.
                for batch in (rows.batches if isinstance(rows, JSONRows) else _batched(rows)):
                    if batch:
                        self._file.write("\n".join(batch))
                        self._file.write("\n")
            except BaseException as exc:  # handed to the reader, who reports it
                self._failure = exc
            finally:
                db.close()

        self._thread = threading.Thread(target=spool, daemon=True)
        self._thread.start()
        super().__init__(self._read())

    def _read(self) -> Iterator[list[str]]:
        for piece in self.joined("\n"):
            yield piece.split("\n")

    def joined(self, between: str) -> Iterator[str]:
        # 64 kB at a time (a megabyte held ~12 MB more at the peak), its line
        # breaks made `between`: no work per row.
        self._thread.join()
        try:
            if self._failure is not None:
                raise self._failure
            self._file.seek(0)
            rest = ""
            while chunk := self._file.read(1 << 16):
                chunk = rest + chunk
                cut = chunk.rfind("\n")
                rest = chunk[cut + 1:]
                if cut > 0:
                    yield chunk[:cut].replace("\n", between)
            if rest:
                yield rest
        finally:
            self._file.close()


def _batched(rows: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 1000:
            yield batch
            batch = []
    if batch:
        yield batch


class Database:
    dialect: str = ""
    # Set when opening upgraded an older store: its revision and the copy made first.
    upgraded_from: str | None = None
    backup: Any = None

    def rows(self, sql: str, **params: Any) -> list[Row]:
        raise NotImplementedError

    def iter_rows(self, sql: str, **params: Any) -> Iterator[Row]:
        yield from self.rows(sql, **params)

    def iter_batches(self, sql: str, **params: Any) -> Iterator[list[Any]]:
        """The first column of every row, streamed a batch (a list) at a
        time, with no dict made per row: for a long list of JSON text the
        database built (`json_object_sql`)."""
        yield from _batched(next(iter(row.values())) for row in self.iter_rows(sql, **params))

    def one(self, sql: str, **params: Any) -> Row | None:
        found = self.rows(sql, **params)
        return found[0] if found else None

    def sibling(self) -> "Database | None":
        """A second connection to the same store, for reads in another thread
        while this one reads (None where there is none to be had). Both
        drivers let other threads run while the database works."""
        return None

    def scalar(self, sql: str, **params: Any) -> Any:
        row = self.one(sql, **params)
        return None if row is None else next(iter(row.values()))

    def execute(self, sql: str, **params: Any) -> int:
        raise NotImplementedError

    def first_column(self, sql: str, **params: Any) -> list[Any]:
        """The first column of every row (ids, say), without a dict per row."""
        return [next(iter(row.values())) for row in self.iter_rows(sql, **params)]

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]], *, plain: bool = False) -> None:
        """Run `sql` once per row. `plain`: the rows hold no date objects
        (dates already ISO text), so SQLite binds them as they are."""
        raise NotImplementedError

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert `rows`, each a tuple of values in the order of `columns`
        (dates as the dialect binds them: ISO text on SQLite)."""
        marks = ", ".join(f":{c}" for c in columns)
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                         (dict(zip(columns, row)) for row in rows), plain=True)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row and return its id."""
        columns = ", ".join(values)
        marks = ", ".join(f":{k}" for k in values)
        row = self.one(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id", **values)
        assert row is not None
        return int(row["id"])

    def insert_row(self, table: str, values: dict[str, Any]) -> None:
        """Insert one row of a table without an id column."""
        self.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join(f':{k}' for k in values)})",
                     **values)

    def update(self, table: str, row_id: int, **values: Any) -> None:
        """Set `values` on the row `row_id` of `table` (nothing when empty)."""
        if values:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            if not self.execute(f"UPDATE {table} SET {sets} WHERE id = :id", id=row_id, **values):
                raise self.denied_row(table)

    def delete(self, table: str, row_id: int) -> None:
        """Delete the row `row_id` of `table`, which the caller has just read."""
        if not self.execute(f"DELETE FROM {table} WHERE id = :id", id=row_id):
            raise self.denied_row(table)

    def denied_row(self, table: str) -> UserError:
        """A row the command just read that an UPDATE or DELETE did not reach:
        the policies hide it from this kind of write (they raise no error)."""
        return UserError("store.denied_row", login=self.login or "?", table=table)

    def denied(self, reason: str) -> UserError:
        """A row the command could read but not change: on PostgreSQL, the
        row-level security of the login's grants (SPEC §6) said no."""
        return UserError("store.denied", login=self.login or "?", reason=reason)

    @property
    def login(self) -> str | None:
        return None

    _depth = 0  # transaction() nesting

    @contextmanager
    def transaction(self) -> Iterator["Database"]:
        """One write transaction holding the write lock, everything or
        nothing; one opened inside it joins it. A store supplies `_begin`,
        `_commit` (each raising a StoreError for the user) and `_rollback`."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self._depth = 0
        self.timeout_ms = busy_timeout_ms()
        self.path: str = ""
        self.read_only: str | None = None  # why writes are refused: a message key

    @classmethod
    def connect(cls, path: str, *, timeout_ms: int | None = None, read_only: str | None = None) -> "SQLiteDatabase":
        """A connection to the store file at `path`. `read_only` (the message
        key saying why) opens it read-only, refusing every write transaction."""
        timeout_ms = busy_timeout_ms() if timeout_ms is None else timeout_ms
        # Read-only: with no -wal beside it nobody is writing now, and reading
        # it immutable makes no -wal or -shm (which would be left behind
        # unwritable); with one, read through it, or immutable if SQLite
        # cannot make the -shm it needs.
        modes = ["rw"] if read_only is None else (
            ["ro", "ro&immutable=1"] if os.path.exists(path + "-wal") else ["ro&immutable=1"])
        for mode in modes:
            try:
                connection = sqlite3.connect(
                    f"file:{_uri_path(path)}?mode={mode}", uri=True, isolation_level=None,
                    timeout=timeout_ms / 1000, check_same_thread=False,
                )
                if read_only is not None:
                    connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as exc:
                if mode != modes[-1]:
                    continue
                raise StoreError("store.cannot_open", path=path, reason=str(exc)) from exc
            break
        connection.row_factory = _dict_row
        database = cls(connection)
        database.timeout_ms = timeout_ms
        database.path, database.read_only = path, read_only
        return database

    def sibling(self) -> "SQLiteDatabase | None":
        if not self.path or self._depth or self.connection.in_transaction:
            return None  # a write transaction's own rows are not for another connection to read
        other = SQLiteDatabase.connect(self.path, timeout_ms=self.timeout_ms, read_only=self.read_only)
        other.configure()
        return other

    def configure(self) -> None:
        """WAL, foreign keys and a busy timeout: run once a store is known good."""
        self._run("PRAGMA foreign_keys = ON", {})  # the busy timeout is set by connect()
        self._run(f"PRAGMA mmap_size = {MMAP_BYTES}", {})
        if self.read_only is not None:
            return  # a read-only store keeps its journal mode
        mode = self._run("PRAGMA journal_mode", {}).fetchone()
        if mode and next(iter(mode.values())) != "wal":
            self._run("PRAGMA journal_mode = WAL", {})
        self._run("PRAGMA synchronous = NORMAL", {})

    def _run(self, sql: str, params: dict[str, Any]) -> sqlite3.Cursor:
        try:
            return self.connection.execute(sql, _params(params))
        except sqlite3.IntegrityError:
            raise  # a broken rule (duplicate, missing parent): the boundary says so, exit 1
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def rows(self, sql: str, **params: Any) -> list[Row]:
        cursor = self._run(sql, params)
        try:  # SQLite reads the pages while fetching: damage shows up here too
            return cursor.fetchall()
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def iter_rows(self, sql: str, **params: Any) -> Iterator[Row]:
        cursor = self._run(sql, params)
        while True:
            try:
                batch = cursor.fetchmany(500)
            except sqlite3.Error as exc:
                raise _store_error(exc) from exc
            if not batch:
                return
            yield from batch

    def iter_batches(self, sql: str, **params: Any) -> Iterator[list[Any]]:
        cursor = self.connection.cursor()
        cursor.row_factory = None  # plain tuples
        try:
            cursor.execute(sql, _params(params))
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc
        while True:
            try:
                batch = cursor.fetchmany(1000)
            except sqlite3.Error as exc:
                raise _store_error(exc) from exc
            if not batch:
                return
            yield [row[0] for row in batch]

    def execute(self, sql: str, **params: Any) -> int:
        return self._run(sql, params).rowcount

    def first_column(self, sql: str, **params: Any) -> list[Any]:
        try:
            cursor = self.connection.cursor()
            cursor.row_factory = None  # plain tuples: a bulk import reads 300k ids back
            return [row[0] for row in cursor.execute(sql, _params(params))]
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]], *, plain: bool = False) -> None:
        try:
            # Inlined _params (no call per value): bulk imports pass ~10^6 rows.
            self.connection.executemany(sql, rows if plain else (
                {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in r.items()} for r in rows))
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def insert_many(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        # Positional parameters bound from the tuples as they are: no dict per
        # row, no name looked up per value (a 100k-row ledger binds ~8M values).
        marks = ", ".join("?" * len(columns))
        try:
            self.connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise _store_error(exc) from exc

    def _begin(self) -> None:
        # The write lock is taken up front (BEGIN IMMEDIATE), so two writers
        # never deadlock half-way.
        if self.read_only is not None:
            from pathlib import Path

            raise StoreError(self.read_only, path=self.path, folder=str(Path(self.path).parent))
        self._begin_immediate()

    def _commit(self) -> None:
        try:
            self.connection.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise _store_error(exc) from exc

    def _rollback(self) -> None:
        # SQLite may already have rolled back by itself (disk full, I/O error).
        if self.connection.in_transaction:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def _begin_immediate(self) -> None:
        deadline = time.monotonic() + self.timeout_ms / 1000
        attempt = 0
        while True:
            try:
                self.connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise _store_error(exc) from exc
                attempt += 1
                if time.monotonic() >= deadline or attempt > LOCK_RETRIES * 10:
                    raise StoreError("store.locked") from exc
                time.sleep(min(0.01 * attempt, 0.1))

    def close(self) -> None:
        self.connection.close()


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> Row:
    return {d[0]: v for d, v in zip(cursor.description, row)}


def _uri_path(path: str) -> str:
    # A file name holding `?` or `#` would end the path part of the URI.
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _store_error(exc: sqlite3.Error) -> StoreError:
    """Every sqlite3 error but a broken constraint is a store error (exit 3)."""
    text = str(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return StoreError("store.locked")
    if primary == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return StoreError("store.read_only")
    if primary == sqlite3.SQLITE_FULL or "disk is full" in text:
        return StoreError("store.disk_full")
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text:
        return StoreError("store.corrupt", reason=text)
    return StoreError("store.failed", reason=text)


class ServerDatabase(Database):
    """Any other SQLAlchemy URL (PostgreSQL), through SQLAlchemy Core."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import text

        self._text = text
        self.engine = engine
        self.dialect = engine.dialect.name
        self._secrets = url_secrets(engine.url)
        self.connection = engine.connect()
        self._outer = None
        self._depth = 0
        self.timeout_ms = busy_timeout_ms()

    def _run(self, sql: str, params: dict[str, Any]) -> Any:
        from sqlalchemy.exc import DBAPIError, IntegrityError

        try:
            return self.connection.execute(self._text(sql), params)
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise self._error(exc) from exc

    @property
    def login(self) -> str | None:
        return self.engine.url.username

    def _error(self, exc: Exception) -> CampaignError:
        if not self._depth and self.connection.in_transaction():
            # A statement outside transaction() failed: end its implicit
            # transaction, so the connection can still be asked what went wrong.
            self.connection.rollback()
        return self._server_error(exc)

    def _server_error(self, exc: Exception) -> CampaignError:
        return server_error(self, exc, lambda: self._secrets)

    def rows(self, sql: str, **params: Any) -> list[Row]:
        result = self._run(sql, params)
        if not result.returns_rows:
            self._autocommit()
            return []
        found = [server_row(r) for r in result.mappings()]
        self._autocommit()
        return found

    def iter_rows(self, sql: str, **params: Any) -> Iterator[Row]:
        """Rows read through a server-side cursor, a batch at a time: a long
        list never sits whole in memory."""
        from sqlalchemy.exc import DBAPIError

        statement = self._text(sql).execution_options(stream_results=True, yield_per=1000)
        try:
            result = self.connection.execute(statement, params)
            for mapping in result.mappings():
                yield server_row(mapping)
        except DBAPIError as exc:
            raise self._error(exc) from exc
        self._autocommit()

    def iter_batches(self, sql: str, **params: Any) -> Iterator[list[Any]]:
        from sqlalchemy.exc import DBAPIError

        statement = self._text(sql).execution_options(stream_results=True, yield_per=1000)
        try:
            result = self.connection.execute(statement, params)
            for part in result.scalars().partitions(1000):
                yield [_server_value(v) for v in part]
        except DBAPIError as exc:
            raise self._error(exc) from exc
        self._autocommit()

    def execute(self, sql: str, **params: Any) -> int:
        count = self._run(sql, params).rowcount
        self._autocommit()
        return count

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]], *, plain: bool = False) -> None:
        from sqlalchemy.exc import DBAPIError, IntegrityError

        batch = list(rows)
        if batch:
            try:
                self.connection.execute(self._text(sql), batch)
            except IntegrityError:
                raise
            except DBAPIError as exc:
                raise self._error(exc) from exc
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
        from sqlalchemy.exc import DBAPIError, IntegrityError

        if self.connection.in_transaction():
            self.connection.commit()
        self._depth = 1
        try:
            with self.connection.begin():
                self._take_write_lock()
                yield self
        except IntegrityError:
            raise
        except DBAPIError as exc:  # raised by COMMIT itself
            raise self._error(exc) from exc
        finally:
            self._depth = 0

    def _take_write_lock(self) -> None:
        """Wait at most the busy timeout for other writers, then hold the
        write lock to the end of the transaction (PostgreSQL only)."""
        if self.dialect != "postgresql":
            return
        # lock_timeout 0 would mean "wait forever": the shortest wait is 1 ms.
        self._run(f"SET LOCAL lock_timeout = {max(int(self.timeout_ms), 1)}", {})
        self._run("SELECT pg_advisory_xact_lock(:key)", {"key": PG_WRITE_LOCK})

    def close(self) -> None:
        try:
            self.connection.close()
        finally:
            self.engine.dispose()


def server_row(mapping: Any) -> Row:
    """A server's row as a dict, its dates as ISO text (as SQLite gives them)."""
    row = dict(mapping)
    for key, value in row.items():
        if isinstance(value, (date, datetime)):
            row[key] = value.isoformat()
    return row


def _server_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def server_error(db: Database, exc: Exception, secrets: Callable[[], list[str]]) -> CampaignError:
    """A server error as a store error (exit 3), its text without the
    password (`secrets()`: what to remove); a write the login's grants
    forbid is a user error (exit 1) naming the login (SPEC §6)."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None) or ""
    if state == "42501":  # insufficient_privilege: a policy, a missing privilege, the office's columns
        return db.denied(mask_secrets(first_line(orig), secrets()))
    if state in ("55P03", "57014", "40P01"):  # lock_not_available, query_canceled, deadlock
        return StoreError("store.locked")
    if state == "53100":  # disk_full
        return StoreError("store.disk_full")
    if state == "25006":  # read_only_sql_transaction
        return StoreError("store.read_only")
    return StoreError("store.failed", reason=mask_secrets(first_line(orig), secrets()))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
