"""Autocomplete for essay ids and quiz item ids: only what the asking server can see."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_bot.limits import CHOICE_NAME, CHOICES, fit

if TYPE_CHECKING:  # the bot imports this module
    from bot.discord_bot.client import TutorBot


def scope(interaction: discord.Interaction) -> int:
    """The data scope of an interaction: its server, or 0 for direct messages."""
    return interaction.guild_id or 0


async def essay_choices(interaction: discord.Interaction[TutorBot], current: str) -> list[app_commands.Choice[str]]:
    library = interaction.client.core.library
    needle = current.strip().lower()
    out = []
    for essay in library.essays_for(interaction.guild_id):
        label = f"{essay.display_short_title} ({essay.author}, {essay.year})"
        if needle and needle not in essay.slug.lower() and needle not in label.lower():
            continue
        out.append(app_commands.Choice(name=fit(label, CHOICE_NAME), value=essay.slug))
    return out[:CHOICES]


async def item_choices(interaction: discord.Interaction[TutorBot], current: str) -> list[app_commands.Choice[str]]:
    """The server's own items (built-in items cannot be edited or removed per server)."""
    store = interaction.client.core.store
    if interaction.guild_id is None:
        return []
    needle = current.strip().lower()
    records = await store.list_items(interaction.guild_id, status=None, include_global=False)
    out = []
    for record in records:
        label = f"{record['id']}: {record.get('prompt', '')}"
        if needle and needle not in label.lower():
            continue
        out.append(app_commands.Choice(name=fit(label, CHOICE_NAME), value=str(record["id"])[:100]))
        if len(out) >= CHOICES:
            break
    return out
