"""Moderator commands on Discord: /quizitem, /essay and /tutor settings|audit. `cog.py` combines
one part per file: `items.py` (the questions, their form and review buttons), `essays.py` (a
server's essays), `settings.py` (settings and the audit); `base.py` holds what they share.

It may import discord, `bot.discord_bot` (limits, replies, checks, autocomplete, the cogs' shared
helpers), the quiz engine's item and pack code (`bot.quiz`), `bot.progress.audit` and, lazily, `bot.tutor`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


async def setup(bot: TutorBot) -> None:
    from bot.discord_bot.cogs.moderation.cog import ModerationCog

    await bot.add_cog(ModerationCog(bot))
