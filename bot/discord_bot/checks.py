"""Who may do what: moderator checks and per-user cooldowns, configured in settings.

A moderator has Manage Server in the channel (as Discord computed it for the interaction) or the
role a server set with `/tutor settings`. Cooldowns key on (server, user): a busy learner in one
server does not slow them down in another.
"""

from __future__ import annotations

from typing import Callable, TypeVar

import discord
from discord import app_commands

from bot.discord_bot.replies import NotModerator

T = TypeVar("T")


async def moderator_role_id(interaction: discord.Interaction) -> int | None:
    if interaction.guild_id is None:
        return None
    settings = await interaction.client.core.store.get_guild_settings(interaction.guild_id)  # type: ignore[attr-defined]
    role = settings.get("moderator_role_id")
    return int(role) if role else None


async def is_moderator(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild:
        return True
    role_id = await moderator_role_id(interaction)
    return role_id is not None and any(r.id == role_id for r in interaction.user.roles)


async def ensure_moderator(interaction: discord.Interaction) -> None:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not await is_moderator(interaction):
        role_id = await moderator_role_id(interaction)
        role = interaction.guild.get_role(role_id) if (role_id and interaction.guild) else None
        raise NotModerator(role.mention if role else None)


def moderator_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        await ensure_moderator(interaction)
        return True

    return app_commands.check(predicate)


def _cooldown(setting: str) -> Callable[[discord.Interaction], app_commands.Cooldown | None]:
    def factory(interaction: discord.Interaction) -> app_commands.Cooldown | None:
        seconds = getattr(interaction.client.settings.discord, setting)  # type: ignore[attr-defined]
        return app_commands.Cooldown(1, seconds) if seconds > 0 else None

    return factory


def _key(interaction: discord.Interaction) -> tuple[int | None, int]:
    return (interaction.guild_id, interaction.user.id)


def ask_cooldown() -> Callable[[T], T]:
    return app_commands.checks.dynamic_cooldown(_cooldown("ask_cooldown_seconds"), key=_key)


def quiz_cooldown() -> Callable[[T], T]:
    return app_commands.checks.dynamic_cooldown(_cooldown("quiz_cooldown_seconds"), key=_key)
