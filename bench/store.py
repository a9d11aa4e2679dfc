"""Progress store on SQLite and PostgreSQL, side by side in one run: attempts/s and /progress latency.

Both stores get the same work: `record_attempt` from 16 concurrent tasks across 20 servers x 10
learners (the quiz's write path: item check, card read, attempt insert, card upsert, committed
before return), then `learner_progress` (what /progress shows) for learners with ~N/200
attempts each, one call at a time. SQLite runs with the bot's settings (WAL, synchronous=FULL);
PostgreSQL is a throw-away local cluster with fsync and synchronous commit on (durable, like
SQLite's FULL), reached over TCP on 127.0.0.1 through the store's pool of 10 connections.
Without PostgreSQL binaries its rows say so and the SQLite ones still print.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

from bench.report import Row, median, percentile

GUILDS, USERS, TASKS = 20, 10, 16
ITEMS = [{"id": f"b-{n}", "essay": ("rana", "walt")[n % 2], "kind": "mcq", "prompt": f"q{n}"} for n in range(20)]


async def _one_backend(target: object, attempts: int, reads: int) -> tuple[float, list[float], int]:
    from bot.store import Store

    store = await Store.open(target)
    try:
        await store.sync_builtin_items(ITEMS)
        jobs = [(1 + n % GUILDS, 1 + (n // GUILDS) % USERS, ITEMS[n % len(ITEMS)]) for n in range(attempts)]
        queue: asyncio.Queue = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)

        async def worker() -> None:
            while not queue.empty():
                g, u, item = queue.get_nowait()
                await store.record_attempt(g, u, item["id"], essay=item["essay"], correct=u % 3 != 0, answer="x",
                                           response_ms=900, time_limit_s=20, points=1)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(TASKS)))
        rate = attempts / (time.perf_counter() - start)
        samples = []
        for n in range(reads):
            g, u = 1 + n % GUILDS, 1 + (n * 7) % USERS
            t = time.perf_counter()
            await store.learner_progress(g, u)
            samples.append((time.perf_counter() - t) * 1000)
        return rate, samples, store.conflict_retries
    finally:
        await store.close()


async def measure(quick: bool = False, runs: int = 3) -> list[Row]:
    """Each figure the median over `runs` runs, each on a fresh database of either kind."""
    from bot.store.pg_cluster import ClusterUnavailable, LocalCluster

    attempts, reads = (1_000, 100) if quick else (4_000, 300)
    lite: list[tuple[float, float, float]] = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
        try:
            rate, ms, _ = await _one_backend(folder / "tutor.sqlite", attempts, reads)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        lite.append((rate, percentile(ms, 50), percentile(ms, 95)))
    l_rate, l_p50, l_p95 = (median(x[i] for x in lite) for i in range(3))
    rows = [
        Row("store", f"attempts/s, SQLite ({TASKS} tasks, {attempts} attempts)", l_rate, "/s"),
        Row("store", "/progress p50, SQLite", l_p50, "ms"),
        Row("store", "/progress p95, SQLite", l_p95, "ms"),
    ]
    try:
        cluster = LocalCluster(durable=True).start()
    except ClusterUnavailable as exc:
        rows.append(Row("store", "PostgreSQL", None, note=f"not measured: {exc}"))
        return rows
    pg: list[tuple[float, float, float]] = []
    retries = 0
    try:
        import asyncpg

        for n in range(runs):
            admin = await asyncpg.connect(cluster.url())
            await admin.execute(f"CREATE DATABASE bench{n}")
            await admin.close()
            rate, ms, again = await _one_backend(cluster.url(f"bench{n}"), attempts, reads)
            retries += again
            pg.append((rate, percentile(ms, 50), percentile(ms, 95)))
    finally:
        cluster.stop()
    p_rate, p_p50, p_p95 = (median(x[i] for x in pg) for i in range(3))
    rows += [
        Row("store", f"attempts/s, PostgreSQL ({TASKS} tasks, pool 10)", p_rate, "/s", l_rate, "SQLite",
            note=f"{retries} conflict re-run(s) in {runs} runs"),
        Row("store", "/progress p50, PostgreSQL", p_p50, "ms", l_p50, "SQLite"),
        Row("store", "/progress p95, PostgreSQL", p_p95, "ms", l_p95, "SQLite"),
    ]
    return rows


if __name__ == "__main__":
    import sys

    for row in asyncio.run(measure("--quick" in sys.argv, runs=1 if "--quick" in sys.argv else 3)):
        print(f"{row.metric}: {row.value if row.value is None else round(row.value, 2)} {row.unit} {row.note}")
