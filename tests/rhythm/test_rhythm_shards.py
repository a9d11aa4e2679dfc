"""Two shard processes on one PostgreSQL database, each running the real scheduler for its own
shards: at 09:00 every server gets exactly one question of the day, from the process that owns its
shard. Even two processes that both (wrongly) think they own every server post once per server:
the schedule's compare-and-set claim and the one-question-a-day index decide. Counted with asyncpg
directly, not through the code under test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pg_support import drop_pg_database, fresh_pg_database
from rhythm_support import ITEMS, utc

from bot.clock import FakeClock
from bot.rhythm import schedules
from bot.scale.shards import shard_of
from bot.store import Store

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("rhythm_worker.py")
GUILDS = [((7000 + n) << 22) for n in range(6)]  # shards 0 and 1 of 2, alternately


class Worker:
    def __init__(self, url: str, count: int, ids: str):
        # PYTHONPATH: the worker imports this checkout's bot/, not whichever one pip installed
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen([sys.executable, str(WORKER), url, str(count), ids], cwd=REPO, text=True, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.ready = self.read()

    def read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"worker exited ({self.proc.wait(30)}): {self.proc.stderr.read()[-3000:]}")
        return json.loads(line)

    def send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send(op="quit")
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


async def _count(url: str) -> dict[int, int]:
    import asyncpg

    con = await asyncpg.connect(url)
    try:
        rows = await con.fetch("SELECT guild_id, COUNT(*) AS n FROM daily_posts GROUP BY guild_id")
    finally:
        await con.close()
    return {int(r["guild_id"]): int(r["n"]) for r in rows}


async def test_two_shard_processes_on_one_postgresql_post_once_per_server(pg_cluster) -> None:
    url = await fresh_pg_database(pg_cluster)
    workers: list[Worker] = []
    try:
        clock = FakeClock(utc(2026, 5, 4, 5))
        store = await Store.open(url, clock=clock)
        try:
            for g in GUILDS:
                for item in ITEMS[:3]:
                    await store.add_item(g, dict(item), actor_id=1)
                p = schedules.plan("daily", time="09:00", timezone="Europe/Berlin", now=clock.now())
                await store.set_schedule(g, "daily", channel_id=1, local_time=p.local_time, timezone=p.timezone,
                                         next_run_at=p.next_run_at, actor_id=1)
        finally:
            await store.close()
        assert sorted(shard_of(g, 2) for g in GUILDS) == [0, 0, 0, 1, 1, 1]

        workers = [Worker(url, 2, "0"), Worker(url, 2, "1")]
        assert [w.ready["ready"] for w in workers] == ["shard(s) 0 of 2", "shard(s) 1 of 2"]
        for w in workers:  # both at 09:00 Berlin time (07:00 UTC), at once
            w.send(op="tick", at=utc(2026, 5, 4, 7).isoformat())
        first = [w.read()["posted"] for w in workers]
        assert first == [sorted(g for g in GUILDS if shard_of(g, 2) == 0), sorted(g for g in GUILDS if shard_of(g, 2) == 1)]
        assert await _count(url) == dict.fromkeys(GUILDS, 1)
        for w in workers:
            w.close()

        # a misconfigured pair: both run every shard. The next morning, still once per server.
        workers = [Worker(url, 2, "all"), Worker(url, 2, "all")]
        for w in workers:
            w.send(op="tick", at=utc(2026, 5, 5, 7).isoformat())
        second = [w.read()["posted"] for w in workers]
        assert sorted(second[0] + second[1]) == sorted(GUILDS)
        assert await _count(url) == dict.fromkeys(GUILDS, 2)
        for w in workers:  # and again later that morning: nothing more
            w.send(op="tick", at=utc(2026, 5, 5, 9).isoformat())
        assert [w.read()["posted"] for w in workers] == [[], []]
        assert await _count(url) == dict.fromkeys(GUILDS, 2)
    finally:
        for w in workers:
            w.close()
        await drop_pg_database(pg_cluster, url)
