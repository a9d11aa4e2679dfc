"""Quiz attempts and the FSRS review card each one updates, written together."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from bot.errors import UserError
from bot.progress import stats as st
from bot.progress.srs import CardState, rating_for
from bot.store.base import _dt, _guild, _moment, _ts, _user
from bot.store.driver import Conn
from bot.store.items import _VISIBLE_ITEMS, ItemsMixin

MAX_QUIZ_ANSWER = 2_000    # a learner's typed quiz answer is kept up to this many characters


def _card_from_row(row: sqlite3.Row | dict) -> CardState:
    return CardState(
        state=row["state"],
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=_moment(row["due"]),
        last_review=_dt(row["last_review"]),
    )


def _card_json(card: CardState) -> str:
    return json.dumps(
        {
            "state": card.state,
            "step": card.step,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "due": _ts(card.due),
            "last_review": _ts(card.last_review) if card.last_review else None,
        }
    )


class AttemptsMixin(ItemsMixin):
    async def record_attempt(
        self, guild_id: int, user_id: int, item_id: str, *, essay: str, correct: bool, answer: str,
        response_ms: int, time_limit_s: float, points: int = 0, session_id: int | None = None,
    ) -> int:
        """Store the attempt and the learner's updated FSRS card in one transaction, committed on return."""
        _guild(guild_id), _user(user_id)
        response_ms = max(0, int(response_ms))
        time_limit_s = max(0.0, float(time_limit_s))
        moment = self._now()
        now = _ts(moment)
        rating = rating_for(bool(correct), response_ms, time_limit_s)
        if answer is None:
            answer = ""
        if len(answer) > MAX_QUIZ_ANSWER:
            answer = answer[:MAX_QUIZ_ANSWER]
        async with self._tx(lock=("learner", guild_id, user_id)) as db:
            if await self._visible_item(db, guild_id, item_id) is None:
                raise UserError(f"no quiz item {item_id} in this server")
            if session_id is not None:
                if await self._one(
                    db, "SELECT 1 FROM quiz_sessions WHERE id = ? AND guild_id = ?", (int(session_id), guild_id)
                ) is None:
                    raise UserError("no such quiz session in this server")
            await self._ensure_learner(db, guild_id, user_id, now)
            row = await self._one(
                db, "SELECT * FROM srs_cards WHERE guild_id = ? AND user_id = ? AND item_id = ?",
                (guild_id, user_id, item_id),
            )
            before = _card_from_row(row) if row else None
            card = self.srs.review(before, rating, moment)
            lapse = int(bool(before and before.state == 2 and not correct))  # fsrs.State.Review == 2
            attempt_id = await db.insert_id(
                "INSERT INTO attempts (guild_id, user_id, item_id, essay, session_id, correct, answer, response_ms, "
                "time_limit_s, points, rating, card_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, user_id, item_id, essay, session_id, int(bool(correct)), answer, response_ms,
                 time_limit_s, int(points), int(rating), _card_json(card), now),
            )
            await db.execute(
                "INSERT INTO srs_cards (guild_id, user_id, item_id, essay, state, step, stability, difficulty, due, "
                "last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (guild_id, user_id, item_id) DO UPDATE SET essay = excluded.essay, "
                "state = excluded.state, step = excluded.step, stability = excluded.stability, "
                "difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review, "
                "reps = srs_cards.reps + 1, lapses = srs_cards.lapses + excluded.lapses",
                (guild_id, user_id, item_id, essay, card.state, card.step, card.stability, card.difficulty,
                 _ts(card.due), _ts(card.last_review) if card.last_review else None, lapse),
            )
            return attempt_id

    async def _cards(self, db: Conn, guild_id: int, user_id: int) -> list[sqlite3.Row]:
        """The learner's cards for items still active in this server (a disabled item is not reviewed)."""
        return await self._all(
            db,
            f"SELECT c.*, v.essay AS item_essay FROM srs_cards c JOIN ({_VISIBLE_ITEMS}) v "
            "ON v.item_id = c.item_id AND v.eff_status = 'active' "
            "WHERE c.guild_id = :g AND c.user_id = :u ORDER BY c.due, c.item_id",
            {"g": guild_id, "u": user_id},
        )

    async def correct_item_ids(self, guild_id: int, user_id: int, item_ids: Sequence[str]) -> set[str]:
        """Which of these items the learner has answered right before in this server (a solo quiz
        earns leaderboard points only for the others)."""
        _guild(guild_id), _user(user_id)
        wanted = sorted(set(item_ids))
        out: set[str] = set()
        async with self._snapshot() as db:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = await self._all(
                    db, "SELECT DISTINCT item_id FROM attempts WHERE guild_id = ? AND user_id = ? AND correct = 1 "
                    f"AND item_id IN ({', '.join('?' * len(chunk))})", (guild_id, user_id, *chunk),
                )
                out.update(r["item_id"] for r in rows)
        return out

    async def due_items(
        self, guild_id: int, user_id: int, *, essay: str | None = None, limit: int = 20
    ) -> list[st.DueItem]:
        _guild(guild_id), _user(user_id)
        moment = self._now()
        async with self._snapshot() as db:
            rows = await self._cards(db, guild_id, user_id)
        out = []
        for row in rows:
            card = _card_from_row(row)
            if card.due > moment or (essay is not None and row["item_essay"] != essay):
                continue
            out.append(st.DueItem(row["item_id"], row["item_essay"], card.due, self.srs.retrievability(card, moment)))
            if len(out) >= limit:
                break
        return out
