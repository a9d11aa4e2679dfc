"""The progress store: the only code that reads or writes `tutor.sqlite`.

One aiosqlite connection per `Store`, in autocommit mode with explicit `BEGIN IMMEDIATE ...
COMMIT` around every write, serialised by an asyncio lock: aiosqlite runs statements of all
tasks on one thread, so without the lock two tasks' transactions would interleave. A method that
returns after a write has committed it (WAL, `synchronous=FULL`), so an adapter that tells a
learner "saved" after `record_attempt` returns can never be contradicted by a crash.

Scopes: every query on server data filters by `guild_id`; 0 is the direct-message scope and a
`quiz_items.guild_id` of NULL marks a built-in item visible everywhere. A person is referred to in
audit targets as `user:<id>`, so exports and deletions can find those rows.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import re
import sqlite3
import uuid
from collections import defaultdict
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Iterable

import aiosqlite

from bot.clock import Clock, SystemClock
from bot.errors import ConfigError, UserError
from bot.progress import stats as st
from bot.progress.srs import CardState, Srs, rating_for
from bot.store.schema import LATEST_VERSION, migrate, schema_version

log = logging.getLogger(__name__)

ORIGINS = ("builtin", "generated", "moderator")
ITEM_STATUSES = ("active", "disabled", "pending")
SESSION_END_STATUSES = ("finished", "cancelled", "abandoned")
ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
SESSION_KIND = re.compile(r"^[a-z][a-z_]{0,19}$")
ITEM_META_KEYS = ("guild_id", "status", "origin")  # kept in columns, overlaid on read

MAX_ITEM_JSON = 20_000
MAX_IMPORT_ITEMS = 5_000
MAX_SETTINGS_JSON = 16_000
MAX_AUDIT_JSON = 8_000
MAX_TEXT = 10_000          # questions and answers of the tutor
MAX_QUIZ_ANSWER = 2_000    # a learner's typed quiz answer is kept up to this many characters
RECENT_ATTEMPTS = 10
DEFAULT_MIN_ACCURACY_ATTEMPTS = 10

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
    "audit_log": ("actor_id", "target"),
}
IMPERSONAL_TABLES = ("schema_migrations", "guilds", "guild_item_status", "session_messages")


def _ts(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: the store keeps timezone-aware UTC only")
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def _dt(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _json(value: Any, *, limit: int, what: str) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        raise UserError(f"{what} must be plain JSON data (text, numbers, lists, mappings)") from None
    if len(text) > limit:
        raise UserError(f"{what} is too large ({len(text)} characters; at most {limit})")
    return text


class StoreUnavailable(UserError):
    """The progress database refused a write for a reason outside the bot (locked, read-only, full)."""


_UNAVAILABLE = (
    (("locked", "busy"), "the progress database is busy (another program is using it); nothing was saved, try again in a moment"),
    (("readonly", "read-only"), "the progress database is read-only; nothing was saved (the operator must fix its file permissions)"),
    (("full",), "the progress database has run out of disk space; nothing was saved (the operator must free space)"),
)


def _raise_unavailable(exc: sqlite3.OperationalError) -> None:
    """Raise the specific line for a database the bot cannot write to; other errors: return."""
    text = str(exc).lower()
    for needles, message in _UNAVAILABLE:
        if any(n in text for n in needles):
            log.error("progress database write failed: %s", exc)
            raise StoreUnavailable(message) from exc


def _guild(guild_id: int) -> int:
    if isinstance(guild_id, bool) or not isinstance(guild_id, int) or guild_id < 0:
        raise ValueError(f"guild_id must be an int >= 0 (0 = direct messages), not {guild_id!r}")
    return guild_id


def _user(user_id: int) -> int:
    if isinstance(user_id, bool) or not isinstance(user_id, int) or user_id <= 0:
        raise ValueError(f"user id must be a positive int, not {user_id!r}")
    return user_id


def _card_from_row(row: sqlite3.Row | dict) -> CardState:
    return CardState(
        state=row["state"],
        step=row["step"],
        stability=row["stability"],
        difficulty=row["difficulty"],
        due=_dt(row["due"]),  # type: ignore[arg-type]
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


class Store:
    def __init__(self, db: aiosqlite.Connection, path: Path, clock: Clock, srs: Srs):
        self._db = db
        self.path = path
        self.clock = clock
        self.srs = srs
        self._lock = asyncio.Lock()
        self._closed = False

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    async def open(
        cls, path: Path, *, clock: Clock | None = None, srs: Srs | None = None, busy_timeout_ms: int = 10_000
    ) -> "Store":
        """Open (creating if needed) and migrate; a newer-schema or non-SQLite file is a ConfigError."""
        clock = clock or SystemClock()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(path, isolation_level=None)
        try:
            db.row_factory = aiosqlite.Row
            await db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            async with db.execute("PRAGMA journal_mode = WAL") as cur:
                mode = (await cur.fetchone())[0]
            if str(mode).lower() != "wal":
                log.warning("%s: journal mode is %s, not WAL", path, mode)
            await db.execute("PRAGMA foreign_keys = ON")
            # FULL: a commit survives power loss too, not only a killed process. Writes are few.
            await db.execute("PRAGMA synchronous = FULL")
            await migrate(db, where=str(path), now=clock.now())
        except sqlite3.DatabaseError as exc:
            await db.close()
            raise ConfigError(f"{path} is not a usable progress database: {exc}") from None
        except BaseException:
            await db.close()
            raise
        log.info("progress store open at %s (schema %d)", path, LATEST_VERSION)
        return cls(db, path, clock, srs or Srs())

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        async with self._lock:
            await self._db.close()

    async def __aenter__(self) -> "Store":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ plumbing

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; committed before the block's caller gets control back.

        A database that is locked by another program, read-only or out of space surfaces as a
        `StoreUnavailable` (a UserError: adapters show its line) after a rollback, so nothing is
        half-written and nothing claims to be saved."""
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                _raise_unavailable(exc)
                raise
            try:
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException as exc:
                try:
                    await self._db.execute("ROLLBACK")
                except sqlite3.Error as rollback_exc:  # SQLite may already have rolled back (e.g. disk full)
                    log.debug("rollback after %r: %s", exc, rollback_exc)
                if isinstance(exc, sqlite3.OperationalError):
                    _raise_unavailable(exc)
                raise

    @asynccontextmanager
    async def _snapshot(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read transaction, so a multi-query report sees one consistent state."""
        async with self._lock:
            await self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                await self._db.execute("COMMIT")

    @staticmethod
    async def _all(db: aiosqlite.Connection, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        async with db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    @staticmethod
    async def _one(db: aiosqlite.Connection, sql: str, params: Any = ()) -> sqlite3.Row | None:
        async with db.execute(sql, params) as cur:
            return await cur.fetchone()

    def _now(self) -> dt.datetime:
        return self.clock.now().astimezone(dt.timezone.utc)

    async def _ensure_guild(self, db: aiosqlite.Connection, guild_id: int, now: str) -> None:
        await db.execute(
            "INSERT INTO guilds (guild_id, created_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING",
            (guild_id, now),
        )

    async def _ensure_learner(self, db: aiosqlite.Connection, guild_id: int, user_id: int, now: str) -> None:
        await self._ensure_guild(db, guild_id, now)
        await db.execute(
            "INSERT INTO learners (guild_id, user_id, first_seen, last_seen) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (guild_id, user_id) DO UPDATE SET last_seen = excluded.last_seen",
            (guild_id, user_id, now, now),
        )

    async def _audit(
        self, db: aiosqlite.Connection, guild_id: int, actor_id: int | None, action: str, target: str,
        details: dict | None, now: str,
    ) -> None:
        if not action or len(action) > 64:
            raise ValueError("audit action must be 1-64 characters")
        await db.execute(
            "INSERT INTO audit_log (guild_id, actor_id, action, target, details, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (guild_id, actor_id, action, str(target)[:200], _json(details or {}, limit=MAX_AUDIT_JSON, what="audit details"), now),
        )

    # ------------------------------------------------------------------ tutor answers

    async def record_answer(
        self, guild_id: int, user_id: int, channel_id: int, question: str, answer: str,
        citations: list[dict], abstained: bool, latency_ms: float,
    ) -> int:
        _guild(guild_id), _user(user_id)
        now = _ts(self._now())
        cites = _json(list(citations), limit=MAX_TEXT * 2, what="citations")
        async with self._tx() as db:
            await self._ensure_learner(db, guild_id, user_id, now)
            cur = await db.execute(
                "INSERT INTO answers (guild_id, user_id, channel_id, question, answer, citations, abstained, "
                "latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, user_id, int(channel_id), question[:MAX_TEXT], answer[:MAX_TEXT], cites,
                 int(bool(abstained)), float(latency_ms), now),
            )
            return int(cur.lastrowid)

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

    # ------------------------------------------------------------------ quiz items

    @staticmethod
    def _validate_item(item: dict, *, need_id: bool) -> tuple[str | None, str, str, dict]:
        if not isinstance(item, dict):
            raise UserError("a quiz item must be a mapping")
        item_id = item.get("id")
        if item_id is None:
            if need_id:
                raise UserError("a quiz item has no id")
        elif not isinstance(item_id, str) or not ITEM_ID.match(item_id):
            raise UserError(f"quiz item id {str(item_id)[:80]!r} must be 1-64 letters, digits, '_', '.', ':' or '-'")
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
        keys = row.keys()
        data.update(
            id=row["item_id"],
            guild_id=row["guild_id"],
            status=row["eff_status"] if "eff_status" in keys else row["status"],
            origin=row["origin"],
            essay=row["essay"],
            kind=row["kind"],
        )
        return data

    async def _own_item(self, db: aiosqlite.Connection, guild_id: int, item_id: str) -> sqlite3.Row | None:
        return await self._one(db, "SELECT * FROM quiz_items WHERE guild_id = ? AND item_id = ?", (guild_id, item_id))

    async def _global_item(self, db: aiosqlite.Connection, item_id: str) -> sqlite3.Row | None:
        return await self._one(db, "SELECT * FROM quiz_items WHERE guild_id IS NULL AND item_id = ?", (item_id,))

    async def _visible_item(self, db: aiosqlite.Connection, guild_id: int, item_id: str) -> sqlite3.Row | None:
        return await self._one(db, _VISIBLE_ITEMS + " AND q.item_id = :i", {"g": guild_id, "i": item_id})

    async def sync_builtin_items(self, items: list[dict]) -> None:
        """Make the global items match the built-in pack; items dropped from it become disabled
        (not deleted) so learners' history and cards keep their meaning."""
        checked = [self._validate_item(item, need_id=True) for item in items]
        ids = [c[0] for c in checked]
        if len(set(ids)) != len(ids):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise UserError(f"built-in items repeat id(s): {', '.join(dupes[:5])}")
        now = _ts(self._now())
        async with self._tx() as db:
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
        return item_id

    async def _insert_own(
        self, db: aiosqlite.Connection, guild_id: int, item_id: str, essay: str, kind: str, data: dict,
        origin: str, status: str, actor_id: int | None, now: str,
    ) -> None:
        if await self._global_item(db, item_id) is not None:
            raise UserError(f"item id {item_id} belongs to a built-in item; choose another id")
        if await self._own_item(db, guild_id, item_id) is not None:
            raise UserError(f"item {item_id} already exists in this server")
        await self._ensure_guild(db, guild_id, now)
        await db.execute(
            "INSERT INTO quiz_items (guild_id, item_id, essay, kind, origin, status, created_by, data, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (guild_id, item_id, essay, kind, origin, status, actor_id,
             json.dumps(data, ensure_ascii=False, sort_keys=True), now, now),
        )

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

    async def _require_own(self, db: aiosqlite.Connection, guild_id: int, item_id: str, verb: str) -> sqlite3.Row:
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

    async def remove_item(self, guild_id: int, item_id: str, *, actor_id: int) -> None:
        """Delete a server's own item and its review cards; past attempts stay as history."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx() as db:
            await self._require_own(db, guild_id, item_id, "removed")
            await db.execute("DELETE FROM quiz_items WHERE guild_id = ? AND item_id = ?", (guild_id, item_id))
            await db.execute("DELETE FROM srs_cards WHERE guild_id = ? AND item_id = ?", (guild_id, item_id))
            await self._audit(db, guild_id, actor_id, "item.remove", item_id, None, now)

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
        sql = f"SELECT * FROM ({sql}) WHERE (:s IS NULL OR eff_status = :s) ORDER BY guild_id IS NOT NULL, pk"
        params["s"] = status
        async with self._snapshot() as db:
            rows = await self._all(db, sql, params)
        return [self._item_dict(r) for r in rows]

    # ------------------------------------------------------------------ quiz sessions

    async def start_session(
        self, guild_id: int, channel_id: int | None, kind: str, started_by: int, settings: dict
    ) -> int:
        _guild(guild_id), _user(started_by)
        if not SESSION_KIND.match(kind):
            raise ValueError(f"session kind must be a short lowercase word, not {kind!r}")
        text = _json(settings, limit=MAX_SETTINGS_JSON, what="session settings")
        now = _ts(self._now())
        async with self._tx() as db:
            if kind == "group":
                busy = await self._one(
                    db,
                    "SELECT id FROM quiz_sessions WHERE guild_id = ? AND channel_id IS ? AND kind = 'group' "
                    "AND status = 'active'",
                    (guild_id, channel_id),
                )
                if busy is not None:
                    raise UserError("a group quiz is already running in this channel; wait for it to end")
            await self._ensure_learner(db, guild_id, started_by, now)
            cur = await db.execute(
                "INSERT INTO quiz_sessions (guild_id, channel_id, kind, started_by, settings, status, started_at) "
                "VALUES (?, ?, ?, ?, ?, 'active', ?)",
                (guild_id, channel_id, kind, started_by, text, now),
            )
            return int(cur.lastrowid)

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

    async def close_stale_sessions(self) -> int:
        """At start-up no session can still be running: anything 'active' was cut off by a crash."""
        now = _ts(self._now())
        async with self._tx() as db:
            cur = await db.execute(
                "UPDATE quiz_sessions SET status = 'abandoned', ended_at = ? WHERE status = 'active'", (now,)
            )
            count = cur.rowcount
        if count:
            log.warning("marked %d quiz session(s) left active by a previous run as abandoned", count)
        return count

    async def add_session_message(self, guild_id: int, session_id: int, channel_id: int, message_id: int) -> None:
        """Remember a message that shows an open question of a running session (its answer
        buttons), so `interrupted_sessions` can find it if the process dies before it closes."""
        _guild(guild_id)
        async with self._tx() as db:
            await db.execute(
                "INSERT OR IGNORE INTO session_messages (session_id, guild_id, channel_id, message_id) "
                "SELECT id, guild_id, ?, ? FROM quiz_sessions WHERE id = ? AND guild_id = ?",
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

    async def interrupted_sessions(self) -> list[dict]:
        """Sessions a crash cut off (marked abandoned at start-up) whose open question's messages
        are still on record, each with its scores so far (points, right answers, answers)."""
        async with self._snapshot() as db:
            rows = await self._all(
                db,
                "SELECT m.session_id, m.guild_id, m.channel_id, m.message_id, s.started_by FROM session_messages m "
                "JOIN quiz_sessions s ON s.id = m.session_id AND s.guild_id = m.guild_id "
                "WHERE s.status = 'abandoned' ORDER BY m.session_id, m.message_id",
            )
            out: dict[int, dict] = {}
            for r in rows:
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

    # ------------------------------------------------------------------ attempts and spaced repetition

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
        async with self._tx() as db:
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
            cur = await db.execute(
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
            return int(cur.lastrowid)

    async def _cards(self, db: aiosqlite.Connection, guild_id: int, user_id: int) -> list[sqlite3.Row]:
        """The learner's cards for items still active in this server (a disabled item is not reviewed)."""
        return await self._all(
            db,
            f"SELECT c.*, v.essay AS item_essay FROM srs_cards c JOIN ({_VISIBLE_ITEMS}) v "
            "ON v.item_id = c.item_id AND v.eff_status = 'active' "
            "WHERE c.guild_id = :g AND c.user_id = :u ORDER BY c.due, c.item_id",
            {"g": guild_id, "u": user_id},
        )

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

    # ------------------------------------------------------------------ progress and stats

    async def learner_progress(self, guild_id: int, user_id: int) -> st.LearnerProgress:
        _guild(guild_id), _user(user_id)
        moment = self._now()
        async with self._snapshot() as db:
            asked = await self._one(
                db, "SELECT COUNT(*) AS n, MAX(created_at) AS last FROM answers WHERE guild_id = ? AND user_id = ?",
                (guild_id, user_id),
            )
            attempts = await self._all(
                db, "SELECT item_id, essay, correct, points, created_at FROM attempts "
                "WHERE guild_id = ? AND user_id = ? ORDER BY id", (guild_id, user_id),
            )
            day_rows = await self._all(
                db, "SELECT substr(created_at, 1, 10) AS day FROM attempts WHERE guild_id = :g AND user_id = :u "
                "UNION SELECT substr(created_at, 1, 10) FROM answers WHERE guild_id = :g AND user_id = :u",
                {"g": guild_id, "u": user_id},
            )
            cards = await self._cards(db, guild_id, user_id)
            totals = await self._all(
                db, f"SELECT essay, COUNT(*) AS n FROM ({_VISIBLE_ITEMS}) WHERE eff_status = 'active' GROUP BY essay",
                {"g": guild_id},
            )
        per_essay: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for a in attempts:
            per_essay[a["essay"]][0] += 1
            per_essay[a["essay"]][1] += a["correct"]
        retr: dict[str, list[float]] = defaultdict(list)
        due_now, next_due = 0, None
        for row in cards:
            card = _card_from_row(row)
            retr[row["item_essay"]].append(self.srs.retrievability(card, moment))
            if card.due <= moment:
                due_now += 1
            elif next_due is None or card.due < next_due:
                next_due = card.due
        total_by_essay = {r["essay"]: r["n"] for r in totals}
        essays = []
        for essay in sorted(set(per_essay) | set(total_by_essay) | set(retr)):
            n, ok = per_essay.get(essay, (0, 0))
            mean_r, coverage, mastery = st.mastery(retr.get(essay, []), total_by_essay.get(essay, 0))
            essays.append(st.EssayProgress(
                essay=essay, attempts=n, correct=ok, accuracy=st.accuracy(ok, n),
                items_total=total_by_essay.get(essay, 0), items_seen=len(retr.get(essay, [])),
                retrievability=mean_r, coverage=coverage, mastery=mastery,
            ))
        days = [dt.date.fromisoformat(r["day"]) for r in day_rows]
        day_cur, day_best = st.day_streaks(days, moment.date())
        ans_cur, ans_best = st.answer_streaks([bool(a["correct"]) for a in attempts])
        correct = sum(a["correct"] for a in attempts)
        last = max(filter(None, [asked["last"], attempts[-1]["created_at"] if attempts else None]), default=None)
        recent = [
            st.RecentAttempt(a["item_id"], a["essay"], bool(a["correct"]), a["points"], _dt(a["created_at"]))  # type: ignore[arg-type]
            for a in reversed(attempts[-RECENT_ATTEMPTS:])
        ]
        return st.LearnerProgress(
            guild_id=guild_id, user_id=user_id, questions_asked=asked["n"], attempts=len(attempts),
            correct=correct, accuracy=st.accuracy(correct, len(attempts)),
            points=sum(a["points"] for a in attempts), day_streak=day_cur, best_day_streak=day_best,
            answer_streak=ans_cur, best_answer_streak=ans_best, due_now=due_now, next_due=next_due,
            last_active=_dt(last), essays=essays, recent=recent,
        )

    async def leaderboard(
        self, guild_id: int, *, by: str = "points", limit: int = 10, min_attempts: int = DEFAULT_MIN_ACCURACY_ATTEMPTS
    ) -> list[st.LeaderRow]:
        """Only learners who share their progress appear (see `set_share_progress`)."""
        _guild(guild_id)
        if by not in st.LEADERBOARD_KINDS:
            raise UserError(f"leaderboard by {by!r}? choose one of {', '.join(st.LEADERBOARD_KINDS)}")
        today = self._now().date()
        async with self._snapshot() as db:
            totals = await self._all(
                db,
                "SELECT l.user_id, COUNT(a.id) AS attempts, COALESCE(SUM(a.correct), 0) AS correct, "
                "COALESCE(SUM(a.points), 0) AS points FROM learners l "
                "LEFT JOIN attempts a ON a.guild_id = l.guild_id AND a.user_id = l.user_id "
                "WHERE l.guild_id = ? AND l.share_progress = 1 GROUP BY l.user_id",
                (guild_id,),
            )
            day_rows = await self._all(
                db,
                "SELECT user_id, substr(created_at, 1, 10) AS day FROM attempts WHERE guild_id = :g "
                "UNION SELECT user_id, substr(created_at, 1, 10) FROM answers WHERE guild_id = :g",
                {"g": guild_id},
            )
        days: dict[int, list[dt.date]] = defaultdict(list)
        for r in day_rows:
            days[r["user_id"]].append(dt.date.fromisoformat(r["day"]))
        rows = []
        for t in totals:
            cur, best = st.day_streaks(days.get(t["user_id"], []), today)
            rows.append({**dict(t), "day_streak": cur, "best_day_streak": best})
        return st.rank_rows(rows, by, min_attempts=max(1, min_attempts))[: max(0, limit)]

    async def most_missed(self, guild_id: int, *, limit: int = 10) -> list[st.MissedItem]:
        _guild(guild_id)
        async with self._snapshot() as db:
            rows = await self._all(
                db,
                "SELECT item_id, MAX(essay) AS essay, COUNT(*) AS attempts, SUM(1 - correct) AS wrong "
                "FROM attempts WHERE guild_id = ? GROUP BY item_id HAVING wrong > 0 "
                "ORDER BY wrong DESC, CAST(wrong AS REAL) / attempts DESC, item_id LIMIT ?",
                (guild_id, max(0, int(limit))),
            )
            items = {}
            for r in rows:
                found = await self._visible_item(db, guild_id, r["item_id"])
                items[r["item_id"]] = self._item_dict(found) if found else None
        return [
            st.MissedItem(r["item_id"], r["essay"], r["attempts"], r["wrong"], r["wrong"] / r["attempts"], items[r["item_id"]])
            for r in rows
        ]

    async def progress_history(self, guild_id: int, user_id: int) -> list[st.HistoryPoint]:
        """Per active day and essay: that day's accuracy and the mastery at the day's end (UTC),
        replaying the card stored with each attempt; item totals are today's."""
        _guild(guild_id), _user(user_id)
        moment = self._now()
        async with self._snapshot() as db:
            attempts = await self._all(
                db, "SELECT item_id, essay, correct, card_after, created_at FROM attempts "
                "WHERE guild_id = ? AND user_id = ? ORDER BY id", (guild_id, user_id),
            )
            totals = await self._all(
                db, f"SELECT essay, COUNT(*) AS n FROM ({_VISIBLE_ITEMS}) WHERE eff_status = 'active' GROUP BY essay",
                {"g": guild_id},
            )
        total_by_essay = {r["essay"]: r["n"] for r in totals}
        by_day: dict[dt.date, list[sqlite3.Row]] = defaultdict(list)
        for a in attempts:
            by_day[dt.date.fromisoformat(a["created_at"][:10])].append(a)
        latest: dict[str, tuple[str, CardState]] = {}
        points = []
        for day in sorted(by_day):
            counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for a in by_day[day]:
                counts[a["essay"]][0] += 1
                counts[a["essay"]][1] += a["correct"]
                latest[a["item_id"]] = (a["essay"], _card_from_row(json.loads(a["card_after"])))
            end = min(moment, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.timezone.utc))
            retr: dict[str, list[float]] = defaultdict(list)
            for essay, card in latest.values():
                retr[essay].append(self.srs.retrievability(card, end))
            for essay in sorted(retr):
                n, ok = counts.get(essay, (0, 0))
                total = max(total_by_essay.get(essay, 0), len(retr[essay]))
                points.append(st.HistoryPoint(day, essay, n, ok, st.accuracy(ok, n), st.mastery(retr[essay], total)[2]))
        return points

    # ------------------------------------------------------------------ settings and privacy

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
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, now)
            row = await self._one(db, "SELECT settings FROM guilds WHERE guild_id = ?", (guild_id,))
            merged = json.loads(row["settings"])
            for key, value in changes.items():
                if value is None:
                    merged.pop(key, None)
                else:
                    merged[key] = value
            text = _json(merged, limit=MAX_SETTINGS_JSON, what="server settings")
            await db.execute("UPDATE guilds SET settings = ? WHERE guild_id = ?", (text, guild_id))
            await self._audit(db, guild_id, actor_id, "settings.update", "settings", changes, now)
        return merged

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
            await run("audit_log", "DELETE FROM audit_log WHERE target = :t")
            await run("audit_log_anonymised", "UPDATE audit_log SET actor_id = NULL WHERE actor_id = :u")
            await run("learners", "DELETE FROM learners WHERE user_id = :u")
            for guild_id in guilds:
                await self._audit(db, guild_id, None, "user.data_deleted", "", {"counts": counts}, now)
        log.info("deleted a learner's data from %d scope(s)", len(guilds))
        return counts

    # ------------------------------------------------------------------ audit

    async def audit(self, guild_id: int, actor_id: int, action: str, target: str, details: dict | None = None) -> None:
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

    # ------------------------------------------------------------------ maintenance

    async def backup(self, dest: Path) -> None:
        """SQLite online backup to `dest` (written beside it first, then renamed into place), safe
        while the bot runs: readers and writers of other connections are not blocked for long."""
        dest = Path(dest).expanduser()
        if not dest.parent.is_dir():
            raise UserError(f"backup folder does not exist: {dest.parent}")
        if dest.exists() and dest.resolve() == self.path.resolve():
            raise UserError("the backup must go to another file than the live database")
        tmp = dest.with_name(dest.name + ".partial")
        if tmp.exists():
            tmp.unlink()
        target = sqlite3.connect(tmp, check_same_thread=False)  # used from aiosqlite's thread
        try:
            async with self._lock:
                await self._db.backup(target)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        if result != "ok":
            tmp.unlink(missing_ok=True)
            raise UserError(f"backup failed its integrity check: {result}")
        await asyncio.to_thread(os.replace, tmp, dest)
        log.info("backed up %s to %s", self.path, dest)

    async def check(self) -> dict:
        async with self._lock:
            integrity = [r[0] for r in await self._all(self._db, "PRAGMA integrity_check")]
            fk = await self._all(self._db, "PRAGMA foreign_key_check")
            mode = (await self._one(self._db, "PRAGMA journal_mode"))[0]
            version = await schema_version(self._db)
            counts = {}
            for table in (*PERSONAL_COLUMNS, *IMPERSONAL_TABLES):
                counts[table] = (await self._one(self._db, f"SELECT COUNT(*) FROM {table}"))[0]
        ok = integrity == ["ok"] and not fk and version == LATEST_VERSION
        return {
            "ok": ok,
            "path": str(self.path),
            "integrity": integrity[:20],
            "foreign_key_violations": len(fk),
            "schema_version": version,
            "latest_version": LATEST_VERSION,
            "journal_mode": mode,
            "rows": counts,
        }

    async def tables(self) -> list[str]:
        """Names of the tables in the database (for tests that every table is accounted for)."""
        async with self._lock:
            rows = await self._all(self._db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [r[0] for r in rows]
