"""Applying what other bot processes wrote: the reading side of the store's change feed.

Each shard process holds the essay library in memory (essay metadata, the retriever built from
the index). When a moderator uploads an essay in a server owned by process A, process B learns of
it here, within the poll interval, and brings that server's essays in line with the progress
database: it indexes what its index lacks (a process with its own data folder embeds the text
itself) and reloads its in-memory view (a process sharing A's index only needs the reload). After
a re-shard, B may be the server's new owner, so the essay must already be answerable there.

Applying is idempotent: a change this process made itself finds the index and memory already
right and costs one read of the server's essays. Items and settings are read from the database
on every use today (no cache to drop); listeners let a future cache subscribe.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING, Awaitable, Callable

from bot.errors import CorpusError, UserError
from bot.index.uploads import essay_from_record, sync_uploads
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


async def sync_guild_essays(library: Library, guild_id: int) -> None:
    """Make one server's uploaded essays in the index and in memory match the progress database.

    Like `bot.index.uploads.sync_uploads`, but for one server: a change read from the feed should
    not cost reading every server's essay texts."""
    records = library.uploads
    if records is None:
        return
    wanted = {r["slug"]: r for r in await records.list_essays(guild_id, with_text=True)}
    states = await library.store.essay_states()
    gone = [slug for slug, (_, _, scope) in states.items() if scope == guild_id and slug not in wanted]
    if gone:
        async with library._lock:
            for slug in gone:
                await library.store.remove_essay(slug)
            await library._load()
        log.info("server %s: dropped essay(s) %s removed by another process", guild_id, gone)
    for slug, record in wanted.items():
        state = states.get(slug)
        if state is not None and state[2] != guild_id:
            log.error("uploaded essay %s of server %s has the id of another scope's essay; it is not indexed",
                      slug, guild_id)
            continue
        if state is not None and state[:2] == (record["content_hash"], library.chunking):
            continue
        try:
            essay = await asyncio.to_thread(essay_from_record, record)
            await library._ingest([essay], guild_id=guild_id, added_by=record["added_by"])
        except (CorpusError, UserError) as exc:
            log.error("uploaded essay %s of server %s cannot be indexed: %s", slug, guild_id, exc)
            continue
        log.info("server %s: indexed essay %s added by another process", guild_id, slug)
    await reload_if_stale(library)


async def reload_if_stale(library: Library) -> bool:
    """Reload the in-memory essays when the index (maybe written by another process sharing the
    data folder) differs from them; True if it did. Nothing is rebuilt when they already agree."""
    async with library._lock:  # an ingest of this process holds it until its own reload is done
        states = await library.store.essay_states()
        held = {slug: (essay.content_hash, library.scopes.get(slug)) for slug, essay in library.essays.items()}
        on_disk = {slug: (state[0], state[2]) for slug, state in states.items()}
        if held == on_disk:
            return False
        await library._load()
    return True
