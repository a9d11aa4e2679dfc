"""Applying what other bot processes wrote: the reading side of the store's change feed.

Each shard process holds the essay library in memory (essay metadata, the retriever built from
the index). When a moderator uploads an essay in a server owned by process A, process B learns of
it here, within the poll interval, and brings that server's essays in line with the progress
database: it indexes what its index lacks (a process with its own data folder embeds the text
itself) and reloads its in-memory view (a process sharing A's index only needs the reload). After
a re-shard, B may be the server's new owner, so the essay must already be answerable there.

Applying is idempotent: a change this process made itself finds the index and memory already
right and costs one read of the server's essays.

A change that fails to apply (the model restarting, an essay this process cannot index, a
listener's bug) is tried again at the next polls, at most `max_attempts` times in all; then it is
logged, written to that server's audit log (`/tutor audit`, action `change_skipped`) and skipped,
and the feed moves on. Before, one such change was retried every poll forever and every change
after it waited behind it. The server's essays are re-synced with its next change, or at the
next start. Items and settings are read from the database
on every use today (no cache to drop); listeners let a future cache subscribe. How one server's
essays are brought in line lives with the other upload syncing, in `bot.index.uploads`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import TYPE_CHECKING, Awaitable, Callable

from bot.index.uploads import sync_guild_essays, sync_uploads
from bot.store.changes import DEFAULT_RETENTION, Change

if TYPE_CHECKING:
    from bot.index.library import Library
    from bot.store import Store

log = logging.getLogger(__name__)

Listener = Callable[[Change], Awaitable[None]]
PRUNE_EVERY = dt.timedelta(hours=1)
MAX_ATTEMPTS = 5  # tries of one change (one per poll) before it is skipped


class ChangeFeed:
    """The cursor of one process and the loop that applies changes after it."""

    def __init__(self, store: Store, library: Library, *, interval: float, cursor: int,
                 retention: dt.timedelta = DEFAULT_RETENTION, max_attempts: int = MAX_ATTEMPTS):
        self.store = store
        self.library = library
        self.interval = interval
        self.cursor = cursor  # taken before the library loaded, so nothing between is missed
        self.retention = retention
        self.listeners: list[Listener] = []
        self.applied = 0  # changes read and applied since start (for logs and tests)
        self.skipped = 0  # changes given up on after max_attempts tries
        self.max_attempts = max(1, int(max_attempts))
        self._failures: dict[int, int] = {}  # change id -> failed tries so far
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
            except Exception:  # a database hiccup must not end the loop; the cursor stays
                log.exception("applying the change feed failed; retrying at the next poll")

    # -- one round --------------------------------------------------------------------------------
    async def poll_once(self) -> int:
        """Read and apply every change after the cursor; returns how many were applied. The cursor
        moves past each change once it is applied or skipped, so a failing change is tried again
        next time (and the ones after it wait), until its tries run out."""
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
            applied, finished = await self._apply(batch.changes)
            total += applied
            self.applied += applied
            if not finished:  # a change will be tried again at the next poll
                return total

    async def _apply(self, changes: list[Change]) -> tuple[int, bool]:
        """Apply `changes` in order, moving the cursor past each one applied or skipped. Returns
        how many were applied, and False when one failed and is left for the next poll."""
        applied = 0
        synced: set[int] = set()  # a server's essays are brought in line once per batch
        for change in changes:
            try:
                if change.kind == "essay" and change.guild_id not in synced:
                    await sync_guild_essays(self.library, change.guild_id)
                    synced.add(change.guild_id)
                for listener in self.listeners:
                    await listener(change)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # one change must not stop the feed
                tries = self._failures.get(change.id, 0) + 1
                if tries < self.max_attempts:
                    self._failures[change.id] = tries
                    log.warning("change %d (%s %r of server %s) failed (%s: %s); try %d of %d at the next poll",
                                change.id, change.kind, change.key, change.guild_id, type(exc).__name__, exc,
                                tries, self.max_attempts)
                    return applied, False
                self._failures.pop(change.id, None)
                await self._skip(change, exc, tries)
            else:
                self._failures.pop(change.id, None)
                applied += 1
            self.cursor = change.id
        if synced:
            log.info("essays of %d server(s) brought up to date from the change feed", len(synced))
        return applied, True

    async def _skip(self, change: Change, exc: Exception, tries: int) -> None:
        """Give up on a change: the log says so, and the server's audit log shows moderators."""
        self.skipped += 1
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}".rstrip(": ")
        log.error("change %d (%s %r of server %s) failed %d times; skipped (%s)", change.id, change.kind,
                  change.key, change.guild_id, tries, error)
        try:
            await self.store.audit(change.guild_id, None, "change_skipped", f"{change.kind} {change.key}".strip(),
                                   {"change": change.id, "tries": tries, "error": error})
        except Exception as audit_error:  # the skip stands; the log above has it
            log.error("could not record skipped change %d in the audit log: %s", change.id, audit_error)

    async def _reload_if_needed(self) -> None:
        await self.library.reload_if_stale()

    async def _maybe_prune(self) -> None:
        now = self.store.clock.now()
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self._last_prune = now
            await self.store.prune_changes(self.retention)

