"""The audit log: what moderators and the bot changed in a server, newest first."""

from __future__ import annotations

import json

from bot.store.base import StoreBase, _guild, _ts


class AuditMixin(StoreBase):
    async def audit(self, guild_id: int, actor_id: int | None, action: str, target: str, details: dict | None = None) -> None:
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, now)
            await self._audit(db, guild_id, actor_id, action, target, details, now)

    async def recent_audit(self, guild_id: int, limit: int = 20) -> list[dict]:
        _guild(guild_id)
        async with self._snapshot() as db:
            rows = await self._all(
                db, "SELECT * FROM audit_log WHERE guild_id = ? ORDER BY id DESC LIMIT ?", (guild_id, max(0, int(limit)))
            )
        out = []
        for r in rows:
            d = dict(r)
            d["details"] = json.loads(d["details"])
            d["at"] = d.pop("created_at")
            out.append(d)
        return out
