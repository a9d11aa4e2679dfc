"""Maintenance: online backup, integrity check and the table list (SQLite-specific)."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from pathlib import Path

from bot.errors import UserError
from bot.store.base import StoreBase
from bot.store.privacy import IMPERSONAL_TABLES, PERSONAL_COLUMNS
from bot.store.schema import LATEST_VERSION, schema_version

log = logging.getLogger(__name__)


class MaintenanceMixin(StoreBase):
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
