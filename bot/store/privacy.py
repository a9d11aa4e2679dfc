"""Privacy: sharing on leaderboards, and a person's export and deletion across every table."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.store.base import StoreBase, _guild, _ts, _user

log = logging.getLogger(__name__)


# Where each table names a person; `export_user`, `delete_user` and a test that every table is
# classified rely on this. Tables absent here must hold no personal data.
PERSONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "learners": ("user_id",),
    "answers": ("user_id",),
    "feedback": ("user_id",),
    "attempts": ("user_id",),
    "srs_cards": ("user_id",),
    "quiz_sessions": ("started_by",),
    "quiz_items": ("created_by",),
    "essays": ("added_by",),
    "audit_log": ("actor_id", "target"),
    "rhythm_schedules": ("created_by",),
    "review_reminders": ("user_id",),
}
IMPERSONAL_TABLES = ("schema_migrations", "guilds", "guild_item_status", "session_messages", "changes", "changes_pruned",
                     "daily_posts")


class PrivacyMixin(StoreBase):
    async def set_share_progress(self, guild_id: int, user_id: int, share: bool) -> None:
        _guild(guild_id), _user(user_id)
        now = _ts(self._now())
        async with self._tx() as db:
            await self._ensure_learner(db, guild_id, user_id, now)
            await db.execute(
                "UPDATE learners SET share_progress = ? WHERE guild_id = ? AND user_id = ?",
                (int(bool(share)), guild_id, user_id),
            )

    async def shares_progress(self, guild_id: int, user_id: int) -> bool:
        """Learners appear on leaderboards unless they opt out (a study group's default)."""
        _guild(guild_id), _user(user_id)
        async with self._snapshot() as db:
            row = await self._one(
                db, "SELECT share_progress FROM learners WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
        return True if row is None else bool(row["share_progress"])

    def _personal_where(self, table: str) -> str:
        cols = PERSONAL_COLUMNS[table]
        parts = [f"{c} = :u" if c != "target" else "target = :t" for c in cols]
        return " OR ".join(parts)

    async def export_user(self, user_id: int) -> dict:
        """Every row that names this person, in every server and in direct messages."""
        _user(user_id)
        params = {"u": user_id, "t": f"user:{user_id}"}
        out: dict[str, Any] = {"user_id": user_id, "exported_at": _ts(self._now()), "tables": {}}
        async with self._snapshot() as db:
            for table in PERSONAL_COLUMNS:
                rows = await self._all(db, f"SELECT * FROM {table} WHERE {self._personal_where(table)}", params)
                decoded = []
                for r in rows:
                    d = dict(r)
                    for key in ("citations", "data", "settings", "details", "card_after"):
                        if isinstance(d.get(key), str):
                            d[key] = json.loads(d[key])
                    decoded.append(d)
                out["tables"][table] = decoded
        return out

    async def delete_user(self, user_id: int) -> dict:
        """Remove the person from every table in one transaction. Rows that are server content
        (items they wrote, sessions they started, moderation they did) stay without their id;
        each affected server's audit log records only that a deletion happened, with counts."""
        _user(user_id)
        params = {"u": user_id, "t": f"user:{user_id}"}
        now = _ts(self._now())
        counts: dict[str, int] = {}
        async with self._tx() as db:
            guild_rows = await self._all(
                db,
                "SELECT guild_id FROM learners WHERE user_id = :u UNION SELECT guild_id FROM answers WHERE user_id = :u "
                "UNION SELECT guild_id FROM feedback WHERE user_id = :u UNION SELECT guild_id FROM attempts WHERE user_id = :u "
                "UNION SELECT guild_id FROM srs_cards WHERE user_id = :u "
                "UNION SELECT guild_id FROM quiz_sessions WHERE started_by = :u "
                "UNION SELECT guild_id FROM quiz_items WHERE created_by = :u "
                "UNION SELECT guild_id FROM essays WHERE added_by = :u "
                "UNION SELECT guild_id FROM rhythm_schedules WHERE created_by = :u "
                "UNION SELECT guild_id FROM review_reminders WHERE user_id = :u "
                "UNION SELECT guild_id FROM audit_log WHERE actor_id = :u OR target = :t",
                params,
            )
            guilds = sorted({r["guild_id"] for r in guild_rows if r["guild_id"] is not None})

            async def run(key: str, sql: str) -> None:
                cur = await db.execute(sql, params)
                counts[key] = cur.rowcount

            await run("feedback", "DELETE FROM feedback WHERE user_id = :u")
            await run("feedback_on_their_answers",
                      "DELETE FROM feedback WHERE answer_id IN (SELECT id FROM answers WHERE user_id = :u)")
            await run("answers", "DELETE FROM answers WHERE user_id = :u")
            await run("attempts", "DELETE FROM attempts WHERE user_id = :u")
            await run("srs_cards", "DELETE FROM srs_cards WHERE user_id = :u")
            await run("quiz_sessions_anonymised", "UPDATE quiz_sessions SET started_by = NULL WHERE started_by = :u")
            await run("quiz_items_anonymised", "UPDATE quiz_items SET created_by = NULL WHERE created_by = :u")
            await run("essays_anonymised", "UPDATE essays SET added_by = NULL WHERE added_by = :u")
            await run("rhythm_schedules_anonymised", "UPDATE rhythm_schedules SET created_by = NULL WHERE created_by = :u")
            await run("review_reminders", "DELETE FROM review_reminders WHERE user_id = :u")
            await run("audit_log", "DELETE FROM audit_log WHERE target = :t")
            await run("audit_log_anonymised", "UPDATE audit_log SET actor_id = NULL WHERE actor_id = :u")
            await run("learners", "DELETE FROM learners WHERE user_id = :u")
            for guild_id in guilds:
                await self._audit(db, guild_id, None, "user.data_deleted", "", {"counts": counts}, now)
        log.info("deleted a learner's data from %d scope(s)", len(guilds))
        return counts
