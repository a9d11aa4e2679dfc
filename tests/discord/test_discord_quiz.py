"""Quizzes through Discord: a full group game with three players on a fake clock, private solo and
review sessions, typed answers through the modal, and a restart in the middle of a quiz."""

from __future__ import annotations

import asyncio

import pytest
from botkit import start_bot
from harness import DiscordHarness, Message

from bot.clock import FakeClock
from bot.core import Core
from bot.discord_bot.cogs.quiz.components import LETTERS
from bot.discord_bot.limits import BUTTON_LABEL, fit
from bot.quiz.grading import grade_choice

pytestmark = pytest.mark.asyncio(loop_scope="session")


def _session(h: DiscordHarness, guild, channel):
    return h.bot.core.sessions.get(guild.id, channel.id)


def _label_for(message: Message, text: str) -> str:
    """The label of the button for choice `text`, rendered as the cog renders it (trimmed to fit)."""
    for b in message.buttons:
        index = int(b["custom_id"].rsplit(":", 1)[1])
        if b["label"] == fit(f"{LETTERS[index]}: {text}", BUTTON_LABEL):
            return b["label"]
    raise AssertionError(f"no button for {text!r} in {[b['label'] for b in message.buttons]}")


def _wrong_label(message: Message, right: str) -> str:
    right_label = _label_for(message, right)
    return next(b["label"] for b in message.buttons if b["label"] != right_label)


async def _advance(h: DiscordHarness, clock: FakeClock, seconds: float) -> None:
    await clock.advance(seconds)
    await h.settle(200)


async def _ended(h: DiscordHarness, session) -> None:
    """Wait for the session's own task: its last step writes to the store in a thread."""
    await asyncio.wait_for(session.wait(), timeout=10)
    await h.settle()


@pytest.fixture
async def timed(discord_core: Core):
    clock = FakeClock()
    harness = await start_bot(discord_core, clock=clock)
    yield harness, clock
    await harness.close()
    harness.assert_all_handled()


async def test_full_group_quiz_with_three_players(timed) -> None:
    h, clock = timed
    g = h.add_guild("Alpha")
    mod, ann, ben = h.add_member(g, "mod", moderator=True), h.add_member(g, "ann"), h.add_member(g, "ben")
    channel = g.channel

    res = await h.slash(mod, "quiz start", questions=2, seconds=20, kind="multiple_choice")
    assert "started a quiz" in res.message.content and not res.ephemeral
    session = _session(h, g, channel)
    assert session is not None and len(session.items) == 2
    (q1,) = res.channel_messages
    item1 = session.items[0]
    assert q1.embeds[0]["title"] == "Question 1/2" and q1.embeds[0]["description"] == item1.prompt
    assert len(q1.buttons) == len(item1.choices) and "<t:" in q1.text  # a live countdown

    await _advance(h, clock, 2)
    r = await h.press(ann, q1, _label_for(q1, item1.answer))
    assert r.ephemeral and "Correct" in r.message.content and "+950" in r.message.content
    again = await h.press(ann, q1, _wrong_label(q1, item1.answer))
    assert again.ephemeral and "already locked" in again.message.content
    await _advance(h, clock, 2)
    assert "+900" in (await h.press(mod, q1, _label_for(q1, item1.answer))).message.content
    wrong = await h.press(ben, q1, _wrong_label(q1, item1.answer))
    assert wrong.ephemeral and "Not this time" in wrong.message.content

    before = len(h.recorder.channel_messages(channel.id))
    await _advance(h, clock, 16)  # time is up: reveal
    posted = h.recorder.channel_messages(channel.id)[before:]
    reveal = posted[0]
    assert reveal.embeds[0]["title"] == "Answer to question 1/2"
    assert item1.answer in reveal.text and f"<@{ann.id}>" in reveal.text and f"<@{ben.id}>" not in reveal.embeds[0]["fields"][0]["value"]
    assert all(b.get("disabled") for b in q1.buttons)  # the question's buttons are greyed out
    late = await h.press_custom_id(ben, q1.data, q1.buttons[0]["custom_id"])
    assert "closed" in late.message.content

    await _advance(h, clock, 5)  # the pause after a reveal
    q2 = h.recorder.channel_messages(channel.id)[-1]
    item2 = session.items[1]
    assert q2.embeds[0]["title"] == "Question 2/2"
    await _advance(h, clock, 10)
    await h.press(ann, q2, _label_for(q2, item2.answer))
    await h.press(mod, q2, _wrong_label(q2, item2.answer))
    await h.press(ben, q2, _wrong_label(q2, item2.answer))  # everyone answered: the question closes early
    await _ended(h, session)

    final = h.recorder.channel_messages(channel.id)[-1]
    assert final.embeds[0]["title"] == "Final scores"
    board = final.embeds[0]["fields"][0]["value"].splitlines()
    ann_score = 950 + 850  # 2 s of 20 (1000 - 500 * 2/20); then 10 s of 20 (750) + 100 for a streak of two
    mod_score = 900        # 4 s of 20
    assert board[0].startswith("🥇") and f"<@{ann.id}>: {ann_score} points (2/2 right)" in board[0]
    assert board[1].startswith("🥈") and f"<@{mod.id}>: {mod_score} points (1/2 right)" in board[1]
    assert board[2].startswith("🥉") and f"<@{ben.id}>: 0 points (0/2 right)" in board[2]
    assert _session(h, g, channel) is None
    assert not h.bot._connection._view_store._views  # buttons are dynamic items: no per-message views kept
    progress = await h.bot.core.store.learner_progress(g.id, ann.id)
    assert progress.attempts == 2 and progress.correct == 2 and progress.points == ann_score


