"""/essays: what the tutor has read, with the ids other commands take."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.limits import fit_embed
from bot.discord_bot.replies import send_public


class EssaysCog(commands.Cog):
    def __init__(self, bot):
        self.bot = bot

    @app_commands.command(name="essays", description="List the essays the tutor knows")
    async def essays(self, interaction: discord.Interaction) -> None:
        texts = self.bot.texts
        library = self.bot.core.library
        essays = library.essays_for(interaction.guild_id)
        if not essays:
            await send_public(interaction, texts("essays_empty"), ephemeral=True)
            return
        lines = []
        for essay in essays:
            key = "essays_line" if library.scopes.get(essay.slug) is None else "essays_line_server"
            lines.append(texts(key, title=essay.title, author=essay.author, year=essay.year,
                               paragraphs=len(essay.paragraphs), slug=essay.slug))
        embed = fit_embed(discord.Embed(title=texts("essays_title", count=len(essays)), description="\n".join(lines)))
        await interaction.response.send_message(embed=embed)


async def setup(bot) -> None:
    await bot.add_cog(EssaysCog(bot))
