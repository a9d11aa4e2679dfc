"""The core both adapters hold: settings, prompts, the essay library, the model, and (as the
other parts land) the tutor, the progress store and the quiz engine.

`Core.open` does all heavy start-up work off the event loop, once. The embedding model is
loaded lazily on first need, so commands that never encode (a re-ingest of unchanged essays,
`db check`) start fast; the Discord bot calls `await core.embedder()` in `setup_hook` to warm it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable

from bot.clock import Clock, SystemClock
from bot.config import Settings, load_settings
from bot.index.library import Library
from bot.index.uploads import sync_uploads
from bot.model.embedding import Embedder, Supervision
from bot.prompts import PromptBook
from bot.quiz.grading import Grader
from bot.quiz.packs import builtin_records
from bot.quiz.session import SessionRegistry
from bot.scale.change_feed import ChangeFeed
from bot.store import Store
from bot.tutor import Tutor

log = logging.getLogger(__name__)


def import_prompt_users() -> None:
    """Import every module that declares prompt templates, so all are validated at start."""
    import importlib

    for name in ("bot.tutor", "bot.quiz", "bot.progress", "bot.rhythm", "bot.discord_bot"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


class Core:
    def __init__(self, settings: Settings, prompts: PromptBook, embedder: Embedder | None = None,
                 clock: Clock | None = None, owns_guild: Callable[[int], bool] | None = None):
        self.settings = settings
        # Shard processes: the servers this process runs (`bot.scale.shards.ShardSpec.owns`); None: all.
        self.owns_guild = owns_guild
        self.changes: ChangeFeed  # set in open(); started by `follow_changes`
        self.prompts = prompts
        self.clock: Clock = clock or SystemClock()
        self._embedder = embedder
        self._owns_embedder = embedder is None  # a model handed in is closed by its owner
        self._embedder_lock = asyncio.Lock()
        self.library: Library  # set in open()
        self.store: Store  # set in open()
        self.tutor: Tutor  # set in open()
        self.sessions = SessionRegistry()  # running group quizzes, one per channel
        # The grader encodes through the same lazily loaded model as everything else, and reads
        # the cited paragraphs from the library (true context; who the passage credits).
        self.grader = Grader(_LazyEncoder(self), settings.quiz.semantic_threshold, essays=self._essays_by_slug)

    def _essays_by_slug(self) -> dict:
        library = getattr(self, "library", None)
        return library.essays if library is not None else {}

    @classmethod
    async def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None,
                   ingest_if_stale: bool = True, clock: Clock | None = None,
                   owns_guild: Callable[[int], bool] | None = None, close_stale: bool = False) -> "Core":
        """`owns_guild`: in a shard process, the servers it runs; start-up clean-up (quizzes a crash
        cut off) touches only those, since other processes' quizzes on the same database are live.
        `close_stale` True only for `tutorbot run` (the bot's own start): every other command
        (`sync`, `db ...`, `ask`, `chat`, `quiz ...`) may run beside a live bot, whose running
        quizzes it must not take for ones a crash cut off. Off by default, so a new caller cannot
        end live quizzes by forgetting it."""
        settings = settings or load_settings()
        import_prompt_users()
        prompts = PromptBook.load(settings.prompts_dir)
        core = cls(settings, prompts, embedder, clock, owns_guild)
        core.store = await Store.open(settings.progress_target, clock=core.clock,
                                      pool_size=settings.storage.pool_size)
        try:
            # The feed's cursor is taken before the library loads: a change another process makes
            # meanwhile is applied again later, which is harmless, instead of being missed.
            cursor = await core.store.latest_change_id()
            # Uploaded essays' text lives in the progress store; the library indexes it.
            core.library = await Library.open(settings, core.embedder, uploads=core.store)
        except BaseException:
            await core.store.close()
            raise
        core.tutor = Tutor(core.library, core.embedder, core.store, prompts, settings.tutor, core.clock)
        core.changes = ChangeFeed(core.store, core.library, interval=settings.change_poll_seconds, cursor=cursor)
        try:
            if settings.builtin_pack.exists():
                await core.store.sync_builtin_items(builtin_records(settings.builtin_pack))
            stale = await core.store.close_stale_sessions(owns=owns_guild) if close_stale else 0
            if stale:
                log.warning("closed %d quiz session(s) left open by a previous run", stale)
            if ingest_if_stale and settings.seeds_dir.is_dir() and await core.library.is_stale():
                report = await core.library.ingest_folder(settings.seeds_dir)
                log.info("indexed essays: added %s changed %s", report.added, report.changed)
            # The index is derived: uploads the progress database holds and the index lacks
            # (a deleted index, a restored backup) are indexed again, stale ones dropped.
            await sync_uploads(core.library)
        except BaseException:
            await core.close()
            raise
        return core

    async def embedder(self) -> Embedder:
        if self._embedder is None:
            async with self._embedder_lock:
                if self._embedder is None:
                    self._embedder = await Embedder.load_async(
                        self.settings.model, threads=self.settings.model_threads,
                        supervision=Supervision.from_settings(self.settings.model_process))
        return self._embedder

    def follow_changes(self) -> None:
        """Apply what other processes on the same database write (essays, items, settings) from
        now on, every `change_poll_seconds`. Long-running adapters (the bot) call this; one-shot
        commands do not need it."""
        self.changes.start()

    async def delete_user(self, user_id: int) -> dict:
        """Everything about one person, everywhere: the database and the tutor's memory."""
        counts = await self.store.delete_user(user_id)
        self.tutor.conversations.forget_user(user_id)
        return counts

    @property
    def essays(self):
        return self.library.essays

    async def close(self) -> None:
        changes = getattr(self, "changes", None)
        if changes is not None:
            await changes.stop()
        await self.sessions.stop_all()
        await self.library.close()
        await self.store.close()
        if self._embedder is not None and self._owns_embedder:
            self._embedder.close()


class _LazyEncoder:
    """Lets the grader share the core's model without forcing it to load at start-up."""

    def __init__(self, core: Core):
        self._core = core

    async def encode_async(self, texts):
        return await (await self._core.embedder()).encode_async(texts)

