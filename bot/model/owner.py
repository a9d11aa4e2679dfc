"""The model owner: a child process that holds the sentence-embedding model and its tokenizer.

Why a process: the model's Python parts (tokenising, batching, sentence-transformers' glue) hold
the GIL, and in a thread of the bot's process they stalled the event loop for 0.3-0.4 s under
load (measured in bench/loop.py with faulthandler samples). In its own process nothing the model
does can hold the loop's GIL; it also ends the tokenizer race (a worker thread counting tokens
while the embedder thread encoded on the same tokenizer), because nothing outside this process
touches the model or its tokenizers, and it keeps the bot's process small.

Inside, one *model thread* makes every model call (`Scheduler`):
- small requests (questions, answers to grade, a few sentences: at most `SMALL` texts) come
  first, and those that arrive together are micro-batched into one model call: a request that
  finds the model idle and no other small request in the last `window` seconds goes straight to
  the model (a lone question waits for nothing); during a burst the owner gathers what arrives
  within `window` of the previous request (up to `max_batch` texts) into one call;
- large requests (an essay's chunks, a generator's sentences) are sorted by length and encoded
  in slices of `SLICE` texts, so a question never waits behind more than one slice.
Jobs that need the model and CPU (chunking an essay, generating quiz items) run on job threads
here and reach the model through the same scheduler; token counting for chunking uses the job
threads' own tokenizer instance (under a lock), never the model thread's.

Protocol with `bot.model.embedding.Embedder` (pickled tuples over a socket):
  parent -> owner: ("encode", id, texts) | ("tokens", id, texts) | ("job", id, name, kwargs)
                   | ("batching", id, enabled) | ("close",)
  owner -> parent: first ("ready", info) or ("failed", message); then ("ok", id, result)
                   | ("error", id, exception)

Run as `python -m bot.model.owner FD SPEC` by `Embedder.load`; not a command for people.

Length (about 400 lines): the scheduler and the serving loop are the whole program of the child
process (`python -m bot.model.owner`), and they share its one model thread; they read together.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Callable

import numpy as np

log = logging.getLogger("bot.model.owner")

SMALL = 16          # texts: a request this small is interactive (batched, served before bulk)
SLICE = 32          # texts per model call for large requests
MAX_BATCH = 64      # texts per micro-batched model call
WINDOW = 0.003      # seconds: requests this close together are gathered into one call
MAX_WAIT = 0.010    # seconds: the longest a gathered batch waits for more
OWNER_NICE = 5      # scheduling priority below the bot's process (see main)


Done = Callable[[np.ndarray | None, BaseException | None], None]


@dataclass
class _Request:
    texts: list[str]
    done: Done
    arrived: float = field(default_factory=time.perf_counter)
    order: list[int] | None = None   # large requests: indices sorted by length
    out: np.ndarray | None = None
    pos: int = 0


class Scheduler:
    """Every model call, made by one thread; see the module docstring for the policy."""

    def __init__(self, encode: Callable[[list[str], int], np.ndarray], dim: int, *, window: float = WINDOW,
                 max_wait: float = MAX_WAIT, max_batch: int = MAX_BATCH, slice_size: int = SLICE):
        self._encode = encode
        self.dim = dim
        self.window = window
        self.max_wait = max_wait
        self.max_batch = max_batch
        self.slice_size = slice_size
        self.batching = True
        self._small: deque[_Request] = deque()
        self._bulk: deque[_Request] = deque()
        self._cond = threading.Condition()
        self._closed = False
        self._last_small = float("-inf")   # arrival of the most recent small request
        self._prev_small = float("-inf")   # arrival of the one before the oldest pending
        self.calls = 0                     # model calls made (tests and the benchmark read it)
        self.busy = 0.0                    # seconds spent in model calls

    def submit(self, texts: list[str], done: Done) -> None:
        if not texts:
            done(np.zeros((0, self.dim), dtype=np.float32), None)
            return
        request = _Request(list(texts), done)
        with self._cond:
            if self._closed:
                done(None, RuntimeError("the model owner is closing"))
                return
            if len(texts) <= SMALL:
                if not self._small:
                    self._prev_small = self._last_small
                self._last_small = request.arrived
                self._small.append(request)
            else:
                self._bulk.append(request)
            self._cond.notify()

    def encode_sync(self, texts: list[str]) -> np.ndarray:
        """For job threads in this process: blocks until the model thread has encoded `texts`."""
        fut: Future = Future()
        self.submit(list(texts), lambda v, e: fut.set_exception(e) if e else fut.set_result(v))
        return fut.result()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._small and not self._bulk and not self._closed:
                    self._cond.wait()
                if self._closed and not self._small and not self._bulk:
                    return
                if self._small:
                    batch = self._gather()
                    bulk = None
                else:
                    batch, bulk = None, self._bulk[0]
            if batch is not None:
                self._run_small(batch)
            elif bulk is not None:
                self._run_slice(bulk)

    # -- small requests: micro-batching ------------------------------------------------------
    def _gather(self) -> list[_Request]:
        """Called with the lock held and at least one small request pending."""
        if not self.batching:
            return [self._small.popleft()]
        first = self._small[0].arrived
        in_burst = len(self._small) > 1 or first - self._prev_small < self.window
        if in_burst:
            deadline = first + self.max_wait
            while not self._closed and self._pending_small_texts() < self.max_batch:
                now = time.perf_counter()
                until = min(deadline, self._last_small + self.window)
                if now >= until:
                    break
                self._cond.wait(until - now)
        batch: list[_Request] = []
        count = 0
        while self._small and (not batch or count + len(self._small[0].texts) <= self.max_batch):
            request = self._small.popleft()
            batch.append(request)
            count += len(request.texts)
        if self._small:
            self._prev_small = batch[-1].arrived
        return batch

    def _pending_small_texts(self) -> int:
        return sum(len(r.texts) for r in self._small)

    def _run_small(self, batch: list[_Request]) -> None:
        texts = [t for r in batch for t in r.texts]
        try:
            vectors = self._call(texts, len(texts))
        except Exception:  # one bad request must not fail the others batched with it
            if len(batch) == 1:
                batch[0].done(None, _portable(sys.exc_info()[1] or RuntimeError("unknown error")))
                return
            for request in batch:
                self._run_small([request])
            return
        start = 0
        for request in batch:
            request.done(vectors[start:start + len(request.texts)], None)
            start += len(request.texts)

    # -- large requests: sliced -----------------------------------------------------------------
    def _run_slice(self, request: _Request) -> None:
        if request.order is None or request.out is None:  # its first slice
            request.order = sorted(range(len(request.texts)), key=lambda i: -len(request.texts[i]))
            request.out = np.zeros((len(request.texts), self.dim), dtype=np.float32)
        part = request.order[request.pos:request.pos + self.slice_size]
        try:
            vectors = self._call([request.texts[i] for i in part], len(part))
        except Exception as exc:  # reported to the caller
            self._finish_bulk(request)
            request.done(None, _portable(exc))
            return
        request.out[part] = vectors
        request.pos += len(part)
        if request.pos >= len(request.texts):
            self._finish_bulk(request)
            request.done(request.out, None)

    def _finish_bulk(self, request: _Request) -> None:
        with self._cond:
            if self._bulk and self._bulk[0] is request:
                self._bulk.popleft()

    def _call(self, texts: list[str], batch_size: int) -> np.ndarray:
        self.calls += 1
        started = time.perf_counter()
        try:
            return np.asarray(self._encode(texts, batch_size), dtype=np.float32)
        finally:
            self.busy += time.perf_counter() - started


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # anything unpicklable (its arguments, its class) is sent as text
        return RuntimeError(f"{type(exc).__name__}: {exc}")


class JobContext:
    """What a job (bot/model/jobs.py) may use: the model through the scheduler, and a tokenizer
    of its own for counting word pieces."""

    def __init__(self, scheduler: Scheduler, tokenizer):
        self._scheduler = scheduler
        self._tokenizer = tokenizer
        self._tok_lock = threading.Lock()

    def encode(self, texts) -> np.ndarray:
        return self._scheduler.encode_sync(list(texts))

    def count_tokens(self, text: str) -> int:
        with self._tok_lock:
            return len(self._tokenizer.tokenize(text))


def model_threads(requested: int) -> int:
    """Threads for batches; 0 means every core (the owner runs at a lower priority than the bot,
    so the loop still wins a core when it needs one)."""
    return requested if requested > 0 else max(1, os.cpu_count() or 1)


SMALL_CALL = 2  # texts: a model call this small runs on one thread (measured on 2 cores under load:
# a lone question took 22 ms on one thread and 32 ms on two, while a batch of 64 ran ~2x faster on two)


def load_model(spec: str, threads: int = 0):
    """Load the SentenceTransformer offline; a failure is one clear ConfigError."""
    from pathlib import Path

    from bot.config import DEFAULT_MODEL
    from bot.errors import ConfigError
    from bot.model.embedding import resolve_model_path

    path = resolve_model_path(spec)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if ("/" in path or os.sep in path) and not Path(path).exists() and Path(path).is_absolute():
        raise ConfigError(f"embedding model not found at {path} (set TUTOR_MODEL to a model folder)")
    try:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(model_threads(threads))

        transformers.logging.disable_progress_bar()
        transformers.logging.set_verbosity_error()  # no "sequence longer than 256" notes from counting
        model = SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as exc:  # any loader failure is the same problem for a person
        raise ConfigError(
            f"cannot load embedding model '{spec}' offline: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
        ) from None
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dim = getter()
    if dim is None:
        raise ConfigError(f"embedding model '{spec}' does not say its dimension")
    name = Path(path).name if Path(path).exists() else path
    if spec == DEFAULT_MODEL:
        name = "all-MiniLM-L6-v2"
    info = {"model_id": f"{name}:{dim}", "dim": dim, "max_seq_length": int(getattr(model, "max_seq_length", 256) or 256),
            "pid": os.getpid(), "threads": torch.get_num_threads()}
    return model, info


class Owner:
    def __init__(self, conn: Connection, model, info: dict):
        self.conn = conn
        self.info = info
        self._send_lock = threading.Lock()

        import torch

        threads = {"now": torch.get_num_threads(), "batch": info["threads"]}

        def encode(texts: list[str], batch_size: int) -> np.ndarray:
            want = 1 if len(texts) <= SMALL_CALL else threads["batch"]
            if want != threads["now"]:
                torch.set_num_threads(want)
                threads["now"] = want
            return model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                convert_to_numpy=True, show_progress_bar=False)

        self.scheduler = Scheduler(encode, info["dim"])
        # The job threads' own tokenizer: the model thread's is never touched from another thread.
        self.jobs = JobContext(self.scheduler, copy.deepcopy(model.tokenizer))
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="model-job")
        self._model_thread = threading.Thread(target=self.scheduler.run, name="model", daemon=True)

    def send(self, message: tuple) -> None:
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, ValueError):  # the parent is gone; the read loop ends on its own
                pass

    def reply(self, rid: int, result=None, error: BaseException | None = None) -> None:
        if error is not None:
            self.send(("error", rid, _portable(error)))
        else:
            self.send(("ok", rid, result))

    def serve(self) -> None:
        from bot.model.jobs import JOBS

        self._model_thread.start()
        try:
            while True:
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    return  # the parent closed the socket or died: nothing left to serve
                kind = message[0]
                if kind == "close":
                    return
                rid = message[1]
                if kind == "encode":
                    self.scheduler.submit(message[2], functools.partial(self.reply, rid))
                elif kind == "tokens":
                    self._executor.submit(self._job, rid, lambda texts: [self.jobs.count_tokens(t) for t in texts],
                                          message[2])
                elif kind == "job":
                    job = JOBS.get(message[2])
                    if job is None:
                        self.reply(rid, error=ValueError(f"no model job named {message[2]!r}"))
                    else:
                        self._executor.submit(self._job, rid, lambda kw, job=job: job(self.jobs, **kw), message[3])
                elif kind == "batching":
                    self.scheduler.batching = bool(message[2])
                    self.reply(rid, self.scheduler.batching)
                elif kind == "stats":
                    self.reply(rid, {"calls": self.scheduler.calls, "busy_s": self.scheduler.busy})
                else:
                    self.reply(rid, error=ValueError(f"unknown request {kind!r}"))
        finally:
            self.scheduler.close()
            self._executor.shutdown(wait=False, cancel_futures=True)

    def _job(self, rid: int, fn, arg) -> None:
        try:
            result = fn(arg)
        except BaseException as exc:  # every failure goes back to the caller
            self.reply(rid, error=exc)
        else:
            self.reply(rid, result)


def main(argv: list[str]) -> int:
    # Ctrl-C in a terminal is for the bot's process (which then closes this one), not for us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # When the bot's event loop and the model both want a CPU, the loop should win: a gateway
    # heartbeat or a button press must not wait for a forward pass (questions still get the
    # CPU whenever the loop is idle, which is nearly always).
    try:
        os.nice(OWNER_NICE)
    except OSError:
        pass
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s model owner: %(message)s")
    fd, spec = int(argv[0]), argv[1]
    threads = int(argv[2]) if len(argv) > 2 else 0
    conn = Connection(fd)
    try:
        model, info = load_model(spec, threads)
        owner = Owner(conn, model, info)
    except Exception as exc:  # the parent shows it as one line
        try:
            conn.send(("failed", str(exc)))
        except OSError:
            pass
        return 1
    try:
        conn.send(("ready", info))
    except OSError:  # the bot exited while we were loading
        return 0
    owner.serve()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Leave without running interpreter and C++ teardown while torch's and the job threads may
    # still exist ("terminate called without an active exception" on the learner's terminal).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
