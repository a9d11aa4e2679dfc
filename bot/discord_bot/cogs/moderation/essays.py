"""/essay add|remove|map: a server's own essays, and the argument map the tutor reads in one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_bot.autocomplete import essay_choices
from bot.discord_bot.checks import moderator_only
from bot.discord_bot.cogs.moderation.base import MODERATOR_DEFAULT, ModerationBase, check_upload, read_upload
from bot.discord_bot.limits import fit
from bot.discord_bot.replies import send_private
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

ESSAY_SUFFIXES = (".md", ".txt", ".markdown")


class EssaysMixin(ModerationBase):
    essay = app_commands.Group(name="essay", description="Add or remove this server's essays (moderators)",
                               guild_only=True, default_permissions=MODERATOR_DEFAULT)

    # -- /essay ----------------------------------------------------------------------------------
    @essay.command(name="add", description="Add an essay for this server (.md or .txt)")
    @moderator_only()
    async def essay_add(self, interaction: discord.Interaction[TutorBot], file: discord.Attachment) -> None:
        check_upload(self.bot, file, ESSAY_SUFFIXES)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await read_upload(self.bot, file)
        essay = await self.bot.core.library.add_essay_upload(file.filename, data, guild_id=interaction.guild_id or 0,
                                                             added_by=interaction.user.id)
        await send_private(interaction, self.texts("essay_added", title=essay.title, slug=essay.slug,
                                                   paragraphs=len(essay.paragraphs)))

    @essay.command(name="remove", description="Remove an essay this server added")
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def essay_remove(self, interaction: discord.Interaction[TutorBot], essay: str) -> None:
        removed = await self.bot.core.library.remove_essay(essay, guild_id=interaction.guild_id or 0,
                                                           actor_id=interaction.user.id)
        await send_private(interaction, self.texts("essay_removed", title=removed.title, slug=removed.slug))

    @essay.command(name="map", description="What the tutor reads as each sentence's part in an essay's argument")
    @app_commands.describe(essay="the essay", paragraph="only this paragraph (default: the overview and lists)")
    @app_commands.autocomplete(essay=essay_choices)
    @moderator_only()
    async def essay_map(self, interaction: discord.Interaction[TutorBot], essay: str,
                        paragraph: app_commands.Range[int, 1, 10_000] | None = None) -> None:
        """A teacher checks the argument map the answers rely on (roles, links, lists): one
        paragraph at a time, or the overview (role counts and the lists) without one."""
        from bot.tutor.maps import map_lines

        tutor = self.bot.core.tutor
        scope = await tutor.scopes.get(tutor.library.essays_for(interaction.guild_id or 0))
        slug = tutor.resolve_essay(scope, essay)
        found = scope.by_slug[slug]
        if paragraph is not None and found.paragraph(paragraph) is None:
            raise UserError(self.texts("essay_map_out_of_range", title=fit(found.title, 100),
                                       total=len(found.paragraphs)))
        await interaction.response.defer(ephemeral=True, thinking=True)
        argument = await tutor.maps.of(found, await self.bot.core.embedder())
        lines = map_lines(argument, found, paragraph=paragraph, overview=paragraph is None)
        if paragraph is None:
            lines.append(self.texts("essay_map_hint", slug=slug))
        await send_private(interaction, "\n".join(lines), allowed_mentions=discord.AllowedMentions.none())
