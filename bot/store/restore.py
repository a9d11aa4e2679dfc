"""Restoring the progress database from a backup (`tutorbot db restore`): SQLite and PostgreSQL.

Apart from the store's own maintenance (`bot.store.maintenance`: backup, check, tables) because a
restore opens the full `Store` on the restored copy to migrate and check it before it takes the
database's place; the store's mixins never import the store they are part of.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from pathlib import Path

from bot.errors import UserError
from bot.store.driver import cli_target
from bot.store.maintenance import run_tool
from bot.store.pg_cluster import find_tool
from bot.store.privacy import IMPERSONAL_TABLES, PERSONAL_COLUMNS
from bot.store.repository import Store
from bot.store.schema import BOOKKEEPING_TABLES, LATEST_VERSION

log = logging.getLogger(__name__)


async def restore_backup(backup: Path, dest: Path, *, force: bool = False) -> dict:
    """Replace the progress database at `dest` with a copy of `backup` (a file `tutorbot db backup`
    wrote), migrated to this version and checked before it takes the database's place.

    Refuses while another program has `dest` open (the bot must be stopped: a running bot would
    keep writing to the file being replaced), and refuses to overwrite a database that holds
    server data unless `force`. The backup file itself is only read."""
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


async def restore_pg_backup(backup: Path, url: str, *, force: bool = False) -> dict:
    """Load a `tutorbot db backup` archive (pg_dump -Fc) into the PostgreSQL database at `url`.

    The same rules as the SQLite restore: refused while another program is connected to the
    database (stop the bot first) and, without `force`, when it holds server data. pg_restore runs
    with --clean --single-transaction, so the tables are replaced all at once or not at all; the
    result is then migrated to this version and checked."""
    import asyncpg

    from bot.store.driver import redact

    backup = Path(backup).expanduser()
    where = redact(url)
    if not backup.is_file():
        raise UserError(f"no backup file at {backup}")
    pg_restore = find_tool("pg_restore")
    if not pg_restore:
        raise UserError("pg_restore not found: install the PostgreSQL client tools (postgresql-client)")
    code, listing, _ = await run_tool(pg_restore, "-l", str(backup))
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
    code, _, err = await run_tool(pg_restore, "--clean", "--if-exists", "--no-owner", "--single-transaction",
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
