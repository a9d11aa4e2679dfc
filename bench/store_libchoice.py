"""Why asyncpg directly: driver overhead of asyncpg vs SQLAlchemy Core's async engine (text()).

The store's hot write (BEGIN, SELECT card, INSERT attempt RETURNING id, UPSERT card, COMMIT) and a
/progress-shaped read, N sequential transactions each: asyncpg vs SQLAlchemy over asyncpg, and
aiosqlite vs SQLAlchemy over aiosqlite. It compares drivers, not backends: the throw-away cluster
runs with fsync off and the SQLite file with its default rollback journal, so the PostgreSQL and
SQLite rows are not comparable with each other (bench/store.py does that). Run with
`python -m bench.store_libchoice`; needs SQLAlchemy, which is not a dependency of the bot.
Results: docs/scaling.md.
"""

from __future__ import annotations

import asyncio
import tempfile
import time

N = 3000
DDL = ["CREATE TABLE cards (g BIGINT, u BIGINT, i TEXT, reps INTEGER, PRIMARY KEY (g, u, i))",
       "CREATE TABLE att (id BIGSERIAL PRIMARY KEY, g BIGINT, u BIGINT, i TEXT, ok INTEGER, at TEXT)"]
UPSERT = "INSERT INTO cards VALUES ({}) ON CONFLICT (g, u, i) DO UPDATE SET reps = cards.reps + 1"


def _per_op_us(start: float) -> float:
    return (time.perf_counter() - start) / N * 1e6


async def asyncpg_direct(url: str) -> tuple[float, float]:
    import asyncpg

    pool = await asyncpg.create_pool(url, min_size=1, max_size=1)
    async with pool.acquire() as c:
        for statement in DDL:
            await c.execute(statement)
    start = time.perf_counter()
    for n in range(N):
        async with pool.acquire() as c:
            async with c.transaction(isolation="repeatable_read"):
                await c.fetchrow("SELECT * FROM cards WHERE g = $1 AND u = $2 AND i = $3", 1, n % 50, "x")
                await c.fetchval("INSERT INTO att (g, u, i, ok, at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                 1, n % 50, "x", 1, "2026")
                await c.execute(UPSERT.format("$1, $2, $3, 1"), 1, n % 50, "x")
    write = _per_op_us(start)
    start = time.perf_counter()
    for n in range(N):
        async with pool.acquire() as c:
            await c.fetch("SELECT i, ok, at FROM att WHERE g = $1 AND u = $2 ORDER BY id", 1, n % 50)
    read = _per_op_us(start)
    await pool.close()
    return write, read


async def sqlalchemy_core(url: str, sqlite: bool) -> tuple[float, float]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url, pool_size=1)
    async with engine.begin() as c:
        for statement in DDL:
            await c.execute(text(statement.replace("BIGSERIAL", "INTEGER") if sqlite else statement))
    start = time.perf_counter()
    for n in range(N):
        key = {"g": 1, "u": n % 50, "i": "x"}
        async with engine.begin() as c:
            (await c.execute(text("SELECT * FROM cards WHERE g = :g AND u = :u AND i = :i"), key)).first()
            (await c.execute(text("INSERT INTO att (g, u, i, ok, at) VALUES (:g, :u, :i, 1, '2026') RETURNING id"),
                             key)).scalar()
            await c.execute(text(UPSERT.format(":g, :u, :i, 1")), key)
    write = _per_op_us(start)
    start = time.perf_counter()
    for n in range(N):
        async with engine.connect() as c:
            (await c.execute(text("SELECT i, ok, at FROM att WHERE g = :g AND u = :u ORDER BY id"),
                             {"g": 1, "u": n % 50})).all()
    read = _per_op_us(start)
    await engine.dispose()
    return write, read


async def aiosqlite_direct(path: str) -> tuple[float, float]:
    import aiosqlite

    db = await aiosqlite.connect(path, isolation_level=None)
    for statement in DDL:
        await db.execute(statement.replace("BIGSERIAL", "INTEGER"))
    start = time.perf_counter()
    for n in range(N):
        await db.execute("BEGIN IMMEDIATE")
        async with db.execute("SELECT * FROM cards WHERE g = ? AND u = ? AND i = ?", (1, n % 50, "x")) as cur:
            await cur.fetchone()
        await db.execute("INSERT INTO att (g, u, i, ok, at) VALUES (?, ?, ?, ?, ?)", (1, n % 50, "x", 1, "2026"))
        await db.execute(UPSERT.format("?, ?, ?, 1"), (1, n % 50, "x"))
        await db.execute("COMMIT")
    write = _per_op_us(start)
    start = time.perf_counter()
    for n in range(N):
        async with db.execute("SELECT i, ok, at FROM att WHERE g = ? AND u = ? ORDER BY id", (1, n % 50)) as cur:
            await cur.fetchall()
    read = _per_op_us(start)
    await db.close()
    return write, read


async def main() -> None:
    from bot.store.pg_cluster import LocalCluster

    line = "{:<22} write {:>6.0f} us/transaction   read {:>6.0f} us"
    with LocalCluster() as cluster:
        cluster.psql("CREATE DATABASE a")
        cluster.psql("CREATE DATABASE b")
        print(line.format("asyncpg directly", *await asyncpg_direct(cluster.url("a"))))
        print(line.format("SQLAlchemy + asyncpg", *await sqlalchemy_core(
            cluster.url("b").replace("postgresql://", "postgresql+asyncpg://"), sqlite=False)))
    folder = tempfile.mkdtemp(prefix="bench-libchoice-")
    print(line.format("aiosqlite directly", *await aiosqlite_direct(f"{folder}/a.sqlite")))
    print(line.format("SQLAlchemy + aiosqlite", *await sqlalchemy_core(f"sqlite+aiosqlite:///{folder}/b.sqlite",
                                                                       sqlite=True)))


if __name__ == "__main__":
    asyncio.run(main())
