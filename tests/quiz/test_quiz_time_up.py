"""Issue 20, part 4: a private quiz says when a question's time runs out (fake clock, no sleeping)."""

from __future__ import annotations

from quiz_support import ROOT

from bot.prompts import PromptBook, registered_specs
from bot.quiz.format import render_time_up
from bot.quiz.session import SoloSession


async def test_time_up_is_told_once_and_only_for_an_open_question(store, items, clock):
    told = []

    async def time_up(shown):
        told.append(shown.number)

    session = SoloSession(store, items[:3], guild_id=1, user_id=2, seconds=20, clock=clock, on_time_up=time_up)
    first = await session.next_question()
    await clock.advance(19)
    assert told == []
    await clock.advance(2)
    assert told == [1]
    late = await session.answer(first.choices.index(first.item.answer) if first.choices else first.item.answer)
    assert late.late and late.points == 0
    await session.next_question()
    await clock.advance(5)
    await session.skip()                     # answered (skipped) in time: no message later
    await clock.advance(30)
    assert told == [1]
    await session.next_question()
    await session.finish()                   # a finished quiz says nothing more
    await clock.advance(30)
    assert told == [1]
    t = PromptBook.load(ROOT / "prompts", {"quiz": registered_specs()["quiz"]}).section("quiz")
    assert render_time_up(t, first).startswith("Time's up for question 1 (20 s)")
