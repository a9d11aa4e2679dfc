"""Why asyncpg directly: the store's hot write (BEGIN, SELECT card, INSERT attempt RETURNING id, UPSERT card,
COMMIT) and a /progress-like read, asyncpg vs SQLAlchemy Core (async engine, text()) over asyncpg, and
aiosqlite vs SQLAlchemy over aiosqlite, N sequential transactions each. `python -m bench.store_libchoice`
(needs SQLAlchemy installed; not a dependency of the bot). Numbers: docs/scaling.md."""
import asyncio, time, sys, tempfile, os

from bot.store.pg_cluster import LocalCluster
import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy import text

DDL = ["CREATE TABLE cards (g BIGINT, u BIGINT, i TEXT, reps INTEGER, PRIMARY KEY (g,u,i))",
       "CREATE TABLE att (id BIGSERIAL PRIMARY KEY, g BIGINT, u BIGINT, i TEXT, ok INTEGER, at TEXT)"]
N = 3000

async def raw(url):
    pool = await asyncpg.create_pool(url, min_size=1, max_size=1)
    async with pool.acquire() as c:
        for d in DDL: await c.execute(d)
    t = time.perf_counter()
    for n in range(N):
        async with pool.acquire() as c:
            async with c.transaction(isolation="serializable"):
                await c.fetchrow("SELECT * FROM cards WHERE g=$1 AND u=$2 AND i=$3", 1, n % 50, "x")
                await c.fetchval("INSERT INTO att (g,u,i,ok,at) VALUES ($1,$2,$3,$4,$5) RETURNING id", 1, n % 50, "x", 1, "2026")
                await c.execute("INSERT INTO cards VALUES ($1,$2,$3,1) ON CONFLICT (g,u,i) DO UPDATE SET reps = cards.reps+1", 1, n % 50, "x")
    w = (time.perf_counter() - t) / N * 1e6
    t = time.perf_counter()
    for n in range(N):
        async with pool.acquire() as c:
            await c.fetch("SELECT i, ok, at FROM att WHERE g=$1 AND u=$2 ORDER BY id", 1, n % 50)
    r = (time.perf_counter() - t) / N * 1e6
    await pool.close()
    return w, r

async def sa(url, dialect):
    eng = create_async_engine(url, pool_size=1)
    async with eng.begin() as c:
        for d in DDL: await c.execute(text(d.replace("BIGSERIAL", "INTEGER") if dialect == "sqlite" else d))
    t = time.perf_counter()
    for n in range(N):
        async with eng.begin() as c:
            (await c.execute(text("SELECT * FROM cards WHERE g=:g AND u=:u AND i=:i"), dict(g=1, u=n % 50, i="x"))).first()
            (await c.execute(text("INSERT INTO att (g,u,i,ok,at) VALUES (:g,:u,:i,:o,:a) RETURNING id"), dict(g=1, u=n % 50, i="x", o=1, a="2026"))).scalar()
            await c.execute(text("INSERT INTO cards VALUES (:g,:u,:i,1) ON CONFLICT (g,u,i) DO UPDATE SET reps = cards.reps+1"), dict(g=1, u=n % 50, i="x"))
    w = (time.perf_counter() - t) / N * 1e6
    t = time.perf_counter()
    for n in range(N):
        async with eng.connect() as c:
            (await c.execute(text("SELECT i, ok, at FROM att WHERE g=:g AND u=:u ORDER BY id"), dict(g=1, u=n % 50))).all()
    r = (time.perf_counter() - t) / N * 1e6
    await eng.dispose()
    return w, r

async def rawlite(path):
    import aiosqlite
    db = await aiosqlite.connect(path, isolation_level=None)
    for d in DDL: await db.execute(d.replace("BIGSERIAL", "INTEGER"))
    t = time.perf_counter()
    for n in range(N):
        await db.execute("BEGIN IMMEDIATE")
        async with db.execute("SELECT * FROM cards WHERE g=? AND u=? AND i=?", (1, n % 50, "x")) as cur: await cur.fetchone()
        cur = await db.execute("INSERT INTO att (g,u,i,ok,at) VALUES (?,?,?,?,?)", (1, n % 50, "x", 1, "2026")); cur.lastrowid
        await db.execute("INSERT INTO cards VALUES (?,?,?,1) ON CONFLICT (g,u,i) DO UPDATE SET reps = cards.reps+1", (1, n % 50, "x"))
        await db.execute("COMMIT")
    w = (time.perf_counter() - t) / N * 1e6
    t = time.perf_counter()
    for n in range(N):
        async with db.execute("SELECT i, ok, at FROM att WHERE g=? AND u=? ORDER BY id", (1, n % 50)) as cur: await cur.fetchall()
    r = (time.perf_counter() - t) / N * 1e6
    await db.close()
    return w, r

async def main():
    with LocalCluster() as cl:
        cl.psql("CREATE DATABASE a"); cl.psql("CREATE DATABASE b")
        print("asyncpg direct       write %.0f us/tx  read %.0f us" % await raw(cl.url("a")))
        print("SQLAlchemy+asyncpg   write %.0f us/tx  read %.0f us" % await sa(cl.url("b").replace("postgresql://", "postgresql+asyncpg://"), "pg"))
    d = tempfile.mkdtemp()
    print("aiosqlite direct     write %.0f us/tx  read %.0f us" % await rawlite(d + "/a.sqlite"))
    print("SQLAlchemy+aiosqlite write %.0f us/tx  read %.0f us" % await sa(f"sqlite+aiosqlite:///{d}/b.sqlite", "sqlite"))
asyncio.run(main())
