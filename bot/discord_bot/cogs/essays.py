"""/essays: what the tutor has read, with a line on what each argues and the ids other commands
take; /read: one paragraph of an essay, cited.

/read is a command of its own, not `/essay read`: `/essay` is a moderators' group that Discord
hides from members (Manage Server by default), and Discord sets that per top-level command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import essay_choices, scope
from bot.discord_bot.limits import fit_embed
from bot.discord_bot.replies import send_public

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


class EssaysCog(commands.Cog):
    def __init__(self, bot: TutorBot):
        self.bot = bot

    @app_commands.command(name="essays", description="List the essays the tutor knows, with what each argues")
    async def essays(self, interaction: discord.Interaction[TutorBot]) -> None:
        texts = self.bot.texts
        library = self.bot.core.library
        if not library.essays_for(interaction.guild_id):
            await send_public(interaction, texts("essays_empty"), ephemeral=True)
            return
        # The one-line summaries may need the model (an essay uploaded since the start): defer.
        await interaction.response.defer(thinking=True)
        lines = []
        for essay, blurb in await self.bot.core.tutor.essay_blurbs(scope(interaction)):
            key = "essays_line" if library.scopes.get(essay.slug) is None else "essays_line_server"
            lines.append(texts(key, title=essay.title, author=essay.author, year=essay.year,
                               paragraphs=len(essay.paragraphs), slug=essay.slug, summary=blurb))
        embed = fit_embed(discord.Embed(title=texts("essays_title", count=len(lines)), description="\n\n".join(lines)))
        await interaction.followup.send(embed=embed)

    @app_commands.command(name="read", description="Show one paragraph of an essay, cited")
    @app_commands.describe(essay="the essay (its id or author)", paragraph="the paragraph number, as citations give it",
                           private="only you see it (default)")
    @app_commands.autocomplete(essay=essay_choices)
    async def read(self, interaction: discord.Interaction[TutorBot], essay: app_commands.Range[str, 1, 100],
                   paragraph: app_commands.Range[int, 1, 10_000], private: bool = True) -> None:
        shown = await self.bot.core.tutor.read_paragraph(essay, paragraph, guild_id=scope(interaction))
        await send_public(interaction, shown.answer, ephemeral=private)


async def setup(bot: TutorBot) -> None:
    await bot.add_cog(EssaysCog(bot))
