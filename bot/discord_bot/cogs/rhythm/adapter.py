"""The scheduler's transport on Discord: posting questions, reveals and digests, and DMs.

Discord's answers are sorted into what the scheduler understands (`bot.rhythm.runner.Delivery`):
404 (the channel was deleted) and 403 (the bot lost access) are `gone` and turn the schedule off
with an audit line; a member who does not accept DMs (403, code 50007) is `gone` and their
reminders turn off; anything else (429, 5xx) is a passing failure, retried a few times the same day.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.discord_bot.cogs.ask import ReadButton
from bot.discord_bot.cogs.rhythm.components import question_view
from bot.discord_bot.cogs.rhythm.embeds import digest_embed, question_embed, reveal_embed
from bot.discord_bot.limits import BUTTON_LABEL, fit
from bot.rhythm.daily import DailyReveal, PreparedPost
from bot.rhythm.digest import Digest
from bot.rhythm.runner import Delivery

if TYPE_CHECKING:
    from bot.discord_bot.cogs.rhythm.cog import RhythmCog

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
CANNOT_DM = 50007


def channel_failure(exc: discord.HTTPException) -> Delivery:
    if exc.status == 404:
        return Delivery("gone", reason="channel_deleted")
    if exc.status == 403:
        return Delivery("gone", reason="forbidden")
    log.warning("Discord refused a scheduled post (%s %s); will retry", exc.status, exc.code)
    return Delivery("retry")


class DiscordRhythm:
    def __init__(self, cog: "RhythmCog"):
        self.cog = cog
        self.bot = cog.bot

    def _channel(self, channel_id: int, guild_id: int) -> discord.PartialMessageable:
        return self.bot.get_partial_messageable(int(channel_id), guild_id=int(guild_id) or None)

    async def post_daily(self, schedule: dict, prepared: PreparedPost) -> Delivery:
        t = self.cog.texts
        channel = self._channel(schedule["channel_id"], schedule["guild_id"])
        try:
            message = await channel.send(embed=question_embed(t, prepared), allowed_mentions=NO_PINGS,
                                         view=question_view(prepared.post_id, prepared.choices, t("daily_type_button")))
        except discord.HTTPException as exc:
            return channel_failure(exc)
        return Delivery("sent", message.id)

    async def reveal_daily(self, reveal: DailyReveal) -> Delivery:
        t = self.cog.texts
        post = reveal.post
        channel = self._channel(post["channel_id"], post["guild_id"])
        try:  # the question's buttons go grey: the answer is out
            await channel.get_partial_message(int(post["message_id"])).edit(
                view=question_view(int(post["id"]), post["choices"], t("daily_type_button"), disabled=True))
        except discord.HTTPException as exc:
            log.info("could not close the buttons of question of the day %s (%s)", post["id"], exc.status)
        view = discord.utils.MISSING
        if reveal.passage is not None:
            view = discord.ui.View(timeout=None)
            view.add_item(ReadButton(reveal.passage.essay, reveal.passage.paragraph,
                                     fit(t("daily_read_button", paragraph=reveal.passage.paragraph), BUTTON_LABEL)))
        try:
            message = await channel.send(embed=reveal_embed(t, reveal), view=view, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            return channel_failure(exc)
        return Delivery("sent", message.id)

    async def post_digest(self, schedule: dict, digest: Digest) -> Delivery:
        channel = self._channel(schedule["channel_id"], schedule["guild_id"])
        try:
            message = await channel.send(embed=digest_embed(self.cog.texts, digest), allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            return channel_failure(exc)
        return Delivery("sent", message.id)

    async def send_reminder(self, reminder: dict, due: int) -> Delivery:
        t = self.cog.texts
        guild_id = int(reminder["guild_id"])
        guild = self.bot.get_guild(guild_id) if guild_id else None
        if guild is not None:
            server = f"**{guild.name}**"
        else:
            server = t("remind_scope_server", id=guild_id) if guild_id else t("remind_scope_dm")
        text = t("remind_dm_one", server=server) if due == 1 else t("remind_dm", count=due, server=server)
        try:
            dm = await self.bot.create_dm(discord.Object(id=int(reminder["user_id"])))
            await dm.send(text, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            if exc.status == 403 or exc.code == CANNOT_DM:
                return Delivery("gone", reason="dm_closed")
            log.info("review reminder for a member failed (%s %s); not retried today", exc.status, exc.code)
            return Delivery("retry")
        return Delivery("sent")
