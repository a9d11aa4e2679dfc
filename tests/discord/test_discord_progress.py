"""/progress (with its chart), /leaderboard, /mydata export|delete|sharing, cooldowns, and one
learner's data kept apart between two servers."""

from __future__ import annotations

import json

import pytest
from botkit import start_bot
from harness import DiscordHarness

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def _attempts(h: DiscordHarness, guild_id: int, user_id: int, results: list[bool], points: int = 800) -> None:
    """Arrange: answers recorded through the store, as a quiz would."""
    store = h.bot.core.store
    items = [i for i in await store.list_items(guild_id) if i["essay"] == "walt-socialists-libertarians"]
    for item, correct in zip(items, results):
        await store.record_attempt(guild_id, user_id, item["id"], essay=item["essay"], correct=correct,
                                   answer="x", response_ms=3000, time_limit_s=20, points=points if correct else 0)


async def test_progress_empty_then_with_chart(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    empty = await h.slash(ann, "progress")
    assert empty.ephemeral and "No quiz answers" in empty.message.text
    await _attempts(h, g.id, ann.id, [True, True, False])
    res = await h.slash(ann, "progress")
    msg = res.message
    assert msg.ephemeral and "2/3 quiz answers right (67%), 1600 points" in msg.text
    (essay_field,) = [f for f in msg.embeds[0]["fields"] if f["name"] == "Socialists and Libertarians"]
    assert "accuracy 67% over 3 answer(s)" in essay_field["value"]
    (chart,) = msg.files
    assert chart.filename == "progress.png" and chart.data.startswith(b"\x89PNG")
    assert msg.embeds[0]["image"]["url"] == "attachment://progress.png"


async def test_progress_of_another_member_respects_sharing(h: DiscordHarness, alpha) -> None:
    g, mod, ann, ben = alpha
    await _attempts(h, g.id, ben.id, [True])
    shared = await h.slash(ann, "progress", member=ben)
    assert "Progress of ben" in shared.message.text and "1/1" in shared.message.text
    off = await h.slash(ben, "mydata sharing", share=False)
    assert off.ephemeral and "now private" in off.message.content
    denied = await h.slash(ann, "progress", member=ben)
    assert denied.ephemeral and "keeps their progress private" in denied.message.content
    as_mod = await h.slash(mod, "progress", member=ben)
    assert "Progress of ben" in as_mod.message.text


async def test_leaderboard_orders_members_and_stays_in_its_server(h: DiscordHarness) -> None:
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    ann, ben = h.add_member(a, "ann"), h.add_member(a, "ben")
    ann_in_b = h.member_in(b, ann)
    await _attempts(h, a.id, ann.id, [True, True, True])
    await _attempts(h, a.id, ben.id, [True, False, False])
    res = await h.slash(ben, "leaderboard")
    lines = res.message.embeds[0]["description"].splitlines()
    assert not res.ephemeral and lines[0].startswith(f"1. <@{ann.id}>: 2400 points") and lines[1].startswith(f"2. <@{ben.id}>: 800")
    by_accuracy = await h.slash(ann, "leaderboard", by="accuracy")
    assert by_accuracy.message.embeds[0]["title"] == "Leaderboard by accuracy"
    other = await h.slash(ann_in_b, "leaderboard")
    assert "Nobody is on this leaderboard yet" in other.message.text
    assert "No quiz answers" in (await h.slash(ann_in_b, "progress")).message.text


async def test_mydata_export_and_delete_with_confirmation(h: DiscordHarness, alpha) -> None:
    g, _, ann, ben = alpha
    await _attempts(h, g.id, ann.id, [True, False])
    export = await h.slash(ann, "mydata export")
    (sent,) = export.message.files
    data = json.loads(sent.data)
    assert data["user_id"] == ann.id and len(data["tables"]["attempts"]) == 2

    ask = await h.slash(ann, "mydata delete")
    prompt = ask.message
    assert prompt.ephemeral and [b["label"] for b in prompt.buttons] == ["Delete everything", "Cancel"]
    other = await h.press_custom_id(ben, prompt.data, prompt.button("Delete everything")["custom_id"])
    assert "belongs to someone else" in other.message.content
    await h.press(ann, prompt, "Cancel")
    assert prompt.content == "Nothing was deleted." and not prompt.buttons
    assert (await h.bot.core.store.learner_progress(g.id, ann.id)).attempts == 2

    conversations = h.bot.core.tutor.conversations
    await h.slash(ann, "ask", question="Why do libertarians dislike liberal hegemony?")
    remembered = len(conversations)
    assert remembered >= 1
    ask = await h.slash(ann, "mydata delete")
    await h.press(ann, ask.message, "Delete everything")
    assert len(conversations) == remembered - 1  # the tutor's memory of ann's question is gone too
    assert ask.message.content.startswith("Done:") and not ask.message.buttons
    assert (await h.bot.core.store.learner_progress(g.id, ann.id)).attempts == 0
    assert (await h.bot.core.store.export_user(ann.id))["tables"]["attempts"] == []


async def test_cooldown_on_quiz_starts(discord_core) -> None:
    h = await start_bot(discord_core, quiz_cooldown_seconds=60)
    try:
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        first = await h.slash(ann, "quiz solo", questions=1)
        assert first.message.embeds[0]["title"] == "Question 1/1"
        second = await h.slash(ann, "quiz solo", questions=1)
        assert second.ephemeral and "Slow down" in second.message.content and "s." in second.message.content
        other = h.add_member(g, "ben")  # per user: someone else is not slowed down
        assert (await h.slash(other, "quiz solo", questions=1)).message.embeds
    finally:
        await h.close()


async def test_a_refused_command_does_not_spend_its_cooldown(discord_core) -> None:
    """/quiz start refused in a channel where quizzes are not allowed, then retried in the right
    one: the retry starts (it used to be told "again in 29 s"). Only the start that ran spends it."""
    h = await start_bot(discord_core, quiz_cooldown_seconds=30, ask_cooldown_seconds=30)
    try:
        g = h.add_guild()
        mod, ann = h.add_member(g, "mod", moderator=True), h.add_member(g, "ann")
        quiz_channel = g.channels[1]
        await h.slash(mod, "tutor settings", add_quiz_channel=quiz_channel)
        refused = await h.slash(ann, "quiz start", questions=1)  # in #general
        assert refused.ephemeral and "Quizzes run only in" in refused.message.content
        started = await h.slash(ann, "quiz start", questions=1, channel=quiz_channel)
        assert "started a quiz" in started.message.content
        await h.slash(ann, "quiz stop", channel=quiz_channel)
        again = await h.slash(ann, "quiz start", questions=1, channel=quiz_channel)
        assert again.ephemeral and "Slow down" in again.message.content  # the one that ran spent it

        bad = await h.slash(ann, "ask", question="Why?", essay="no-such-essay")  # refused: nothing spent
        assert bad.ephemeral and "No essay with the id" in bad.message.content
        assert "Walt" in (await h.slash(ann, "ask", question="Why do libertarians dislike liberal hegemony?")).text
        slow = await h.slash(ann, "ask", question="And the socialists?")
        assert slow.ephemeral and "Slow down" in slow.message.content
    finally:
        await h.close()


async def test_accuracy_leaderboard_says_how_many_answers_it_needs(h: DiscordHarness) -> None:
    g = h.add_guild()
    ann, ben = h.add_member(g, "ann"), h.add_member(g, "ben")
    await _attempts(h, g.id, ann.id, [True, True, False])
    await _attempts(h, g.id, ben.id, [True])
    res = await h.slash(ben, "leaderboard", by="accuracy")
    text = res.message.embeds[0]["description"]
    assert "Nobody is on this leaderboard yet" not in text  # people have played
    assert "at least 10 quiz answers" in text and "the most is 3" in text
    by_points = await h.slash(ben, "leaderboard")
    assert by_points.message.embeds[0]["description"].startswith(f"1. <@{ann.id}>")

