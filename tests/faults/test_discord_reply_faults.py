"""Discord failing to take a player's reply (HTTP 5xx, 429) in the middle of a group quiz: the
answer was recorded before the reply was attempted, the bot does not crash, the quiz goes on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.clock import FakeClock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "discord"))
from harness import DiscordHarness  # noqa: E402


async def _bot(core, clock) -> DiscordHarness:
    from bot.discord_bot.client import TutorBot

    settings = core.settings.model_copy(update={"discord": core.settings.discord.model_copy(
        update={"ask_cooldown_seconds": 0, "quiz_cooldown_seconds": 0})})
    h = DiscordHarness(TutorBot(settings, core=core, clock=clock))
    await h.start()
    return h


@pytest.mark.parametrize("status", [500, 503, 429])
async def test_failed_answer_reply_loses_no_attempt(core, status):
    clock = FakeClock()
    h = await _bot(core, clock)
    try:
        g = h.add_guild("Faults")
        host, ann, ben = h.add_member(g, "host"), h.add_member(g, "ann"), h.add_member(g, "ben")
        await h.slash(host, "quiz start", questions=2, seconds=20, kind="multiple_choice")
        session = core.sessions.get(g.id, g.channel.id)
        question = [m for m in h.recorder.channel_messages(g.channel.id) if m.buttons][-1]
        labels = [b["label"] for b in question.buttons]
        h.fail_next(status, path="/callback")  # Discord refuses the private "answer locked" reply
        await h.press(ann, question, labels[0])
        ok = await h.press(ben, question, labels[1])  # the next reply goes through
        assert ok.messages and ok.ephemeral
        assert any(r.error == status for r in h.recorder.requests)
        for user in (ann, ben):  # both answers were saved, the failed reply notwithstanding
            assert (await core.store.learner_progress(g.id, user.id)).attempts == 1
        await clock.advance(20)
        await h.settle(200)
        await clock.advance(5)
        await h.settle(200)
        await clock.advance(20)
        await h.settle(200)
        final = await session.wait()
        assert final.reason == "completed" and final.questions_asked == 2
        assert {s.user_id for s in final.board} == {ann.id, ben.id}
        assert h.recorder.unhandled == []
    finally:
        await h.close()