async def test_typed_answers_through_the_answer_modal(timed) -> None:
    h, clock = timed
    g = h.add_guild()
    ann = h.add_member(g, "ann")
    res = await h.slash(ann, "quiz start", questions=1, seconds=30, kind="short_answer")
    (q,) = res.channel_messages
    session = _session(h, g, g.channel)
    item = session.items[0]
    assert [b["label"] for b in q.buttons] == ["Answer"]
    opened = await h.press(ann, q, "Answer")
    assert opened.callback_type == 9 and opened.modal["title"] == "Question 1"
    done = await h.submit_modal(ann, opened, {"answer": item.answer})
    assert done.ephemeral and "Correct" in done.message.content
    await _advance(h, clock, 30)
    await _ended(h, session)
    assert h.recorder.channel_messages(g.channel.id)[-1].embeds[0]["title"] == "Final scores"


async def test_quiz_stop_by_starter_or_moderator_only(timed) -> None:
    h, clock = timed
    g = h.add_guild()
    ann, ben, mod = h.add_member(g, "ann"), h.add_member(g, "ben"), h.add_member(g, "mod", moderator=True)
    await h.slash(ann, "quiz start", questions=3)
    denied = await h.slash(ben, "quiz stop")
    assert denied.ephemeral and "Only the person who started" in denied.message.content
    assert _session(h, g, g.channel) is not None
    busy = await h.slash(ben, "quiz start")
    assert busy.ephemeral and "already running" in busy.message.content
    ok = await h.slash(mod, "quiz stop")
    assert ok.ephemeral and "Stopping" in ok.message.content
    final = h.recorder.channel_messages(g.channel.id)[-1]
    assert final.embeds[0]["title"] == "Final scores" and f"<@{mod.id}>" in final.text
    assert _session(h, g, g.channel) is None
    assert "No quiz is running" in (await h.slash(ann, "quiz stop")).message.content


async def test_quiz_options_out_of_bounds_are_refused(h: DiscordHarness) -> None:
    g = h.add_guild()
    ann = h.add_member(g, "ann")
    res = await h.slash(ann, "quiz start", seconds=2)
    assert res.ephemeral and "seconds per question must be between" in res.message.content
    res = await h.slash(ann, "quiz start", essay="no-such-essay")
    assert res.ephemeral and "No essay with the id" in res.message.content
    assert h.bot.core.sessions.get(g.id, g.channel.id) is None


