"""Spaced repetition (fsrs), learner statistics and the moderators' audit rows: pure logic over
rows the store returns, no SQL and no Discord. May import the shared root modules only; the
store builds on its row types.
"""

from bot.progress.report import format_leaderboard, format_progress
from bot.progress.srs import Srs, rating_for
from bot.progress.stats import DueItem, EssayProgress, HistoryPoint, LeaderRow, LearnerProgress, MissedItem

__all__ = [
    "format_progress", "format_leaderboard", "Srs", "rating_for", "DueItem", "EssayProgress", "HistoryPoint",
    "LeaderRow", "LearnerProgress", "MissedItem",
]
