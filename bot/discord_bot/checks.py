"""Who may do what: moderator checks and per-user cooldowns, configured in settings.

A moderator has Manage Server in the channel (as Discord computed it for the interaction) or the
role a server set with `/tutor settings`. Cooldowns key on (command, server, user) and are spent
only by a command that ran (`Cooldowns`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, Hashable, TypeVar, cast

import discord
from discord import app_commands

from bot.discord_bot.replies import NotModerator

if TYPE_CHECKING:  # the bot imports these checks
    from bot.discord_bot.client import TutorBot

T = TypeVar("T")


async def moderator_role_id(interaction: discord.Interaction) -> int | None:
    """Any interaction (a view's callback is typed `Interaction[Client]`): every client here is a `TutorBot`."""
    if interaction.guild_id is None:
        return None
    settings = await cast("TutorBot", interaction.client).core.store.get_guild_settings(interaction.guild_id)
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
    async def predicate(interaction: discord.Interaction[TutorBot]) -> bool:
        await ensure_moderator(interaction)
        return True

    return app_commands.check(predicate)


class Cooldowns:
    """Per-person cooldowns that only a command that ran spends.

    discord.py's cooldown check spends its token before the command's own checks (is this channel
    allowed, is a quiz already running) have run, so a refused `/quiz start` made the retry in the
    right channel wait as well. Here the check reserves the slot (two requests at once cannot both
    pass), the tree's error handler gives it back when the command failed, and a command that
    completed keeps it spent. Keys name the command, the server and the person, so a busy learner
    in one server is not slowed down in another.
    """

    # A reservation nobody resolved (a task cancelled at shutdown) is forgotten after this long.
    PENDING_TTL = 3600.0

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._until: dict[Hashable, float] = {}  # key -> when it may be used again
        self._pending: dict[int, tuple[Hashable, float | None, float]] = {}  # token -> (key, previous, reserved at)

    def reserve(self, token: int, key: Hashable, seconds: float) -> float:
        """Spend the cooldown for `key` now, on trust; returns 0, or the seconds left if it is still cooling."""
        now = self._clock()
        self._forget_stale(now)
        until = self._until.get(key)
        if until is not None and until > now:
            return until - now
        self._until[key] = now + seconds
        self._pending[token] = (key, until, now)
        return 0.0

    def release(self, token: int) -> None:
        """The command behind `token` failed: give its cooldown back."""
        entry = self._pending.pop(token, None)
        if entry is None:
            return
        key, previous, _ = entry
        if previous is None:
            self._until.pop(key, None)
        else:
            self._until[key] = previous

    def keep(self, token: int) -> None:
        """The command behind `token` ran: its cooldown stays spent."""
        self._pending.pop(token, None)

    def _forget_stale(self, now: float) -> None:
        for token in [t for t, (_, _, at) in self._pending.items() if now - at > self.PENDING_TTL]:
            del self._pending[token]
        for key in [k for k, until in self._until.items() if until <= now]:
            del self._until[key]


def _cooldown(setting: str) -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction[TutorBot]) -> bool:
        client = interaction.client
        seconds = getattr(client.settings.discord, setting)
        if seconds <= 0:
            return True
        command = interaction.command.qualified_name if interaction.command else setting
        retry = client.cooldowns.reserve(interaction.id, (command, interaction.guild_id, interaction.user.id), seconds)
        if retry:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(1, seconds), retry)
        return True

    return app_commands.check(predicate)


def ask_cooldown() -> Callable[[T], T]:
    return _cooldown("ask_cooldown_seconds")


def quiz_cooldown() -> Callable[[T], T]:
    return _cooldown("quiz_cooldown_seconds")
