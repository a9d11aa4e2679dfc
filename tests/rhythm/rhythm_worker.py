"""A shard process's scheduler for tests/rhythm/test_rhythm_shards.py.

Run as `python rhythm_worker.py URL SHARD_COUNT SHARD_IDS` (ids like "0,1", or "all"). It opens the
progress store at URL on a fake clock and the real scheduler (`RhythmRunner`) owning those shards,
as `tutorbot run --shard-count N --shard-ids ...` does, with an adapter that "sends" by reporting.
One JSON command per stdin line, one JSON line back:
  {"op": "tick", "at": ISO}  move the clock to `at` and run one scheduler pass
  {"op": "quit"}
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import sys

from bot.clock import FakeClock
from bot.quiz.grading import Grader
from bot.rhythm.daily import DailyQuestions
from bot.rhythm.runner import Delivery, RhythmRunner
from bot.scale.shards import shard_spec
from bot.store import Store


class Reporting:
    def __init__(self) -> None:
        self.posts: list[int] = []
        self._ids = 0

    async def post_daily(self, schedule, prepared) -> Delivery:
        self.posts.append(int(schedule["guild_id"]))
        self._ids += 1
        return Delivery("sent", self._ids)

    async def reveal_daily(self, reveal) -> Delivery:
        return Delivery("sent", 1)

    async def post_digest(self, schedule, digest) -> Delivery:
        return Delivery("sent", 1)

    async def send_reminder(self, reminder, due) -> Delivery:
        return Delivery("sent")


async def main() -> None:
    url, count, ids = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    spec = shard_spec(count, None if ids == "all" else [int(i) for i in ids.split(",")])
    clock = FakeClock(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    store = await Store.open(url, clock=clock)
    adapter = Reporting()
    daily = DailyQuestions(store, Grader(), lambda g: [], clock, random.Random(1))
    runner = RhythmRunner(store, daily, lambda g: [], adapter, clock, owns=spec.owns if spec.split else None)
    print(json.dumps({"ready": spec.describe()}), flush=True)
    loop = asyncio.get_running_loop()
    try:
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            cmd = json.loads(line)
            if cmd["op"] == "quit":
                break
            target = dt.datetime.fromisoformat(cmd["at"])
            await clock.advance(max(0.0, (target - clock.now()).total_seconds()))
            adapter.posts.clear()
            report = await runner.tick()
            print(json.dumps({"posted": sorted(adapter.posts), "skipped": len(report.skipped)}), flush=True)
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
