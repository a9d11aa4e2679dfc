"""When things break: a bug in the core, Discord refusing a reply (429) or failing (5xx) in the
middle of a quiz. A person gets one private line, never a traceback; the log gets the context."""

from __future__ import annotations

import logging

import pytest
from botkit import start_bot
from harness import DiscordHarness

from bot.clock import FakeClock

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_unexpected_error_is_logged_with_context_and_apologised_privately(h: DiscordHarness, alpha, monkeypatch, caplog) -> None:
    g, _, ann, _ = alpha

    async def broken(*args, **kwargs):
        raise RuntimeError("index exploded")

    monkeypatch.setattr(h.bot.core.tutor, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="bot.discord_bot.replies"):
        res = await h.slash(ann, "ask", question="Why do libertarians dislike liberal hegemony?")
    (apology,) = res.messages  # the public "thinking" message was taken down
    assert apology.ephemeral and apology.content.startswith("Sorry, something went wrong")
    assert "index exploded" not in apology.content and "Traceback" not in apology.content
    (record,) = [r for r in caplog.records if r.name == "bot.discord_bot.replies"]
    assert "command='ask'" in record.getMessage() and f"guild={g.id}" in record.getMessage()
    assert f"user={ann.id}" in record.getMessage() and record.exc_info[0] is RuntimeError


async def test_rate_limited_reply_gets_a_retry_with_a_clear_line(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    h.fail_next(429, path="/callback")
    res = await h.slash(ann, "essays")
    assert [r.error for r in res.requests] == [429, None]
    assert res.message.ephemeral and "Discord did not accept my reply" in res.message.content


async def test_group_quiz_survives_discord_failing_to_post_a_question(discord_core) -> None:
    clock = FakeClock()
    h = await start_bot(discord_core, clock=clock)
    try:
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        h.fail_next(503, method="POST", path="/channels/{channel_id}/messages")
        res = await h.slash(ann, "quiz start", questions=2, seconds=10)
        assert "started a quiz" in res.message.content
        assert [r.error for r in res.requests if r.via == "http"] == [503]
        session = h.bot.core.sessions.get(g.id, g.channel.id)
        await clock.advance(10)  # reveal of the question nobody could see
        await h.settle(200)
        await clock.advance(5)  # the next question is posted normally
        await h.settle(200)
        posted = [m.embeds[0]["title"] for m in h.recorder.bot_posts(g.channel.id)]
        assert posted == ["Answer to question 1/2", "Question 2/2"]
        await clock.advance(10)
        await h.settle(200)
        await session.wait()
        await h.settle()
        assert h.recorder.channel_messages(g.channel.id)[-1].embeds[0]["title"] == "Final scores"
        h.assert_all_handled()
    finally:
        await h.close()
