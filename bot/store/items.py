"""Quiz items: the built-in pack (global, `guild_id` NULL) and each server's own."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from typing import Any

from bot.errors import UserError
from bot.quiz.items import ITEM_ID, ITEM_ID_RULE, ITEM_STATUSES  # one id pattern and status list: the item schema's
from bot.store.base import StoreBase, _guild, _json, _ts
from bot.store.driver import Conn, integrity_errors

log = logging.getLogger(__name__)


ORIGINS = ("builtin", "generated", "moderator")

ITEM_META_KEYS = ("guild_id", "status", "origin")  # kept in columns, overlaid on read

MAX_ITEM_JSON = 20_000
MAX_IMPORT_ITEMS = 5_000

# An item's status in one server: a built-in item removed from the pack stays disabled everywhere;
# otherwise the server's own choice (guild_item_status) wins over the pack's.
_VISIBLE_ITEMS = """
    SELECT q.*,
           CASE WHEN q.guild_id IS NULL AND q.status = 'active'
                THEN COALESCE(s.status, q.status) ELSE q.status END AS eff_status
    FROM quiz_items q
    LEFT JOIN guild_item_status s
           ON q.guild_id IS NULL AND s.guild_id = :g AND s.item_id = q.item_id
    WHERE (q.guild_id = :g
           OR (q.guild_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM quiz_items o WHERE o.guild_id = :g AND o.item_id = q.item_id)))
