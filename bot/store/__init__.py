"""The progress database (SQLite or PostgreSQL): migrations and the async repository, one mixin
per concern combined into `Store`; with `bot/index/store.py`, the only place with SQL.

May import the shared root modules, `bot.progress` (the row types its reports return) and
`bot.quiz.items` (the item schema's id pattern and statuses); never the tutor, the index or
Discord. `restore` (a backup back into place) sits above the `Store` it opens.
"""

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
