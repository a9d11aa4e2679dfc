"""Per-server settings: a bounded JSON mapping on the server's row, every change audited."""

from __future__ import annotations

import json

from bot.errors import UserError
from bot.store.base import MAX_SETTINGS_JSON, StoreBase, _guild, _json, _ts


class SettingsMixin(StoreBase):
    async def get_guild_settings(self, guild_id: int) -> dict:
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._one(db, "SELECT settings FROM guilds WHERE guild_id = ?", (guild_id,))
        return json.loads(row["settings"]) if row else {}

    async def update_guild_settings(self, guild_id: int, changes: dict, *, actor_id: int) -> dict:
        """Merge `changes` into the server's settings (a None value removes the key); the caller
        validates what the values mean, the store only keeps them bounded and audited."""
        _guild(guild_id)
        if not isinstance(changes, dict) or not all(isinstance(k, str) and 0 < len(k) <= 64 for k in changes):
            raise UserError("settings changes must map names (1-64 characters) to values")
        now = _ts(self._now())
        async with self._tx(lock=("guild", guild_id)) as db:
            await self._ensure_guild(db, guild_id, now)
            row = await self._row(db, "SELECT settings FROM guilds WHERE guild_id = ?", (guild_id,))
            merged = json.loads(row["settings"])
            for key, value in changes.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            text = _json(merged, limit=MAX_SETTINGS_JSON, what="server settings")
            await db.execute("UPDATE guilds SET settings = ? WHERE guild_id = ?", (text, guild_id))
            await self._audit(db, guild_id, actor_id, "settings.update", "settings", changes, now)
            await self._note_change(db, guild_id, "settings")  # announced to the other shard processes
        return merged