async def test_solo_quiz_is_private_and_runs_to_a_summary(h: DiscordHarness) -> None:
    g = h.add_guild()
    ann, ben = h.add_member(g, "ann"), h.add_member(g, "ben")
    res = await h.slash(ann, "quiz solo", questions=2, essay="walt-socialists-libertarians")
    assert res.ephemeral and res.message.embeds[0]["title"] == "Question 1/2"
    cog = h.bot.get_cog("QuizCog")
    session = cog.solo[(g.id, ann.id)]
    # someone else pressing (e.g. a copied custom id) is told it is not their quiz
    stranger = await h.press_custom_id(ben, res.message.data, res.message.buttons[0]["custom_id"])
    assert "has ended" in stranger.message.content and session.current.number == 1
    skipped = await h.press(ann, res.message, "Skip")
    assert skipped.callback_type == 7 and "Skipped" in res.message.text  # the question became its answer
    q2 = skipped.messages[-1]
    assert q2.ephemeral and q2.embeds[0]["title"] == "Question 2/2"
    shown = session.current
    if shown.choices:  # press the button the engine itself grades correct
        right = next(i for i in range(len(shown.choices)) if grade_choice(shown.item, shown.choices, i).correct)
        final = await h.press(ann, q2, startswith=f"qs:{session.session_id}:2:{right}")
    else:
        opened = await h.press(ann, q2, "Answer")
        final = await h.submit_modal(ann, opened, {"answer": shown.item.answer})
    summary = final.messages[-1]
    assert summary.embeds[0]["title"] == "Quiz finished" and "1 of 2 right" in summary.text
    assert (g.id, ann.id) not in cog.solo
    progress = await h.bot.core.store.learner_progress(g.id, ann.id)
    # Issue 20: the skip is apart from answers (it used to count as a wrong attempt)
    assert (progress.attempts, progress.correct, progress.skipped) == (1, 1, 1)


async def test_review_with_nothing_due_says_so(h: DiscordHarness) -> None:
    g = h.add_guild()
    ann = h.add_member(g, "ann")
    res = await h.slash(ann, "review")
    assert res.ephemeral and "Nothing is due" in res.message.content


async def test_review_brings_back_a_missed_item(discord_core: Core, tmp_path) -> None:
    clock = FakeClock()
    core = await _fresh_core(discord_core, tmp_path, clock=clock)  # the store's clock is fake too
    h = await start_bot(core, clock=clock)
    try:
        g = h.add_guild()
        ann = h.add_member(g, "ann")
        res = await h.slash(ann, "quiz solo", questions=1)
        item = h.bot.get_cog("QuizCog").solo[(g.id, ann.id)].items[0]
        await h.press(ann, res.message, "Skip")  # a miss: FSRS brings it back soon
        await clock.advance(2 * 86400)
        review = await h.slash(ann, "review")
        assert review.ephemeral and review.message.embeds[0]["title"] == "Review 1/1"
        assert review.message.embeds[0]["description"] == item.prompt
        answered = await h.press(ann, review.message, "Skip")  # the question becomes its answer: still a review
        assert answered.callback_type == 7 and review.message.embeds[0]["title"] == "Review 1/1"
        assert "Skipped" in review.message.text
        h.assert_all_handled()
    finally:
        await h.close()
        await core.close()


async def _fresh_core(shared: Core, tmp_path, *, clock=None) -> Core:
    """Another process's core over `tmp_path`, reusing the loaded model and the embedding cache."""
    import sqlite3

    from bot.config import load_settings

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    if not settings.index_db.exists():
        with sqlite3.connect(shared.settings.index_db) as src, sqlite3.connect(settings.index_db) as dst:
            src.backup(dst)
    # As `tutorbot run` opens it: the new process closes what the crash cut off.
    return await Core.open(settings, embedder=await shared.embedder(), clock=clock, close_stale=True)


