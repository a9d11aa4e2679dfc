"""Essays a server's moderators upload: the source of truth the essay index is rebuilt from.

The index (`bot/index/`) keeps chunks and vectors derived from these rows; it may be deleted at
any time. A row holds the decoded upload as given, so a rebuild parses exactly what the moderator
sent. Every change is audited in the server's log.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.errors import UserError
from bot.store.base import StoreBase, _guild, _ts
from bot.store.driver import Conn, integrity_errors

MAX_ESSAY_TEXT = 2_000_000  # characters; the upload itself is bounded in bytes before this
ESSAY_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
_LISTED = "guild_id, slug, filename, title, content_hash, added_by, added_at, updated_at"


def _check(slug: str, filename: str, title: str, text: str) -> None:
    if not isinstance(slug, str) or not ESSAY_SLUG.match(slug):
        raise ValueError(f"essay id must be 1-100 lowercase letters, digits or '-', not {slug!r}")
    if not filename or len(filename) > 200:
        raise UserError("the essay's file name must be 1-200 characters")
    if not title or len(title) > 500:
        raise UserError("the essay's title must be 1-500 characters")
    if not text or len(text) > MAX_ESSAY_TEXT:
        raise UserError(f"the essay's text must be 1-{MAX_ESSAY_TEXT:,} characters")


class EssaysMixin(StoreBase):
    async def _essay_row(self, db: Conn, guild_id: int, slug: str) -> dict | None:
        row = await self._one(db, "SELECT * FROM essays WHERE guild_id = ? AND slug = ?", (guild_id, slug))
        return dict(row) if row else None

    async def _write_essay(self, db: Conn, record: dict) -> None:
        try:
            await db.execute(
                "INSERT INTO essays (guild_id, slug, filename, title, source_text, content_hash, added_by, added_at, "
                "updated_at) VALUES (:guild_id, :slug, :filename, :title, :source_text, :content_hash, :added_by, "
                ":added_at, :updated_at) ON CONFLICT (guild_id, slug) DO UPDATE SET filename = excluded.filename, "
                "title = excluded.title, source_text = excluded.source_text, content_hash = excluded.content_hash, "
                "updated_at = excluded.updated_at",  # added_by/added_at stay the first upload's
                record,
            )
        except integrity_errors():  # essays_slug: the id is another server's essay
            raise UserError(f"the essay id '{record['slug']}' is already used by another server's essay") from None

    async def save_essay(
        self, guild_id: int, slug: str, *, filename: str, title: str, text: str, content_hash: str, actor_id: int | None,
    ) -> dict | None:
        """Add or replace a server's essay, committed on return; returns the row it replaced (with
        its text) so a caller whose next step fails can put it back with `undo_essay_save`."""
        _guild(guild_id)
        _check(slug, filename, title, text)
        now = _ts(self._now())
        async with self._tx() as db:
            await self._ensure_guild(db, guild_id, now)
            previous = await self._essay_row(db, guild_id, slug)
            await self._write_essay(db, {
                "guild_id": guild_id, "slug": slug, "filename": filename, "title": title, "source_text": text,
                "content_hash": content_hash, "added_by": actor_id, "added_at": now, "updated_at": now,
            })
            await self._audit(db, guild_id, actor_id, "essay.add", slug,
                              {"title": title[:200], "filename": filename, "replaced": previous is not None}, now)
            await self._note_change(db, guild_id, "essay", slug)  # other processes reload this server's essays
        return previous

    async def undo_essay_save(self, guild_id: int, slug: str, previous: dict | None, *, actor_id: int | None,
                              reason: str) -> None:
        """Put back what `save_essay` replaced (or remove what it added) after a later step failed."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx() as db:
            if previous is None:
                await db.execute("DELETE FROM essays WHERE guild_id = ? AND slug = ?", (guild_id, slug))
            else:
                await self._write_essay(db, {**previous, "guild_id": guild_id, "slug": slug})
            await self._audit(db, guild_id, actor_id, "essay.add_undone", slug, {"reason": reason[:200]}, now)
            await self._note_change(db, guild_id, "essay", slug)

    async def adopt_essay(
        self, guild_id: int, slug: str, *, filename: str, title: str, text: str, content_hash: str,
        added_by: int | None, added_at: dt.datetime,
    ) -> bool:
        """Take in an essay that an older tutorbot kept only in the index; False if already here."""
        _guild(guild_id)
        _check(slug, filename, title, text)
        now = _ts(self._now())
        async with self._tx() as db:
            if await self._essay_row(db, guild_id, slug) is not None:
                return False
            await self._ensure_guild(db, guild_id, now)
            await self._write_essay(db, {
                "guild_id": guild_id, "slug": slug, "filename": filename, "title": title, "source_text": text,
                "content_hash": content_hash, "added_by": added_by, "added_at": _ts(added_at), "updated_at": now,
            })
            await self._audit(db, guild_id, None, "essay.adopt", slug, {"title": title[:200], "from": "index.sqlite"}, now)
            await self._note_change(db, guild_id, "essay", slug)
        return True

    async def delete_essay(self, guild_id: int, slug: str, *, actor_id: int | None) -> bool:
        """Remove a server's essay (audited); False when the server has no essay by that id."""
        _guild(guild_id)
        now = _ts(self._now())
        async with self._tx() as db:
            previous = await self._essay_row(db, guild_id, slug)
            if previous is None:
                return False
            await db.execute("DELETE FROM essays WHERE guild_id = ? AND slug = ?", (guild_id, slug))
            await self._audit(db, guild_id, actor_id, "essay.remove", slug,
                              {"title": previous["title"][:200], "filename": previous["filename"]}, now)
            await self._note_change(db, guild_id, "essay", slug)
        return True

    async def get_essay(self, guild_id: int, slug: str) -> dict | None:
        """One of the server's essays with its text (`source_text`)."""
        _guild(guild_id)
        async with self._snapshot() as db:
            return await self._essay_row(db, guild_id, slug)

    async def list_essays(self, guild_id: int, *, with_text: bool = False) -> list[dict]:
        """The server's essays, oldest first; `with_text` adds `source_text` (for a rebuild)."""
        _guild(guild_id)
        columns = _LISTED + (", source_text" if with_text else "")
        async with self._snapshot() as db:
            rows = await self._all(
                db, f"SELECT {columns} FROM essays WHERE guild_id = ? ORDER BY added_at, slug", (guild_id,)
            )
        return [dict(r) for r in rows]

    async def essay_guilds(self) -> list[int]:
        """The scopes that have essays of their own (a rebuild reads each with `list_essays`)."""
        async with self._snapshot() as db:
            rows = await self._all(db, "SELECT DISTINCT guild_id FROM essays ORDER BY guild_id")
        return [r["guild_id"] for r in rows]

