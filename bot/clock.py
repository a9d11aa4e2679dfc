"""Injectable time, so sessions, cooldowns and scheduling are testable without sleeping."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Awaitable, Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class FakeClock:
    """A clock tests advance by hand; `sleep` waits until `advance` passes the deadline."""

    def __init__(self, start: dt.datetime | None = None):
        self._now = start or dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
        self._mono = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def now(self) -> dt.datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self._mono + seconds, fut))
        await fut

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking sleepers in deadline order and letting them run."""
        target = self._mono + seconds
        while True:
            due = sorted(((d, f) for d, f in self._sleepers if d <= target and not f.done()), key=lambda pair: pair[0])
            if not due:
                break
            deadline, fut = due[0]
            self._now += dt.timedelta(seconds=deadline - self._mono)
            self._mono = deadline
            self._sleepers = [(d, f) for d, f in self._sleepers if f is not fut and not f.done()]
            fut.set_result(None)
            for _ in range(10):
                await asyncio.sleep(0)
        self._now += dt.timedelta(seconds=target - self._mono)
        self._mono = target
        for _ in range(10):
            await asyncio.sleep(0)

    @property
    def pending_sleepers(self) -> int:
        return sum(1 for _, f in self._sleepers if not f.done())


async def sleep_unless_woken(sleep: Awaitable[None], wake: asyncio.Event) -> None:
    """Await `sleep`, or stop early when `wake` is set; either way nothing is left running (the
    quiz's question timer and the study-group scheduler both sleep on a clock this way; each
    returns before calling it when `wake` is already set)."""
    sleeper = asyncio.ensure_future(sleep)
    waker = asyncio.ensure_future(wake.wait())
    try:
        await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sleeper, waker):
            if not task.done():
                task.cancel()
        await asyncio.gather(sleeper, waker, return_exceptions=True)
