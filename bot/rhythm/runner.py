"""The scheduler: posts the questions of the day and the digests, reveals answers, sends reminders.

One loop per bot process. Each pass (`tick`) reads what is due from the database (every server's
rows, kept only for the servers this process owns: `owns`, the shard split), does it, and the loop
sleeps until the next thing anywhere is due (at most `max_sleep`, so a schedule another process
set is seen soon). Nothing is kept in memory between passes, which is why a restart, a second
process or a re-shard cannot make a post happen twice (see `bot.store.rhythm` for the guards).

Rules for what was due while the bot was down (docs/discord-setup.md says the same):
- a schedule whose latest occurrence was **today** (the schedule's local day) and has not run
  today runs once, at start; one whose latest occurrence was on an **earlier day** is skipped
  (yesterday's question of the day is not posted this morning), and the next one stays planned;
- a question whose reveal time passed is revealed at start;
- a reminder is sent only if its hour was today, and never when nothing is due.

Failures: a channel that is gone or a permission the bot lost disables that schedule with a line
in the audit log (`/tutor audit`); a passing Discord error is retried a few times the same day,
then given up until the next occurrence. A member whose DMs are closed has their reminders turned
off (the adapter tells them once). Nothing retries forever.

The adapter (`RhythmAdapter`) is the transport: the Discord cog implements it; tests and the
bench implement it without Discord.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Protocol, Sequence

from bot.clock import Clock, sleep_unless_woken
from bot.corpus.essay import Essay
from bot.errors import UserError
from bot.rhythm.daily import DailyQuestions, DailyReveal, PreparedPost
from bot.rhythm.digest import Digest, build_digest
from bot.rhythm.timing import latest_occurrence, local_date, next_occurrence, parse_time, parse_timezone

log = logging.getLogger(__name__)

MAX_SLEEP = 60.0          # seconds; a schedule set by another process is seen within this
RETRY_MINUTES = 5         # a passing failure is tried again this much later, the same day
MAX_FAILURES = 3          # ... at most this many times, then the occurrence is given up
CONCURRENCY = 4           # servers handled at once in one pass (more adds event-loop bursts, not speed: SQLite writes one at a time)


@dataclass(frozen=True)
class Delivery:
    """What became of one message: `sent` (with its id), `gone` (never retried: the channel is
    deleted, the bot lost access, the member's DMs are closed; `reason` says which) or `retry`."""

    status: Literal["sent", "gone", "retry"]
    message_id: int | None = None
    reason: str = ""


class RhythmAdapter(Protocol):
    async def post_daily(self, schedule: dict, prepared: PreparedPost) -> Delivery: ...

    async def reveal_daily(self, reveal: DailyReveal) -> Delivery: ...

    async def post_digest(self, schedule: dict, digest: Digest) -> Delivery: ...

    async def send_reminder(self, reminder: dict, due: int) -> Delivery: ...


@dataclass
class TickReport:
    """What one pass did (for logs, tests and the bench)."""

    posted: list[int] = field(default_factory=list)       # servers whose question of the day was sent
    digests: list[int] = field(default_factory=list)      # servers whose digest was sent
    revealed: list[int] = field(default_factory=list)     # daily post ids revealed
    reminded: list[tuple[int, int]] = field(default_factory=list)  # (server, member) DMs sent
    skipped: list[tuple[int, str]] = field(default_factory=list)   # occurrences missed on an earlier day
    disabled: list[tuple[int, str]] = field(default_factory=list)  # schedules turned off
    failed: int = 0

    def merge(self, other: "TickReport") -> None:
        for name in ("posted", "digests", "revealed", "reminded", "skipped", "disabled"):
            getattr(self, name).extend(getattr(other, name))
        self.failed += other.failed


class RhythmRunner:
    def __init__(self, store: Any, daily: DailyQuestions, essays_for: Callable[[int], Sequence[Essay]],
                 adapter: RhythmAdapter, clock: Clock, *, owns: Callable[[int], bool] | None = None,
                 max_sleep: float = MAX_SLEEP, concurrency: int = CONCURRENCY):
        self.store = store
        self.daily = daily
        self.essays_for = essays_for
        self.adapter = adapter
        self.clock = clock
        self.owns = owns
        self.max_sleep = max_sleep
        self.concurrency = max(1, concurrency)
        self.asleep = asyncio.Event()     # set while the loop waits: a pass has finished
        self.sleeping_until: dt.datetime | None = None
        self.passes = 0
        self.last_report = TickReport()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task | None = None
        self._after_tick: list[Callable[[], Any]] = []

    # ------------------------------------------------------------------ the loop
    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(), name="rhythm-scheduler")

    async def stop(self, timeout: float = 10.0) -> None:
        """Let a pass in progress finish (a store call cut off mid-transaction would spoil its
        connection), then end the loop; cancel it only if the pass takes longer than `timeout`."""
        task, self._task = self._task, None
        if task is None or task.done():
            return
        self._stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except asyncio.TimeoutError:
            log.warning("rhythm scheduler pass still running after %.0f s at shutdown; cancelled", timeout)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        finally:
            self._stopping = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def poke(self) -> None:
        """A schedule changed in this process: look again now instead of after the sleep."""
        self._wake.set()
        if self.running:
            self.asleep.clear()  # a pass is coming: whoever waits for the loop to rest waits for it

    def after_tick(self, callback: Callable[[], Any]) -> None:
        """Run `callback` (a coroutine function) after every pass (the cog refreshes notices)."""
        self._after_tick.append(callback)

    async def _loop(self) -> None:
        while not self._stopping:
            self.asleep.clear()
            self._wake.clear()
            try:
                self.last_report = await self.tick()
            except Exception:  # a failed pass (database away) is tried again later
                log.exception("rhythm scheduler pass failed")
            for callback in self._after_tick:
                try:
                    await callback()
                except Exception:  # one callback's bug must not stop the scheduler
                    log.exception("rhythm after-pass callback failed")
            if self._stopping:
                break
            delay = await self._delay()
            self.sleeping_until = self.clock.now() + dt.timedelta(seconds=delay)
            self.passes += 1
            if not self._wake.is_set():
                self.asleep.set()
            await self._sleep_or_wake(self.sleeping_until)

    async def _delay(self) -> float:
        now = self.clock.now()
        try:
            upcoming = await self.store.next_rhythm_time(now)
        except Exception:  # database away: sleep the longest wait, then look again
            log.exception("rhythm scheduler could not read the next due time")
            return self.max_sleep
        if upcoming is None:
            return self.max_sleep
        return max(0.0, min(self.max_sleep, (upcoming - now).total_seconds()))

    async def _sleep_until(self, until: dt.datetime) -> None:
        # The remaining time is taken when this task first runs, not when it is created: a clock
        # that moved in between (a fake clock a test advances) must not push the wake-up later.
        await self.clock.sleep(max(0.0, (until - self.clock.now()).total_seconds()))

    async def _sleep_or_wake(self, until: dt.datetime) -> None:
        if self._wake.is_set():
            return
        await sleep_unless_woken(self._sleep_until(until), self._wake)

    # ------------------------------------------------------------------ one pass
    def _mine(self, guild_id: int) -> bool:
        return self.owns is None or self.owns(int(guild_id))

    async def tick(self) -> TickReport:
        """Do everything due now for this process's servers; returns what was done."""
        now = self.clock.now()
        report = TickReport()
        closing = [p for p in await self.store.daily_posts_to_close(now) if self._mine(p["guild_id"])]
        await self._each(closing, lambda p: self._close(p, report))
        schedules = [s for s in await self.store.due_schedules(now) if self._mine(s["guild_id"])]
        await self._each(schedules, lambda s: self._run_schedule(s, now, report))
        reminders = [r for r in await self.store.due_reminders(now) if self._mine(r["guild_id"])]
        await self._each(reminders, lambda r: self._remind(r, now, report))
        if schedules or closing or reminders:
            log.info("rhythm pass: %d posted, %d digests, %d revealed, %d reminders, %d skipped, %d disabled",
                     len(report.posted), len(report.digests), len(report.revealed), len(report.reminded),
                     len(report.skipped), len(report.disabled))
        return report

    async def _each(self, rows: list[dict], run: Callable[[dict], Any]) -> None:
        """`run` each row, `concurrency` at a time: a few workers share one iterator, so 1,000 due
        servers never mean 1,000 tasks started in one turn of the event loop."""
        pending = iter(rows)

        async def worker() -> None:
            for row in pending:
                try:
                    await run(row)
                except Exception:  # one server's failure must not stop the others
                    log.exception("rhythm: server %s failed", row.get("guild_id"))

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(rows)))))

    async def _close(self, post: dict, report: TickReport) -> None:
        reveal = await self.daily.close(int(post["guild_id"]), int(post["id"]))
        if reveal is not None and reveal.message_id:
            await self.adapter.reveal_daily(reveal)
            report.revealed.append(int(post["id"]))

    async def _run_schedule(self, row: dict, now: dt.datetime, report: TickReport) -> None:
        guild_id, kind = int(row["guild_id"]), row["kind"]
        try:
            zone = parse_timezone(row["timezone"])
            at = parse_time(row["local_time"])
        except UserError as exc:  # edited by hand in the database: say so once, do not loop
            if await self.store.disable_schedule(guild_id, kind, reason="bad_setting", details={"error": str(exc)}):
                report.disabled.append((guild_id, kind))
            return
        weekday = row.get("weekday") if kind == "digest" else None
        latest = latest_occurrence(now, at, zone, weekday)
        day = local_date(latest, zone)
        fresh = day == local_date(now, zone) and row.get("last_local_date") != day.isoformat()
        upcoming = next_occurrence(now, at, zone, weekday)
        if not await self.store.claim_schedule(guild_id, kind, expected=row["next_run_at"], next_run_at=upcoming,
                                               ran_on=day if fresh else None):
            return  # another process (or an earlier pass) took it
        if not fresh:
            log.info("server %s: %s of %s was missed while the bot was down; skipped (next %s)", guild_id, kind,
                     day, upcoming.isoformat())
            report.skipped.append((guild_id, kind))
            return
        delivery = await (self._post_daily(row, day) if kind == "daily" else self._post_digest(row, now))
        if delivery.status == "sent":
            (report.posted if kind == "daily" else report.digests).append(guild_id)
            if row.get("failures"):
                await self.store.schedule_failed(guild_id, kind, failures=0, retry_at=None)
        elif delivery.status == "gone":
            if await self.store.disable_schedule(guild_id, kind, reason=delivery.reason or "gone",
                                                 details={"channel": int(row["channel_id"])}):
                report.disabled.append((guild_id, kind))
            log.warning("server %s: %s schedule disabled (%s)", guild_id, kind, delivery.reason)
        else:
            report.failed += 1
            failures = int(row.get("failures") or 0) + 1
            retry_at = now + dt.timedelta(minutes=RETRY_MINUTES)
            if failures < MAX_FAILURES and local_date(retry_at, zone) == day:
                await self.store.schedule_failed(guild_id, kind, failures=failures, retry_at=retry_at)
            else:
                log.warning("server %s: %s for %s failed %d times; given up until the next one", guild_id, kind, day,
                            failures)
                await self.store.schedule_failed(guild_id, kind, failures=0, retry_at=None)

    async def _post_daily(self, row: dict, day: dt.date) -> Delivery:
        guild_id = int(row["guild_id"])
        previous = await self.store.open_daily_post_of(guild_id)
        if previous is not None:  # the last question closes when the next is posted
            reveal = await self.daily.close(guild_id, int(previous["id"]))
            if reveal is not None and reveal.message_id:
                await self.adapter.reveal_daily(reveal)
        prepared = await self.daily.prepare(row, day)
        if prepared is None:
            return Delivery("sent")  # nothing to ask today (or already asked): not a failure
        delivery = await self.adapter.post_daily(row, prepared)
        if delivery.status == "sent" and delivery.message_id is not None:
            await self.store.set_daily_message(guild_id, prepared.post_id, delivery.message_id)
        elif delivery.status != "sent":
            await self.store.drop_daily_post(guild_id, prepared.post_id)
        return delivery

    async def _post_digest(self, row: dict, now: dt.datetime) -> Delivery:
        guild_id = int(row["guild_id"])
        digest = await build_digest(self.store, self.essays_for(guild_id), guild_id, end=now)
        return await self.adapter.post_digest(row, digest)

    async def _remind(self, row: dict, now: dt.datetime, report: TickReport) -> None:
        guild_id, user_id = int(row["guild_id"]), int(row["user_id"])
        try:
            zone = parse_timezone(row["timezone"])
        except UserError:
            zone = parse_timezone("UTC")
        at = dt.time(int(row["hour"]))
        upcoming = next_occurrence(now, at, zone)
        if not await self.store.claim_reminder(guild_id, user_id, expected=row["next_run_at"], next_run_at=upcoming):
            return
        if local_date(latest_occurrence(now, at, zone), zone) != local_date(now, zone):
            return  # its hour was on an earlier day (the bot was down): no stale reminder
        due = len(await self.store.due_items(guild_id, user_id, limit=1000))
        if due == 0:
            return  # never a reminder when nothing is due
        delivery = await self.adapter.send_reminder(row, due)
        if delivery.status == "sent":
            await self.store.reminder_sent(guild_id, user_id)
            report.reminded.append((guild_id, user_id))
        elif delivery.status == "gone":
            await self.store.reminders_dm_closed(user_id)
            log.info("member %s has closed DMs: reminders turned off", user_id)
        else:
            report.failed += 1  # at most one a day: no retry
