"""What every cog's components share: the bot behind an interaction, typed, the cog a button
rebuilt from its custom_id belongs to, and the guard that turns a callback's failure into one
private line.

Commands, checks and autocompletes take `discord.Interaction[TutorBot]`, so `interaction.client`
is typed there. Component callbacks (buttons, modals, `interaction_check`) cannot: discord.py
types them for any client, and an override may not narrow its argument. `tutor_bot` is the one
place that says what every interaction in this process comes through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, cast

import discord
from discord.ext import commands

from bot.discord_bot.replies import report_error
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot


def tutor_bot(interaction: discord.Interaction) -> TutorBot:
    """The bot that received `interaction`: every client in this process is a `TutorBot`."""
    return cast("TutorBot", interaction.client)


def cog_named(interaction: discord.Interaction, name: str, missing: str) -> commands.Cog:
    """The cog a component belongs to, looked up by name (a button rebuilt after a restart holds
    no reference to it); a missing cog is said (`missing`), not an AttributeError. Callers cast
    the result to their cog's class, which they may only import for type checking: the cog
    modules import their components."""
    cog = tutor_bot(interaction).get_cog(name)
    if cog is None:
        raise UserError(missing)
    return cog


async def guarded(interaction: discord.Interaction, coro: Awaitable[Any]) -> None:
    """Button and modal callbacks report their errors like commands do (discord.py only logs them)."""
    try:
        await coro
    except Exception as exc:  # noqa: BLE001 - every failure becomes one private line
        await report_error(interaction, exc)


class ReportingModal(discord.ui.Modal):
    """A form whose failures reach the member as one private line, as a command's do."""

    # discord.py's stubs give Modal.on_error two arguments but its base BaseView's three (with the
    # item); this matches Modal, which is what discord.py calls for a form.
    async def on_error(self, interaction: discord.Interaction, error: Exception, /) -> None:  # type: ignore[override]
        await report_error(interaction, error)