async def test_restart_mid_quiz_old_buttons_say_the_quiz_ended(discord_core: Core, tmp_path) -> None:
    """A crash (no clean shutdown) in the middle of a group quiz, then a fresh process over the same
    database: the old question's buttons still answer, sensibly, and a new quiz can start."""
    core1 = await _fresh_core(discord_core, tmp_path)
    clock = FakeClock()
    h1 = await start_bot(core1, clock=clock)
    g = h1.add_guild()
    ann, ben = h1.add_member(g, "ann"), h1.add_member(g, "ben")
    res = await h1.slash(ann, "quiz start", questions=3, kind="multiple_choice")
    (q1,) = res.channel_messages
    await h1.press(ann, q1, q1.buttons[0]["label"])
    old_session_id = core1.sessions.get(g.id, g.channel.id).session_id
    stale = dict(q1.data)  # the question as a client that has not refreshed still shows it, buttons and all

    core2 = await _fresh_core(discord_core, tmp_path)  # the new process: no clean shutdown before it
    h2 = await start_bot(core2, clock=FakeClock(), after=h1)
    try:
        stored = await core2.store.get_session(g.id, old_session_id)
        assert stored["status"] == "abandoned"  # marked at start-up, answers before the crash kept
        assert (await core2.store.learner_progress(g.id, ann.id)).attempts == 1
        pressed = await h2.press_custom_id(ben, stale, stale["components"][0]["components"][1]["custom_id"])
        assert pressed.ephemeral and "This quiz has ended" in pressed.message.content
        fresh = await h2.slash(ben, "quiz start", questions=1)
        assert "started a quiz" in fresh.message.content
        h2.assert_all_handled()
    finally:
        await h2.close()
        await h1.close()
        await core2.close()
        await core1.close()


async def test_restart_closes_an_interrupted_quiz_with_the_scores_so_far(discord_core: Core, tmp_path) -> None:
    """kill -9 in the middle of a group quiz, then a new process: the open question's buttons go
    at start-up (not at the next press), its message says the quiz ended with the restart and
    gives the scores so far, and one line in the channel says so. Once only."""
    core1 = await _fresh_core(discord_core, tmp_path)
    clock = FakeClock()
    h1 = await start_bot(core1, clock=clock)
    g = h1.add_guild()
    ann, ben = h1.add_member(g, "ann"), h1.add_member(g, "ben")
    res = await h1.slash(ann, "quiz start", questions=3, seconds=20, kind="multiple_choice")
    (q1,) = res.channel_messages
    item = _session(h1, g, g.channel).items[0]
    await _advance(h1, clock, 3)
    await h1.press(ann, q1, _label_for(q1, item.answer))
    await h1.press(ben, q1, _wrong_label(q1, item.answer))
    assert q1.buttons and not any(b.get("disabled") for b in q1.buttons)  # the question is open

    core2 = await _fresh_core(discord_core, tmp_path)  # no clean shutdown before it
    h2 = await start_bot(core2, clock=FakeClock(), after=h1)
    h3 = None
    try:
        await asyncio.wait_for(h2.bot.get_cog("QuizCog").restart_cleanup, 10)
        ann_points = (await core2.store.learner_progress(g.id, ann.id)).points
        assert ann_points > 0  # what ann's right answer earned, as recorded
        assert not q1.buttons and q1.edits >= 1  # edited at start-up: nothing left to press
        assert q1.embeds[0]["description"] == item.prompt  # the question itself stays readable
        assert q1.content.startswith("⏹ This quiz ended when the bot restarted. Scores so far: ")
        assert f"1. <@{ann.id}> {ann_points} points (1/1 right)" in q1.content
        assert f"2. <@{ben.id}> 0 points (0/1 right)" in q1.content
        (line,) = [r for r in h2.requests if r.key == "POST /channels/{channel_id}/messages"]
        assert line.params["channel_id"] == str(g.channel.id) and "\n" not in line.json["content"]
        assert "ended when I restarted" in line.json["content"] and f"<@{ann.id}> {ann_points} points" in line.json["content"]
        assert line.json["allowed_mentions"]["parse"] == []  # the scores name people without pinging them
        assert await core2.store.interrupted_sessions() == []
        h2.assert_all_handled()

        h3 = await start_bot(core2, clock=FakeClock(), after=h2)  # another restart: nothing more to do
        await asyncio.wait_for(h3.bot.get_cog("QuizCog").restart_cleanup, 10)
        assert not [r for r in h3.requests if r.method in ("POST", "PATCH")]
    finally:
        if h3 is not None:
            await h3.close()
        await h2.close()
        await h1.close()
        await core2.close()
        await core1.close()


