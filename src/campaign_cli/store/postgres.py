"""A PostgreSQL store through psycopg alone: no SQLAlchemy on a command's path.

SQLAlchemy's import and its engine's first connection (a handful of
catalogue queries) cost a PostgreSQL command about 0.3 s of CPU before its
first query — most of a per-school command's budget (issue 17). A
`postgresql+psycopg://` URL that libpq reads as SQLAlchemy does
(`location.libpq_params`) is opened here instead: one psycopg connection
in autocommit mode, so a read is one round trip (no BEGIN / COMMIT around
it), and a write transaction is BEGIN with the write lock in one message,
its statements, COMMIT. Migrations still run through Alembic (store/migrate.py),
imported only when a store is created or upgraded; any other URL keeps
`ServerDatabase`.

The SQL is the project's one dialect: `:name` parameters, found by the same
pattern as SQLAlchemy's `text()` (so both read a statement alike) and
handed to psycopg as `%(name)s`; errors are mapped as `ServerDatabase`
maps them (`server_error`: a policy's refusal is exit 1 naming the login,
the rest a store error), the URL's secrets masked in every message.
"""

from __future__ import annotations

import re
from collections import deque
from functools import lru_cache
from typing import Any, Iterable, Iterator

from campaign_cli.errors import CampaignError
from campaign_cli.store.database import (PG_WRITE_LOCK, Database, Row, busy_timeout_ms, server_error,
                                         server_row)

# SQLAlchemy's TextClause._bind_params_regex: `:name`, not `::type` nor `\:`.
_BIND = re.compile(r"(?<![:\w\x5c]):(\w+)(?![:\w])", re.UNICODE)
# Rows a chunk of a stream (iter_rows) holds.
STREAM_CHUNK = 2000


@lru_cache(maxsize=512)
def to_psycopg(sql: str) -> str:
    """`:name` parameters as psycopg's `%(name)s`, a literal `%` doubled."""
    return _BIND.sub(r"%(\1)s", sql.replace("%", "%%")).replace("\\:", ":")


