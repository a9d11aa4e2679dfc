"""Answering an interaction whatever state it is in, and turning errors into one private line.

Every path that can fail (commands, buttons, modals) ends here, so a learner sees a specific
`UserError` message or a generic apology, never a traceback, and the log gets the context.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.discord_bot.limits import MESSAGE_LIMIT, fit, split_message
from bot.errors import UserError
from bot.model.embedding import ModelUnavailable

if TYPE_CHECKING:  # the bot imports this module
    from bot.discord_bot.client import TutorBot

log = logging.getLogger(__name__)


class NotModerator(app_commands.CheckFailure):
    """Raised by the moderator check; the tree turns it into the configured wording."""

    def __init__(self, role_name: str | None):
        super().__init__("not a moderator")
        self.role_name = role_name


async def send_private(interaction: discord.Interaction, text: str, **kwargs: Any) -> None:
    """An ephemeral message, as the first response or as a follow-up, split to Discord's limit."""
    chunks = split_message(text) or ["…"]
    for n, chunk in enumerate(chunks):
        extra = kwargs if n == len(chunks) - 1 else {}
        if not interaction.response.is_done():
            await interaction.response.send_message(chunk, ephemeral=True, **extra)
        else:
            await interaction.followup.send(chunk, ephemeral=True, **extra)


async def send_public(interaction: discord.Interaction, text: str, *, ephemeral: bool = False, **kwargs: Any) -> None:
    """Like `send_private`, for replies everyone in the channel sees (unless `ephemeral`)."""
    chunks = split_message(text) or ["…"]
    for n, chunk in enumerate(chunks):
        extra = kwargs if n == len(chunks) - 1 else {}
        if not interaction.response.is_done():
            await interaction.response.send_message(chunk, ephemeral=ephemeral, **extra)
        else:
            await interaction.followup.send(chunk, ephemeral=ephemeral, **extra)


def _describe(interaction: discord.Interaction) -> str:
    command = interaction.command.qualified_name if interaction.command else None
    custom_id = (interaction.data or {}).get("custom_id") if isinstance(interaction.data, dict) else None
    return (f"command={command!r} custom_id={custom_id!r} guild={interaction.guild_id} "
            f"channel={interaction.channel_id} user={interaction.user.id if interaction.user else None}")


def error_text(interaction: discord.Interaction, error: BaseException) -> str:
    """The line a person sees for `error`; unexpected errors are logged here with context.
    Any interaction: a view's callback gets `Interaction[Client]` from discord.py, and every client
    in this process is a `TutorBot`."""
    texts = cast("TutorBot", interaction.client).texts
    original = getattr(error, "original", error)
    if isinstance(original, UserError):
        return fit(str(original), MESSAGE_LIMIT)
    if isinstance(error, app_commands.CommandOnCooldown):
        return texts("error_cooldown", seconds=max(1, math.ceil(error.retry_after)))
    if isinstance(error, NotModerator):
        # Two whole sentences: a template's edges are trimmed, so a " or the ... role" part lost its space.
        if error.role_name:
            return texts("error_not_moderator_or_role", role=error.role_name)
        return texts("error_not_moderator")
    if isinstance(error, app_commands.NoPrivateMessage):
        return texts("error_guild_only")
    if isinstance(error, app_commands.TransformerError):
        value = error.value
        detail = fit(str(value), 100) if isinstance(value, (str, int, float)) else texts("error_not_found_here")
        return texts("error_bad_value", option=error.type.name.replace("_", " "), detail=detail)
    if isinstance(error, app_commands.CheckFailure) and str(error):
        return fit(str(error), MESSAGE_LIMIT)
    if isinstance(original, ModelUnavailable):  # restarting (or about to exit): not a bug to trace here
        log.warning("the model was unavailable during %s: %s", _describe(interaction), original)
        return texts("error_model_restarting")
    if isinstance(original, discord.HTTPException):
        log.warning("Discord refused a request (%s %s) during %s", original.status, original.code, _describe(interaction))
        return texts("error_discord_unavailable")
    log.error("unexpected error during %s", _describe(interaction), exc_info=original)
    return texts("error_generic")


async def report_error(interaction: discord.Interaction, error: BaseException) -> None:
    text = error_text(interaction, error)
    try:
        await send_private(interaction, text)
    except discord.HTTPException as exc:  # Discord is unhappy: nothing more we can tell the person
        log.warning("could not report an error to the user (%s) during %s", exc.status, _describe(interaction))
