"""Issue 22: the model owner's own socket protocol against `concurrent.futures.ProcessPoolExecutor`.

Two ways to reach a sentence-transformers model in another process, from an asyncio loop as the
bot does:
- owner: `bot.model.embedding.Embedder` (a `python -m bot.model.owner` child, pickled tuples over a
  socketpair, one writer and one reader thread, a supervisor thread; `encode_async`);
- pool:  `ProcessPoolExecutor(max_workers=1, mp_context=spawn)` whose initializer loads the same
  model with the same thread policy (`bot.model.owner.load_model`, one torch thread for a call of
  at most `SMALL_CALL` texts, every core for larger ones, the same `nice`), called with
  `loop.run_in_executor`.
And the floor: the same model in this process, no hop at all.

Latency: per-call round trip of a 1-question encode and of a 32-sentence encode, alternating the
two ways in blocks so drift (other load on the box) falls on both; median and p95.

Burst: 100 one-question calls at once, the time until the last answer (the owner micro-batches
questions that arrive together; a pool's worker takes its queue one call at a time).

Supervision: what each way does when the child is killed (SIGKILL) during a call, and when it
hangs (SIGSTOP): how long until the caller hears, and whether the next call is answered without
the caller doing anything.

Run: `python -m bench.model_ipc [--calls 300] [--skip-supervision]`. Results: docs/measurements/issue-22.md.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import signal
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

# The same OpenMP policy as the model owner (bot/model/embedding.py); set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

BLOCK = 50  # calls of one kind before switching to the other way
BURST = 100
BURST_ROUNDS = 6

# -- the pool's worker ---------------------------------------------------------------------------
_state: dict = {}


def _init(spec: str, threads: int) -> None:
    """Runs once in the pool's worker: what `bot.model.owner.main` does before serving."""
    from bot.model.owner import OWNER_NICE, load_model

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        os.nice(OWNER_NICE)
    except OSError:
        pass
    import torch

    model, info = load_model(spec, threads)
    _state.update(model=model, now=torch.get_num_threads(), batch=info["threads"], torch=torch)


def _encode(texts: list[str]):
    """`bot.model.owner.Owner`'s encode: one thread for a lone question, every core for a batch."""
    from bot.model.owner import SMALL_CALL

    want = 1 if len(texts) <= SMALL_CALL else _state["batch"]
    if want != _state["now"]:
        _state["torch"].set_num_threads(want)
        _state["now"] = want
    return _state["model"].encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                                  show_progress_bar=False)


def _pid() -> int:
    return os.getpid()


def new_pool(spec: str, threads: int) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init, initargs=(spec, threads))
    pool.submit(_pid).result()  # wait for the model to load, as Embedder.load does
    return pool


# -- inputs ---------------------------------------------------------------------------------------
def inputs() -> tuple[list[str], list[str]]:
    """Questions (the dev set, or its stand-ins) and the seeds' sentences, 32 to a batch."""
    from bench.common import REPO, dev_questions
    from bot.corpus.essay import load_essay_dir
    from bot.text import split_sentences

    questions = dev_questions()
    sentences: list[str] = []
    for essay in load_essay_dir(REPO / "seeds"):
        for p in essay.paragraphs:
            sentences += [p.text[a:b] for a, b in split_sentences(p.text) if 40 <= b - a <= 400]
    return questions, sentences