def statement(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """The query and parameters psycopg takes (without parameters it reads
    the text as it is: no placeholder, no doubled `%`)."""
    return (to_psycopg(sql), params) if params else (sql.replace("\\:", ":"), None)


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, connection: Any, url: str, login: str | None,
                 params: dict[str, str] | None = None) -> None:
        self.connection = connection
        self.url = url
        self._params = params  # libpq's reading of the URL: what a second connection opens with
        self._login = login
        self._depth = 0
        self._active: _Stream | None = None  # the stream being read, if any
        self.timeout_ms = busy_timeout_ms()

    @classmethod
    def connect(cls, url: str, params: dict[str, str]) -> "PostgresDatabase":
        """Connect with `params` (libpq's reading of `url`); a failure is
        raised as psycopg raised it, for opening to word."""
        import psycopg
        from psycopg.rows import dict_row

        connection = psycopg.connect(**params, autocommit=True, row_factory=dict_row)
        return cls(connection, url, params.get("user") or connection.info.user, params)

    def sibling(self) -> "PostgresDatabase | None":
        if self._depth or not self._params:
            return None  # inside a transaction: its rows are its own
        return PostgresDatabase.connect(self.url, self._params)

    @property
    def login(self) -> str | None:
        return self._login

    # -- errors
    def secrets(self) -> list[str]:
        """What to remove from a message: the URL's secrets, as both parsers
        read them (asked only when there is a message: SQLAlchemy is imported then)."""
        from campaign_cli.store.location import url_secrets

        return url_secrets(self.url)

    def _error(self, exc: Exception) -> CampaignError:
        return server_error(self, exc, self.secrets)

    # -- statements
    def _run(self, sql: str, params: dict[str, Any]) -> Any:
        import psycopg

        self._drain()
        try:
            return self.connection.execute(*statement(sql, params))
        except psycopg.IntegrityError:
            raise  # a broken rule (duplicate, missing parent): the boundary says so, exit 1
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    def rows(self, sql: str, **params: Any) -> list[Row]:
        cursor = self._run(sql, params)
        if cursor.description is None:
            return []
        return [server_row(r) for r in cursor.fetchall()]

    def iter_rows(self, sql: str, **params: Any) -> Iterator[Row]:
        """Rows streamed as the server sends them, a chunk at a time (libpq's
        chunked rows mode): a long list never sits whole in memory, and the
        query runs as a plain one (a server-side cursor would forbid a
        parallel plan and plan for its first rows only — measured 1.5-2x
        slower on the city's lists). While a stream is open the connection
        is busy: a statement run meanwhile first reads the rest of it
        (`_drain`), so a caller may interleave queries, at the cost of
        memory for that one stream."""
        import psycopg

        self._drain()
        source = self.connection.cursor().stream(*statement(sql, params), size=_chunk())
        stream = _Stream(source)
        self._active = stream
        try:
            while True:
                if stream.buffer:
                    yield server_row(stream.buffer.popleft())
                    continue
                if stream.done:
                    return
                try:
                    row = next(source)
                except StopIteration:
                    stream.done = True
                    continue
                yield server_row(row)
        except psycopg.IntegrityError:
            raise
        except psycopg.Error as exc:
            stream.done = True
            raise self._error(exc) from exc
        finally:
            if self._active is stream:
                self._active = None
            if not stream.done:  # left early: psycopg cancels the rest of the query
                source.close()

    def _drain(self) -> None:
        """Read the rest of the open stream, if any, so the connection is free."""
        stream, self._active = self._active, None
        if stream is None or stream.done:
            return
        import psycopg

        try:
            stream.buffer.extend(stream.source)
        except psycopg.Error as exc:
            raise self._error(exc) from exc
        finally:
            stream.done = True

    def execute(self, sql: str, **params: Any) -> int:
        return self._run(sql, params).rowcount

    def executemany(self, sql: str, rows: Iterable[dict[str, Any]], *, plain: bool = False) -> None:
        import psycopg

        batch = list(rows)
        if not batch:
            return
        self._drain()
        try:
            with self.connection.cursor() as cursor:
                cursor.executemany(to_psycopg(sql), batch)
        except psycopg.IntegrityError:
            raise
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    # -- transactions
    def _begin(self) -> None:
        """BEGIN, the lock timeout and the write lock (as ServerDatabase takes
        it) in one message."""
        import psycopg

        # lock_timeout 0 would mean "wait forever": the shortest wait is 1 ms.
        begin = (f"BEGIN; SET LOCAL lock_timeout = {max(int(self.timeout_ms), 1)}; "
                 f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")
        self._drain()
        try:
            self.connection.execute(begin)
        except psycopg.Error as exc:
            self._rollback()
            raise self._error(exc) from exc

    def _commit(self) -> None:
        import psycopg

        self._drain()
        try:
            self.connection.execute("COMMIT")
        except psycopg.IntegrityError:  # a deferred constraint, checked at COMMIT
            self._rollback()
            raise
        except psycopg.Error as exc:
            self._rollback()
            raise self._error(exc) from exc

    def _rollback(self) -> None:
        import psycopg

        self._abandon()
        try:
            if self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                self.connection.execute("ROLLBACK")
        except psycopg.Error:
            pass  # the connection is gone: the server rolled back

    def _abandon(self) -> None:
        """Give up the open stream, if any (psycopg cancels its query): the
        command failed, its rows are not wanted."""
        stream, self._active = self._active, None
        if stream is not None and not stream.done:
            stream.done = True
            stream.source.close()

    def close(self) -> None:
        self._abandon()
        self.connection.close()



class _Stream:
    """An open `iter_rows` stream: psycopg's row iterator and the rows read
    ahead of the caller when another statement needed the connection."""

    __slots__ = ("source", "buffer", "done")

    def __init__(self, source: Iterator[Any]) -> None:
        self.source = source
        self.buffer: deque[Any] = deque()
        self.done = False


def _chunk() -> int:
    """Rows a chunk: libpq 17 streams chunks; an older one row by row."""
    import psycopg

    return STREAM_CHUNK if psycopg.pq.version() >= 170000 else 1
