"""Event-loop stalls: how long, and why.

A ticker task sleeps 10 ms in a loop and records how late it wakes; the largest lateness is the
longest the loop was blocked (how long a gateway heartbeat would have waited).

Each tick also records the CPU time the main thread and the whole process used meanwhile, which
classifies every stall without guessing from stacks:
- main thread busy most of the stall: the loop itself ran code (CPU work on the event loop);
- other threads of this process busy: they held the GIL the loop needed;
- neither: the process was not running at all, i.e. it waited for a CPU (other processes,
  including the model's owner, or other people's work on a shared machine).

With `sample_stacks`, a sampler thread also records the main thread's stack (from
`sys._current_frames()`) every few ms while a tick is overdue. It is a Python thread, so it
sees the loop's code exactly in the case that matters now (the loop running code: the
interpreter switches threads every 5 ms); while another thread holds the GIL it is starved, which
the CPU-time classification shows instead. (faulthandler's watchdog, tried first, reads frames
without the GIL and crashed runs with segmentation faults.)
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Sample:
    main: list[str]                   # main thread frames, innermost first ("file:func")
    others: dict[str, list[str]]      # thread id -> frames, innermost first
    tick: int | None = None           # index into StallReport.ticks of the stall it was taken in


@dataclass
class Tick:
    wall: float        # seconds from sleeping to waking (10 ms + lateness)
    late: float        # seconds late
    main_cpu: float    # CPU seconds the main thread (the loop) used in that time
    process_cpu: float  # CPU seconds the whole process used in that time

    @property
    def cause(self) -> str:
        other = self.process_cpu - self.main_cpu
        if self.main_cpu >= 0.5 * self.wall:
            return "loop running code"
        if other >= 0.5 * self.wall:
            return "other threads of the process running (GIL)"
        return "process not running (waiting for a CPU)"


@dataclass
class StallReport:
    lateness: list[float] = field(default_factory=list)  # seconds per tick
    samples: list[Sample] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)

    def causes(self, over: float = 0.05) -> str:
        """Stalls longer than `over` seconds by cause, from CPU time (see the module docstring)."""
        late = [t for t in self.ticks if t.late > over]
        if not late:
            return f"no stall over {over * 1000:.0f} ms"
        counts = Counter(t.cause for t in late)
        worst = max(late, key=lambda t: t.late)
        return (f"{len(late)} stalls over {over * 1000:.0f} ms: "
                + ", ".join(f"{n} {cause}" for cause, n in counts.most_common())
                + f"; the longest ({worst.late * 1000:.0f} ms): loop CPU {worst.main_cpu * 1000:.0f} ms, "
                  f"other threads {max(0.0, worst.process_cpu - worst.main_cpu) * 1000:.0f} ms")

    @property
    def longest_ms(self) -> float:
        return max(self.lateness) * 1000 if self.lateness else 0.0

    def next_largest_ms(self, n: int = 4) -> list[float]:
        return [x * 1000 for x in sorted(self.lateness, reverse=True)[1:1 + n]]

    def longest_stall_stack(self, depth: int = 6) -> str:
        """The main thread's stack in the first sample of the longest stall."""
        if not self.ticks:
            return "-"
        worst = max(range(len(self.ticks)), key=lambda i: self.ticks[i].late)
        for s in self.samples:  # a sample taken while tick `worst` was overdue
            if s.tick == worst:
                return " <- ".join(_short(f) for f in s.main[:depth]) or "(no Python frame)"
        return "not sampled" if not self.samples else "no sample (shorter than the sampling threshold)"

    def main_thread_summary(self, top: int = 3) -> str:
        """Where the main thread was during the sampled stalls, most frequent first."""
        if not self.samples:
            return "no tick was late by more than the sampling threshold"
        counts = Counter(_where(s.main) for s in self.samples)
        return "; ".join(f"{n}x {where}" for where, n in counts.most_common(top))

    def other_threads_summary(self, top: int = 3) -> str:
        """What the other threads were running during the samples (skipping idle waits)."""
        counts: Counter = Counter()
        for s in self.samples:
            for frames in s.others.values():
                where = _where(frames)
                if not _idle(frames):
                    counts[where] += 1
        if not counts:
            return "all other threads idle (waiting on a queue, lock or socket)"
        return "; ".join(f"{n}x {where}" for where, n in counts.most_common(top))


def _short(frame: str) -> str:
    path, func = frame.rsplit(":", 1)
    parts = path.split("/")
    if "site-packages" in parts:
        parts = parts[parts.index("site-packages") + 1:]
    elif "bot" in parts:
        parts = parts[parts.index("bot"):]
    else:
        parts = parts[-2:]
    return f"{'/'.join(parts)}:{func}"


def _where(frames: list[str]) -> str:
    if not frames:
        return "(no Python frame)"
    return _short(frames[0]) + (f" <- {_short(frames[1])}" if len(frames) > 1 else "")


# Frames of threads that were waiting, not running: blocking calls (and `_write`, the model
# client's writer, whose wait is a C-level SimpleQueue.get with no frame of its own).
_IDLE_FUNCS = {"_write", "wait", "get", "_wait_for_tstate_lock", "select", "poll", "recv", "recv_bytes", "_recv",
               "_recv_bytes", "accept", "readline", "read", "_worker", "acquire", "sleep"}


def _idle(frames: list[str]) -> bool:
    return bool(frames) and frames[0].rsplit(":", 1)[1] in _IDLE_FUNCS


class StallProbe:
    """Use as `async with StallProbe() as probe:` around the load; read `probe.report` after."""

    def __init__(self, *, tick: float = 0.01, threshold: float = 0.05, sample_stacks: bool = False,
                 every: float = 0.005):
        self.tick = tick
        self.threshold = threshold
        self.sample_stacks = sample_stacks
        self.every = every
        self.report = StallReport()
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._sampler: threading.Thread | None = None
        self._done = threading.Event()
        self._tick_started = time.perf_counter()
        self._tick_index = 0

    async def __aenter__(self) -> "StallProbe":
        self._task = asyncio.create_task(self._run())
        if self.sample_stacks:
            self._sampler = threading.Thread(target=self._sample, name="stall-sampler", daemon=True)
            self._sampler.start()
        return self

    async def __aexit__(self, *exc) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        self._done.set()
        if self._sampler is not None:
            self._sampler.join(5)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stop.is_set():
            self._tick_started = time.perf_counter()
            t, main, proc = loop.time(), time.thread_time(), time.process_time()
            await asyncio.sleep(self.tick)
            wall = loop.time() - t
            self.report.lateness.append(wall - self.tick)
            self.report.ticks.append(Tick(wall, wall - self.tick, time.thread_time() - main, time.process_time() - proc))
            self._tick_index = len(self.report.ticks)

    def _sample(self) -> None:
        main_id = threading.main_thread().ident
        me = threading.get_ident()
        while not self._done.wait(self.every):
            if time.perf_counter() - self._tick_started < self.tick + self.threshold:
                continue
            frames = sys._current_frames()
            main = _stack(frames.get(main_id))
            others = {str(k): _stack(f) for k, f in frames.items() if k not in (main_id, me)}
            self.report.samples.append(Sample(main, others, tick=self._tick_index))


def _stack(frame) -> list[str]:
    out = []
    while frame is not None and len(out) < 12:
        out.append(f"{frame.f_code.co_filename}:{frame.f_code.co_name}")
        frame = frame.f_back
    return out
