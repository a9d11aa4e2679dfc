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
from bot.store.schema import BOOKKEEPING_TABLES, LATEST_VERSION, schema_version

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

    async def _pg_backup(self, dest: Path, tmp: Path) -> None:
        """`pg_dump -Fc` into `tmp`, listed back with `pg_restore -l` (a truncated or foreign file
        fails that), then renamed into place."""
        pg_dump, pg_restore = find_tool("pg_dump"), find_tool("pg_restore")
        if not pg_dump or not pg_restore:
            raise UserError("pg_dump/pg_restore not found: install the PostgreSQL client tools (postgresql-client)")
        dbname, env = cli_target(self.url)  # the password goes in the environment, not the command line
        code, _, err = await _run(pg_dump, "-Fc", "--no-owner", "-f", str(tmp), "--dbname", dbname, env=env)
        if code != 0:
            tmp.unlink(missing_ok=True)
            raise UserError(f"pg_dump failed: {err.strip()[-300:]}")
        code, listing, err = await _run(pg_restore, "-l", str(tmp))
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
        if self.dialect == "postgresql":
            async with self._snapshot() as db:
                rows = await db.all("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                    "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
            return [r[0] for r in rows]
        async with self._lock:
            rows = await self._all(self._db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return [r[0] for r in rows]


async def restore_backup(backup: Path, dest: Path, *, force: bool = False) -> dict:
    """Replace the progress database at `dest` with a copy of `backup` (a file `tutorbot db backup`
    wrote), migrated to this version and checked before it takes the database's place.

    Refuses while another program has `dest` open (the bot must be stopped: a running bot would
    keep writing to the file being replaced), and refuses to overwrite a database that holds
    server data unless `force`. The backup file itself is only read."""
    from bot.store.repository import Store  # the full store, to migrate and check the copy

    backup, dest = Path(backup).expanduser(), Path(dest).expanduser()
    if not backup.is_file():
        raise UserError(f"no backup file at {backup}")
    if dest.exists() and backup.resolve() == dest.resolve():
        raise UserError("that file is the live progress database itself; give a backup file")
    await asyncio.to_thread(_check_backup, backup)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        held = await asyncio.to_thread(_server_rows, dest)
        if held and not force:
            raise UserError(f"{dest} already holds server data ({held:,} rows); add --force to replace it with the backup")
    tmp = dest.with_name(dest.name + ".restoring")
    _remove_with_journals(tmp)
    try:
        await asyncio.to_thread(_copy, backup, tmp)
        store = await Store.open(tmp)  # applies newer migrations to an older backup
        try:
            report = await store.check()
        finally:
            await store.close()
        if not report["ok"]:
            raise UserError(f"the restored copy failed its check: {'; '.join(report['integrity'])}")
        for suffix in ("-wal", "-shm"):  # an old journal must never be replayed onto the new file
            Path(f"{dest}{suffix}").unlink(missing_ok=True)
        await asyncio.to_thread(os.replace, tmp, dest)
    finally:
        _remove_with_journals(tmp)
    log.info("restored %s into %s", backup, dest)
    return {**report, "path": str(dest)}


async def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(*args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                env=env)
    out, err = await proc.communicate()
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


async def restore_pg_backup(backup: Path, url: str, *, force: bool = False) -> dict:
    """Load a `tutorbot db backup` archive (pg_dump -Fc) into the PostgreSQL database at `url`.

    The same rules as the SQLite restore: refused while another program is connected to the
    database (stop the bot first) and, without `force`, when it holds server data. pg_restore runs
    with --clean --single-transaction, so the tables are replaced all at once or not at all; the
    result is then migrated to this version and checked."""
    import asyncpg

    from bot.store.driver import redact
    from bot.store.repository import Store

    backup = Path(backup).expanduser()
    where = redact(url)
    if not backup.is_file():
        raise UserError(f"no backup file at {backup}")
    pg_restore = find_tool("pg_restore")
    if not pg_restore:
        raise UserError("pg_restore not found: install the PostgreSQL client tools (postgresql-client)")
    code, listing, _ = await _run(pg_restore, "-l", str(backup))
    if code != 0 or "TABLE DATA" not in listing or "schema_migrations" not in listing:
        raise UserError(f"{backup} is not a progress database backup (a pg_dump archive of one)")
    try:
        con = await asyncpg.connect(url)
    except Exception as exc:
        raise UserError(f"cannot reach {where}: {exc}") from None
    try:
        others = await con.fetchval("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                    "AND pid <> pg_backend_pid()")
        if others:
            raise UserError(f"{where} is in use by {others} other connection(s) (is the bot running?); stop it first")
        held = 0
        for table in (*PERSONAL_COLUMNS, *IMPERSONAL_TABLES):
            if table in BOOKKEEPING_TABLES or await con.fetchval("SELECT to_regclass($1)", table) is None:
                continue
            where_sql = " WHERE guild_id IS NOT NULL" if table == "quiz_items" else ""
            held += await con.fetchval(f"SELECT COUNT(*) FROM {table}{where_sql}")
    finally:
        await con.close()
    if held and not force:
        raise UserError(f"{where} already holds server data ({held:,} rows); add --force to replace it with the backup")
    dbname, env = cli_target(url)
    code, _, err = await _run(pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                              "--exit-on-error", "-d", dbname, str(backup), env=env)
    if code != 0:
        raise UserError(f"pg_restore failed, nothing was changed: {err.strip()[-300:]}")
    store = await Store.open(url)  # applies newer migrations to an older backup
    try:
        report = await store.check()
    finally:
        await store.close()
    log.info("restored %s into %s", backup, where)
    return report


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _check_backup(backup: Path) -> None:
    try:
        conn = _read_only(backup)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{backup} is not a progress database backup ({exc})") from None
    if "schema_migrations" not in tables:
        raise UserError(f"{backup} is not a progress database backup (no schema_migrations table)")
    if integrity != "ok":
        raise UserError(f"{backup} fails its integrity check: {integrity}")
    if version > LATEST_VERSION:
        raise UserError(f"{backup} has schema version {version}, newer than this tutorbot understands ({LATEST_VERSION})")


def _server_rows(path: Path) -> int:
    """Rows of server data in the database (built-in items and bookkeeping tables do not count);
    raises if another connection has it open."""
    conn = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        total = 0
        for table in tables:
            if table in BOOKKEEPING_TABLES or table.startswith("sqlite_"):
                continue
            where = " WHERE guild_id IS NOT NULL" if table == "quiz_items" else ""
            total += conn.execute(f"SELECT COUNT(*) FROM {table}{where}").fetchone()[0]
        conn.execute("ROLLBACK")
        return total
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise UserError(f"{path} is in use by another program (is the bot running?); stop it before restoring") from None
        raise UserError(f"{path} cannot be read as a progress database ({exc}); move it away to restore") from None
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path} is not a progress database ({exc}); move it away to restore") from None
    finally:
        conn.close()


def _copy(backup: Path, tmp: Path) -> None:
    src = _read_only(backup)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
