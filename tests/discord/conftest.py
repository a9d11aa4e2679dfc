"""Fixtures for the Discord tests: one core per test session (the model loads once), a fresh
bot and offline Discord per test.

Async test modules here set `pytestmark = pytest.mark.asyncio(loop_scope="session")`: the bot's
tasks and the shared core's connections live on the session loop, so tests must run on it too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import AsyncIterator

import pytest
import pytest_asyncio
from botkit import start_bot
from harness import DiscordHarness

from bot.config import load_settings
from bot.core import Core


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def discord_core(tmp_path_factory, embedder) -> AsyncIterator[Core]:
    """Our own core (these tests add essays and data), over the suite's one loaded model."""
    data = tmp_path_factory.mktemp("discord-data")
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(data)})
    _reuse_embedding_cache(settings.home / "data" / "index.sqlite", settings.index_db)
    core = await Core.open(settings, embedder=embedder)
    yield core
    await core.close()


def _reuse_embedding_cache(source: Path, dest: Path) -> None:
    """Start from the project's index (an embedding cache keyed by text hash) when there is one:
    ingest then skips the encoding, which is most of a cold start. SQLite's backup API copies a
    consistent snapshot even while another process writes the file."""
    if not source.exists():
        return
    try:
        with sqlite3.connect(source) as src, sqlite3.connect(dest) as dst:
            src.backup(dst)
    except sqlite3.Error:
        dest.unlink(missing_ok=True)  # a cold ingest is slower, never wrong


@pytest_asyncio.fixture(loop_scope="session")
async def h(discord_core: Core) -> AsyncIterator[DiscordHarness]:
    harness = await start_bot(discord_core)
    yield harness
    await harness.close()
    harness.assert_all_handled()


@pytest.fixture
def alpha(h: DiscordHarness):
    """A server with a moderator and two learners."""
    g = h.add_guild("Alpha")
    return g, h.add_member(g, "mod", moderator=True), h.add_member(g, "ann"), h.add_member(g, "ben")
