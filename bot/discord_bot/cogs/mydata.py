"""/mydata export|delete|sharing: a learner's own data, everywhere the bot keeps it.

Deletion asks for confirmation with buttons that only the asker can press; the buttons carry
the user id in their `custom_id`, so they still work (or fail clearly) after a restart.
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_bot.autocomplete import scope
from bot.discord_bot.cogs.shared import tutor_bot
from bot.discord_bot.replies import report_error, send_private

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


class DeleteConfirm(discord.ui.DynamicItem[discord.ui.Button], template=r"md:del:(?P<uid>\d+):(?P<answer>yes|no)"):
    def __init__(self, user_id: int, answer: str, label: str = "?"):
        style = discord.ButtonStyle.danger if answer == "yes" else discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(label=label, style=style, custom_id=f"md:del:{user_id}:{answer}"))
        self.user_id, self.answer = user_id, answer

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item,
                             match: re.Match[str], /) -> DeleteConfirm:
        return cls(int(match["uid"]), match["answer"])

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.user_id:
            await send_private(interaction, tutor_bot(interaction).texts("error_not_yours"))
            return False
        return True

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = tutor_bot(interaction)
        texts = bot.texts
        try:
            if self.answer == "no":
                await interaction.response.edit_message(content=texts("mydata_delete_cancelled"), view=None)
                return
            await interaction.response.defer()  # deleting may take a moment; the answer edits this message
            counts = await bot.core.delete_user(self.user_id)
            await interaction.edit_original_response(
                content=texts("mydata_deleted", rows=sum(v for k, v in counts.items() if not k.endswith("_anonymised"))),
                view=None)
        except Exception as exc:  # noqa: BLE001
            await report_error(interaction, exc)


class MyDataCog(commands.Cog):
    mydata = app_commands.Group(name="mydata", description="See, share or delete what the tutor keeps about you")

    def __init__(self, bot: TutorBot):
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DeleteConfirm)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(DeleteConfirm)

    @mydata.command(name="export", description="Download everything the tutor keeps about you, as JSON")
    async def export(self, interaction: discord.Interaction[TutorBot]) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.bot.core.store.export_user(interaction.user.id)
        raw = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        await interaction.followup.send(self.bot.texts("mydata_export", bytes=len(raw)), ephemeral=True,
                                        file=discord.File(io.BytesIO(raw), filename=f"tutor-data-{interaction.user.id}.json"))

    @mydata.command(name="delete", description="Delete everything the tutor keeps about you (asks first)")
    async def delete(self, interaction: discord.Interaction[TutorBot]) -> None:
        texts = self.bot.texts
        view = discord.ui.View(timeout=None)
        view.add_item(DeleteConfirm(interaction.user.id, "yes", texts("mydata_delete_yes")))
        view.add_item(DeleteConfirm(interaction.user.id, "no", texts("mydata_delete_no")))
        await interaction.response.send_message(texts("mydata_delete_confirm"), view=view, ephemeral=True)

    @mydata.command(name="sharing", description="Whether other members may see your progress in this server")
    @app_commands.describe(share="on: members can see your /progress and you appear on the leaderboard")
    @app_commands.guild_only()
    async def sharing(self, interaction: discord.Interaction[TutorBot], share: bool) -> None:
        await self.bot.core.store.set_share_progress(scope(interaction), interaction.user.id, share)
        await send_private(interaction, self.bot.texts("mydata_sharing_on" if share else "mydata_sharing_off"))


async def setup(bot: TutorBot) -> None:
    await bot.add_cog(MyDataCog(bot))