async def test_quiz_start_refused_where_the_bot_cannot_post(h: DiscordHarness) -> None:
    import discord

    g = h.add_guild()
    ann = h.add_member(g, "ann")
    muted = h.add_channel(g, "announcements")
    muted.bot_permissions = discord.Permissions(view_channel=True, use_application_commands=True)
    res = await h.slash(ann, "quiz start", channel=muted)
    assert res.ephemeral and "can't post quiz questions" in res.message.content
    assert h.bot.core.sessions.get(g.id, muted.id) is None


async def test_closing_the_bot_ends_a_running_quiz_and_saves_it(discord_core: Core) -> None:
    h = await start_bot(discord_core, clock=FakeClock())
    g = h.add_guild()
    ann = h.add_member(g, "ann")
    await h.slash(ann, "quiz start", questions=3)
    session = _session(h, g, g.channel)
    await h.close()  # what SIGTERM leads to: cogs unload before the core closes
    assert session.final is not None and session.final.reason == "stopped"
    assert (await discord_core.store.get_session(g.id, session.session_id))["status"] == "cancelled"
    assert h.recorder.bot_posts(g.channel.id)[-1].embeds[0]["title"] == "Final scores"


async def test_solo_typed_answer_through_the_modal_and_the_stop_button(h: DiscordHarness) -> None:
    """A server's own essay with only short-answer items makes the draw certain."""
    g = h.add_guild()
    mod, ann = h.add_member(g, "mod", moderator=True), h.add_member(g, "ann")
    essay_text = "---\ntitle: Typed Answers\nauthor: Tester\npublished: 2024\n---\n\n" + \
        "\n\n".join(f"Paragraph {n} is about cooperatives and unions in town number {n}." for n in range(1, 4))
    added = await h.slash(mod, "essay add", file=h.attachment("typed.md", essay_text))
    slug = added.text.split("`")[1]
    pack = "items:\n" + "".join(
        f"  - id: typed-{n}\n    kind: short_answer\n    essay: {slug}\n    prompt: Which word is number {n}?\n"
        f"    answer: word{n}\n" for n in range(1, 4))
    assert "Imported 3" in (await h.slash(mod, "quizitem import", file=h.attachment("typed.yaml", pack))).text
    try:
        res = await h.slash(ann, "quiz solo", essay=slug, questions=3)
        session = h.bot.get_cog("QuizCog").solo[(g.id, ann.id)]
        first = res.message
        assert [b["label"] for b in first.buttons] == ["Answer", "Skip", "Stop"]
        before = dict(first.data)  # the message as it was, buttons included
        opened = await h.press(ann, first, "Answer")
        assert opened.modal["title"] == "Question 1"
        answered = await h.submit_modal(ann, opened, {"answer": session.items[0].answer.upper()})
        assert answered.callback_type == 7 and "Correct" in first.text and not first.buttons
        second = answered.messages[-1]
        assert second.embeds[0]["title"] == "Question 2/3"
        stopped = await h.press(ann, second, "Stop")
        assert stopped.callback_type == 7 and second.embeds[0]["title"] == "Quiz finished"
        assert "1 of 1 right" in second.text and (g.id, ann.id) not in h.bot.get_cog("QuizCog").solo
        # a press from a second client that still shows the old question
        stale = await h.press_custom_id(ann, before, f"qs:{session.session_id}:1:typed")
        assert "has ended" in stale.message.content
    finally:
        await h.slash(mod, "essay remove", essay=slug)


async def test_another_servers_member_cannot_answer_this_servers_quiz(timed) -> None:
    h, clock = timed
    a, b = h.add_guild("Alpha"), h.add_guild("Beta")
    ann, eve = h.add_member(a, "ann"), h.add_member(b, "eve")
    res = await h.slash(ann, "quiz start", questions=1, kind="multiple_choice")
    (q,) = res.channel_messages
    custom_id = q.buttons[0]["custom_id"]
    forged = await h.press_custom_id(eve, {**q.data, "channel_id": str(b.channel.id), "guild_id": str(b.id)}, custom_id)
    assert forged.ephemeral and "This quiz has ended" in forged.message.content
    store = h.bot.core.store
    assert (await store.learner_progress(a.id, eve.id)).attempts == 0
    assert (await store.learner_progress(b.id, eve.id)).attempts == 0
    await h.slash(ann, "quiz stop")
