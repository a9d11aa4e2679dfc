"""The two database backends behind one small interface the store's mixins use.

SQL is written once, in the portable subset both SQLite and PostgreSQL accept, with `?` or
`:name` placeholders; `PgConn` rewrites them to asyncpg's `$1, $2, ...` (cached per statement).
A mixin sees a `Conn` with four calls, `execute` (returns an object with `rowcount`),
`insert_id` (the new row's id: `lastrowid` on SQLite, `RETURNING id` on PostgreSQL), `all` and
`one` (rows readable by column name and by position, and convertible with `dict(row)`).

Why asyncpg directly and not SQLAlchemy Core's async engine: measured on this machine
(bench/store_libchoice.py, three runs in docs/scaling.md), SQLAlchemy over asyncpg cost 13-74 %
more per attempt write and 70-95 % more per /progress-shaped read, and it would not remove dialect
code: the SQL is text either way and the DDL differs (identity columns, BIGINT ids, DOUBLE
PRECISION). The placeholder rewrite it would have given us is the 40 lines below.

Transactions. SQLite: one connection, `BEGIN IMMEDIATE` serialised by an asyncio lock (as
before). PostgreSQL: a connection pool so several bot processes and tasks share one database;
writes run REPEATABLE READ: a write to a row another transaction changed since the snapshot is a
serialization failure (no lost update of a review card, the guarantee SQLite's single writer
gives), and such a failure or a deadlock re-runs the whole store method
(`StoreBase.__init_subclass__`). Read-modify-write paths name an advisory lock (`_tx(lock=...)`)
taken before the snapshot, so a busy learner's answers queue instead of failing repeatedly.
Check-then-insert paths are guarded by unique indexes. (SERIALIZABLE was not chosen: its
predicate locks also abort transactions that touch neighbouring index pages of other
learners, and every guarantee the store needs is covered by the above.) reads run REPEATABLE READ READ ONLY, so a multi-query report
sees one snapshot and never fails on a conflict. A pooled connection that the server dropped
is replaced before the transaction starts; a server that cannot be reached is a
`StoreUnavailable` with one clear line, and the next call after it returns works.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Protocol, Sequence
from urllib.parse import unquote, urlsplit, urlunsplit

import aiosqlite

log = logging.getLogger(__name__)

PG_SCHEMES = ("postgresql://", "postgres://")


def is_pg_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(PG_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))



def cli_target(url: str) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore without its password, and an environment that carries it
    (PGPASSWORD): a password in a command line is visible to every user in `ps`."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password is None:
        return url, env
    env["PGPASSWORD"] = unquote(parts.password)
    host = parts.netloc.rsplit("@", 1)[-1]
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=user + host)), env

class Row(Protocol):
    def __getitem__(self, key: str | int) -> Any: ...
    def keys(self) -> Any: ...


class Conn(Protocol):
    """What a mixin may do inside `_tx()` / `_snapshot()`."""

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any: ...
    async def insert_id(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int: ...
    async def all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]: ...
    async def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any | None: ...


# ---------------------------------------------------------------------------------- SQLite


class SqliteConn:
    """aiosqlite's connection with the four calls; cursors keep `rowcount` as before."""

    __slots__ = ("raw",)

    def __init__(self, raw: aiosqlite.Connection):
        self.raw = raw

    async def execute(self, sql: str, params: Any = ()) -> aiosqlite.Cursor:
        return await self.raw.execute(sql, params)

    async def insert_id(self, sql: str, params: Any = ()) -> int:
        cur = await self.raw.execute(sql, params)
        if cur.lastrowid is None:  # only for a statement that inserted no row
            raise LookupError(f"no row was inserted by: {sql[:80]}")
        return int(cur.lastrowid)

    async def all(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        async with self.raw.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        async with self.raw.execute(sql, params) as cur:
            return await cur.fetchone()


# ------------------------------------------------------------------------------ PostgreSQL

# What the rewrite passes through unchanged (strings, E'...' strings, quoted identifiers,
# dollar-quoted bodies, comments, `::` casts), then the placeholders. `??` is a literal `?`: the
# way to write PostgreSQL's jsonb operators `?`, `?|`, `?&` (`??`, `??|`, `??&`, as in PgJDBC),
# which a bare `?` cannot be told apart from. Block comments are taken as not nested.
_TOKEN = re.compile(
    r"(?<![\w$])[Ee]'(?:[^'\\]|\\.|'')*'"  # E'it\'s'
    r"|'(?:[^']|'')*'"                    # 'it''s'
    r'|"(?:[^"]|"")*"'                    # "quoted identifier"
    r"|(?<![\w$])\$(?P<tag>(?:[A-Za-z_]\w*)?)\$.*?\$(?P=tag)\$"  # $$...$$, $tag$...$tag$
    r"|--[^\n]*|/\*.*?\*/"                # comments
    r"|::|\?\?|\?"
    r"|:(?P<name>[A-Za-z_][A-Za-z0-9_]*)",
    re.S)


@functools.lru_cache(maxsize=2048)
def pg_sql(sql: str) -> tuple[str, tuple[str, ...] | int]:
    """`?` / `:name` placeholders to `$n`; returns the SQL and the parameter names in order
    (named style, one `$n` per distinct name) or the count of `?` (positional style)."""
    names: list[str] = []
    count = 0

    def swap(match: re.Match) -> str:
        nonlocal count
        text = match.group(0)
        if text == "??":
            return "?"
        if text == "?":
            count += 1
            return f"${count}"
        name = match.group("name")
        if name is None:
            return text  # a string, identifier, comment or cast
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    out = _TOKEN.sub(swap, sql)
    if names and count:
        raise ValueError("a statement mixes ? and :name placeholders")
    return out, (tuple(names) if names else count)


def _pg_args(sql: str, params: Any) -> tuple[str, list[Any]]:
    query, shape = pg_sql(sql)
    if isinstance(shape, tuple):
        return query, [params[name] for name in shape]
    return query, list(params)


def _rowcount(status: str) -> int:
    last = status.rsplit(" ", 1)[-1] if status else ""
    return int(last) if last.isdigit() else -1


@dataclass(frozen=True)
class Result:
    rowcount: int


class PgConn:
    """One pooled asyncpg connection with the four calls."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any):
        self.raw = raw

    async def execute(self, sql: str, params: Any = ()) -> Result:
        query, args = _pg_args(sql, params)
        return Result(_rowcount(await self.raw.execute(query, *args)))

    async def insert_id(self, sql: str, params: Any = ()) -> int:
        query, args = _pg_args(sql + " RETURNING id", params)
        return int(await self.raw.fetchval(query, *args))

    async def all(self, sql: str, params: Any = ()) -> list[Any]:
        query, args = _pg_args(sql, params)
        return list(await self.raw.fetch(query, *args))

    async def one(self, sql: str, params: Any = ()) -> Any | None:
        query, args = _pg_args(sql, params)
        return await self.raw.fetchrow(query, *args)


def _asyncpg() -> Any:
    import asyncpg  # imported only when a PostgreSQL URL is configured

    return asyncpg


def connection_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean the server or the link to it is gone (not a bad statement)."""
    pg = _asyncpg()
    ex = pg.exceptions
    return (
        OSError, ConnectionError, asyncio.TimeoutError, pg.PostgresConnectionError, pg.InterfaceError,
        ex.InternalClientError,  # a FATAL that arrived while the pooled connection sat idle
        ex.ConnectionDoesNotExistError, ex.AdminShutdownError, ex.CrashShutdownError, ex.CannotConnectNowError,
    )


def conflict_errors() -> tuple[type[BaseException], ...]:
    """Errors a SERIALIZABLE write may end with that a re-run resolves."""
    ex = _asyncpg().exceptions
    return (ex.SerializationError, ex.DeadlockDetectedError)


def integrity_errors() -> tuple[type[BaseException], ...]:
    """A constraint refused the row, on either backend."""
    try:
        return (sqlite3.IntegrityError, _asyncpg().exceptions.IntegrityConstraintViolationError)
    except ImportError:  # pragma: no cover - asyncpg is a dependency, but SQLite needs nothing of it
        return (sqlite3.IntegrityError,)
