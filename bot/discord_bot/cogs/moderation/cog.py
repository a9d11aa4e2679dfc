"""The moderators' cog: /quizitem, /essay and /tutor settings|audit, one part per file.

Moderators are members with Manage Server or the role set in `/tutor settings`. Uploads are
checked for size and type before they are downloaded; their content (encoding, schema) is checked
by the core, which changes nothing unless the whole upload is valid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.discord_bot.cogs.moderation.essays import EssaysMixin
from bot.discord_bot.cogs.moderation.items import ItemsMixin, ReviewGenerated
from bot.discord_bot.cogs.moderation.settings import SettingsMixin

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


# Bases in this order: discord.py registers a cog's groups base class first (/quizitem, /essay, /tutor).
class ModerationCog(SettingsMixin, EssaysMixin, ItemsMixin):
    def __init__(self, bot: TutorBot):
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ReviewGenerated)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ReviewGenerated)
