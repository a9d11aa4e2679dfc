"""/ask through Discord: cited answers, feedback stored per person and server, a follow-up thread
that keeps the conversation, private answers, abstention, cooldowns, and (with the Message
Content intent) mentions, thread messages and typed quiz answers."""

from __future__ import annotations

import logging

import pytest
from botkit import start_bot
from harness import DiscordHarness

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTION = "Why do libertarians dislike liberal hegemony?"


async def test_ask_answers_with_citations_and_buttons(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    res = await h.slash(ann, "ask", question=QUESTION)
    assert res.callback_type == 5  # deferred: the answer is being composed
    msg = res.message
    assert not msg.ephemeral and msg.content.startswith(f"> **{QUESTION}**")
    assert "Walt" in msg.content and "¶" in msg.content and len(msg.content) <= 2000
    assert [b.get("emoji", {}).get("name") for b in msg.buttons[:2]] == ["👍", "👎"]
    assert msg.buttons[2]["label"] == "Follow up in a thread"
    assert msg.buttons[3]["label"] == "Read ¶7"  # the cited paragraph, whole, for anyone who presses
    read = await h.press(ann, msg, "Read ¶7")
    assert read.ephemeral and read.message.content.startswith("**Stephen M. Walt, *Socialists and Libertarians*, ¶7**")
    export = await h.bot.core.store.export_user(ann.id)
    (recorded,) = export["tables"]["answers"]
    assert recorded["question"] == QUESTION and recorded["guild_id"] == g.id and not recorded["abstained"]


async def test_feedback_is_stored_and_kept_in_its_server(h: DiscordHarness) -> None:
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    ann, ben = h.add_member(a, "ann"), h.add_member(a, "ben")
    eve = h.add_member(b, "eve")
    msg = (await h.slash(ann, "ask", question=QUESTION)).message
    up = await h.press(ben, msg, "👍")
    assert up.ephemeral and "Thanks" in up.message.content
    down = await h.press(ben, msg, "👎")  # changing one's mind replaces the vote
    assert "not helpful" in down.message.content
    (vote,) = (await h.bot.core.store.export_user(ben.id))["tables"]["feedback"]
    assert vote["helpful"] == 0 and vote["guild_id"] == a.id
    stray = await h.press_custom_id(eve, {**msg.data, "channel_id": str(b.channel.id)}, msg.buttons[0]["custom_id"])
    assert stray.ephemeral and "not from this server" in stray.message.content
    assert (await h.bot.core.store.export_user(eve.id))["tables"]["feedback"] == []


async def test_thread_button_opens_a_thread_that_keeps_the_conversation(h: DiscordHarness, alpha) -> None:
    g, _, ann, ben = alpha
    msg = (await h.slash(ann, "ask", question=QUESTION)).message
    not_yours = await h.press(ben, msg, "Follow up in a thread")
    assert not_yours.ephemeral and "Only the person who asked" in not_yours.message.content
    opened = await h.press(ann, msg, "Follow up in a thread")
    assert "Thread opened" in opened.message.content and opened.ephemeral
    thread = h.world.channels[msg.id]
    assert thread.type == 11 and thread.name.startswith("Why do libertarians")
    (intro,) = h.recorder.channel_messages(thread.id)
    assert f"<@{ann.id}>" in intro.content and "/ask" in intro.content
    again = await h.press(ann, msg, "Follow up in a thread")
    assert "already a thread" in again.message.content
    follow = await h.slash(ann, "ask", question="and what about the socialists?", channel=thread)
    assert "Following up on" in follow.message.content and "Follow up in a thread" not in str(follow.message.buttons)


async def test_private_answer_and_abstention(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    private = await h.slash(ann, "ask", question=QUESTION, private=True)
    # feedback and "Read ¶7" only: threads are public
    assert private.ephemeral and [b.get("label") for b in private.message.buttons][2:] == ["Read ¶7"]
    assert len(private.message.buttons) == 3
    off_topic = await h.slash(ann, "ask", question="How do I bake sourdough bread?")
    assert "don't cover that" in off_topic.message.content
    assert "What is Rana's essay about?" in off_topic.message.content and "> “" not in off_topic.message.content


async def test_ask_refuses_bad_options_privately(h: DiscordHarness, alpha) -> None:
    g, _, ann, _ = alpha
    res = await h.slash(ann, "ask", question=QUESTION, essay="nope")
    assert res.ephemeral and res.callback_type == 4 and "No essay with the id 'nope'" in res.message.content
    empty = await h.slash(ann, "ask", question="   ")
    assert empty.ephemeral and "the question is empty" in empty.message.content


async def test_ask_cooldown_per_person(discord_core) -> None:
    h = await start_bot(discord_core, ask_cooldown_seconds=30)
    try:
        g = h.add_guild()
        ann, ben = h.add_member(g, "ann"), h.add_member(g, "ben")
        assert "Walt" in (await h.slash(ann, "ask", question=QUESTION)).message.content
        slow = await h.slash(ann, "ask", question=QUESTION)
        assert slow.ephemeral and "Slow down" in slow.message.content
        assert "Walt" in (await h.slash(ben, "ask", question=QUESTION)).message.content
    finally:
        await h.close()


async def test_message_content_mentions_threads_and_typed_quiz_answers(discord_core) -> None:
    h = await start_bot(discord_core, message_content_intent=True)
    try:
        assert h.bot.intents.message_content
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        sent = await h.say(ann, f"<@{h.world.bot_user_id}> {QUESTION}", mentions_bot=True)
        (reply,) = [r for r in sent if r.key == "POST /channels/{channel_id}/messages"]
        assert "Walt" in reply.json["content"] and reply.json["message_reference"]
        assert reply.json["allowed_mentions"]["replied_user"] is False
        assert not await h.say(ann, "just chatting, not to the bot")  # no mention: ignored

        msg = (await h.slash(ann, "ask", question=QUESTION)).message
        await h.press(ann, msg, "Follow up in a thread")
        thread = h.world.channels[msg.id]
        in_thread = await h.say(ann, "why?", channel=thread)
        (answer,) = [r for r in in_thread if r.key == "POST /channels/{channel_id}/messages"]
        assert answer.params["channel_id"] == str(thread.id) and "Following up on" in answer.json["content"]

        await h.slash(ann, "quiz start", questions=1, kind="short_answer")
        session = h.bot.core.sessions.get(g.id, g.channel.id)
        typed = await h.say(ann, session.items[0].answer)
        assert [r.key for r in typed] == ["PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me"]
        assert (await h.bot.core.store.learner_progress(g.id, ann.id)).attempts == 1
        await h.slash(ann, "quiz stop")
    finally:
        await h.close()


async def test_a_long_answer_is_split_at_paragraphs_with_buttons_on_the_last_part(h: DiscordHarness, alpha, monkeypatch) -> None:
    import dataclasses
    import re

    g, _, ann, _ = alpha
    paragraphs = [f"> “Quote number {n}: " + "solidarity across borders " * 30 + f"”\n— Rana, ¶{n}" for n in range(1, 7)]
    long_text = "\n\n".join(paragraphs)
    assert len(long_text) > 4000

    real_ask = h.bot.core.tutor.ask

    async def verbose(question, **kwargs):
        return dataclasses.replace(await real_ask(QUESTION, **kwargs), answer=long_text)

    monkeypatch.setattr(h.bot.core.tutor, "ask", verbose)
    res = await h.slash(ann, "ask", question="Tell me everything")
    parts = res.messages
    assert len(parts) >= 3 and all(len(m.content) <= 2000 for m in parts)
    assert all(not m.buttons for m in parts[:-1]) and len(parts[-1].buttons) == 4  # 👍 👎 thread, Read ¶N
    joined = "\n\n".join(m.content for m in parts)
    assert all(f"¶{n}" in joined for n in range(1, 7))
    assert all(re.search(r"¶\d$", m.content) for m in parts)  # cut between quotes, never inside one


async def test_a_question_by_mention_logs_no_error(discord_core, caplog) -> None:
    """With the Message Content intent, "@Tutor why ..." is answered and nothing is logged as an
    error (commands.Bot used to read it as a prefix command "why" and log CommandNotFound)."""
    h = await start_bot(discord_core, message_content_intent=True)
    try:
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        with caplog.at_level(logging.WARNING):
            sent = await h.say(ann, f"<@{h.world.bot_user_id}> Why {QUESTION[4:]}", mentions_bot=True)
            await h.settle(50)
        (reply,) = [r for r in sent if r.key == "POST /channels/{channel_id}/messages"]
        assert "Walt" in reply.json["content"]
        noisy = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.WARNING]
        assert noisy == []
    finally:
        await h.close()


async def test_mentions_and_dms_are_answered_without_the_message_content_intent(h: DiscordHarness) -> None:
    """Discord delivers the text of a message that mentions the bot, and of a DM, without Message
    Content; the bot used to ignore every message unless that intent was on."""
    assert not h.bot.intents.message_content
    g = h.add_guild()
    ann = h.add_member(g, "ann")
    sent = await h.say(ann, f"<@{h.world.bot_user_id}> {QUESTION}", mentions_bot=True)
    (reply,) = [r for r in sent if r.key == "POST /channels/{channel_id}/messages"]
    assert "Walt" in reply.json["content"] and reply.json["message_reference"]
    assert not await h.say(ann, "just chatting, not to the bot")  # arrives empty: nothing to answer
    dana = h.add_user("dana")
    direct = await h.say(dana, QUESTION)
    (dm_reply,) = [r for r in direct if r.key == "POST /channels/{channel_id}/messages"]
    assert dm_reply.params["channel_id"] == str(h.world.dm_channels[dana.id].id) and "Walt" in dm_reply.json["content"]
    (recorded,) = (await h.bot.core.store.export_user(dana.id))["tables"]["answers"]
    assert recorded["guild_id"] == 0  # a DM is its own scope


async def test_a_second_quiz_start_in_a_busy_channel_says_why_before_the_cooldown(discord_core) -> None:
    """The starter of a running quiz who tries /quiz start again is told a quiz is running here,
    not "Slow down a little: you can do that again in 29 s"."""
    h = await start_bot(discord_core, quiz_cooldown_seconds=30)
    try:
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        assert "started a quiz" in (await h.slash(ann, "quiz start", questions=2)).message.content
        again = await h.slash(ann, "quiz start", questions=2)
        assert again.ephemeral and again.message.content.startswith("A quiz is already running in this channel")
        await h.slash(ann, "quiz stop")
        slow = await h.slash(ann, "quiz start", questions=2)  # no refusal left: now the cooldown speaks
        assert slow.ephemeral and "Slow down" in slow.message.content
    finally:
        await h.close()


async def test_a_clarifying_question_offers_buttons_that_ask_the_option(h: DiscordHarness, alpha) -> None:
    """"show me paragraph 5" when two essays have one: the tutor asks which, with a button per
    essay; only the asker may press one, and pressing it shows that essay's paragraph."""
    g, _, ann, ben = alpha
    msg = (await h.slash(ann, "ask", question="show me paragraph 5")).message
    assert "Which essay's ¶5?" in msg.content
    labels = [b.get("label") for b in msg.buttons]
    assert "1. Rana's ¶5 (Left Internationalism)" in labels and "2. Walt's ¶5 (Socialists and Libertarians)" in labels
    not_yours = await h.press(ben, msg, "2. Walt's ¶5 (Socialists and Libertarians)")
    assert not_yours.ephemeral and "Only the person who asked" in not_yours.message.content
    picked = await h.press(ann, msg, "2. Walt's ¶5 (Socialists and Libertarians)")
    assert "Stephen M. Walt, *Socialists and Libertarians*, ¶5**" in picked.message.content
