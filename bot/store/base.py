"""The store's shared plumbing: opening, the write and read transactions, and row helpers.

Two backends (see `bot.store.driver` for the PostgreSQL side and why asyncpg). SQLite: one
aiosqlite connection per `Store`, in autocommit mode with explicit `BEGIN IMMEDIATE ...
COMMIT` around every write, serialised by an asyncio lock: aiosqlite runs statements of all
tasks on one thread, so without the lock two tasks' transactions would interleave. A method that
returns after a write has committed it (WAL, `synchronous=FULL`), so an adapter that tells a
learner "saved" after `record_attempt` returns can never be contradicted by a crash.

Scopes: every query on server data filters by `guild_id`; 0 is the direct-message scope and a
`quiz_items.guild_id` of NULL marks a built-in item visible everywhere. A person is referred to in
audit targets as `user:<id>`, so exports and deletions can find those rows.

Length (over 400 lines): the plumbing every mixin shares, for both backends. Split by backend,
the transaction contract (committed before the method returns; after a rollback, one
`StoreUnavailable`) would be stated twice and could drift.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import inspect
import json
import logging
import random
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, AsyncIterator, Self

import aiosqlite

from bot.clock import Clock, SystemClock
from bot.errors import ConfigError, UserError
from bot.progress.srs import Srs
from bot.store.driver import Conn, PgConn, SqliteConn, conflict_errors, connection_errors, is_pg_url, redact
from bot.store.schema import LATEST_VERSION, migrate, migrate_pg

log = logging.getLogger(__name__)

MAX_SETTINGS_JSON = 16_000
MAX_AUDIT_JSON = 8_000


def _ts(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store keeps timezone-aware UTC only")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _dt(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _moment(text: str) -> dt.datetime:
    """A timestamp from a NOT NULL column."""
    return dt.datetime.fromisoformat(text)


def _json(value: Any, *, limit: int, what: str) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        raise UserError(f"{what} must be plain JSON data (text, numbers, lists, mappings)") from None
    if len(text) > limit:
        raise UserError(f"{what} is too large ({len(text)} characters; at most {limit})")
    return text


class StoreUnavailable(UserError):
    """The progress database refused a write for a reason outside the bot (locked, read-only, full)."""


_UNAVAILABLE = (
    (("locked", "busy"), "the progress database is busy (another program is using it); nothing was saved, try again in a moment"),
    (("readonly", "read-only"), "the progress database is read-only; nothing was saved (the operator must fix its file permissions)"),
    (("full",), "the progress database has run out of disk space; nothing was saved (the operator must free space)"),
)


def _raise_unavailable(exc: sqlite3.OperationalError) -> None:
    """Raise the specific line for a database the bot cannot write to; other errors: return."""
    text = str(exc).lower()
    for needles, message in _UNAVAILABLE:
        if any(n in text for n in needles):
            log.error("progress database write failed: %s", exc)
            raise StoreUnavailable(message) from exc


_UNREACHABLE = ("the progress database server cannot be reached; nothing was saved "
                "(answers keep working, progress returns when the database is back)")
_LOST = "the connection to the progress database was lost; the change was not confirmed, try again in a moment"


def _raise_pg_unavailable(exc: BaseException) -> None:
    """PostgreSQL's own 'cannot write' states get the same lines as SQLite's."""
    try:
        import asyncpg
    except ImportError:  # pragma: no cover
        return
    ex = asyncpg.exceptions
    if isinstance(exc, (ex.DiskFullError, ex.InsufficientResourcesError)):
        raise StoreUnavailable(_UNAVAILABLE[2][1]) from exc
    if isinstance(exc, ex.ReadOnlySQLTransactionError):
        raise StoreUnavailable(_UNAVAILABLE[1][1]) from exc
    if isinstance(exc, ex.LockNotAvailableError):
        raise StoreUnavailable(_UNAVAILABLE[0][1]) from exc


MAX_CONFLICT_RETRIES = 12
_jitter = random.Random()  # spreads re-runs of colliding writers apart (production timing, not test data)


def _lock_key(parts: tuple) -> int:
    """A stable signed 64-bit advisory-lock key for `parts` (not Python's salted hash())."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _retry_conflicts(fn: Any) -> Any:
    @functools.wraps(fn)
    async def run(self: "StoreBase", *args: Any, **kwargs: Any) -> Any:
        if self._pool is None:
            return await fn(self, *args, **kwargs)
        conflicts = conflict_errors()
        for attempt in range(MAX_CONFLICT_RETRIES):
            try:
                return await fn(self, *args, **kwargs)
            except conflicts as exc:
                self.conflict_retries += 1
                log.info("%s: %s, re-running (%d)", fn.__name__, type(exc).__name__, attempt + 1)
                await asyncio.sleep(min(0.1, 0.002 * 2 ** attempt) * (0.5 + _jitter.random()))
        raise StoreUnavailable("the progress database is busy with conflicting changes; nothing was saved, try again")

    return run


def _guild(guild_id: int) -> int:
    if isinstance(guild_id, bool) or not isinstance(guild_id, int) or guild_id < 0:
        raise ValueError(f"guild_id must be an int >= 0 (0 = direct messages), not {guild_id!r}")
    return guild_id


def _user(user_id: int) -> int:
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
        raise ValueError(f"user id must be a positive int, not {user_id!r}")
    return user_id


class StoreBase:
    """One database (an SQLite file or a PostgreSQL pool); the mixins in this package add one
    concern each. Mixins write SQL once through `_tx()` / `_snapshot()` (see `bot.store.driver`)."""

    dialect = "sqlite"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Wrap each public coroutine method so a PostgreSQL serialization conflict re-runs it
        whole: its transaction was rolled back, so a re-run is the same call on newer data."""
        super().__init_subclass__(**kwargs)
        for name, fn in list(vars(cls).items()):
            if not name.startswith("_") and name not in ("close",) and inspect.iscoroutinefunction(fn):
                setattr(cls, name, _retry_conflicts(fn))

    def __init__(self, db: aiosqlite.Connection | None, path: Path | None, clock: Clock, srs: Srs, *,
                 pool: Any = None, url: str | None = None):
        self._db = db
        self._pool = pool
        self.url = url
        self.path = path
        self.dialect = "postgresql" if pool is not None else "sqlite"
        self.where = redact(url) if url else str(path)
        self.clock = clock
        self.srs = srs
        self._lock = asyncio.Lock()
        self._closed = False
        self.conflict_retries = 0   # serialization conflicts re-run (PostgreSQL); for tests and logs
        self.reconnects = 0         # dropped pooled connections replaced before a transaction

    @property
    def target(self) -> Path | str:
        """What `open` was given: the file or the URL (a second `Store.open(store.target)` shares it)."""
        if self.url:
            return self.url
        if self.path is None:  # every store is opened from one or the other
            raise RuntimeError("a store with neither a URL nor a path")
        return self.path

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    async def open(
        cls, path: Path | str, *, clock: Clock | None = None, srs: Srs | None = None, busy_timeout_ms: int = 10_000,
        pool_size: int = 10,
    ) -> Self:
        """Open (creating if needed) and migrate: a path is an SQLite file, a `postgresql://` URL a
        PostgreSQL database. A newer schema or a file that is not SQLite is a ConfigError."""
        clock = clock or SystemClock()
        if is_pg_url(path):
            return await cls._open_pg(str(path), clock=clock, srs=srs, pool_size=pool_size)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            async with db.execute("PRAGMA journal_mode = WAL") as cur:
                row = await cur.fetchone()
            mode = row[0] if row is not None else "?"
            if str(mode).lower() != "wal":
                log.warning("%s: journal mode is %s, not WAL", path, mode)
            await db.execute("PRAGMA foreign_keys = ON")
            # FULL: a commit survives power loss too, not only a killed process. Writes are few.
            await db.execute("PRAGMA synchronous = FULL")
            await migrate(db, where=str(path), now=clock.now())
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise ConfigError(f"{path} is not a usable progress database: {exc}") from None
        except BaseException:
            await db.close()
            raise
        log.info("progress store open at %s (schema %d)", path, LATEST_VERSION)
        return cls(db, path, clock, srs or Srs())

    @classmethod
    async def _open_pg(cls, url: str, *, clock: Clock, srs: Srs | None, pool_size: int) -> Self:
        import asyncpg

        where = redact(url)
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=max(1, pool_size), command_timeout=60)
        except (*connection_errors(), asyncpg.PostgresError) as exc:
            raise ConfigError(f"cannot open the progress database at {where}: {exc}") from None
        try:
            async with pool.acquire() as con:
                await migrate_pg(con, where=where, now=clock.now())
        except BaseException:
            await pool.close()
            raise
        log.info("progress store open at %s (schema %d)", where, LATEST_VERSION)
        return cls(None, None, clock, srs or Srs(), pool=pool, url=url)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._pool is not None:
            try:
                await asyncio.wait_for(self._pool.close(), 10)
            except Exception:  # a server that is gone: close what is left without waiting on it
                self._pool.terminate()
            return
        async with self._lock:
            await self._sqlite.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ plumbing

    def _tx(self, lock: tuple | None = None) -> Any:
        """One write transaction; committed before the block's caller gets control back.

        `lock` names what the transaction reads and then rewrites (a learner's card, a server's
        settings). SQLite needs none (one writer at a time). On PostgreSQL it becomes an advisory
        lock taken before the snapshot, so writers of the same thing queue instead of failing
        each other's snapshot over and over; anything else that collides is re-run.

        A database that is locked by another program, read-only, out of space or unreachable
        surfaces as a `StoreUnavailable` (a UserError: adapters show its line) after a rollback,
        so nothing is half-written and nothing claims to be saved."""
        if self._pool is not None:
            return self._pg_tx("BEGIN ISOLATION LEVEL REPEATABLE READ", lock)
        return self._sqlite_tx()

    def _snapshot(self) -> Any:
        """A read transaction, so a multi-query report sees one consistent state."""
        if self._pool is not None:
            return self._pg_tx("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self._sqlite_snapshot()

    @asynccontextmanager
    async def _sqlite_tx(self) -> AsyncIterator[SqliteConn]:
        async with self._lock:
            try:
                await self._sqlite.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                _raise_unavailable(exc)
                raise
            try:
                yield SqliteConn(self._sqlite)
                await self._sqlite.execute("COMMIT")
            except BaseException as exc:
                try:
                    await self._sqlite.execute("ROLLBACK")
                except sqlite3.Error as rollback_exc:  # SQLite may already have rolled back (e.g. disk full)
                    log.debug("rollback after %r: %s", exc, rollback_exc)
                if isinstance(exc, sqlite3.OperationalError):
                    _raise_unavailable(exc)
                raise

    @asynccontextmanager
    async def _sqlite_snapshot(self) -> AsyncIterator[SqliteConn]:
        async with self._lock:
            await self._sqlite.execute("BEGIN")
            try:
                yield SqliteConn(self._sqlite)
            finally:
                await self._sqlite.execute("COMMIT")

    async def _pg_begin(self, begin: str, lock: tuple | None = None) -> Any:
        """A pooled connection inside `begin`. A connection the server dropped while it sat in
        the pool fails on its first statement; it is discarded and another one taken, so a
        restarted server or a killed backend costs the caller nothing."""
        if self._closed:
            raise StoreUnavailable("the progress store is closed")
        errors = connection_errors()
        last: BaseException | None = None
        for _ in range(3):
            try:
                con = await self._pool.acquire(timeout=30)
            except errors as exc:
                last = exc
                break  # the server itself is unreachable: no point asking again at once
            try:
                if lock is not None:  # session-level: the pool's reset on release unlocks it
                    await con.execute(f"SELECT pg_advisory_lock({_lock_key(lock)})")
                await con.execute(begin)
                return con
            except errors as exc:
                last = exc
                self.reconnects += 1
                log.warning("progress database connection was dropped (%s); reconnecting", type(exc).__name__)
                await self._pg_release(con, discard=True)
            except BaseException:  # cancelled while waiting for the lock: give the connection back
                await self._pg_release(con, discard=True)
                raise
        log.error("progress database %s unreachable: %s", self.where, last)
        raise StoreUnavailable(_UNREACHABLE) from last

    async def _pg_release(self, con: Any, *, discard: bool = False) -> None:
        try:
            if discard:
                con.terminate()
            await self._pool.release(con)
        except Exception as exc:  # releasing a dead connection: the pool replaces it on next acquire
            log.debug("release after a connection error: %s", exc)

    @asynccontextmanager
    async def _pg_tx(self, begin: str, lock: tuple | None = None) -> AsyncIterator[PgConn]:
        con = await self._pg_begin(begin, lock)
        discard = False
        try:
            yield PgConn(con)
            await con.execute("COMMIT")
        except BaseException as exc:
            lost = isinstance(exc, connection_errors())
            discard = lost
            if not lost:
                try:
                    await con.execute("ROLLBACK")
                except BaseException as rollback_exc:  # e.g. cancelled mid-statement: drop the connection
                    discard = True
                    log.debug("rollback after %r: %s", exc, rollback_exc)
            if lost:
                log.error("progress database connection lost mid-transaction: %s", exc)
                raise StoreUnavailable(_LOST) from exc
            if isinstance(exc, Exception):
                _raise_pg_unavailable(exc)
            raise  # cancellation and the store's own errors pass through unchanged
        finally:
            await self._pg_release(con, discard=discard)

    @staticmethod
    async def _all(db: Conn | aiosqlite.Connection, sql: str, params: Any = ()) -> list[Any]:
        if isinstance(db, aiosqlite.Connection):  # maintenance's PRAGMAs on the raw SQLite connection
            db = SqliteConn(db)
        return await db.all(sql, params)

    @staticmethod
    async def _one(db: Conn | aiosqlite.Connection, sql: str, params: Any = ()) -> Any | None:
        if isinstance(db, aiosqlite.Connection):
            db = SqliteConn(db)
        return await db.one(sql, params)

    @staticmethod
    async def _row(db: Conn | aiosqlite.Connection, sql: str, params: Any = ()) -> Any:
        """`_one` for a query that always returns a row: an aggregate, a one-row table, or a row
        this transaction has just made sure exists. No row is a bug, raised as one."""
        row = await StoreBase._one(db, sql, params)
        if row is None:
            raise LookupError(f"no row where one always exists: {sql[:80]}")
        return row

    @property
    def _sqlite(self) -> aiosqlite.Connection:
        """The SQLite connection (a PostgreSQL store has a pool instead and never asks)."""
        if self._db is None:
            raise RuntimeError("the SQLite connection of a PostgreSQL store")
        return self._db

    if TYPE_CHECKING:
        # Written by ChangesMixin, called by every mixin whose writes other processes must see
        # (the store is composed of mixins; this is what they share, as Red's mod/abc.py does).
        async def _note_change(self, db: Conn, guild_id: int, kind: str, key: str = "") -> None: ...

    def _now(self) -> dt.datetime:
        return self.clock.now().astimezone(dt.timezone.utc)

    async def _ensure_guild(self, db: Conn, guild_id: int, now: str) -> None:
        await db.execute(
            "INSERT INTO guilds (guild_id, created_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, now),
        )

    async def _ensure_learner(self, db: Conn, guild_id: int, user_id: int, now: str) -> None:
        await self._ensure_guild(db, guild_id, now)
        await db.execute(
            "INSERT INTO learners (guild_id, user_id, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET last_seen = excluded.last_seen",
            (guild_id, user_id, now, now),
        )

    async def _audit(
        self, db: Conn, guild_id: int, actor_id: int | None, action: str, target: str,
        details: dict | None, now: str,
    ) -> None:
        if not action or len(action) > 64:
            raise ValueError("audit action must be 1-64 characters")
        await db.execute(
            "INSERT INTO audit_log (guild_id, actor_id, action, target, details, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, actor_id, action, str(target)[:200], _json(details or {}, limit=MAX_AUDIT_JSON, what="audit details"), now),
        )