def stats(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


# -- latency --------------------------------------------------------------------------------------
async def latency(calls: int, threads: int, *, block: int = BLOCK, batches_only: bool = False
                  ) -> dict[str, dict[str, list[float]]]:
    from bot.config import DEFAULT_MODEL
    from bot.model.embedding import Embedder

    questions, sentences = inputs()
    loop = asyncio.get_running_loop()
    t0 = time.perf_counter()
    owner = await asyncio.to_thread(lambda: Embedder.load(DEFAULT_MODEL, threads=threads))
    owner_start = time.perf_counter() - t0
    t0 = time.perf_counter()
    pool = await asyncio.to_thread(new_pool, DEFAULT_MODEL, threads)
    pool_start = time.perf_counter() - t0
    print(f"start: owner {owner_start:.1f} s, pool {pool_start:.1f} s", flush=True)

    async def via_owner(texts: list[str]):
        return await owner.encode_async(texts)

    async def via_pool(texts: list[str]):
        return await loop.run_in_executor(pool, _encode, texts)

    ways = {"owner": via_owner, "pool": via_pool}
    out: dict[str, dict[str, list[float]]] = {w: {"1 question": [], "32 sentences": []} for w in ways}
    try:
        # warm both (first calls allocate, the thread count switches once)
        for way in ways.values():
            for _ in range(5):
                await way(questions[:1])
                await way(sentences[:32])
        for shape in ("32 sentences",) if batches_only else ("1 question", "32 sentences"):
            n = calls if shape == "1 question" else max(block, calls // 2)
            done = 0
            while done < n:
                # which way goes first alternates from block to block
                order = list(ways.items()) if (done // block) % 2 == 0 else list(ways.items())[::-1]
                for name, way in order:
                    for k in range(done, min(n, done + block)):
                        if shape == "1 question":
                            texts = [questions[k % len(questions)]]
                        else:
                            start = (k * 32) % max(1, len(sentences) - 32)
                            texts = sentences[start:start + 32]
                        t = time.perf_counter()
                        vectors = await way(texts)
                        out[name][shape].append((time.perf_counter() - t) * 1000)
                        assert vectors.shape[0] == len(texts)
                done = min(n, done + block)
        # A burst: BURST questions at once (a class asking together), the time until the last
        # answer; the owner micro-batches them, the pool's one worker takes them one by one.
        for name in ways:
            out[name][f"burst of {BURST}"] = []
        for _ in range(0 if batches_only else BURST_ROUNDS):
            for name, way in ways.items():
                t = time.perf_counter()
                await asyncio.gather(*(way([questions[k % len(questions)]]) for k in range(BURST)))
                out[name][f"burst of {BURST}"].append((time.perf_counter() - t) * 1000)
    finally:
        owner.close()
        pool.shutdown()
    return out


def floor(calls: int, threads: int, *, block: int = BLOCK) -> dict[str, list[float]]:
    """The model in this process with the owner's thread policy: what a call costs with no hop."""
    import torch

    from bot.config import DEFAULT_MODEL
    from bot.model.owner import SMALL_CALL, load_model

    questions, sentences = inputs()
    model, info = load_model(DEFAULT_MODEL, threads)
    out: dict[str, list[float]] = {"1 question": [], "32 sentences": []}
    for shape in out:
        n = calls if shape == "1 question" else max(block, calls // 2)
        for k in range(n + 5):
            if shape == "1 question":
                texts = [questions[k % len(questions)]]
            else:
                start = (k * 32) % max(1, len(sentences) - 32)
                texts = sentences[start:start + 32]
            torch.set_num_threads(1 if len(texts) <= SMALL_CALL else info["threads"])
            t = time.perf_counter()
            model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                         show_progress_bar=False)
            if k >= 5:
                out[shape].append((time.perf_counter() - t) * 1000)
    return out


# -- supervision ----------------------------------------------------------------------------------
async def supervision(threads: int) -> list[str]:
    from bot.config import DEFAULT_MODEL
    from bot.model.embedding import Embedder, ModelRestarting, Supervision

    _, sentences = inputs()
    big = (sentences * 20)[:640]  # 20 slices of 32: long enough to kill the child in the middle
    lines: list[str] = []
    loop = asyncio.get_running_loop()
    rules = Supervision(call_timeout=2.0, backoff=0.2)

    # owner, SIGKILL during a call
    owner = await asyncio.to_thread(lambda: Embedder.load(DEFAULT_MODEL, threads=threads, supervision=rules))
    try:
        task = asyncio.ensure_future(owner.encode_async(big))
        await asyncio.sleep(0.3)
        os.kill(owner.pid, signal.SIGKILL)
        killed = time.perf_counter()
        try:
            await task
            lines.append("owner/SIGKILL: the call finished before the kill (make `big` larger)")
        except ModelRestarting as exc:
            heard = time.perf_counter() - killed
            t = time.perf_counter()
            while True:  # a caller that retries, as the adapters tell a learner to
                try:
                    await owner.encode_async(sentences[:1])
                    break
                except ModelRestarting:
                    await asyncio.sleep(0.1)
            lines.append(f"owner/SIGKILL: caller told in {heard * 1000:.0f} ms ({type(exc).__name__}); "
                         f"answered again {time.perf_counter() - t:.1f} s later by a new child, no caller action "
                         f"(restarts={owner.restarts})")
        # owner, SIGSTOP (hung) during a call
        os.kill(owner.pid, signal.SIGSTOP)
        stopped = time.perf_counter()
        try:
            await owner.encode_async(sentences[:1])
            lines.append("owner/SIGSTOP: answered?!")
        except ModelRestarting as exc:
            heard = time.perf_counter() - stopped
            t = time.perf_counter()
            while True:
                try:
                    await owner.encode_async(sentences[:1])
                    break
                except ModelRestarting:
                    await asyncio.sleep(0.1)
            lines.append(f"owner/SIGSTOP: caller told in {heard:.1f} s (call_timeout 2 s, {type(exc).__name__}); "
                         f"stopped child killed, answered again {time.perf_counter() - t:.1f} s later "
                         f"(restarts={owner.restarts})")
    finally:
        owner.close()

    # pool, SIGKILL during a call
    pool = await asyncio.to_thread(new_pool, DEFAULT_MODEL, threads)
    worker = await loop.run_in_executor(pool, _pid)
    fut = loop.run_in_executor(pool, _encode, big)
    await asyncio.sleep(0.3)
    os.kill(worker, signal.SIGKILL)
    killed = time.perf_counter()
    try:
        await fut
        lines.append("pool/SIGKILL: the call finished before the kill")
    except BrokenProcessPool as exc:
        heard = time.perf_counter() - killed
        try:
            await loop.run_in_executor(pool, _encode, sentences[:1])
            after = "the next call was answered"
        except BrokenProcessPool:
            after = "every later submit raises BrokenProcessPool: the caller must build a new pool"
        t = time.perf_counter()
        pool = await asyncio.to_thread(new_pool, DEFAULT_MODEL, threads)
        lines.append(f"pool/SIGKILL: caller told in {heard * 1000:.0f} ms ({type(exc).__name__}); {after} "
                     f"(a new pool with its model: {time.perf_counter() - t:.1f} s)")
    # pool, SIGSTOP (hung) during a call
    worker = await loop.run_in_executor(pool, _pid)
    os.kill(worker, signal.SIGSTOP)
    stopped = time.perf_counter()
    try:
        await asyncio.wait_for(asyncio.shield(loop.run_in_executor(pool, _encode, sentences[:1])), 2.0)
        lines.append("pool/SIGSTOP: answered?!")
    except asyncio.TimeoutError:
        heard = time.perf_counter() - stopped
        try:
            await asyncio.wait_for(asyncio.shield(loop.run_in_executor(pool, _encode, sentences[:1])), 5.0)
            after = "the next call was answered"
        except asyncio.TimeoutError:
            after = ("the next call also waits (the worker is still stopped; the executor has no public way "
                     "to kill or replace it, and shutdown(cancel_futures=True) does not stop a running task)")
        lines.append(f"pool/SIGSTOP: the caller's own wait_for gave up after {heard:.1f} s; {after}")
    finally:
        os.kill(worker, signal.SIGKILL)  # ours to clean up: the pool would wait for it forever
        pool.shutdown(wait=False, cancel_futures=True)
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="1-question calls per way (batches: half)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads for batches (0: every core)")
    parser.add_argument("--block", type=int, default=BLOCK, help="calls of one way before switching")
    parser.add_argument("--batches-only", action="store_true", help="only the 32-sentence calls, no floor")
    parser.add_argument("--skip-supervision", action="store_true")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores", flush=True)
    results = asyncio.run(latency(args.calls, args.threads, block=args.block, batches_only=args.batches_only))
    if not args.batches_only:
        results["floor (in process)"] = floor(args.calls, args.threads, block=args.block)
    print(f"{'way':<20} {'shape':<14} {'n':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, shapes in results.items():
        for shape, ms in shapes.items():
            if not ms:
                continue
            med, p95 = stats(ms)
            print(f"{name:<20} {shape:<14} {len(ms):>5} {med:>10.2f} {p95:>8.2f}")
    if not args.skip_supervision:
        for line in asyncio.run(supervision(args.threads)):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
