"""Spaced repetition and statistics over the store: pure logic, no SQL and no Discord."""

from bot.progress.report import format_leaderboard, format_progress
from bot.progress.srs import Srs, rating_for
from bot.progress.stats import DueItem, EssayProgress, HistoryPoint, LeaderRow, LearnerProgress, MissedItem

__all__ = [
    "format_progress", "format_leaderboard", "Srs", "rating_for", "DueItem", "EssayProgress", "HistoryPoint",
    "LeaderRow", "LearnerProgress", "MissedItem",
]
