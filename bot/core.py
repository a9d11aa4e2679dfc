"""The core both adapters hold: settings, prompts, the essay library, the model, and (as the
other parts land) the tutor, the progress store and the quiz engine.

`Core.open` does all heavy start-up work off the event loop, once. The embedding model is
loaded lazily on first need, so commands that never encode (a re-ingest of unchanged essays,
`db check`) start fast; the Discord bot calls `await core.embedder()` in `setup_hook` to warm it.
"""

from __future__ import annotations

import asyncio
import logging

from bot.config import Settings, load_settings
from bot.embedding import Embedder
from bot.index.library import Library
from bot.prompts import PromptBook

log = logging.getLogger(__name__)


def import_prompt_users() -> None:
    """Import every module that declares prompt templates, so all are validated at start."""
    import importlib

    for name in ("bot.tutor", "bot.quiz", "bot.progress", "bot.discord_bot"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


class Core:
    def __init__(self, settings: Settings, prompts: PromptBook, embedder: Embedder | None = None):
        self.settings = settings
        self.prompts = prompts
        self._embedder = embedder
        self._embedder_lock = asyncio.Lock()
        self.library: Library  # set in open()

    @classmethod
    async def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None,
                   ingest_if_stale: bool = True) -> "Core":
        settings = settings or load_settings()
        import_prompt_users()
        prompts = PromptBook.load(settings.prompts_dir)
        core = cls(settings, prompts, embedder)
        core.library = await Library.open(settings, core.embedder)
        if ingest_if_stale and settings.seeds_dir.is_dir() and await core.library.is_stale():
            report = await core.library.ingest_folder(settings.seeds_dir)
            log.info("indexed essays: added %s changed %s", report.added, report.changed)
        return core

    async def embedder(self) -> Embedder:
        if self._embedder is None:
            async with self._embedder_lock:
                if self._embedder is None:
                    self._embedder = await asyncio.to_thread(Embedder.load, self.settings.model)
        return self._embedder

    @property
    def essays(self):
        return self.library.essays

    async def close(self) -> None:
        await self.library.close()
        if self._embedder is not None:
            self._embedder.close()

