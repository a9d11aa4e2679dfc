"""The scheduler under load: 1,000 servers' questions of the day due in the same minute.

Through the offline Discord harness (tests/discord/harness.py), as the event-loop section: the
real bot, its rhythm cog, the real scheduler (`bot.rhythm.runner`), the real store (SQLite, WAL,
synchronous=FULL, the default one-process setup) and the real Discord adapter rendering each
question's embed and buttons; only the wire is faked. 1,000 servers each have a question-of-the-day
schedule at 09:00 UTC in its own channel; the bot's clock is a fake one that stands at 08:59:30
and is then moved to 09:00, so every schedule comes due in one pass. A `StallProbe` (a ticker
sleeping 10 ms) records how late the loop ever was while the pass ran: the target is no stall
over 50 ms. Also reported: how long the pass took to post all 1,000 (every post is several
committed SQLite transactions: claim, record, message id) and errors (posts missing, ERROR logs,
payloads Discord would refuse).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys
import time

from bench.common import REPO
from bench.report import Row, median
from bench.stalls import StallProbe

SECTION = "scheduler"
SERVERS = 1_000
SAMPLE_STACKS = False  # set by `--stacks` (bench/__main__.py): where the loop was during stalls


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def _one_run(core, run: int, servers: int) -> tuple[float, float, int, int, str]:
    sys.path.insert(0, str(REPO / "tests" / "discord"))
    from harness import DiscordHarness  # noqa: E402  (test helper, not part of the package)

    from bot.clock import FakeClock
    from bot.discord_bot.client import TutorBot

    start = dt.datetime(2026, 2, 2 + run, 8, 59, 30, tzinfo=dt.timezone.utc)
    clock = FakeClock(start)
    due = start + dt.timedelta(seconds=30)
    base = (900_000 + run * 10_000) << 22
    guilds = [base + (n << 22) for n in range(servers)]
    for n, guild_id in enumerate(guilds):
        await core.store.set_schedule(guild_id, "daily", channel_id=guild_id + 1, local_time="09:00", timezone="UTC",
                                      next_run_at=due, actor_id=1)
    bot = TutorBot(core.settings, core=core, clock=clock)
    h = DiscordHarness(bot, settle_timeout=300)
    errors = _Errors()
    logging.getLogger().addHandler(errors)
    try:
        await h.start()
        runner = bot.get_cog("RhythmCog").runner
        await asyncio.wait_for(runner.asleep.wait(), 120)  # the first pass (08:59:30): nothing due
        passes = runner.passes
        async with StallProbe(sample_stacks=SAMPLE_STACKS) as probe:
            runner.asleep.clear()
            t0 = time.perf_counter()
            await clock.advance(30)
            while runner.passes == passes:
                await asyncio.wait_for(runner.asleep.wait(), 600)
            elapsed = time.perf_counter() - t0
        posts = [r for r in h.recorder.requests if r.key == "POST /channels/{channel_id}/messages" and r.response]
        missing = servers - len({r.params["channel_id"] for r in posts})
        problems = errors.count + missing + len(h.recorder.violations) + len(h.recorder.unhandled)
        note = probe.report.causes()
        if SAMPLE_STACKS:
            note += f"; loop during stalls: {probe.report.main_thread_summary()}"
        return probe.report.longest_ms, elapsed, len(posts), problems, note
    finally:
        logging.getLogger().removeHandler(errors)
        await h.close()
        async with core.store._tx() as db:  # the next run starts with its own 1,000 schedules only
            await db.execute("DELETE FROM rhythm_schedules")


async def measure(core, runs: int = 3, servers: int = SERVERS) -> list[Row]:
    results = [await _one_run(core, run, servers) for run in range(runs)]
    stall = median(r[0] for r in results)
    took = median(r[1] for r in results)
    worst = max(results, key=lambda r: r[0])
    return [
        Row(SECTION, f"largest event-loop stall, {servers:,} servers' questions of the day due in the same minute",
            stall, "ms", target="< 50 ms", ok=stall < 50, note=worst[4]),
        Row(SECTION, f"time to post all {servers:,} (one pass, SQLite)", took, "s"),
        Row(SECTION, "errors (missing posts, ERROR logs, refused payloads)", float(sum(r[3] for r in results)), "",
            target="0", ok=sum(r[3] for r in results) == 0),
    ]
