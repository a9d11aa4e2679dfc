"""The change feed: what one bot process wrote that the others hold in memory.

Why: with the bot split across shard processes on one database, a moderator's essay upload is
handled by the process that owns that server's shard, but nothing else tells the other processes
(or the same server's next owner after a re-shard) that their in-memory essay library is out of
date. Every write of an essay, an item or a server's settings therefore adds one `changes` row
inside its own transaction (`_note_change`), so the row exists exactly when the write does. Each
process keeps a cursor (the last id it applied) and reads what came after it (`changes_after`).

Waiting: on SQLite there is one process, so `wait_for_change` simply sleeps for the poll
interval. On PostgreSQL every noted change also sends a NOTIFY on `tutor_changes` (delivered when
the writing transaction commits), and `wait_for_change` returns as soon as one arrives on a
dedicated LISTEN connection; the reading side stays the same, and a lost listener falls back to
the poll.

Ids only grow: pruning old rows (`prune_changes`) always keeps the newest one, so an id is never
handed out twice and a cursor stays meaningful. A process whose cursor is older than the pruned
rows cannot know what it missed and must reload everything instead: `changes_after` says so with
`ChangeBatch.gap`.

Order on PostgreSQL: identity values are taken at insert and could commit out of order (a
transaction holding id 7 committing after one holding id 8), and a reader that advanced its
cursor to 8 would never see 7. `_note_change` therefore takes one transaction-level advisory lock
right before its insert, held to commit, so change writers commit one after another. They are
rare (essays, items, settings), so the queue is short. SQLite has one writer at a time anyway.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field

from bot.store.base import StoreBase, _guild, _lock_key, _ts
from bot.store.driver import Conn

log = logging.getLogger(__name__)

CHANGE_KINDS = ("essay", "item", "settings")
DEFAULT_RETENTION = dt.timedelta(days=1)
MAX_BATCH = 1_000
NOTIFY_CHANNEL = "tutor_changes"
_ORDER_LOCK = _lock_key(("change-feed-order",))


@dataclass(frozen=True)
class Change:
    """One write another process may need to apply: `key` is the essay or item id ("" for settings)."""

    id: int
    guild_id: int
    kind: str
    key: str
    created_at: str


@dataclass
class ChangeBatch:
    """The changes after a cursor, oldest first, and the cursor to pass next time.

    `gap` is True when rows after the old cursor were already pruned: the reader missed writes it
    cannot name and should reload what it holds for every server."""

    changes: list[Change] = field(default_factory=list)
    cursor: int = 0
    gap: bool = False

    def __iter__(self):  # `changes, cursor = await store.changes_after(c)` reads naturally
        return iter((self.changes, self.cursor))


class ChangesMixin(StoreBase):
    _listener = None  # PostgreSQL: the LISTEN connection, opened on the first wait
    _notified: asyncio.Event | None = None

    async def close(self) -> None:
        await self._close_change_listener()
        await super().close()

    async def _note_change(self, db: Conn, guild_id: int, kind: str, key: str = "") -> None:
        """Announce a write to the other processes; call inside the writer's own transaction, so
        the announcement commits (or rolls back) with the write it describes."""
        _guild(guild_id)
        if kind not in CHANGE_KINDS:
            raise ValueError(f"change kind must be one of {CHANGE_KINDS}, not {kind!r}")
        if self.dialect == "postgresql":
            await db.execute(f"SELECT pg_advisory_xact_lock({_ORDER_LOCK})")  # ids commit in order
        await db.execute(
            "INSERT INTO changes (guild_id, kind, key, created_at) VALUES (?, ?, ?, ?)",
            (guild_id, kind, str(key)[:200], _ts(self._now())),
        )
        if self.dialect == "postgresql":
            await db.execute(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')")  # sent at commit, dropped on rollback

    async def latest_change_id(self) -> int:
        """The cursor of a process that has just loaded everything: later changes are news to it."""
        async with self._snapshot() as db:
            newest = await self._row(db, "SELECT COALESCE(MAX(id), 0) AS id FROM changes")
            pruned = await self._row(db, "SELECT pruned_through FROM changes_pruned")
        return max(int(newest["id"]), int(pruned["pruned_through"]))

    async def changes_after(self, cursor: int, *, limit: int = MAX_BATCH) -> ChangeBatch:
        """Changes with an id above `cursor`, oldest first, at most `limit` (call again while a
        full batch comes back). Changes of every server: a process applies the ones it holds."""
        cursor = max(0, int(cursor))
        async with self._snapshot() as db:
            rows = await self._all(
                db, "SELECT id, guild_id, kind, key, created_at FROM changes WHERE id > ? ORDER BY id LIMIT ?",
                (cursor, max(1, int(limit))),
            )
            # Rows after the cursor were pruned before this reader got to them.
            pruned = await self._row(db, "SELECT pruned_through FROM changes_pruned")
        changes = [Change(r["id"], r["guild_id"], r["kind"], r["key"], r["created_at"]) for r in rows]
        return ChangeBatch(changes, changes[-1].id if changes else cursor, int(pruned["pruned_through"]) > cursor)

    async def wait_for_change(self, timeout: float) -> None:
        """Return when a change may have arrived: on SQLite (one process) after `timeout` seconds;
        on PostgreSQL as soon as a NOTIFY comes, and after `timeout` at the latest."""
        timeout = max(0.0, float(timeout))
        event = await self._change_listener() if self.dialect == "postgresql" else None
        if event is None:
            await asyncio.sleep(timeout)
            return
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        event.clear()

    async def _change_listener(self) -> asyncio.Event | None:
        """The LISTEN connection (one per store, outside the pool, opened on first wait). Returns
        None when it cannot be opened, so the caller polls; the next wait tries again."""
        if self._listener is not None and not self._listener.is_closed():
            return self._notified
        import asyncpg

        self._notified = self._notified or asyncio.Event()
        try:
            listener = await asyncpg.connect(self.url, timeout=10)
            await listener.add_listener(NOTIFY_CHANNEL, lambda *_: self._notified.set())
        except (OSError, asyncio.TimeoutError, asyncpg.PostgresError) as exc:
            log.warning("change feed: cannot LISTEN on the progress database (%s); polling instead", type(exc).__name__)
            self._listener = None
            return None
        self._listener = listener
        self._notified.set()  # changes may have come while nobody listened: read once now
        return self._notified

    async def _close_change_listener(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None and not listener.is_closed():
            try:
                await asyncio.wait_for(listener.close(), 5)
            except Exception:  # the server is gone: drop the socket
                listener.terminate()

    async def prune_changes(self, keep: dt.timedelta = DEFAULT_RETENTION) -> int:
        """Delete changes older than `keep` (a reader that far behind reloads everything anyway),
        always keeping the newest row so that ids never start again from 1."""
        cutoff = _ts(self._now() - keep)
        async with self._tx() as db:
            top = await self._row(
                db, "SELECT MAX(id) AS id FROM changes WHERE created_at < ? AND id < (SELECT MAX(id) FROM changes)",
                (cutoff,),
            )
            if top["id"] is None:
                return 0
            cur = await db.execute("DELETE FROM changes WHERE id <= ?", (top["id"],))
            count = cur.rowcount
            await db.execute("UPDATE changes_pruned SET pruned_through = ? WHERE pruned_through < ?", (top["id"], top["id"]))
        log.info("pruned %d change-feed row(s) older than %s", count, keep)
        return count
