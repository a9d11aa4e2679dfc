"""Starting this project's bot on the offline harness (imported by the tests by this unique name:
several test folders have a `conftest.py`, so importing helpers from "conftest" is ambiguous)."""

from __future__ import annotations

from typing import Any

from harness import DiscordHarness

from bot.config import Settings
from bot.core import Core


def bot_settings(core: Core, **discord: Any) -> Settings:
    """The core's settings with Discord options changed; cooldowns off unless a test sets them."""
    values = {"ask_cooldown_seconds": 0, "quiz_cooldown_seconds": 0, **discord}
    return core.settings.model_copy(update={"discord": core.settings.discord.model_copy(update=values)})


async def start_bot(core: Core, *, after: DiscordHarness | None = None, clock=None, **discord: Any) -> DiscordHarness:
    from bot.discord_bot.client import TutorBot

    bot = TutorBot(bot_settings(core, **discord), core=core, clock=clock)
    harness = DiscordHarness(bot, after=after)
    await harness.start()
    return harness
