"""The store's shared plumbing: opening, the write and read transactions, and row helpers.

One aiosqlite connection per `Store`, in autocommit mode with explicit `BEGIN IMMEDIATE ...
COMMIT` around every write, serialised by an asyncio lock: aiosqlite runs statements of all
tasks on one thread, so without the lock two tasks' transactions would interleave. A method that
returns after a write has committed it (WAL, `synchronous=FULL`), so an adapter that tells a
learner "saved" after `record_attempt` returns can never be contradicted by a crash.

Scopes: every query on server data filters by `guild_id`; 0 is the direct-message scope and a
`quiz_items.guild_id` of NULL marks a built-in item visible everywhere. A person is referred to in
audit targets as `user:<id>`, so exports and deletions can find those rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Self

import aiosqlite

from bot.clock import Clock, SystemClock
from bot.errors import ConfigError, UserError
from bot.progress.srs import Srs
from bot.store.schema import LATEST_VERSION, migrate

log = logging.getLogger(__name__)

MAX_SETTINGS_JSON = 16_000
MAX_AUDIT_JSON = 8_000


def _ts(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store keeps timezone-aware UTC only")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _dt(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


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


def _guild(guild_id: int) -> int:
    if isinstance(guild_id, bool) or not isinstance(guild_id, int) or guild_id < 0:
        raise ValueError(f"guild_id must be an int >= 0 (0 = direct messages), not {guild_id!r}")
    return guild_id


def _user(user_id: int) -> int:
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
        raise ValueError(f"user id must be a positive int, not {user_id!r}")
    return user_id


class StoreBase:
    """One connection and its lock; the mixins in this package add one concern each."""

    def __init__(self, db: aiosqlite.Connection, path: Path, clock: Clock, srs: Srs):
        self._db = db
        self.path = path
        self.clock = clock
        self.srs = srs
        self._lock = asyncio.Lock()
        self._closed = False

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    async def open(
        cls, path: Path, *, clock: Clock | None = None, srs: Srs | None = None, busy_timeout_ms: int = 10_000
    ) -> Self:
        """Open (creating if needed) and migrate; a newer-schema or non-SQLite file is a ConfigError."""
        clock = clock or SystemClock()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            async with db.execute("PRAGMA journal_mode = WAL") as cur:
                mode = (await cur.fetchone())[0]
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

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        async with self._lock:
            await self._db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ plumbing

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; committed before the block's caller gets control back.

        A database that is locked by another program, read-only or out of space surfaces as a
        `StoreUnavailable` (a UserError: adapters show its line) after a rollback, so nothing is
        half-written and nothing claims to be saved."""
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                _raise_unavailable(exc)
                raise
            try:
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException as exc:
                try:
                    await self._db.execute("ROLLBACK")
                except sqlite3.Error as rollback_exc:  # SQLite may already have rolled back (e.g. disk full)
                    log.debug("rollback after %r: %s", exc, rollback_exc)
                if isinstance(exc, sqlite3.OperationalError):
                    _raise_unavailable(exc)
                raise

    @asynccontextmanager
    async def _snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read transaction, so a multi-query report sees one consistent state."""
        async with self._lock:
            await self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                await self._db.execute("COMMIT")

    @staticmethod
    async def _all(db: aiosqlite.Connection, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        async with db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    @staticmethod
    async def _one(db: aiosqlite.Connection, sql: str, params: Any = ()) -> sqlite3.Row | None:
        async with db.execute(sql, params) as cur:
            return await cur.fetchone()

    def _now(self) -> dt.datetime:
        return self.clock.now().astimezone(dt.timezone.utc)

    async def _ensure_guild(self, db: aiosqlite.Connection, guild_id: int, now: str) -> None:
        await db.execute(
            "INSERT INTO guilds (guild_id, created_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, now),
        )

    async def _ensure_learner(self, db: aiosqlite.Connection, guild_id: int, user_id: int, now: str) -> None:
        await self._ensure_guild(db, guild_id, now)
        await db.execute(
            "INSERT INTO learners (guild_id, user_id, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET last_seen = excluded.last_seen",
            (guild_id, user_id, now, now),
        )

    async def _audit(
        self, db: aiosqlite.Connection, guild_id: int, actor_id: int | None, action: str, target: str,
        details: dict | None, now: str,
    ) -> None:
        if not action or len(action) > 64:
            raise ValueError("audit action must be 1-64 characters")
        await db.execute(
            "INSERT INTO audit_log (guild_id, actor_id, action, target, details, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, actor_id, action, str(target)[:200], _json(details or {}, limit=MAX_AUDIT_JSON, what="audit details"), now),
        )
