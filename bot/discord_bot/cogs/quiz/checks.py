"""What the quiz commands accept before they run: the kinds of question, the trivia packs a
server imported (autocomplete), and `/quiz start`'s refusals (the role of Red trivia's
`checks.py` and `converters.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TypeVar

import discord
from discord import app_commands

from bot.discord_bot.limits import fit
from bot.quiz.importing import server_packs

if TYPE_CHECKING:
    from bot.discord_bot.client import TutorBot

T = TypeVar("T")

KIND_CHOICES = [
    app_commands.Choice(name="multiple choice", value="multiple_choice"),
    app_commands.Choice(name="true or false", value="true_false"),
    app_commands.Choice(name="short answer", value="short_answer"),
    app_commands.Choice(name="fill in the blank", value="cloze"),
]


async def pack_choices(interaction: discord.Interaction[TutorBot], current: str) -> list[app_commands.Choice[str]]:
    """The Red trivia packs this server imported (played with their own CONFIG)."""
    if interaction.guild_id is None:
        return []
    packs = await server_packs(interaction.client.core.store, interaction.guild_id)
    needle = current.strip().lower()
    return [app_commands.Choice(name=fit(f"{name} ({tag})", 100), value=tag)
            for tag, name in sorted(packs.items()) if not needle or needle in f"{tag} {name}".lower()][:25]


def refusals_first() -> Callable[[T], T]:
    """`/quiz start`'s refusals with a reason, checked before its cooldown: the starter of a
    running quiz who tries again is told a quiz is running here, not "Slow down ... 29 s".
    (Decorators nearer the function are checked first.) The command checks again itself, since
    two starts can race."""

    async def predicate(interaction: discord.Interaction[TutorBot]) -> bool:
        guild_id, channel_id = interaction.guild_id, interaction.channel_id
        if guild_id is None or channel_id is None:
            return True  # guild_only answers that
        client = interaction.client
        texts = client.texts
        server = await client.core.store.get_guild_settings(guild_id)
        allowed = [int(c) for c in server.get("quiz_channel_ids") or []]
        if allowed and channel_id not in allowed and getattr(interaction.channel, "parent_id", None) not in allowed:
            raise app_commands.CheckFailure(texts("quiz_channel_not_allowed",
                                                  channels=", ".join(f"<#{c}>" for c in allowed)))
        if client.core.sessions.get(guild_id, channel_id) is not None:
            raise app_commands.CheckFailure(texts("quiz_busy"))
        return True

    return app_commands.check(predicate)
