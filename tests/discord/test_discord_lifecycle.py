"""The bot closes cleanly however far it got: never started (start-up failed before login),
used as `async with bot:` (discord.py's supported lifecycle), or closed twice at once.

discord.py's `AutoShardedClient` makes its event queue when the bot is entered or at login, and
its `close` uses it: a bot closed before either used to raise AttributeError there. `TutorBot`
enters itself (public `__aenter__`) before closing; these tests fail loudly if a discord.py
upgrade moves that set-up somewhere `__aenter__` no longer reaches.
"""

from __future__ import annotations

import asyncio

import discord

from bot.config import load_settings
from bot.discord_bot.client import TutorBot


def _bot(tmp_path) -> TutorBot:
    return TutorBot(load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)}))


def test_the_installed_discord_py_is_the_tested_major_version():
    # 2.x: Client is an async context manager that makes its asyncio objects in __aenter__.
    assert discord.version_info.major == 2, discord.__version__


async def test_a_bot_that_never_logged_in_closes_cleanly(tmp_path):
    bot = _bot(tmp_path)
    await bot.close()
    assert bot.is_closed()
    await bot.close()  # again: a no-op, not an error


async def test_a_bot_used_as_a_context_manager_closes_on_exit(tmp_path):
    async with _bot(tmp_path) as bot:
        assert not bot.is_closed()
    assert bot.is_closed()


async def test_concurrent_closes_wait_for_one_shutdown(tmp_path):
    bot = _bot(tmp_path)
    await asyncio.gather(bot.close(), bot.close(), bot.close())
    assert bot.is_closed()


def test_the_bot_sets_no_private_discord_py_names():
    """The old workaround assigned `_AutoShardedClient__queue` by its mangled name."""
    import inspect

    import bot.discord_bot.client as client

    assert "_AutoShardedClient__" not in inspect.getsource(client)
