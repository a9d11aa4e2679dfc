"""The bot skeleton over the real core: defaults, /essays, command sync."""

from __future__ import annotations

import pytest
from harness import DiscordHarness

from bot.discord_bot.client import describe_sync, sync_commands

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
    # A line on what each essay argues: Rana's own front-matter summary, Walt's key sentence.
    assert "joins anti-imperial and anti-authoritarian ethics" in embed["description"]
    walt = embed["description"].split("walt-socialists-libertarians`", 1)[1]
    assert walt.strip() and walt.strip().split("\n")[0] in h.bot.core.library.essays[
        "walt-socialists-libertarians"].paragraphs[1].text + " ".join(
        p.text for p in h.bot.core.library.essays["walt-socialists-libertarians"].paragraphs)


async def test_read_shows_a_paragraph_privately_and_refuses_one_that_is_not_there(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    res = await h.slash(ann, "read", essay="walt", paragraph=7)
    assert res.ephemeral and "¶7" in res.message.content and "bloated national security state" in res.message.content
    out = await h.slash(ann, "read", essay="walt-socialists-libertarians", paragraph=60)
    assert out.ephemeral and "has 10 paragraphs" in out.message.content


# What the bot must register, written out here (not read from the bot's own tree).
EVERYONE = {"ask", "essays", "read", "quiz", "review", "progress", "leaderboard", "mydata", "remind", "next"}
MODERATORS = {"quizitem", "essay", "tutor"}
MANAGE_SERVER = "32"  # discord.Permissions(manage_guild=True).value


def _default_permissions(command: dict) -> str | None:
    value = command.get("default_member_permissions")  # Discord takes a number or its string
    return None if value is None else str(value)


async def test_sync_registers_every_command_to_one_guild(h: DiscordHarness) -> None:
    g = h.add_guild("Test server")
    synced = await sync_commands(h.bot, g.id)
    (put,) = h.recorder.find("PUT /applications/{application_id}/guilds/{guild_id}/commands")
    assert put.params["guild_id"] == str(g.id)
    sent = {c["name"]: c for c in put.json}
    assert set(sent) == EVERYONE | MODERATORS
    # Moderator commands are hidden from members without Manage Server; the rest are for everyone.
    assert {n: _default_permissions(sent[n]) for n in MODERATORS} == dict.fromkeys(MODERATORS, MANAGE_SERVER)
    assert {n: _default_permissions(sent[n]) for n in EVERYONE} == dict.fromkeys(EVERYONE, None)
    assert sorted(o["name"] for o in sent["quiz"]["options"]) == ["solo", "start", "stop"]
    assert sorted(o["name"] for o in sent["tutor"]["options"]) == ["audit", "schedule", "settings"]
    schedule = next(o for o in sent["tutor"]["options"] if o["name"] == "schedule")
    assert sorted(o["name"] for o in schedule["options"]) == ["daily", "digest", "remove", "show"]

    summary = describe_sync(h.bot.texts, synced, g.id).splitlines()
    assert len(summary) == 2 and summary[0].startswith(f"Synced 13 commands to server {g.id} (available now): /")
    assert summary[1].startswith("Moderators only: ") and "Manage Server" in summary[1]
    restricted = summary[1].split(": ", 1)[1].split(" are shown", 1)[0]
    assert sorted(restricted.split(", ")) == sorted(f"/{n}" for n in MODERATORS)


async def test_sync_mode_bot_opens_and_closes_its_own_core(tmp_path) -> None:
    """What `tutorbot sync` does: a bot that owns its core (no model load, no ingest), registers
    every command globally, and closes the core on the way out."""
    from bot.config import load_settings
    from bot.discord_bot.client import TutorBot

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    bot = TutorBot(settings, for_sync=True)
    h = DiscordHarness(bot)
    await h.start()
    core = bot.core
    try:
        assert core._embedder is None  # the model was not loaded just to sync
        await sync_commands(bot, None)
        (put,) = h.recorder.find("PUT /applications/{application_id}/commands")
        assert {c["name"] for c in put.json} == EVERYONE | MODERATORS
    finally:
        await h.close()
    assert core.store._closed  # the bot owned it, so the bot closed it


async def test_an_option_discord_could_not_resolve_gets_a_specific_line(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    res = await h.slash(ann, "progress", member="123")  # a user id without resolved member data
    assert res.ephemeral and res.message.content == "That user is not valid: not found here."
