"""The progress database: migrations and the async repository (the only place with SQL)."""

from bot.progress.stats import (
    DueItem,
    EssayProgress,
    HistoryPoint,
    LeaderRow,
    LearnerProgress,
    MissedItem,
    RecentAttempt,
)
from bot.store.repository import Store, StoreUnavailable
from bot.store.schema import LATEST_VERSION

__all__ = [
    "Store", "StoreUnavailable", "LATEST_VERSION", "DueItem", "EssayProgress", "HistoryPoint", "LeaderRow", "LearnerProgress",
    "MissedItem", "RecentAttempt",
]
