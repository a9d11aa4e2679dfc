"""Plain-text progress and leaderboards from the real prompts/progress.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.config import load_settings
from bot.progress import format_leaderboard, format_progress
from bot.progress.report import SPEC
from bot.progress.stats import EssayProgress, LeaderRow, LearnerProgress, RecentAttempt
from bot.prompts import PromptBook

AT = dt.datetime(2026, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def book() -> PromptBook:
    return PromptBook.load(load_settings(environ={}).prompts_dir, {"progress": SPEC.keys})


def _progress(**over) -> LearnerProgress:
    base = dict(
        guild_id=5, user_id=77, questions_asked=4, attempts=10, correct=7, accuracy=0.7, points=55,
        day_streak=3, best_day_streak=6, answer_streak=2, best_answer_streak=5, due_now=1, next_due=AT,
        last_active=AT,
        essays=[EssayProgress("rana", 10, 7, 0.7, 8, 4, 0.9, 0.5, 0.45)],
        recent=[RecentAttempt("rana-1", "rana", True, 10, AT, "Which word does Shulman use for the present order?"),
                RecentAttempt("rana-2", "rana", False, 0, AT)],
    )
    base.update(over)
    return LearnerProgress(**base)


def test_format_progress_shows_the_numbers(book):
    text = format_progress(_progress(), book)
    for expected in ("7/10", "70%", "55 points", "Questions asked: 4", "3 day(s)", "best 6", "2 correct in a row",
                     "Due for review now: 1", "2026-02-03 04:05 UTC", "rana: mastery 45%", "4/8",
                     "[right] Which word does Shulman use for the present order? (rana)",
                     "[wrong] rana-2", "server 5"):
        assert expected in text, expected
    # Memory and accuracy are labelled and explained, so 90% next to 70% is not a contradiction.
    assert "memory 90% of the 4/8 questions seen; 70% of 10 answer(s) right" in text
    assert "Accuracy counts every answer you gave" in text and "Memory is the spaced-repetition estimate" in text
    assert "direct messages" in format_progress(_progress(guild_id=0), book)


def test_format_progress_for_a_newcomer(book):
    text = format_progress(_progress(attempts=0, correct=0, accuracy=None, questions_asked=0, essays=[], recent=[]), book)
    assert "No quiz attempts" in text and "%" not in text


def test_format_progress_without_a_book_uses_the_project_prompts():
    assert "7/10" in format_progress(_progress())


def test_format_leaderboard(book):
    rows = [LeaderRow(1, 9, 40, 12, 9, 0.75, 2, 4), LeaderRow(2, 8, 10, 3, 1, 1 / 3, 0, 1)]
    text = format_leaderboard(rows, by="points", guild_id=5, book=book)
    assert text.splitlines()[0] == "Leaderboard by points (server 5)"
    assert "1. 9: 40 points, accuracy 75% over 12" in text and "2. 8: 10 points, accuracy 33%" in text
    assert "Nobody" in format_leaderboard([], by="streak", guild_id=5, book=book)
