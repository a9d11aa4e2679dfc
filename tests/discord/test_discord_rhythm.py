"""The study group's rhythm through Discord (issue 21), on the offline harness and a fake clock:
the question of the day posted at 09:00 Berlin time across the spring clock change, answered by
button and by the typed-answer form, revealed with its passage (naming only members who share
their progress), counted in progress and spaced repetition; restarts before and after the time;
a deleted channel turning its schedule off; reminders by DM, and one that turns itself off when
the member's DMs are closed; /next; and who may set schedules."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest
from botkit import start_bot
from harness import DiscordHarness
from rhythm_support import run_until, utc

from bot.clock import FakeClock
from bot.config import load_settings
from bot.core import Core
from bot.quiz.items import from_record

pytestmark = pytest.mark.asyncio(loop_scope="session")

ITEM = "rana-interregnum"  # multiple choice, Rana ¶1; answer "interregnum"
RANA = "rana-left-internationalism"


async def _core(shared: Core, data, clock) -> Core:
    """A core of its own over `data` (its store on the fake clock), reusing the loaded model."""
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(data)})
    if not settings.index_db.exists():
        with sqlite3.connect(shared.settings.index_db) as src, sqlite3.connect(settings.index_db) as dst:
            src.backup(dst)
    return await Core.open(settings, embedder=await shared.embedder(), clock=clock)


def _runner(h: DiscordHarness):
    runner = h.bot.get_cog("RhythmCog").runner
    runner.max_sleep = 6 * 3600  # fewer idle wake-ups while the fake clock crosses days
    return runner


async def _posted_at(core: Core, guild_id: int) -> list[dt.datetime]:
    async with core.store._snapshot() as db:
        rows = await db.all("SELECT posted_at FROM daily_posts WHERE guild_id = ? AND message_id IS NOT NULL "
                            "ORDER BY id", (guild_id,))
    return [dt.datetime.fromisoformat(r["posted_at"]) for r in rows]


def _titles(h: DiscordHarness, channel) -> list[str]:
    return [m.embeds[0]["title"] for m in h.recorder.bot_posts(channel.id) if m.embeds]


async def test_question_of_the_day_answered_revealed_and_counted_across_the_clock_change(discord_core, tmp_path):
    clock = FakeClock(utc(2026, 3, 27, 12))
    core = await _core(discord_core, tmp_path, clock)
    h = await start_bot(core, clock=clock)
    try:
        g = h.add_guild("Alpha")
        mod, ann, ben, cat, dan = (h.add_member(g, "mod", moderator=True), h.add_member(g, "ann"),
                                   h.add_member(g, "ben"), h.add_member(g, "cat"), h.add_member(g, "dan"))
        daily = h.add_channel(g, "daily")
        for member in (ann, ben):  # both missed it yesterday: due for two members by tomorrow
            await core.store.record_attempt(g.id, member.id, ITEM, essay=RANA, correct=False, answer="hegemony",
                                            response_ms=5000, time_limit_s=20)
        await core.store.set_share_progress(g.id, cat.id, False)

        res = await h.slash(mod, "tutor schedule daily", args={"channel": daily}, time="09:00", timezone="Europe/Berlin")
        assert res.ephemeral and res.message.content.startswith(f"Question of the day: <#{daily.id}> at 09:00 (Europe/Berlin)")
        assert f"<t:{int(utc(2026, 3, 28, 8).timestamp())}:F>" in res.message.content  # 09:00 CET = 08:00 UTC
        runner = _runner(h)
        await run_until(runner, clock, utc(2026, 3, 28, 9))
        (question,) = h.recorder.bot_posts(daily.id)
        assert question.embeds[0]["title"] == "Question of the day: Saturday 28 March"
        assert "Due for review for 2 of you" in question.text
        assert await _posted_at(core, g.id) == [utc(2026, 3, 28, 8)]
        post = await core.store.open_daily_post_of(g.id)
        assert post["item_id"] == ITEM
        right = post["choices"].index("interregnum")

        by_button = await h.press(ann, question, custom_id=f"qd:{post['id']}:{right}")
        assert by_button.ephemeral and by_button.message.content.startswith("✅ Right: **interregnum** (+500 points)")
        opened = await h.press(ben, question, "Type an answer")
        typed = await h.submit_modal(ben, opened, {"answer": "Interregnum"})
        assert typed.ephemeral and typed.message.content.startswith("✅ Right")
        await h.submit_modal(cat, await h.press(cat, question, "Type an answer"), {"answer": "interregnum"})
        wrong = await h.press(dan, question, custom_id=f"qd:{post['id']}:{(right + 1) % 4}")
        assert wrong.message.content.startswith("❌ Not this time")
        again = await h.press(ann, question, custom_id=f"qd:{post['id']}:{(right + 1) % 4}")
        assert again.message.content == "You have already answered this question of the day."

        # counted like any attempt: progress and the review card (answered at 09:00 UTC, an hour after the post)
        ann_progress = await core.store.learner_progress(g.id, ann.id)
        assert (ann_progress.attempts, ann_progress.correct, ann_progress.points) == (2, 1, 500)
        async with core.store._snapshot() as db:
            card = await db.one("SELECT reps, last_review FROM srs_cards WHERE guild_id = ? AND user_id = ? AND item_id = ?",
                                (g.id, ann.id, ITEM))
        assert card["reps"] == 2 and dt.datetime.fromisoformat(card["last_review"]) == utc(2026, 3, 28, 9)

        # the clocks change overnight: the next question comes at 09:00 CEST = 07:00 UTC, after the reveal
        await run_until(runner, clock, utc(2026, 3, 29, 8))
        assert await _posted_at(core, g.id) == [utc(2026, 3, 28, 8), utc(2026, 3, 29, 7)]
        assert _titles(h, daily) == ["Question of the day: Saturday 28 March", "Answer to the question of the day "
                                     "(Saturday 28 March)", "Question of the day: Sunday 29 March"]
        reveal = h.recorder.bot_posts(daily.id)[1]
        assert "**Answer:** interregnum" in reveal.text and "— Aziz Rana, *Left Internationalism*, ¶1" in reveal.text
        assert "“interregnum.”" in reveal.embeds[0]["description"]  # the quote: the paragraph's sentence with the answer
        assert "3 of 4 got it right." in reveal.text
        assert f"Right: <@{ann.id}>, <@{ben.id}> and 1 more" in reveal.text and str(cat.id) not in reveal.text
        assert reveal.button(custom_id=f"ask:rd:{RANA}:1")["label"] == "Read ¶1"
        assert all(b.get("disabled") for b in question.buttons)  # day one's buttons are closed
        read = await h.press(dan, reveal, custom_id=f"ask:rd:{RANA}:1")
        assert read.ephemeral and "interregnum" in read.message.content
        late = await h.press_custom_id(dan, question.data, f"qd:{post['id']}:{right}")  # a stale client's press
        assert late.message.content == "This question of the day has closed; its answer is in the channel."
        second = await core.store.open_daily_post_of(g.id)
        assert second["item_id"] != ITEM  # never the same question twice in a row
        h.assert_all_handled()
    finally:
        await h.close()
        await core.close()


async def test_restarts_before_and_after_the_time_post_once(discord_core, tmp_path):
    clock = FakeClock(utc(2026, 6, 1, 5))  # 07:00 in Berlin
    core1 = await _core(discord_core, tmp_path, clock)
    h1 = await start_bot(core1, clock=clock)
    g = h1.add_guild()
    mod = h1.add_member(g, "mod", moderator=True)
    await h1.slash(mod, "tutor schedule daily", args={"channel": g.channel}, time="09:00", timezone="Europe/Berlin")
    await run_until(_runner(h1), clock, utc(2026, 6, 1, 6))
    await h1.close()   # a restart before the time
    await core1.close()
    core2 = await _core(discord_core, tmp_path, clock)
    h2 = await start_bot(core2, clock=clock, after=h1)
    h3 = None
    try:
        await run_until(_runner(h2), clock, utc(2026, 6, 1, 8))
        assert _titles(h2, g.channel) == ["Question of the day: Monday 1 June"]
        assert await _posted_at(core2, g.id) == [utc(2026, 6, 1, 7)]
        await h2.close()  # a restart after the time: nothing more that day
        h3 = await start_bot(core2, clock=clock, after=h2)
        await run_until(_runner(h3), clock, utc(2026, 6, 1, 21))
        assert _titles(h3, g.channel) == ["Question of the day: Monday 1 June"]
        h3.assert_all_handled()
    finally:
        if h3 is not None:
            await h3.close()
        await h2.close()
        await core2.close()


async def test_a_deleted_channel_turns_its_schedule_off_with_an_audit_line(discord_core, tmp_path):
    clock = FakeClock(utc(2026, 6, 1, 5))
    core = await _core(discord_core, tmp_path, clock)
    h = await start_bot(core, clock=clock)
    try:
        g = h.add_guild()
        mod = h.add_member(g, "mod", moderator=True)
        doomed = h.add_channel(g, "doomed")
        await h.slash(mod, "tutor schedule daily", args={"channel": doomed}, time="09:00", timezone="Europe/Berlin")
        h.delete_channel(g, doomed)
        runner = _runner(h)
        await run_until(runner, clock, utc(2026, 6, 3, 12))  # two days: one attempt, then nothing
        attempts = [r for r in h.recorder.requests if r.key == "POST /channels/{channel_id}/messages"
                    and r.params["channel_id"] == str(doomed.id)]
        assert len(attempts) == 1
        (schedule,) = await core.store.get_schedules(g.id)
        assert (schedule["status"], schedule["disabled_reason"]) == ("disabled", "channel_deleted")
        audit = await h.slash(mod, "tutor audit")
        assert "schedule.disabled" in audit.message.text and "reason=channel_deleted" in audit.message.text
        shown = await h.slash(mod, "tutor schedule show")
        assert "Turned off: its channel was deleted" in shown.message.text
        h.assert_all_handled()
    finally:
        await h.close()
        await core.close()


async def test_reminders_by_dm_and_one_that_turns_itself_off_when_dms_are_closed(discord_core, tmp_path):
    clock = FakeClock(utc(2026, 6, 1, 8))
    core = await _core(discord_core, tmp_path, clock)
    h = await start_bot(core, clock=clock)
    try:
        g = h.add_guild("Alpha")
        ann, ben, cat = h.add_member(g, "ann"), h.add_member(g, "ben"), h.add_member(g, "cat")
        for member in (ann, ben):  # one item due for each (a miss comes back within minutes)
            await core.store.record_attempt(g.id, member.id, ITEM, essay=RANA, correct=False, answer="x",
                                            response_ms=1000, time_limit_s=20)
        for member in (ann, ben, cat):  # cat has nothing due: no DM
            on = await h.slash(member, "remind on", hour=18, timezone="UTC")
            assert on.ephemeral and "around 18:00 (UTC)" in on.message.content
        h.world.closed_dms.add(ann.id)
        await run_until(_runner(h), clock, utc(2026, 6, 2, 17))
        ben_dm = h.world.dm_channels[ben.id]
        dms = [m.content for m in h.recorder.bot_posts(ben_dm.id)]
        assert dms == ["1 question is due in **Alpha**: /review"]  # once, not again the next hours
        assert cat.id not in h.world.dm_channels or not h.recorder.bot_posts(h.world.dm_channels[cat.id].id)
        ann_reminder = await core.store.get_reminder(g.id, ann.id)
        assert (ann_reminder["status"], ann_reminder["off_reason"]) == ("off", "dm_closed")

        nxt = await h.slash(ann, "next")  # ann's next command carries the one notice
        await h.bot.get_cog("RhythmCog").notices_given()
        assert [m.ephemeral for m in nxt.messages] == [True, True]
        assert "your direct messages are closed" in nxt.messages[1].content
        again = await h.slash(ann, "next")
        await h.bot.get_cog("RhythmCog").notices_given()
        assert len(again.messages) == 1  # once only
        await run_until(_runner(h), clock, utc(2026, 6, 3, 19))
        # 2 and 3 June at 18:00: one more a day while the item stays due
        assert [m.content for m in h.recorder.bot_posts(ben_dm.id)] == ["1 question is due in **Alpha**: /review"] * 3
        attempts_to_ann = [r for r in h.recorder.requests if r.key == "POST /channels/{channel_id}/messages"
                           and r.params["channel_id"] == str(h.world.dm_channels[ann.id].id)]
        assert len(attempts_to_ann) == 1  # tried once, never again
        off = await h.slash(ben, "remind off")
        assert off.message.content == "Review reminders off."
        h.assert_all_handled()
    finally:
        await h.close()
        await core.close()


async def test_schedules_are_for_moderators_and_bad_input_changes_nothing(h: DiscordHarness, alpha):
    g, mod, ann, _ = alpha
    denied = await h.slash(ann, "tutor schedule daily", args={"channel": g.channel}, time="09:00")
    assert denied.ephemeral and "Manage Server" in denied.message.content
    bad_zone = await h.slash(mod, "tutor schedule daily", args={"channel": g.channel}, time="09:00", timezone="Europe/Pariss")
    assert bad_zone.message.content == "unknown timezone 'Europe/Pariss'; did you mean Europe/Paris?"
    bad_time = await h.slash(mod, "tutor schedule digest", args={"channel": g.channel}, day=0, time="25:61")
    assert "\n" not in bad_time.message.content and "between 00:00 and 23:59" in bad_time.message.content
    assert await h.bot.core.store.get_schedules(g.id) == []
    dst = await h.slash(mod, "tutor schedule digest", args={"channel": g.channel}, day=6, time="02:30", timezone="Europe/Berlin")
    assert "Weekly digest:" in dst.message.content and "on Sundays at 02:30 (Europe/Berlin)" in dst.message.content
    assert "the clocks in Europe/Berlin jump over 02:30; that day it posts at 03:30" in dst.message.content
    assert "show 02:30 twice; it posts at the first" in dst.message.content
    shown = await h.slash(mod, "tutor schedule show")
    assert "**Weekly digest**" in shown.message.text
    removed = await h.slash(mod, "tutor schedule remove", what="digest")
    assert removed.message.content == "Removed the weekly digest schedule."
    none = await h.slash(mod, "tutor schedule remove", what="digest")
    assert none.message.content == "There is no weekly digest schedule to remove."


async def test_weekly_digest_is_one_embed_in_its_channel_and_next_lists_paragraphs(discord_core, tmp_path):
    clock = FakeClock(utc(2026, 6, 1, 8))  # a Monday
    core = await _core(discord_core, tmp_path, clock)
    h = await start_bot(core, clock=clock)
    try:
        g = h.add_guild("Alpha")
        mod, ann, cat = h.add_member(g, "mod", moderator=True), h.add_member(g, "ann"), h.add_member(g, "cat")
        digest_channel = h.add_channel(g, "digest")
        await core.store.set_share_progress(g.id, cat.id, False)
        await core.store.record_attempt(g.id, ann.id, ITEM, essay=RANA, correct=False, answer="x", response_ms=1000,
                                        time_limit_s=20)
        await core.store.record_attempt(g.id, cat.id, ITEM, essay=RANA, correct=True, answer="interregnum",
                                        response_ms=1000, time_limit_s=20, points=900)
        res = await h.slash(mod, "tutor schedule digest", args={"channel": digest_channel}, day=4, time="17:00",
                            timezone="Europe/Berlin")
        assert "on Fridays at 17:00 (Europe/Berlin)" in res.message.content
        await run_until(_runner(h), clock, utc(2026, 6, 5, 16))
        (post,) = h.recorder.bot_posts(digest_channel.id)
        embed = post.embeds[0]
        assert embed["title"] == "Weekly digest: 29 May to 5 June"
        fields = {f["name"]: f["value"] for f in embed["fields"]}
        assert fields["Quizzes"].startswith("2 answers, 1 right (50%), from 2 members")
        assert fields["Most missed"].startswith("• **Which word, borrowed from George Shulman")
        assert "*Left Internationalism*, ¶1" in fields["Most missed"]
        assert fields["Leaderboard"] == f"1. <@{ann.id}>: 0 points"  # cat keeps progress private
        (sent,) = [r for r in h.recorder.requests if r.key == "POST /channels/{channel_id}/messages"
                   and r.params["channel_id"] == str(digest_channel.id)]
        assert sent.json["allowed_mentions"]["parse"] == []  # names members without pinging them
        nxt = await h.slash(ann, "next")
        assert nxt.ephemeral and nxt.message.embeds[0]["title"] == "What to read next"
        first = nxt.message.embeds[0]["description"].splitlines()[0]
        assert first.startswith("• **Left Internationalism ¶1**") and "missed 1" in first
        assert nxt.message.buttons[0]["custom_id"] == f"ask:rd:{RANA}:1"
        h.assert_all_handled()
    finally:
        await h.close()
        await core.close()


async def test_with_message_content_a_reply_to_the_question_is_a_typed_answer(discord_core, tmp_path):
    clock = FakeClock(utc(2026, 6, 1, 6))
    core = await _core(discord_core, tmp_path, clock)
    h = await start_bot(core, clock=clock, message_content_intent=True)
    try:
        g = h.add_guild()
        mod, ann = h.add_member(g, "mod", moderator=True), h.add_member(g, "ann")
        await h.slash(mod, "tutor schedule daily", args={"channel": g.channel}, time="09:00", timezone="Europe/Berlin")
        await run_until(_runner(h), clock, utc(2026, 6, 1, 7, 30))
        (question,) = h.recorder.bot_posts(g.channel.id)
        post = await core.store.open_daily_post_of(g.id)
        item = from_record(await core.store.get_item(g.id, post["item_id"]))
        sent = await h.say(ann, item.answer, reply_to=question)
        for _ in range(500):  # bounded wait for the listener's database write (no timing asserted)
            if await core.store.daily_answered(g.id, post["session_id"], ann.id):
                break
            await asyncio.sleep(0.01)
        assert await core.store.daily_answered(g.id, post["session_id"], ann.id)
        chatter = await h.say(ann, "good morning everyone")  # not a reply: not an answer
        assert not [r for r in chatter if "reactions" in r.path]
        assert sent is not None and (await core.store.learner_progress(g.id, ann.id)).correct == 1
        h.assert_all_handled()
    finally:
        await h.close()
        await core.close()


async def test_discord_refusals_map_to_what_the_scheduler_does() -> None:
    """404: the channel is gone; 403: the bot lost access (both turn the schedule off); a rate limit
    or an outage is passing (retried the same day)."""
    import discord
    from harness import FaultResponse

    from bot.discord_bot.cogs.rhythm.adapter import channel_failure

    def error(cls, status: int, code: int):
        return cls(FaultResponse(status, "x"), {"message": "x", "code": code})

    assert channel_failure(error(discord.NotFound, 404, 10003)).reason == "channel_deleted"
    assert channel_failure(error(discord.Forbidden, 403, 50013)).reason == "forbidden"
    assert channel_failure(error(discord.Forbidden, 403, 50001)).status == "gone"
    assert channel_failure(error(discord.HTTPException, 429, 0)).status == "retry"
    assert channel_failure(error(discord.DiscordServerError, 503, 0)).status == "retry"
