"""Plain-text rendering from prompts/quiz.yaml, validated the way the program starts."""

from __future__ import annotations

import datetime as dt

from bot.prompts import PromptBook, registered_specs
from bot.quiz import format as fmt
from bot.quiz.session import (PlayerAnswer, QuestionRevealed, QuestionShown, SessionEnded, Standing,
                              SubmitResult)

from conftest import ROOT, make_items


def section():
    book = PromptBook.load(ROOT / "prompts", {"quiz": registered_specs()["quiz"]})
    return book.section("quiz")


def test_question_reveal_and_board_text():
    t = section()
    item = make_items()[0]
    shown = QuestionShown(1, 2, 5, item, item.choices, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), 20)
    text = fmt.render_question(t, shown)
    assert text.splitlines()[0] == "Question 2/5 · Multiple choice · 20 s"
    assert "\nA) George Shulman\n" in text and text.endswith("Answer with A, B, C, D.")
    reveal = QuestionRevealed(1, 2, 5, item, "George Shulman",
                              [PlayerAnswer(1, "Ada", "George Shulman", True, 950, 0, 2000)], [], [])
    text = fmt.render_reveal(t, reveal)
    assert "Answer: George Shulman" in text and "Right: Ada" in text
    assert text.endswith("Source: rana-left-internationalism, paragraph 1")
    board = SessionEnded(1, "stopped", 7, 2, [Standing(1, 1, "Ada", 950, 1, 1), Standing(2, 2, "Bo", 0, 0, 1)])
    text = fmt.render_board(t, board, "Mod")
    assert text.splitlines() == ["Quiz stopped by Mod. Final scores", "🥇 1. Ada: 950 points (1/1 correct)",
                                 "🥈 2. Bo: 0 points (0/1 correct)"]
    assert fmt.render_submit(t, SubmitResult("correct", 1000, 100)) == "Correct! +1000 points (streak bonus +100)"
    assert fmt.render_submit(t, SubmitResult("rejected", reason="guess_list")).startswith("Please give one answer")
    assert "[pending]" in fmt.render_item_preview(t, item, "pending")
