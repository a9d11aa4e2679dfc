"""Applying what other bot processes wrote: the reading side of the store's change feed.

Each shard process holds the essay library in memory (essay metadata, the retriever built from
the index). When a moderator uploads an essay in a server owned by process A, process B learns of
it here, within the poll interval, and brings that server's essays in line with the progress
database: it indexes what its index lacks (a process with its own data folder embeds the text
itself) and reloads its in-memory view (a process sharing A's index only needs the reload). After
a re-shard, B may be the server's new owner, so the essay must already be answerable there.

Applying is idempotent: a change this process made itself finds the index and memory already
right and costs one read of the server's essays. Items and settings are read from the database
on every use today (no cache to drop); listeners let a future cache subscribe. How one server's
essays are brought in line lives with the other upload syncing, in `bot.index.uploads`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING, Awaitable, Callable

from bot.index.uploads import reload_if_stale, sync_guild_essays, sync_uploads
from bot.store.changes import DEFAULT_RETENTION, Change

if TYPE_CHECKING:
    from bot.index.library import Library
    from bot.store import Store

log = logging.getLogger(__name__)

Listener = Callable[[Change], Awaitable[None]]
PRUNE_EVERY = dt.timedelta(hours=1)


class ChangeFeed:
    """The cursor of one process and the loop that applies changes after it."""

    def __init__(self, store: Store, library: Library, *, interval: float, cursor: int,
                 retention: dt.timedelta = DEFAULT_RETENTION):
        self.store = store
        self.library = library
        self.interval = interval
        self.cursor = cursor  # taken before the library loaded, so nothing between is missed
        self.retention = retention
        self.listeners: list[Listener] = []
        self.applied = 0  # changes read and applied since start (for logs and tests)
        self._task: asyncio.Task | None = None
        self._last_prune: dt.datetime | None = None

    # -- the loop ---------------------------------------------------------------------------------
    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="change-feed")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _run(self) -> None:
        log.info("following the change feed every %.1f s from change %d", self.interval, self.cursor)
        while True:
            await self.store.wait_for_change(self.interval)
            try:
                await self.poll_once()
                await self._maybe_prune()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - a database hiccup must not end the loop; the cursor stays
                log.exception("applying the change feed failed; retrying at the next poll")

    # -- one round --------------------------------------------------------------------------------
    async def poll_once(self) -> int:
        """Read and apply every change after the cursor; returns how many were read. The cursor
        moves only past changes that were applied, so a failure retries them next time."""
        total = 0
        while True:
            batch = await self.store.changes_after(self.cursor)
            if batch.gap:
                log.warning("the change feed was pruned past this process's cursor (%d): reloading every server's "
                            "essays", self.cursor)
                await sync_uploads(self.library)
                await self._reload_if_needed()
            if not batch.changes:
                if batch.gap:
                    self.cursor = batch.cursor
                return total
            await self._apply(batch.changes)
            self.cursor = batch.cursor
            total += len(batch.changes)
            self.applied += len(batch.changes)

    async def _apply(self, changes: list[Change]) -> None:
        essay_guilds = sorted({c.guild_id for c in changes if c.kind == "essay"})
        for guild_id in essay_guilds:
            await sync_guild_essays(self.library, guild_id)
        if essay_guilds:
            log.info("essays of %d server(s) brought up to date from the change feed", len(essay_guilds))
        for change in changes:
            for listener in self.listeners:
                await listener(change)

    async def _reload_if_needed(self) -> None:
        await reload_if_stale(self.library)

    async def _maybe_prune(self) -> None:
        now = self.store.clock.now()
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self._last_prune = now
            await self.store.prune_changes(self.retention)

