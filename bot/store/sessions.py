"""Quiz sessions: one row per solo, review or group quiz, ended exactly once."""

from __future__ import annotations

import json
import logging
import re
from typing import Callable

from bot.errors import UserError
from bot.store.base import MAX_SETTINGS_JSON, StoreBase, _guild, _json, _ts, _user

log = logging.getLogger(__name__)


SESSION_END_STATUSES = ("finished", "cancelled", "abandoned")
SESSION_KIND = re.compile(r"^[a-z][a-z_]{0,19}$")


class SessionsMixin(StoreBase):
    async def start_session(
        self, guild_id: int, channel_id: int | None, kind: str, started_by: int, settings: dict
    ) -> int:
        _guild(guild_id), _user(started_by)
        if not SESSION_KIND.match(kind):
            raise ValueError(f"session kind must be a short lowercase word, not {kind!r}")
        text = _json(settings, limit=MAX_SETTINGS_JSON, what="session settings")
        now = _ts(self._now())
        async with self._tx(lock=("channel", guild_id, channel_id) if kind == "group" else None) as db:
            if kind == "group":
                busy = await self._one(
                    db,
                    "SELECT id FROM quiz_sessions WHERE guild_id = :g AND (channel_id = :c OR (channel_id IS NULL AND :c IS NULL)) "
                    "AND kind = 'group' AND status = 'active'",
                    {"g": guild_id, "c": channel_id},
                )
                if busy is not None:
                    raise UserError("a group quiz is already running in this channel; wait for it to end")
            await self._ensure_learner(db, guild_id, started_by, now)
            return await db.insert_id(
                "INSERT INTO quiz_sessions (guild_id, channel_id, kind, started_by, settings, status, started_at) "
                "VALUES (?, ?, ?, ?, ?, 'active', ?)",
                (guild_id, channel_id, kind, started_by, text, now),
            )

    async def end_session(self, guild_id: int, session_id: int, status: str = "finished") -> None:
        _guild(guild_id)
        if status not in SESSION_END_STATUSES:
            raise ValueError(f"a session ends as one of {SESSION_END_STATUSES}, not {status!r}")
        now = _ts(self._now())
        async with self._tx() as db:
            row = await self._one(
                db, "SELECT status FROM quiz_sessions WHERE id = ? AND guild_id = ?", (int(session_id), guild_id)
            )
            if row is None:
                raise UserError("no such quiz session in this server")
            if row["status"] == "active":  # ending twice is harmless (a timer and a button may race)
                await db.execute(
                    "UPDATE quiz_sessions SET status = ?, ended_at = ? WHERE id = ?", (status, now, int(session_id))
                )

    async def close_stale_sessions(self, owns: Callable[[int], bool] | None = None) -> int:
        """At start-up no session can still be running: anything 'active' was cut off by a crash.
        A question of the day ('daily') is the exception: it lives in the database for hours and
        its buttons keep working across a restart (bot.rhythm.daily).

        `owns` (shard processes): only servers this process runs; another process's quizzes are live."""
        now = _ts(self._now())
        async with self._tx() as db:
            if owns is None:
                cur = await db.execute(
                    "UPDATE quiz_sessions SET status = 'abandoned', ended_at = ? WHERE status = 'active' "
                    "AND kind <> 'daily'", (now,)
                )
                count = cur.rowcount
            else:
                rows = await self._all(db, "SELECT id, guild_id FROM quiz_sessions WHERE status = 'active' "
                                       "AND kind <> 'daily'")
                mine = [r["id"] for r in rows if owns(r["guild_id"])]
                for session_id in mine:
                    await db.execute("UPDATE quiz_sessions SET status = 'abandoned', ended_at = ? WHERE id = ? "
                                     "AND status = 'active'", (now, session_id))
                count = len(mine)
        if count:
            log.warning("marked %d quiz session(s) left active by a previous run as abandoned", count)
        return count

    async def recent_session_items(self, guild_id: int, *, user_id: int | None = None, channel_id: int | None = None,
                                   sessions: int = 3) -> set[str]:
        """Item ids asked in the last few quizzes a learner started (`user_id`) or a channel played
        as a group (`channel_id`), so the next quiz can avoid them."""
        _guild(guild_id)
        sql, params = "SELECT settings FROM quiz_sessions WHERE guild_id = ?", [guild_id]
        if user_id is not None:
            sql += " AND started_by = ?"
            params.append(user_id)
        if channel_id is not None:
            sql += " AND channel_id = ? AND kind = 'group'"
            params.append(channel_id)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(max(0, int(sessions)))
        async with self._snapshot() as db:
            rows = await self._all(db, sql, params)
        out: set[str] = set()
        for row in rows:
            items = json.loads(row["settings"]).get("items", [])
            out.update(i for i in items if isinstance(i, str))
        return out

    async def add_session_message(self, guild_id: int, session_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows an open question of a running session (its answer
        buttons), so `interrupted_sessions` can find it if the process dies before it closes."""
        _guild(guild_id)
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO session_messages (session_id, guild_id, channel_id, message_id) "
                "SELECT id, guild_id, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM quiz_sessions WHERE id = ? AND guild_id = ? "
                "ON CONFLICT (session_id, message_id) DO NOTHING",
                (int(channel_id), int(message_id), int(session_id), guild_id),
            )

    async def remove_session_messages(self, guild_id: int, session_id: int, message_id: int | None = None) -> None:
        """Forget one closed question's message, or (no `message_id`) every message of the session."""
        _guild(guild_id)
        sql = "DELETE FROM session_messages WHERE guild_id = ? AND session_id = ?"
        params: tuple = (guild_id, int(session_id))
        if message_id is not None:
            sql, params = sql + " AND message_id = ?", (*params, int(message_id))
        async with self._tx() as db:
            await db.execute(sql, params)

    async def interrupted_sessions(self, owns: Callable[[int], bool] | None = None) -> list[dict]:
        """Sessions a crash cut off (marked abandoned at start-up) whose open question's messages
        are still on record, each with its scores so far (points, right answers, answers);
        `owns`: only those of servers this shard process runs."""
        async with self._snapshot() as db:
            rows = await self._all(
                db,
                "SELECT m.session_id, m.guild_id, m.channel_id, m.message_id, s.started_by FROM session_messages m "
                "JOIN quiz_sessions s ON s.id = m.session_id AND s.guild_id = m.guild_id "
                "WHERE s.status = 'abandoned' ORDER BY m.session_id, m.message_id",
            )
            out: dict[int, dict] = {}
            for r in rows:
                if owns is not None and not owns(r["guild_id"]):
                    continue
                entry = out.setdefault(r["session_id"], {
                    "session_id": r["session_id"], "guild_id": r["guild_id"], "channel_id": r["channel_id"],
                    "started_by": r["started_by"], "message_ids": [], "scores": [],
                })
                entry["message_ids"].append(r["message_id"])
            for entry in out.values():
                scores = await self._all(
                    db,
                    "SELECT user_id, SUM(points) AS points, SUM(correct) AS correct, COUNT(*) AS answered FROM attempts "
                    "WHERE guild_id = ? AND session_id = ? GROUP BY user_id ORDER BY points DESC, correct DESC, user_id",
                    (entry["guild_id"], entry["session_id"]),
                )
                entry["scores"] = [dict(s) for s in scores]
        return list(out.values())

    async def get_session(self, guild_id: int, session_id: int) -> dict | None:
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(
                db, "SELECT * FROM quiz_sessions WHERE id = ? AND guild_id = ?", (int(session_id), guild_id)
            )
        if row is None:
            return None
        out = dict(row)
        out["settings"] = json.loads(out["settings"])
        return out
