"""Maintenance: online backup, integrity check and the table list.

SQLite: the online backup API and PRAGMA checks. PostgreSQL: `pg_dump -Fc` (the server's own
consistent snapshot, restorable with `pg_restore`), row counts and the schema version; the
server enforces foreign keys itself and has no file-level integrity check to run."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from pathlib import Path

from bot.errors import UserError
from bot.store.base import StoreBase
from bot.store.driver import cli_target
from bot.store.pg_cluster import find_tool
from bot.store.privacy import IMPERSONAL_TABLES, PERSONAL_COLUMNS
from bot.store.schema import LATEST_VERSION, schema_version

log = logging.getLogger(__name__)


class MaintenanceMixin(StoreBase):
    async def backup(self, dest: Path) -> None:
        """SQLite online backup (PostgreSQL: see `_pg_backup`) to `dest` (written beside it first, then renamed into place), safe
        while the bot runs: readers and writers of other connections are not blocked for long."""
        dest = Path(dest).expanduser()
        if not dest.parent.is_dir():
            raise UserError(f"backup folder does not exist: {dest.parent}")
        if self.path is not None and dest.exists() and dest.resolve() == self.path.resolve():
            raise UserError("the backup must go to another file than the live database")
        tmp = dest.with_name(dest.name + ".partial")
        if tmp.exists():
            tmp.unlink()
        if self.dialect == "postgresql":
            await self._pg_backup(dest, tmp)
            return
        target = sqlite3.connect(tmp, check_same_thread=False)  # used from aiosqlite's thread
        try:
            async with self._lock:
                await self._sqlite.backup(target)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
        if result != "ok":
            tmp.unlink(missing_ok=True)
            raise UserError(f"backup failed its integrity check: {result}")
        await asyncio.to_thread(os.replace, tmp, dest)
        log.info("backed up %s to %s", self.path, dest)

    async def _pg_backup(self, dest: Path, tmp: Path) -> None:
        """`pg_dump -Fc` into `tmp`, listed back with `pg_restore -l` (a truncated or foreign file
        fails that), then renamed into place."""
        pg_dump, pg_restore = find_tool("pg_dump"), find_tool("pg_restore")
        if not pg_dump or not pg_restore:
            raise UserError("pg_dump/pg_restore not found: install the PostgreSQL client tools (postgresql-client)")
        if self.url is None:  # only a PostgreSQL store (opened from its URL) comes here
            raise RuntimeError("pg_dump needs the store's URL")
        dbname, env = cli_target(self.url)  # the password goes in the environment, not the command line
        code, _, err = await run_tool(pg_dump, "-Fc", "--no-owner", "-f", str(tmp), "--dbname", dbname, env=env)
        if code != 0:
            tmp.unlink(missing_ok=True)
            raise UserError(f"pg_dump failed: {err.strip()[-300:]}")
        code, listing, err = await run_tool(pg_restore, "-l", str(tmp))
        if code != 0 or "TABLE DATA" not in listing:
            tmp.unlink(missing_ok=True)
            raise UserError(f"the dump failed its check (pg_restore -l): {err.strip()[-300:]}")
        await asyncio.to_thread(os.replace, tmp, dest)
        log.info("backed up %s to %s (pg_dump custom format)", self.where, dest)

    async def _pg_check(self) -> dict:
        async with self._snapshot() as db:
            version = int((await db.one("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"))["v"])
            counts = {}
            for table in (*PERSONAL_COLUMNS, *IMPERSONAL_TABLES):
                counts[table] = (await db.one(f"SELECT COUNT(*) AS n FROM {table}"))["n"]
        return {
            "ok": version == LATEST_VERSION, "path": self.where, "integrity": ["ok"], "foreign_key_violations": 0,
            "schema_version": version, "latest_version": LATEST_VERSION, "journal_mode": "postgresql", "rows": counts,
        }

    async def check(self) -> dict:
        if self.dialect == "postgresql":
            return await self._pg_check()
        async with self._lock:
            integrity = [r[0] for r in await self._all(self._sqlite, "PRAGMA integrity_check")]
            fk = await self._all(self._sqlite, "PRAGMA foreign_key_check")
            mode = (await self._row(self._sqlite, "PRAGMA journal_mode"))[0]
            version = await schema_version(self._sqlite)
            counts = {}
            for table in (*PERSONAL_COLUMNS, *IMPERSONAL_TABLES):
                counts[table] = (await self._row(self._sqlite, f"SELECT COUNT(*) FROM {table}"))[0]
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
        if self.dialect == "postgresql":
            async with self._snapshot() as db:
                rows = await db.all("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                    "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
            return [r[0] for r in rows]
        async with self._lock:
            rows = await self._all(self._sqlite, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [r[0] for r in rows]


async def run_tool(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run a PostgreSQL client tool; (exit code, stdout, stderr)."""
    proc = await asyncio.create_subprocess_exec(*args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                env=env)
    out, err = await proc.communicate()
    code = proc.returncode if proc.returncode is not None else -1  # set once communicate returns
    return code, out.decode(errors="replace"), err.decode(errors="replace")
