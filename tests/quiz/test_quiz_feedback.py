"""Issue 20, part 3: after a miss the learner sees the passage (sentence, title, author, ¶) and how
to read it, and a near miss says what it lacked; quiz texts name essays by title, never by id."""

from __future__ import annotations

from quiz_support import ROOT, RecordingStore

from bot.clock import FakeClock
from bot.corpus.essay import parse_essay
from bot.prompts import PromptBook, registered_specs
from bot.quiz.format import render_solo_result, render_solo_summary
from bot.quiz.grading import Grader
from bot.quiz.items import QuizItem
from bot.quiz.session import SoloSession

ESSAY = parse_essay("""---
title: The Long Pause
author: Jane Q. Doe
---
Order has changed many times.

Most observers agree that the city serves as the final backstop of regional trade. Others disagree.
""", slug="doe-pause")

ITEM = QuizItem(id="q-backstop", kind="short_answer", prompt="What does the city serve as?", answer="final backstop of regional trade",
                essay="doe-pause", paragraph=2)
T = PromptBook.load(ROOT / "prompts", {"quiz": registered_specs()["quiz"]}).section("quiz")


async def _session() -> SoloSession:
    store = RecordingStore([ITEM])
    session = SoloSession(store, [ITEM], guild_id=1, user_id=2, grader=Grader(essays=lambda: {"doe-pause": ESSAY}),
                          clock=FakeClock())
    await session.start()
    await session.next_question()
    return session


async def test_a_miss_shows_the_passage_and_how_to_read_it():
    session = await _session()
    result = await session.answer("the harbour")
    assert result.status == "wrong" and result.passage is not None
    assert result.passage.sentence.startswith("Most observers agree that the city serves as the final backstop")
    text = render_solo_result(T, result)
    assert "The Long Pause" in text and "Jane Q. Doe" in text and "¶2" in text and "/read doe 2" in text
    assert "doe-pause" not in text.replace("/read doe 2", "")
    summary = render_solo_summary(T, await session.finish())
    assert "The Long Pause" in summary and "doe-pause" not in summary


async def test_a_near_miss_says_what_it_lacked():
    session = await _session()
    result = await session.answer("final backstop of trade")
    assert result.passage is not None and result.needs == ("regional",)
    assert "needs regional" in render_solo_result(T, result)


async def test_a_right_answer_shows_no_passage():
    session = await _session()
    result = await session.answer("the final backstop of regional trade")
    assert result.status == "correct" and result.passage is None
