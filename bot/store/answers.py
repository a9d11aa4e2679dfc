"""The tutor's answers and learners' feedback on them."""

from __future__ import annotations

from bot.errors import UserError
from bot.store.base import StoreBase, _guild, _json, _ts, _user

MAX_TEXT = 10_000          # questions and answers of the tutor


class AnswersMixin(StoreBase):
    async def record_answer(
        self, guild_id: int, user_id: int, channel_id: int, question: str, answer: str,
        citations: list[dict], abstained: bool, latency_ms: float,
    ) -> int:
        _guild(guild_id), _user(user_id)
        now = _ts(self._now())
        cites = _json(list(citations), limit=MAX_TEXT * 2, what="citations")
        async with self._tx() as db:
            await self._ensure_learner(db, guild_id, user_id, now)
            return await db.insert_id(
                "INSERT INTO answers (guild_id, user_id, channel_id, question, answer, citations, abstained, "
                "latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, user_id, int(channel_id), question[:MAX_TEXT], answer[:MAX_TEXT], cites,
                 int(bool(abstained)), float(latency_ms), now),
            )

    async def set_feedback(self, guild_id: int, answer_id: int, user_id: int, helpful: bool) -> None:
        _guild(guild_id), _user(user_id)
        now = _ts(self._now())
        async with self._tx() as db:
            row = await self._one(db, "SELECT 1 FROM answers WHERE id = ? AND guild_id = ?", (int(answer_id), guild_id))
            if row is None:
                raise UserError("that answer is not from this server (or was deleted)")
            await db.execute(
                "INSERT INTO feedback (answer_id, guild_id, user_id, helpful, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_id) DO UPDATE SET helpful = excluded.helpful, created_at = excluded.created_at",
                (int(answer_id), guild_id, user_id, int(bool(helpful)), now),
            )
