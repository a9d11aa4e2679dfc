"""Event-loop stalls: how long, and what every thread was doing meanwhile.

A ticker task sleeps 10 ms in a loop and records how late it wakes; the largest lateness is the
longest the loop was blocked (how long a gateway heartbeat would have waited).

Why a faulthandler watchdog and not a Python one: when another thread holds the GIL, a Python
watchdog thread is starved exactly when it should look. `faulthandler.dump_traceback_later`
runs in a C thread that needs no GIL, so it can dump every thread's stack in the middle of a
stall. The ticker re-arms it at every tick; if the loop has not come back within `threshold`,
it dumps (and repeats every `threshold` while the stall lasts).

Each tick also records the CPU time the main thread and the whole process used meanwhile, which
classifies every stall without guessing from stacks:
- main thread busy most of the stall: the loop itself ran code (CPU work on the event loop);
- other threads of this process busy: they held the GIL the loop needed;
- neither: the process was not running at all, i.e. it waited for a CPU (other processes,
  including the model's owner, or other people's work on a shared machine).

How to read the samples: the main thread's top frame says what the loop was doing. If it is
`select` (the loop's epoll wait, whose timeout is at most the ticker's 10 ms), the loop was not
running Python code of its own: the thread had returned from the system call and was waiting
for the GIL (or, on an overloaded machine, for a CPU). The other threads' frames show who was
running Python meanwhile.
"""

from __future__ import annotations

import asyncio
import faulthandler
import re
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

_THREAD = re.compile(r"^(?:Current thread|Thread) (0x[0-9a-f]+)")
_FRAME = re.compile(r'^\s+File "([^"]+)", line (\d+) in (\S+)')


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
        for s in self.samples:
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


def _parse(text: str, main_ident: int) -> list[Sample]:
    samples: list[Sample] = []
    main_hex = f"0x{main_ident:016x}"
    tick = None
    for part in re.split(r"^(=== tick \d+)\s*$", text, flags=re.M)[::-1]:  # markers follow their dumps
        if part.startswith("=== tick "):
            tick = int(part.split()[2])
            continue
        for sample in _parse_dumps(part, main_hex):
            sample.tick = tick
            samples.append(sample)
    return samples[::-1]


def _parse_dumps(text: str, main_hex: str) -> list[Sample]:
    samples: list[Sample] = []
    for block in re.split(r"^Timeout \([^)]*\)!\s*$", text, flags=re.M):
        threads: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            m = _THREAD.match(line)
            if m:
                current = m.group(1)
                threads[current] = []
                continue
            f = _FRAME.match(line)
            if f and current is not None:
                threads[current].append(f"{f.group(1)}:{f.group(3)}")
        if not threads:
            continue
        main = threads.pop(main_hex, [])
        samples.append(Sample(main, threads))
    return samples


class StallProbe:
    """Use as `async with StallProbe() as probe:` around the load; read `probe.report` after."""

    def __init__(self, *, tick: float = 0.01, threshold: float = 0.05, sample_stacks: bool = True):
        """`sample_stacks=False` keeps only the CPU-time classification: faulthandler reads other
        threads' frames without the GIL, which can crash a process whose threads run Python hard
        (it did once, with the model in a thread of the bot's process)."""
        self.sample_stacks = sample_stacks
        self.tick = tick
        self.threshold = threshold
        self.report = StallReport()
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._file = tempfile.TemporaryFile(mode="w+")

    async def __aenter__(self) -> "StallProbe":
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        faulthandler.cancel_dump_traceback_later()
        self._file.flush()
        self._file.seek(0)
        self.report.samples = _parse(self._file.read(), threading.main_thread().ident or 0)
        self._file.close()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stop.is_set():
            if self.sample_stacks:
                faulthandler.dump_traceback_later(self.threshold, repeat=True, file=self._file)
            t, main, proc = loop.time(), time.thread_time(), time.process_time()
            await asyncio.sleep(self.tick)
            wall = loop.time() - t
            self.report.lateness.append(wall - self.tick)
            self.report.ticks.append(Tick(wall, wall - self.tick, time.thread_time() - main, time.process_time() - proc))
            if self.sample_stacks and wall - self.tick > self.threshold:  # the dumps so far belong to this tick
                faulthandler.cancel_dump_traceback_later()
                self._file.write(f"=== tick {len(self.report.ticks) - 1}\n")
                self._file.flush()
        faulthandler.cancel_dump_traceback_later()
