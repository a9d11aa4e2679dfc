"""Group sessions through the engine API, with a fake clock and exact scores."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.errors import UserError
from bot.quiz.session import (
    AnswerLocked,
    AnswerRejected,
    GroupSession,
    GroupSettings,
    QuestionRevealed,
    QuestionShown,
    SessionEnded,
    SessionRegistry,
)
from bot.store.repository import Store

A, B, C = 101, 202, 303
SETTINGS = GroupSettings(questions=3, seconds=20, reveal_seconds=5, idle_questions_to_end=2)


async def next_event(session, kind):
    """Skip to the next event of a type (events arrive synchronously with the fake clock)."""
    while True:
        event = await asyncio.wait_for(session.events.get(), timeout=2)
        if isinstance(event, kind):
            return event


def index_of(shown: QuestionShown, text: str) -> int:
    return shown.choices.index(text)


def wrong_index(shown: QuestionShown) -> int:
    correct = "True" if shown.item.answer == "true" else shown.item.answer
    return next(i for i, c in enumerate(shown.choices) if c != correct)


async def play_three_players(session, clock):
    """The scripted game; returns the events seen. Scores are worked out in the test."""
    await session.start()
    # Q1, multiple choice: A right at 2 s, B wrong at 5 s, C right at 10 s; ends at the deadline.
    q1 = await next_event(session, QuestionShown)
    assert q1.number == 1 and q1.total == 3 and len(q1.choices) == 4
    assert (q1.deadline - clock.now()).total_seconds() == 20
    await clock.advance(2)
    assert (await session.submit(A, "Ada", index_of(q1, "George Shulman"))).status == "correct"
    await clock.advance(3)
    r = await session.submit(B, "Bo", wrong_index(q1))
    assert (r.status, r.points) == ("wrong", 0)
    again = await session.submit(B, "Bo", index_of(q1, "George Shulman"))
    assert again.status == "already_answered"  # one locked answer per player
    await clock.advance(5)
    r = await session.submit(C, "Cy", chr(ord("a") + index_of(q1, "George Shulman")))  # typed letter
    assert (r.status, r.points) == ("correct", 750)
    await clock.advance(10)
    reveal1 = await next_event(session, QuestionRevealed)
    assert [p.display_name for p in reveal1.correct_players] == ["Ada", "Cy"]
    assert [p.display_name for p in reveal1.wrong_players] == ["Bo"]
    assert reveal1.answer_text == "George Shulman" and reveal1.item.paragraph == 1

    # Q2, true/false, shown after the 5 s pause: everyone answers, so it closes early.
    await clock.advance(5)
    q2 = await next_event(session, QuestionShown)
    assert q2.choices == ["True", "False"]
    await clock.advance(1)
    assert (await session.submit(C, "Cy", "false")).status == "wrong"
    await clock.advance(3)
    r = await session.submit(A, "Ada", 0)
    assert (r.status, r.points, r.bonus) == ("correct", 1000, 100)  # 900 for 4 s + streak of 2
    await clock.advance(4)
    r = await session.submit(B, "Bo", "true")
    assert (r.status, r.points, r.bonus) == ("correct", 800, 0)
    reveal2 = await next_event(session, QuestionRevealed)  # no need to wait for the deadline
    assert [p.user_id for p in reveal2.correct_players] == [A, B]

    # Q3, short answer: A's guess list is rejected and does not lock; C never answers.
    await clock.advance(5)
    q3 = await next_event(session, QuestionShown)
    assert q3.typed
    await clock.advance(2)
    r = await session.submit(A, "Ada", "creedalism, exceptionalism")
    assert (r.status, r.reason) == ("rejected", "guess_list")
    await clock.advance(4)
    r = await session.submit(A, "Ada", "Creedalism")
    assert (r.status, r.points, r.bonus) == ("correct", 1050, 200)  # 850 for 6 s + streak of 3
    await clock.advance(4)
    r = await session.submit(B, "Bo", "creedalsim")  # a typo is fine
    assert (r.status, r.points) == ("correct", 850)  # 750 for 10 s + streak of 2
    await clock.advance(10)
    await next_event(session, QuestionRevealed)
    return await next_event(session, SessionEnded)


async def test_three_players_exact_scores(store, items, clock):
    chosen = [items[0], items[1], items[2]]
    session = GroupSession(store, chosen, guild_id=1, channel_id=10, started_by=A, settings=SETTINGS,
                           clock=clock, rng=random.Random(7))
    final = await play_three_players(session, clock)
    assert final.reason == "completed" and final.questions_asked == 3
    assert [(s.rank, s.display_name, s.score, s.correct, s.answered) for s in final.board] == [
        (1, "Ada", 950 + 1000 + 1050, 3, 3),
        (2, "Bo", 0 + 800 + 850, 2, 3),
        (3, "Cy", 750, 1, 2),
    ]
    assert [s.display_name for s in final.podium] == ["Ada", "Bo", "Cy"]
    # Every locked answer was recorded, with its points and time, the rejected one was not.
    assert [(a["user_id"], a["item_id"], a["correct"], a["points"], a["response_ms"]) for a in store.attempts] == [
        (A, "q-mc", True, 950, 2000), (B, "q-mc", False, 0, 5000), (C, "q-mc", True, 750, 10000),
        (C, "q-tf", False, 0, 1000), (A, "q-tf", True, 1000, 4000), (B, "q-tf", True, 800, 8000),
        (A, "q-short", True, 1050, 6000), (B, "q-short", True, 850, 10000),
    ]
    assert store.sessions[final.session_id]["status"] == "finished"


async def test_attempt_is_recorded_before_its_event(store, items, clock):
    order: list[str] = []

    async def on_event(event):
        order.append(type(event).__name__)

    original = store.record_attempt

    async def record(*args, **kwargs):
        order.append("record_attempt")
        return await original(*args, **kwargs)

    store.record_attempt = record
    session = GroupSession(store, [items[1]], guild_id=1, channel_id=10, started_by=A,
                           settings=GroupSettings(questions=1, seconds=10), clock=clock, on_event=on_event)
    await session.start()
    await clock.advance(1)
    await session.submit(A, "Ada", 0)
    await clock.advance(10)
    await session.wait()
    assert order == ["QuestionShown", "record_attempt", "AnswerLocked", "QuestionRevealed", "SessionEnded"]


async def test_stop_rules_and_results_kept(store, items, clock):
    session = GroupSession(store, items[:3], guild_id=1, channel_id=10, started_by=A, settings=SETTINGS, clock=clock)
    await session.start()
    await next_event(session, QuestionShown)
    await clock.advance(3)
    await session.submit(B, "Bo", 0)
    with pytest.raises(UserError):
        await session.stop(B, is_moderator=False)
    final = await session.stop(C, is_moderator=True)
    assert final.reason == "stopped" and final.stopped_by == C and final.questions_asked == 1
    assert [s.user_id for s in final.board] == [B]
    reveal = await next_event(session, QuestionRevealed)  # the interrupted question is still revealed
    assert reveal.number == 1
    assert len(store.attempts) == 1
    assert store.sessions[final.session_id]["status"] == "cancelled"
    assert (await session.submit(A, "Ada", 0)).status == "closed"


async def test_ends_itself_after_idle_questions(store, items, clock):
    session = GroupSession(store, items, guild_id=1, channel_id=10, started_by=A,
                           settings=GroupSettings(questions=5, seconds=10, reveal_seconds=0, idle_questions_to_end=2),
                           clock=clock)
    await session.start()
    await clock.advance(10)
    await clock.advance(10)
    final = await session.wait()
    assert final.reason == "idle" and final.questions_asked == 2 and final.board == []
    assert clock.pending_sleepers == 0


async def test_rejected_answers_emit_event_and_can_retry(store, items, clock):
    session = GroupSession(store, [items[0]], guild_id=1, channel_id=10, started_by=A,
                           settings=GroupSettings(questions=1, seconds=10), clock=clock)
    await session.start()
    shown = await next_event(session, QuestionShown)
    assert (await session.submit(A, "Ada", 7)).status == "rejected"
    assert (await session.submit(A, "Ada", "   ")).status == "rejected"
    rejected = await next_event(session, AnswerRejected)
    assert rejected.reason == "invalid_choice"
    assert (await session.submit(A, "Ada", shown.choices[0])).status in ("correct", "wrong")
    locked = await next_event(session, AnswerLocked)
    assert locked.answered == 1
    await clock.advance(10)
    await session.wait()


async def test_streak_bonus_can_be_off(store, items, clock):
    settings = GroupSettings(questions=2, seconds=10, reveal_seconds=0, streak_bonus=False)
    session = GroupSession(store, [items[1], items[1].model_copy(update={"id": "q-tf2"})], guild_id=1, channel_id=10,
                           started_by=A, settings=settings, clock=clock)
    await session.start()
    for _ in range(2):
        await next_event(session, QuestionShown)
        result = await session.submit(A, "Ada", "true")
        assert (result.points, result.bonus) == (1000, 0)
        await clock.advance(10)
    assert (await session.wait()).board[0].score == 2000


async def test_registry_one_session_per_channel(store, items, clock):
    registry = SessionRegistry()
    first = GroupSession(store, items[:1], guild_id=1, channel_id=10, started_by=A,
                         settings=GroupSettings(questions=1, seconds=10), clock=clock)
    await registry.start(first)
    second = GroupSession(store, items[:1], guild_id=1, channel_id=10, started_by=B, clock=clock)
    with pytest.raises(UserError):
        await registry.start(second)
    assert registry.get(1, 10) is first and registry.get(1, 11) is None
    await clock.advance(10)
    await first.wait()
    await asyncio.sleep(0)
    assert registry.get(1, 10) is None


async def test_three_players_against_the_real_store(store_target, items, clock):
    store = await Store.open(store_target, clock=clock)
    try:
        await store.sync_builtin_items([i.model_copy(update={"origin": "builtin"}).to_record() for i in items])
        session = GroupSession(store, items[:3], guild_id=1, channel_id=10, started_by=A, settings=SETTINGS,
                               clock=clock, rng=random.Random(7))
        final = await play_three_players(session, clock)
        assert [s.score for s in final.board] == [3000, 1650, 750]
        board = await store.leaderboard(1, by="points")
        assert [(row.user_id, row.points) for row in board][:3] == [(A, 3000), (B, 1650), (C, 750)]
        assert (await store.get_session(1, final.session_id))["status"] == "finished"
        progress = await store.learner_progress(1, A)
        assert (progress.attempts, progress.correct) == (3, 3)
    finally:
        await store.close()
