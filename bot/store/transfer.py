"""Moving up: copy an SQLite progress database into an empty PostgreSQL one (`tutorbot db migrate`).

Why a copy this way: the target is first brought to the same schema version by the same
numbered migrations, then every table is copied with PostgreSQL's COPY (binary, fast) inside one
transaction, row counts are compared per table before that transaction commits, and the
identity sequences are moved past the copied ids. So the result is all or nothing: a failed or
mismatched copy leaves the target as empty as it was. A target that already holds rows is
refused (merging two servers' histories is not a migration). Stop the bot first: rows it writes
to the SQLite file after the copy began would not be in the copy.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path
from typing import Any

from bot.errors import UserError
from bot.store.driver import redact
from bot.store.schema import BOOKKEEPING_TABLES, LATEST_VERSION

log = logging.getLogger(__name__)

# Parents before children (foreign keys); tables not listed (added by later migrations) follow
# in name order, and any foreign key among those is checked at commit like the rest.
COPY_ORDER = ("guilds", "learners", "quiz_sessions", "answers", "feedback", "quiz_items", "guild_item_status",
              "attempts", "srs_cards", "audit_log", "essays", "session_messages")
CHUNK = 5_000


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    tables = [t for t in names if t not in BOOKKEEPING_TABLES]  # the target keeps its own
    return [t for t in COPY_ORDER if t in tables] + sorted(t for t in tables if t not in COPY_ORDER)


def _coerce(kind: str, value: Any) -> Any:
    """SQLite is loosely typed; binary COPY is not (an integral REAL, a numeric text)."""
    if value is None:
        return None
    if kind in ("bigint", "integer", "smallint"):
        return int(value)
    if kind in ("double precision", "real", "numeric"):
        return float(value)
    if kind == "text":
        return value if isinstance(value, str) else str(value)
    return value


async def migrate_sqlite_to_pg(source: Path, url: str) -> dict[str, int]:
    """Copy `source` (an SQLite progress database) into the PostgreSQL database at `url`;
    returns rows copied per table. Raises UserError when the target is not empty or a count differs."""
    import asyncpg

    from bot.store.repository import Store

    source = Path(source)
    if not source.is_file():
        raise UserError(f"no SQLite progress database at {source}")
    opened = await Store.open(source)  # brings an older file to this version's schema first
    await opened.close()
    where = redact(url)
    target = await Store.open(url)  # creates the schema on an empty database (same migrations)
    await target.close()

    conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("BEGIN")  # one snapshot of the file for the whole copy
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != LATEST_VERSION:
            raise UserError(f"{source} is at schema version {version}, expected {LATEST_VERSION}")
        tables = _sqlite_tables(conn)
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        pg = await asyncpg.connect(url)
        try:
            held = {t: await pg.fetchval(f"SELECT COUNT(*) FROM {t}") for t in tables}
            held = {t: n for t, n in held.items() if n}
            if held:
                raise UserError(f"{where} is not empty ({', '.join(f'{t} {n:,}' for t, n in held.items())} rows); "
                                "migrate into an empty database")
            async with pg.transaction():
                for table in tables:
                    await _copy_table(conn, pg, table)
                copied = {t: await pg.fetchval(f"SELECT COUNT(*) FROM {t}") for t in tables}
                wrong = {t: (counts[t], copied[t]) for t in tables if counts[t] != copied[t]}
                if wrong:
                    raise UserError("row counts differ after the copy (nothing was kept): "
                                    + ", ".join(f"{t} {a} != {b}" for t, (a, b) in wrong.items()))
                await _reset_identities(pg, tables)
        finally:
            await pg.close()
    finally:
        conn.close()
    log.info("migrated %s into %s: %s", source, where, counts)
    return counts


async def _copy_table(conn: sqlite3.Connection, pg: Any, table: str) -> None:
    kinds = {r["column_name"]: r["data_type"] for r in await pg.fetch(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = $1", table)}
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    if set(columns) != set(kinds):
        raise UserError(f"table {table} has different columns on the two databases: "
                        f"{sorted(set(columns) ^ set(kinds))}")
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
    column_kinds = [kinds[c] for c in columns]
    while True:
        rows = await asyncio.to_thread(cursor.fetchmany, CHUNK)
        if not rows:
            break
        records = [tuple(_coerce(k, v) for k, v in zip(column_kinds, row)) for row in rows]
        await pg.copy_records_to_table(table, records=records, columns=columns)


async def _reset_identities(pg: Any, tables: list[str]) -> None:
    """Identity columns were given explicit ids by the copy; the next insert must follow them."""
    rows = await pg.fetch(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND is_identity = 'YES'")
    for r in rows:
        if r["table_name"] in tables:
            await pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{r['table_name']}', '{r['column_name']}'), "
                f"COALESCE((SELECT MAX({r['column_name']}) FROM {r['table_name']}), 0) + 1, false)")
