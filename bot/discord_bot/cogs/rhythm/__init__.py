"""The study group's rhythm (issue 21): the question of the day, the weekly digest, review
reminders and /next. `cog.py` holds the commands, `components.py` the buttons and form,
`embeds.py` the rendering, `adapter.py` the scheduler's delivery on Discord."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


async def setup(bot: TutorBot) -> None:
    from bot.discord_bot.cogs.rhythm.cog import RhythmCog

    await bot.add_cog(RhythmCog(bot))
