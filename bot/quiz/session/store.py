"""What a session needs of the store (`QuizStore`, which `bot.store.Store` implements) and how a
session's end reason is stored. Imports nothing of the package."""

from __future__ import annotations

import logging
from typing import Any, Protocol, Sequence

log = logging.getLogger(__name__)


_STORE_STATUS = {"completed": "finished", "idle": "abandoned", "stopped": "cancelled", "error": "abandoned"}


class QuizStore(Protocol):
    """The store methods sessions use (bot.store.Store implements them)."""

    async def start_session(self, guild_id: int, channel_id: int | None, kind: str, started_by: int, settings: dict) -> int: ...

    async def end_session(self, guild_id: int, session_id: int, status: str = "finished") -> None: ...

    async def record_attempt(self, guild_id: int, user_id: int, item_id: str, *, essay: str, correct: bool, answer: str,
                             response_ms: int, time_limit_s: float, points: int = 0, session_id: int | None = None) -> int: ...

    async def list_items(self, guild_id: int, *, essay: str | None = None, status: str | None = "active",
                         include_global: bool = True) -> list[dict]: ...

    async def get_item(self, guild_id: int, item_id: str) -> dict | None: ...

    async def due_items(self, guild_id: int, user_id: int, *, essay: str | None = None, limit: int = 20) -> list[Any]: ...

    async def recent_session_items(self, guild_id: int, *, user_id: int | None = None, channel_id: int | None = None,
                                   sessions: int = 3) -> set[str]: ...

    async def correct_item_ids(self, guild_id: int, user_id: int, item_ids: Sequence[str]) -> set[str]: ...

    async def learner_progress(self, guild_id: int, user_id: int) -> Any: ...
