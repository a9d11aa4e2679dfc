"""Timing within a session: sleeping on the injected `Clock` until a deadline or an event (a group
question closes early when everyone has answered or the quiz is stopped), and the solo question
timer that says when time ran out. Nothing here grades or scores."""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable

from bot.clock import Clock, sleep_unless_woken


async def sleep_until(clock: Clock, deadline_mono: float) -> None:
    # The remaining time is computed when this task first runs, not when it is created, so
    # a clock that moved in between (a fake clock advanced by a test) does not shift it.
    await clock.sleep(deadline_mono - clock.monotonic())


async def sleep_or_wake(clock: Clock, seconds: float, wake: asyncio.Event) -> None:
    """Sleep `seconds` on the clock, or less if `wake` is set first."""
    if wake.is_set() or seconds <= 0:
        return
    await sleep_unless_woken(sleep_until(clock, clock.monotonic() + seconds), wake)


class QuestionTimer:
    """At most one pending call for a shown question: started when it is shown, stopped when it is
    answered, skipped or the session ends."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._task: asyncio.Task[None] | None = None

    def start(self, deadline: float, fire: Callable[[], Awaitable[None]], *, name: str) -> None:
        """Call `fire()` at `deadline` (monotonic, fixed now: the task may first run a little later)."""
        self.stop()
        self._task = asyncio.create_task(self._after(deadline, fire), name=name)

    def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def _after(self, deadline: float, fire: Callable[[], Awaitable[None]]) -> None:
        await self.clock.sleep(deadline - self.clock.monotonic())
        await fire()
