"""Direct messages: their own data scope (guild_id 0), apart from every server."""

from __future__ import annotations

import pytest
from harness import DiscordHarness

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_ask_and_solo_quiz_in_direct_messages_use_their_own_scope(h: DiscordHarness) -> None:
    dana = h.add_user("dana")
    res = await h.slash(dana, "ask", question="Why do libertarians dislike liberal hegemony?")
    assert "Walt" in res.message.content
    assert "Follow up in a thread" not in str(res.message.buttons)  # no threads in DMs
    (answer,) = (await h.bot.core.store.export_user(dana.id))["tables"]["answers"]
    assert answer["guild_id"] == 0

    quiz = await h.slash(dana, "quiz solo", questions=1)
    await h.press(dana, quiz.message, "Skip")
    dm = await h.bot.core.store.learner_progress(0, dana.id)
    assert (dm.attempts, dm.skipped) == (0, 1)  # issue 20: a skip is recorded apart from answers
    progress = await h.slash(dana, "progress")
    assert "0/0 quiz answers right" in progress.message.text and "Skipped (apart from answers): 1" in progress.message.text

    g = h.add_guild()
    dana_in_g = h.member_in(g, dana)
    assert "No quiz answers" in (await h.slash(dana_in_g, "progress")).message.text


async def test_essay_autocomplete_offers_what_the_scope_can_see(h: DiscordHarness) -> None:
    dana = h.add_user("dana")
    everything = await h.autocomplete(dana, "ask", "essay", essay="")
    assert sorted(c["value"] for c in everything.choices) == ["rana-left-internationalism", "walt-socialists-libertarians"]
    walt = await h.autocomplete(dana, "quiz solo", "essay", essay="libert")
    assert [c["value"] for c in walt.choices] == ["walt-socialists-libertarians"]
    assert "Walt" in walt.choices[0]["name"] and "2018" in walt.choices[0]["name"]
