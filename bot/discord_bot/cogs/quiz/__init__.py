"""Quizzes on Discord: /quiz start|stop|solo and /review, the quiz engine's sessions shown as
messages and buttons. `cog.py` holds the commands and the session-event handler, `checks.py`
what the commands accept before they run, `components.py` the buttons, the answer form and the
views, `embeds.py` the rendering, `recovery.py` the clean-up of quizzes a restart cut off.

It may import discord, `bot.discord_bot` (limits, replies, checks, autocomplete, the other cogs'
shared helpers and the ask cog's Read button) and the quiz engine (`bot.quiz`); the engine never
imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


async def setup(bot: TutorBot) -> None:
    from bot.discord_bot.cogs.quiz.cog import QuizCog

    await bot.add_cog(QuizCog(bot))
