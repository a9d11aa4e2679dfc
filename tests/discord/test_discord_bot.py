"""The bot skeleton over the real core: defaults, /essays, command sync."""

from __future__ import annotations

import pytest

from bot.discord_bot.client import sync_commands
from harness import DiscordHarness

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_bot_defaults_never_ping_and_never_sync_on_start(h: DiscordHarness) -> None:
    mentions = h.bot.allowed_mentions
    assert mentions is not None and not mentions.everyone and not mentions.users and not mentions.roles
    assert not h.recorder.find("/commands")  # login + setup_hook registered nothing with Discord


async def test_essays_lists_title_author_year_paragraphs(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    res = await h.slash(ann, "essays")
    assert not res.ephemeral
    embed = res.message.embeds[0]
    assert embed["title"] == "Essays I know (2)"
    assert "Left Internationalism" in embed["description"] and "Aziz Rana" in embed["description"]
    assert "Walt" in embed["description"] and "(2018)" in embed["description"]
    assert "paragraphs" in embed["description"]


async def test_sync_registers_every_command_to_one_guild(h: DiscordHarness) -> None:
    g = h.add_guild("Test server")
    names = await sync_commands(h.bot, g.id)
    (put,) = h.recorder.find("PUT /applications/{application_id}/guilds/{guild_id}/commands")
    assert put.params["guild_id"] == str(g.id)
    assert sorted(c["name"] for c in put.json) == sorted(names)
    assert "essays" in names
