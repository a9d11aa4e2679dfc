"""The rhythm's core without Discord: local times across daylight saving, the scheduler loop on a
fake clock (posted at the set local time, once, across restarts and on both backends), the choice
of question, answers counted like any attempt, the reveal, failures, and review reminders."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from rhythm_support import ESSAYS, ITEMS, RecordingAdapter, run_until, settle, utc

from bot.clock import FakeClock
from bot.errors import UserError
from bot.quiz.grading import Grader
from bot.rhythm import schedules
from bot.rhythm.daily import DAILY_POINTS, DailyQuestions
from bot.rhythm.runner import Delivery, RhythmRunner
from bot.rhythm.timing import clock_changes, next_occurrence, parse_time, parse_timezone
from bot.store import Store

G1, G2 = 501, 502
ANN, BEN, CAT = 11, 12, 13
BERLIN = "Europe/Berlin"


def test_next_occurrence_across_the_spring_change_in_berlin() -> None:
    zone, nine = parse_timezone(BERLIN), parse_time("09:00")
    # 29 March 2026: clocks go from 02:00 CET (UTC+1) to 03:00 CEST (UTC+2).
    assert next_occurrence(utc(2026, 3, 27, 12), nine, zone) == utc(2026, 3, 28, 8)
    assert next_occurrence(utc(2026, 3, 28, 8), nine, zone) == utc(2026, 3, 29, 7)
    assert next_occurrence(utc(2026, 3, 29, 7), nine, zone) == utc(2026, 3, 30, 7)
    # a weekly Monday digest at 18:00 in New York, across its change on 8 March 2026 (UTC-5 -> UTC-4)
    ny = parse_timezone("America/New_York")
    assert next_occurrence(utc(2026, 3, 3), parse_time("6pm"), ny, 0) == utc(2026, 3, 9, 22)
    assert next_occurrence(utc(2026, 3, 1), parse_time("6pm"), ny, 0) == utc(2026, 3, 2, 23)


def test_skipped_and_repeated_local_times_are_announced() -> None:
    zone = parse_timezone(BERLIN)
    skipped = clock_changes(parse_time("02:30"), zone, dt.date(2026, 1, 1))
    assert [(c.day, c.skipped, c.posted_at) for c in skipped] == [
        (dt.date(2026, 3, 29), True, dt.time(3, 30)), (dt.date(2026, 10, 25), False, dt.time(2, 30))]
    # the skipped 02:30 is posted at 03:30 CEST (01:30 UTC), the same local day
    assert next_occurrence(utc(2026, 3, 28, 12), parse_time("02:30"), zone) == utc(2026, 3, 29, 1, 30)
    # the repeated 02:30 is posted at the first (CEST, 00:30 UTC), not the second (01:30 UTC)
    assert next_occurrence(utc(2026, 10, 24, 12), parse_time("02:30"), zone) == utc(2026, 10, 25, 0, 30)
    assert clock_changes(parse_time("09:00"), zone, dt.date(2026, 1, 1)) == []


def test_bad_times_and_timezones_are_one_line_errors() -> None:
    with pytest.raises(UserError, match=r"unknown timezone 'Europe/Berln'; did you mean Europe/Berlin"):
        parse_timezone("Europe/Berln")
    with pytest.raises(UserError, match="time must look like"):
        parse_time("nine")
    with pytest.raises(UserError, match="between 00:00 and 23:59"):
        parse_time("25:00")
    with pytest.raises(UserError, match="hours must be 1 to 23"):
        schedules.plan("daily", time="09:00", timezone="UTC", now=utc(2026, 1, 1), close_hours=30)
    assert parse_time("9:30pm") == dt.time(21, 30) and parse_timezone("europe/berlin").key == BERLIN


async def _setup(store: Store, clock: FakeClock, *, guilds=(G1,), time="09:00", zone=BERLIN, close_hours=None):
    for item in ITEMS:
        await store.add_item(G1, dict(item), actor_id=1)
        if G2 in guilds:
            await store.add_item(G2, dict(item), actor_id=1)
    for g in guilds:
        p = schedules.plan("daily", time=time, timezone=zone, now=clock.now(), close_hours=close_hours)
        await store.set_schedule(g, "daily", channel_id=g * 10, local_time=p.local_time, timezone=p.timezone,
                                 next_run_at=p.next_run_at, actor_id=1, close_minutes=p.close_minutes)


def _runner(store, clock, adapter, *, owns=None, seed=1) -> RhythmRunner:
    daily = DailyQuestions(store, Grader(), lambda g: ESSAYS, clock, random.Random(seed))
    return RhythmRunner(store, daily, lambda g: ESSAYS, adapter, clock, owns=owns, max_sleep=6 * 3600)


async def test_daily_question_at_nine_berlin_time_across_the_dst_change(store_target) -> None:
    clock = FakeClock(utc(2026, 3, 27, 12))
    store = await Store.open(store_target, clock=clock)
    adapter = RecordingAdapter(clock)
    runner = _runner(store, clock, adapter)
    try:
        await _setup(store, clock)
        runner.start()
        await run_until(runner, clock, utc(2026, 3, 30, 12))
        # 09:00 in Berlin: 08:00 UTC before the change, 07:00 UTC after it (computed by hand)
        assert [at for _, _, _, at in adapter.posts] == [utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 3, 30, 7)]
        items = [item for _, _, item, _ in adapter.posts]
        assert all(a != b for a, b in zip(items, items[1:]))  # never the same item twice in a row
        # each new post revealed the one before
        assert [r.post["id"] for r in adapter.reveals] == [p for _, p, _, _ in adapter.posts[:2]]
    finally:
        await runner.stop()
        await store.close()


async def test_restarts_before_and_after_the_time_post_once(store_target) -> None:
    clock = FakeClock(utc(2026, 5, 4, 5))  # 07:00 in Berlin (CEST)
    store = await Store.open(store_target, clock=clock)
    try:
        await _setup(store, clock)
        first = _runner(store, clock, RecordingAdapter(clock))
        first.start()
        await run_until(first, clock, utc(2026, 5, 4, 6))  # 08:00: nothing yet
        await first.stop()  # restart before the time
        second_adapter = RecordingAdapter(clock)
        second = _runner(store, clock, second_adapter)
        second.start()
        await run_until(second, clock, utc(2026, 5, 4, 8))  # 10:00
        assert [at for _, _, _, at in second_adapter.posts] == [utc(2026, 5, 4, 7)]
        await second.stop()  # restart after the time: nothing more today
        third_adapter = RecordingAdapter(clock)
        third = _runner(store, clock, third_adapter)
        third.start()
        await run_until(third, clock, utc(2026, 5, 4, 21))
        assert third_adapter.posts == []
        await third.stop()

        # down across tomorrow's 09:00, back at 13:00 the same day: posted once, at start
        await clock.advance((utc(2026, 5, 5, 11) - clock.now()).total_seconds())
        late_adapter = RecordingAdapter(clock)
        late = _runner(store, clock, late_adapter)
        late.start()
        await run_until(late, clock, utc(2026, 5, 5, 15))
        assert [at for _, _, _, at in late_adapter.posts] == [utc(2026, 5, 5, 11)]
        await late.stop()

        # down from then until the morning after next, 08:00: the missed day is skipped, not posted
        await clock.advance((utc(2026, 5, 7, 6) - clock.now()).total_seconds())
        next_adapter = RecordingAdapter(clock)
        nxt = _runner(store, clock, next_adapter)
        nxt.start()
        await settle(nxt)
        assert next_adapter.posts == [] and nxt.last_report.skipped == [(G1, "daily")]
        await run_until(nxt, clock, utc(2026, 5, 7, 8))
        assert [at for _, _, _, at in next_adapter.posts] == [utc(2026, 5, 7, 7)]
        await nxt.stop()
        async with store._snapshot() as db:
            rows = await db.all("SELECT local_date FROM daily_posts WHERE guild_id = ? ORDER BY id", (G1,))
        assert [r["local_date"] for r in rows] == ["2026-05-04", "2026-05-05", "2026-05-07"]
    finally:
        await store.close()


async def test_two_runners_sharing_a_database_post_once_per_server(store_target) -> None:
    """Two processes' schedulers over one database: each owns one server and posts only there;
    even two that both think they own everything post once (the claim and the unique day)."""
    clock = FakeClock(utc(2026, 5, 4, 6))
    store_a = await Store.open(store_target, clock=clock)
    store_b = await Store.open(store_a.target, clock=clock)
    try:
        await _setup(store_a, clock, guilds=(G1, G2))
        for owns_a, owns_b in (((lambda g: g == G1), (lambda g: g == G2)), (None, None)):
            a, b = RecordingAdapter(clock), RecordingAdapter(clock)
            runner_a, runner_b = _runner(store_a, clock, a, owns=owns_a), _runner(store_b, clock, b, owns=owns_b)
            await clock.advance((_next_nine(clock.now()) - clock.now()).total_seconds())
            await __import__("asyncio").gather(runner_a.tick(), runner_b.tick())
            posted = sorted(g for g, *_ in a.posts + b.posts)
            assert posted == [G1, G2]
            if owns_a is not None:
                assert [g for g, *_ in a.posts] == [G1] and [g for g, *_ in b.posts] == [G2]
    finally:
        await store_b.close()
        await store_a.close()


def _next_nine(now: dt.datetime) -> dt.datetime:
    return next_occurrence(now, parse_time("09:00"), parse_timezone(BERLIN))


async def test_the_question_goes_where_the_group_needs_it(store) -> None:
    clock = store.clock
    daily = DailyQuestions(store, Grader(), lambda g: ESSAYS, clock, random.Random(3))
    for item in ITEMS:
        await store.add_item(G1, dict(item), actor_id=1)
    schedule = {"guild_id": G1, "channel_id": 10, "essay": None, "close_minutes": None}
    # nothing tried yet: a fresh item
    fresh = await daily.prepare(schedule, dt.date(2026, 1, 1))
    assert fresh.choice.reason == "fresh"
    await daily.close(G1, fresh.post_id)
    # misses: rivers-oxbow missed twice, orchard-bees once -> the most missed one
    for user, item, ok in ((ANN, "rivers-oxbow", False), (BEN, "rivers-oxbow", False), (ANN, "orchard-bees", False),
                           (CAT, "orchard-prune", True)):
        await store.record_attempt(G1, user, item, essay=item.split("-")[0], correct=ok, answer="x", response_ms=1,
                                   time_limit_s=20)
    await clock.advance(30)  # not due yet: a missed card comes back a minute after the miss (FSRS learning step)
    missed = await daily.prepare(schedule, dt.date(2026, 1, 2))
    assert (missed.choice.reason, missed.item.id, missed.choice.wrong) == ("missed", "rivers-oxbow", 2)
    await daily.close(G1, missed.post_id)
    # two days on, the missed cards are due: orchard-bees due for one member; rivers-oxbow for two,
    # but it was yesterday's question, so never twice in a row: orchard-bees (ties: by id, before orchard-prune)
    await clock.advance(2 * 86400)
    due = await daily.prepare(schedule, dt.date(2026, 1, 4))
    assert (due.choice.reason, due.item.id, due.choice.members_due) == ("due", "orchard-bees", 1)
    assert await daily.prepare(schedule, dt.date(2026, 1, 4)) is None  # one question a day


async def test_answers_count_like_any_attempt_and_the_reveal_names_only_sharers(store) -> None:
    clock = store.clock
    daily = DailyQuestions(store, Grader(), lambda g: ESSAYS, clock, random.Random(3))
    for item in ITEMS:
        await store.add_item(G1, dict(item), actor_id=1)
    await store.set_share_progress(G1, CAT, False)
    prepared = await daily.prepare({"guild_id": G1, "channel_id": 10, "essay": "orchard", "close_minutes": None},
                                   dt.date(2026, 1, 1))
    item = prepared.item
    await clock.advance(3600)
    right_index = prepared.choices.index("late winter") if item.id == "orchard-prune" else None
    by_button = await daily.answer(G1, prepared.post_id, ANN, right_index if right_index is not None else item.answer)
    by_typing = await daily.answer(G1, prepared.post_id, CAT, item.answer)
    wrong = await daily.answer(G1, prepared.post_id, BEN, "no idea at all")
    again = await daily.answer(G1, prepared.post_id, ANN, item.answer)
    assert [a.status for a in (by_button, by_typing, wrong, again)] == ["correct", "correct", "wrong", "already_answered"]
    assert by_button.points == DAILY_POINTS
    progress = await store.learner_progress(G1, ANN)
    assert (progress.attempts, progress.correct, progress.points) == (1, 1, DAILY_POINTS)
    card = await store.get_item(G1, item.id)
    assert card is not None and progress.next_due is not None  # a review card was scheduled
    assert (await store.learner_progress(G1, BEN)).due_now == 0 and (await store.learner_progress(G1, BEN)).attempts == 1
    reveal = await daily.close(G1, prepared.post_id)
    assert (reveal.answered, reveal.right, reveal.named_right, reveal.unnamed_right) == (3, 2, [ANN], 1)
    assert reveal.passage.essay == "orchard" and reveal.passage.paragraph == item.paragraph
    assert await daily.close(G1, prepared.post_id) is None  # revealed once
    assert (await daily.answer(G1, prepared.post_id, BEN, item.answer)).status == "closed"


async def test_a_deleted_channel_disables_the_schedule_with_an_audit_line(store) -> None:
    clock = FakeClock(utc(2026, 5, 4, 6))
    store.clock = clock
    await _setup(store, clock)
    adapter = RecordingAdapter(clock)
    adapter.fail[G1] = Delivery("gone", reason="channel_deleted")
    runner = _runner(store, clock, adapter)
    await clock.advance(3600)
    report = await runner.tick()
    assert report.disabled == [(G1, "daily")]
    (schedule,) = await store.get_schedules(G1)
    assert (schedule["status"], schedule["disabled_reason"]) == ("disabled", "channel_deleted")
    audit = await store.recent_audit(G1, limit=1)
    assert audit[0]["action"] == "schedule.disabled" and audit[0]["details"]["reason"] == "channel_deleted"
    await clock.advance(86400)
    assert (await runner.tick()).disabled == [] and adapter.posts == []  # no loop, no retry
    async with store._snapshot() as db:
        assert (await db.one("SELECT COUNT(*) AS n FROM daily_posts"))["n"] == 0


async def test_a_passing_failure_is_retried_a_few_times_the_same_day(store) -> None:
    clock = FakeClock(utc(2026, 5, 4, 6))
    store.clock = clock
    await _setup(store, clock)
    adapter = RecordingAdapter(clock)
    adapter.fail[G1] = Delivery("retry")
    runner = _runner(store, clock, adapter)
    await clock.advance(3600)
    assert (await runner.tick()).failed == 1
    await clock.advance(300)
    assert (await runner.tick()).failed == 1
    del adapter.fail[G1]
    await clock.advance(300)
    assert (await runner.tick()).posted == [G1]
    (schedule,) = await store.get_schedules(G1)
    assert schedule["failures"] == 0 and schedule["next_run_at"] == utc(2026, 5, 5, 7)


async def test_reminders_once_a_day_only_when_due_and_off_when_dms_are_closed(store) -> None:
    clock = FakeClock(utc(2026, 5, 4, 6))
    store.clock = clock
    for item in ITEMS:
        await store.add_item(G1, dict(item), actor_id=1)
    zone = parse_timezone("UTC")
    for user in (ANN, BEN):
        await store.set_reminder(G1, user, on=True, hour=18, timezone="UTC",
                                 next_run_at=next_occurrence(clock.now(), dt.time(18), zone))
    await store.record_attempt(G1, ANN, "orchard-moth", essay="orchard", correct=False, answer="x", response_ms=1,
                               time_limit_s=20)
    adapter = RecordingAdapter(clock)
    runner = _runner(store, clock, adapter)
    await clock.advance(12 * 3600)  # 18:00: ann has one item due (missed this morning), ben none
    report = await runner.tick()
    assert report.reminded == [(G1, ANN)] and adapter.reminders == [(G1, ANN, 1, utc(2026, 5, 4, 18))]
    await clock.advance(3600)
    assert (await runner.tick()).reminded == []  # at most once a day
    adapter.fail[ANN] = Delivery("gone", reason="dm_closed")
    await clock.advance(23 * 3600)
    await runner.tick()
    reminder = await store.get_reminder(G1, ANN)
    assert (reminder["status"], reminder["off_reason"], reminder["notice_pending"]) == ("off", "dm_closed", 1)
    assert await store.pending_reminder_notices() == {ANN}
    assert await store.take_reminder_notice(ANN) and not await store.take_reminder_notice(ANN)
    await clock.advance(86400)
    await runner.tick()
    assert len(adapter.reminders) == 1  # never again until they turn it back on


async def test_a_member_pressing_twice_at_once_answers_once(store) -> None:
    import asyncio

    daily = DailyQuestions(store, Grader(), lambda g: ESSAYS, store.clock, random.Random(3))
    for item in ITEMS:
        await store.add_item(G1, dict(item), actor_id=1)
    prepared = await daily.prepare({"guild_id": G1, "channel_id": 10, "essay": None, "close_minutes": None},
                                   dt.date(2026, 1, 1))
    results = await asyncio.gather(*(daily.answer(G1, prepared.post_id, ANN, prepared.item.answer) for _ in range(3)))
    assert sorted(r.status for r in results) == ["already_answered", "already_answered", "correct"]
    assert (await store.learner_progress(G1, ANN)).attempts == 1