"""


class ItemsMixin(StoreBase):
    @staticmethod
    def _validate_item(item: dict, *, need_id: bool) -> tuple[str | None, str, str, dict]:
        if not isinstance(item, dict):
            raise UserError("a quiz item must be a mapping")
        item_id = item.get("id")
        if item_id is None:
            if need_id:
                raise UserError("a quiz item has no id")
        elif not isinstance(item_id, str) or not ITEM_ID.match(item_id):
            raise UserError(f"quiz item id {str(item_id)[:80]!r} must be {ITEM_ID_RULE}")
        essay, kind = item.get("essay"), item.get("kind")
        where = f"quiz item {item_id}" if item_id else "quiz item"
        if not isinstance(essay, str) or not essay.strip() or len(essay) > 200:
            raise UserError(f"{where} needs an essay (text, at most 200 characters)")
        if not isinstance(kind, str) or not kind.strip() or len(kind) > 50:
            raise UserError(f"{where} needs a kind (text, at most 50 characters)")
        data = {k: v for k, v in item.items() if k not in ITEM_META_KEYS}
        _json(data, limit=MAX_ITEM_JSON, what=where)
        return item_id, essay, kind, data

    @staticmethod
    def _item_dict(row: sqlite3.Row) -> dict:
        data = json.loads(row["data"])
        keys = list(row.keys())
        data.update(
            id=row["item_id"],
            guild_id=row["guild_id"],
            status=row["eff_status"] if "eff_status" in keys else row["status"],
            origin=row["origin"],
            essay=row["essay"],
            kind=row["kind"],
        )
        return data

    async def _own_item(self, db: Conn, guild_id: int, item_id: str) -> sqlite3.Row | None:
        return await self._one(db, "SELECT * FROM quiz_items WHERE guild_id = ? AND item_id = ?", (guild_id, item_id))

    async def _global_item(self, db: Conn, item_id: str) -> sqlite3.Row | None:
        return await self._one(db, "SELECT * FROM quiz_items WHERE guild_id IS NULL AND item_id = ?", (item_id,))

    async def _visible_item(self, db: Conn, guild_id: int, item_id: str) -> sqlite3.Row | None:
        return await self._one(db, _VISIBLE_ITEMS + " AND q.item_id = :i", {"g": guild_id, "i": item_id})

    async def sync_builtin_items(self, items: list[dict]) -> None:
        """Make the global items match the built-in pack; items dropped from it become disabled
        (not deleted) so learners' history and cards keep their meaning."""
        checked = [self._validate_item(item, need_id=True) for item in items]
        ids = [c[0] for c in checked if c[0] is not None]  # need_id: every one has an id
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise UserError(f"built-in items repeat id(s): {', '.join(dupes[:5])}")
        now = _ts(self._now())
        async with self._tx(lock=("builtin-items",)) as db:
            existing = {r["item_id"]: r for r in await self._all(db, "SELECT * FROM quiz_items WHERE guild_id IS NULL")}
            for item_id, essay, kind, data in checked:
                text = json.dumps(data, ensure_ascii=False, sort_keys=True)
                old = existing.get(item_id)
                if old is None:
                    await db.execute(
                        "INSERT INTO quiz_items (guild_id, item_id, essay, kind, origin, status, created_by, data, "
                        "created_at, updated_at) VALUES (NULL, ?, ?, ?, 'builtin', 'active', NULL, ?, ?, ?)",
                        (item_id, essay, kind, text, now, now),
                    )
                elif (old["essay"], old["kind"], old["data"], old["status"]) != (essay, kind, text, "active"):
                    await db.execute(
                        "UPDATE quiz_items SET essay = ?, kind = ?, data = ?, status = 'active', updated_at = ? WHERE pk = ?",
                        (essay, kind, text, now, old["pk"]),
                    )
            gone = [i for i in existing if i not in set(ids) and existing[i]["status"] == "active"]
            for item_id in gone:
                await db.execute(
                    "UPDATE quiz_items SET status = 'disabled', updated_at = ? WHERE guild_id IS NULL AND item_id = ?",
                    (now, item_id),
                )
        log.info("built-in items synced: %d in pack, %d retired", len(ids), len(gone))

    async def add_item(
        self, guild_id: int, item: dict, *, actor_id: int, origin: str = "moderator", status: str = "active"
    ) -> str:
        _guild(guild_id)
        if origin not in ("generated", "moderator"):
            raise ValueError(f"origin of a server's item must be 'generated' or 'moderator', not {origin!r}")
        if status not in ITEM_STATUSES:
            raise UserError(f"status must be one of {', '.join(ITEM_STATUSES)}")
        item_id, essay, kind, data = self._validate_item(item, need_id=False)
        item_id = item_id or f"{origin[0]}-{uuid.uuid4().hex[:12]}"
        data["id"] = item_id
        now = _ts(self._now())
        async with self._tx() as db:
            await self._insert_own(db, guild_id, item_id, essay, kind, data, origin, status, actor_id, now)
            await self._audit(db, guild_id, actor_id, "item.add", item_id, {"origin": origin, "status": status}, now)
            await self._note_change(db, guild_id, "item", item_id)  # announced to the other shard processes
        return item_id

    async def _insert_own(
        self, db: Conn, guild_id: int, item_id: str, essay: str, kind: str, data: dict,
        origin: str, status: str, actor_id: int | None, now: str,
    ) -> None:
        if await self._global_item(db, item_id) is not None:
            raise UserError(f"item id {item_id} belongs to a built-in item; choose another id")
        if await self._own_item(db, guild_id, item_id) is not None:
            raise UserError(f"item {item_id} already exists in this server")
        await self._ensure_guild(db, guild_id, now)
        try:
            await db.execute(
                "INSERT INTO quiz_items (guild_id, item_id, essay, kind, origin, status, created_by, data, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, item_id, essay, kind, origin, status, actor_id,
                 json.dumps(data, ensure_ascii=False, sort_keys=True), now, now),
            )
        except integrity_errors():
            # Another process added the same id after this transaction's snapshot (PostgreSQL,
            # shard processes): the unique index refused it; the same line as the check above.
            raise UserError(f"item {item_id} already exists in this server") from None

    async def update_item(self, guild_id: int, item_id: str, item: dict, *, actor_id: int) -> None:
        _guild(guild_id)
        new_id, essay, kind, data = self._validate_item(item, need_id=False)
        if new_id is not None and new_id != item_id:
            raise UserError(f"cannot change an item's id ({item_id} -> {new_id}); add a new item instead")
        data["id"] = item_id
        now = _ts(self._now())
        async with self._tx() as db:
            await self._require_own(db, guild_id, item_id, "edited")
            await db.execute(
                "UPDATE quiz_items SET essay = ?, kind = ?, data = ?, updated_at = ? WHERE guild_id = ? AND item_id = ?",
                (essay, kind, json.dumps(data, ensure_ascii=False, sort_keys=True), now, guild_id, item_id),
            )
            await self._audit(db, guild_id, actor_id, "item.edit", item_id, None, now)
            await self._note_change(db, guild_id, "item", item_id)

    async def _require_own(self, db: Conn, guild_id: int, item_id: str, verb: str) -> sqlite3.Row:
        row = await self._own_item(db, guild_id, item_id)
        if row is not None:
            return row
        if await self._global_item(db, item_id) is not None:
            raise UserError(f"{item_id} is a built-in item and cannot be {verb}; disable it instead")
        raise UserError(f"no quiz item {item_id} in this server")

    async def set_item_status(self, guild_id: int, item_id: str, status: str, *, actor_id: int) -> None:
        _guild(guild_id)
        if status not in ITEM_STATUSES:
            raise UserError(f"status must be one of {', '.join(ITEM_STATUSES)}")
        now = _ts(self._now())
        async with self._tx() as db:
            if await self._own_item(db, guild_id, item_id) is not None:
                await db.execute(
                    "UPDATE quiz_items SET status = ?, updated_at = ? WHERE guild_id = ? AND item_id = ?",
                    (status, now, guild_id, item_id),
                )
            elif await self._global_item(db, item_id) is not None:
                await self._ensure_guild(db, guild_id, now)
                await db.execute(
                    "INSERT INTO guild_item_status (guild_id, item_id, status, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (guild_id, item_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                    (guild_id, item_id, status, now),
                )
            else:
                raise UserError(f"no quiz item {item_id} in this server")
            await self._audit(db, guild_id, actor_id, "item.status", item_id, {"status": status}, now)
            await self._note_change(db, guild_id, "item", item_id)

    async def remove_item(self, guild_id: int, item_id: str, *, actor_id: int) -> None:
        """Delete a server's own item and its review cards; past attempts stay as history."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx() as db:
            await self._require_own(db, guild_id, item_id, "removed")
            await db.execute("DELETE FROM quiz_items WHERE guild_id = ? AND item_id = ?", (guild_id, item_id))
            await db.execute("DELETE FROM srs_cards WHERE guild_id = ? AND item_id = ?", (guild_id, item_id))
            await self._audit(db, guild_id, actor_id, "item.remove", item_id, None, now)
            await self._note_change(db, guild_id, "item", item_id)

    async def import_items(self, guild_id: int, items: list[dict], *, actor_id: int, source: str) -> int:
        """Insert or replace a server's own items, all or nothing: one bad item changes nothing."""
        _guild(guild_id)
        if len(items) > MAX_IMPORT_ITEMS:
            raise UserError(f"too many items to import ({len(items)}; at most {MAX_IMPORT_ITEMS})")
        prepared = []
        for item in items:
            item_id, essay, kind, data = self._validate_item(item, need_id=False)
            origin = item.get("origin", "moderator")
            status = item.get("status", "active")
            if origin not in ("generated", "moderator"):
                raise UserError(f"quiz item {item_id}: origin must be 'generated' or 'moderator'")
            if status not in ITEM_STATUSES:
                raise UserError(f"quiz item {item_id}: status must be one of {', '.join(ITEM_STATUSES)}")
            item_id = item_id or f"{origin[0]}-{uuid.uuid4().hex[:12]}"
            data["id"] = item_id
            prepared.append((item_id, essay, kind, data, origin, status))
        ids = [p[0] for p in prepared]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise UserError(f"the import repeats item id(s): {', '.join(dupes[:5])}")
        now = _ts(self._now())
        replaced = 0
        async with self._tx() as db:
            for item_id, essay, kind, data, origin, status in prepared:
                if await self._own_item(db, guild_id, item_id) is not None:
                    replaced += 1
                    await db.execute(
                        "UPDATE quiz_items SET essay = ?, kind = ?, data = ?, origin = ?, status = ?, updated_at = ? "
                        "WHERE guild_id = ? AND item_id = ?",
                        (essay, kind, json.dumps(data, ensure_ascii=False, sort_keys=True), origin, status, now,
                         guild_id, item_id),
                    )
                else:
                    await self._insert_own(db, guild_id, item_id, essay, kind, data, origin, status, actor_id, now)
            await self._audit(
                db, guild_id, actor_id, "items.import", source,
                {"count": len(prepared), "replaced": replaced, "ids": ids[:50]}, now,
            )
            await self._note_change(db, guild_id, "item", "")  # "": several items
        return len(prepared)

    async def get_item(self, guild_id: int, item_id: str) -> dict | None:
        _guild(guild_id)
        async with self._snapshot() as db:
            row = await self._visible_item(db, guild_id, item_id)
        return self._item_dict(row) if row else None

    async def list_items(
        self, guild_id: int, *, essay: str | None = None, status: str | None = "active", include_global: bool = True
    ) -> list[dict]:
        _guild(guild_id)
        sql = _VISIBLE_ITEMS
        params: dict[str, Any] = {"g": guild_id}
        if not include_global:
            sql += " AND q.guild_id IS NOT NULL"
        if essay is not None:
            sql += " AND q.essay = :e"
            params["e"] = essay
        sql = f"SELECT * FROM ({sql}) AS v WHERE (CAST(:s AS TEXT) IS NULL OR eff_status = :s) ORDER BY guild_id IS NOT NULL, pk"
        params["s"] = status
        async with self._snapshot() as db:
            rows = await self._all(db, sql, params)
        return [self._item_dict(r) for r in rows]
