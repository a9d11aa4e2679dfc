"""Numbered SQL migrations: `migrations/NNN_name.sql`, applied in order, each in one transaction.

The schema version is SQLite's `PRAGMA user_version` (set inside the same transaction as the
migration, so a crash leaves either the old or the new version, never half of one), with a
`schema_migrations` row per step for people reading the file. A database whose version is newer
than the newest file here was written by a newer tutorbot and is refused rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.errors import ConfigError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# PostgreSQL runs the same numbered steps; where its SQL must differ (identity ids, BIGINT
# Discord ids, DOUBLE PRECISION, coalesce) a file of the same name here replaces the shared one.
PG_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgresql"
PG_MIGRATION_LOCK = 7_406_226_001  # advisory lock: two bot processes starting at once migrate once
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ConfigError(f"migration file {path.name} must be named NNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ConfigError(f"migrations in {folder} must be numbered 001, 002, ... without gaps: {versions}")
    return found


LATEST_VERSION = len(load_migrations())

# The database's own bookkeeping, not what people made: the migration log and the change feed
# between bot processes (transient). A database holding only these counts as empty for a restore,
# and `db migrate` leaves them to the target's own.
BOOKKEEPING_TABLES = ("schema_migrations", "changes", "changes_pruned")


def load_pg_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The shared list with each step's PostgreSQL file where one exists (same number and name)."""
    out = []
    for migration in load_migrations(folder):
        special = folder / "postgresql" / f"{migration.version:03d}_{migration.name}.sql"
        out.append(Migration(migration.version, migration.name, special.read_text(encoding="utf-8"))
                   if special.exists() else migration)
    extra = {p.name for p in (folder / "postgresql").glob("*.sql")} - {f"{m.version:03d}_{m.name}.sql" for m in out}
    if extra:
        raise ConfigError(f"PostgreSQL migrations without a shared step of the same name: {sorted(extra)}")
    return out


async def pg_schema_version(con) -> int:
    """The highest step in `schema_migrations` (PostgreSQL has no user_version); 0 when empty."""
    if await con.fetchval("SELECT to_regclass('schema_migrations')") is None:
        return 0
    return int(await con.fetchval("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"))



def _refuse_newer(current: int, latest: int, where: str) -> None:
    """A database written by a newer tutorbot is refused rather than guessed at (both backends)."""
    if current > latest:
        raise ConfigError(
            f"{where} has schema version {current}, newer than this tutorbot understands ({latest}); "
            "upgrade tutorbot or restore a backup made by this version"
        )


def _applied_at(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="microseconds")

async def migrate_pg(con, *, target: int | None = None, where: str = "database", now: dt.datetime | None = None,
                     folder: Path | None = None) -> int:
    """`migrate` for PostgreSQL on an asyncpg connection: each step and its `schema_migrations`
    row in one transaction (DDL is transactional there), under an advisory lock."""
    migrations = load_pg_migrations(folder or MIGRATIONS_DIR)
    latest = len(migrations)
    target = latest if target is None else target
    await con.execute(f"SELECT pg_advisory_lock({PG_MIGRATION_LOCK})")
    try:
        current = await pg_schema_version(con)
        _refuse_newer(current, latest, where)
        for migration in migrations[current:target]:
            applied_at = _applied_at(now)
            try:
                async with con.transaction():
                    await con.execute(migration.sql)
                    await con.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                      migration.version, migration.name, applied_at)
            except Exception:
                log.exception("migration %03d_%s failed on %s; nothing of it was applied", migration.version,
                              migration.name, where)
                raise
            log.info("applied migration %03d_%s to %s", migration.version, migration.name, where)
        return await pg_schema_version(con)
    finally:
        await con.execute(f"SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})")


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row is not None else 0  # the pragma always answers; 0 is a new file's


async def migrate(
    db: aiosqlite.Connection,
    *,
    target: int | None = None,
    where: str = "database",
    now: dt.datetime | None = None,
    folder: Path | None = None,
) -> int:
    """Bring the schema to `target` (default: latest); return the version reached.

    The connection must be in autocommit mode (isolation_level=None): each migration script is
    wrapped in its own BEGIN IMMEDIATE ... COMMIT here.
    """
    migrations = load_migrations(folder or MIGRATIONS_DIR)
    latest = len(migrations)
    target = latest if target is None else target
    current = await schema_version(db)
    _refuse_newer(current, latest, where)
    for migration in migrations[current:target]:
        applied_at = _applied_at(now)
        script = (
            "BEGIN IMMEDIATE;\n"
            f"{migration.sql}\n;\n"
            "INSERT INTO schema_migrations (version, name, applied_at) "
            f"VALUES ({migration.version}, '{migration.name}', '{applied_at}');\n"
            f"PRAGMA user_version = {migration.version};\n"
            "COMMIT;\n"
        )
        try:
            await db.executescript(script)
        except Exception:
            if db.in_transaction:
                await db.execute("ROLLBACK")
            log.exception("migration %03d_%s failed on %s; nothing of it was applied", migration.version, migration.name, where)
            raise
        log.info("applied migration %03d_%s to %s", migration.version, migration.name, where)
    return await schema_version(db)
