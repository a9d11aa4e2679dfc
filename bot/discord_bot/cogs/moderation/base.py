"""What the moderation cog's parts share: the bot, its texts, the essay check, the upload checks
and the default permission of the moderators' command groups.

Each part (`items`, `essays`, `settings`) is a `ModerationBase` with its own command group; the
cog (`cog.py`) combines them, as Red's mod cog composes its mixins.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord_bot.limits import fit
from bot.errors import UserError
from bot.prompts import PromptSection

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

# Discord hides these commands from members without Manage Server (server admins can allow other
# roles under Server Settings > Integrations); `moderator_only` still checks every use, since
# that setting is the server's to change and the moderator role comes from /tutor settings.
MODERATOR_DEFAULT = discord.Permissions(manage_guild=True)


def check_upload(bot: TutorBot, attachment: discord.Attachment, suffixes: tuple[str, ...]) -> None:
    """What can be refused before downloading anything: size and file type."""
    texts = bot.texts
    limit = bot.settings.discord.max_attachment_bytes
    if attachment.size > limit:
        raise UserError(texts("error_attachment_too_big", name=attachment.filename, size=f"{attachment.size:,}", limit=f"{limit:,}"))
    if Path(attachment.filename).suffix.lower() not in suffixes:
        raise UserError(texts("error_attachment_type", name=attachment.filename, allowed=", ".join(suffixes)))


async def read_upload(bot: TutorBot, attachment: discord.Attachment) -> bytes:
    data = await attachment.read()
    limit = bot.settings.discord.max_attachment_bytes
    if len(data) > limit:  # the size Discord reported was wrong: trust the bytes
        raise UserError(bot.texts("error_attachment_too_big", name=attachment.filename, size=f"{len(data):,}", limit=f"{limit:,}"))
    return data


class ModerationBase(commands.Cog):
    """The shared part; a Cog (not a plain mixin) so discord.py types each part's commands as a
    cog's. Only the combined `ModerationCog` is ever made."""

    bot: TutorBot

    @property
    def texts(self) -> PromptSection:
        return self.bot.texts

    def _check_essay(self, slug: str | None, guild_id: int | None) -> str:
        if not slug:
            return ""
        if self.bot.core.library.get_essay(slug, guild_id) is None:
            raise UserError(self.texts("quiz_unknown_essay", essay=fit(slug, 80)))
        return slug
