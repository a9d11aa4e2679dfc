"""`python -m bench [--quick] [--only SECTION ...]`: run the benchmark and print one table.

Sections: latency, ingest, loop (in this process, one model), process (start-up and memory in
child processes), scale (synthetic corpora), store (progress store on SQLite and PostgreSQL),
rhythm (the scheduler with 1,000 servers' questions of the day due at once). See docs/benchmarks.md for the method.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

# The bare reference model in this process runs under the same OpenMP policy as the model owner
# (bot/model/embedding.py); set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from bench.report import Row, machine_line, render  # noqa: E402

SECTIONS = ("latency", "ingest", "loop", "process", "scale", "store", "rhythm")


async def _in_process(args, rows: list[Row]) -> float | None:
    from bench import ingest, latency, loop
    from bench.common import bare_model, scratch_settings
    from bot.core import Core
    from bot.model.embedding import Embedder

    encode_ms = None
    embedder = await asyncio.to_thread(lambda: Embedder.load(threads=args.model_threads))
    bare = await asyncio.to_thread(bare_model) if {"latency", "ingest", "scale"} & set(args.only) else None
    data = Path(tempfile.mkdtemp(prefix="bench-core-"))
    try:
        core = await Core.open(scratch_settings(data), embedder=embedder)
        try:
            if "latency" in args.only:
                part = await latency.measure(core, args.runs, bare)
                encode_ms = part[0].value
                rows += _announce(part)
            if "ingest" in args.only:
                rows += _announce(await ingest.measure(embedder, args.runs, bare))
            if encode_ms is None and "scale" in args.only:
                encode_ms = _bare_encode_ms(bare)
            bare = None  # the floor is measured: drop the second model before the load tests
            gc.collect()
            if "loop" in args.only:
                rows += _announce(await loop.measure(core, asks=40 if args.quick else 100, sample_stacks=args.stacks))
                rows += _announce(await loop.measure_burst(core, asks=100, rounds=args.runs))
            if "rhythm" in args.only:
                from bench import rhythm

                rhythm.SAMPLE_STACKS = args.stacks
                rows += _announce(await rhythm.measure(core, args.runs, servers=200 if args.quick else 1_000))
        finally:
            await core.close()
    finally:
        embedder.close()
        shutil.rmtree(data, ignore_errors=True)
    return encode_ms


def _bare_encode_ms(model) -> float:
    import time

    q = "Why do libertarians object to liberal hegemony?"
    model.encode([q], show_progress_bar=False)
    samples = []
    for _ in range(10):
        t = time.perf_counter()
        model.encode([q], show_progress_bar=False)
        samples.append((time.perf_counter() - t) * 1000)
    return sorted(samples)[len(samples) // 2]


def _announce(rows: list[Row]) -> list[Row]:
    for r in rows:
        value = "-" if r.value is None else f"{r.value:.3g} {r.unit}"
        print(f"  {r.section}: {r.metric}: {value}", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpora and fewer runs (about 3 minutes)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--runs", type=int, default=None, help="runs per figure (default 3, quick 2)")
    parser.add_argument("--model-threads", type=int, default=0,
                        help="torch threads for batches in the model owner (default 0: the bot's default, every core)")
    parser.add_argument("--stacks", action="store_true",
                        help="also sample the loop's stack during event-loop stalls (a sampler thread; diagnostic)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (2 if args.quick else 3)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    rows: list[Row] = []
    encode_ms = None
    if {"latency", "ingest", "loop", "scale", "rhythm"} & set(args.only):
        encode_ms = asyncio.run(_in_process(args, rows))
    gc.collect()
    if "process" in args.only:
        from bench import procs

        rows += _announce(procs.measure(args.runs))
    if "scale" in args.only:
        from bench import scale

        table, cross_rows = scale.crossover(args.runs, sizes=(5_000, 20_000, 50_000) if args.quick else
                                            (5_000, 10_000, 20_000, 50_000, 100_000, 200_000))
        rows += _announce(cross_rows)
        if encode_ms:
            threshold = scale.pick_threshold(table, encode_ms)
            from bot.config import RetrievalSettings

            current = RetrievalSettings().ann_threshold
            rows += _announce([Row("scale", "ann_threshold by measurement (exact p50 <= 1/4 bare encode)", threshold, "chunks",
                                   current, "configured default", note="the largest measured size that qualifies")])
        for n in ((20_000, 100_000) if args.quick else (100_000, 1_000_000)):
            rows += _announce(scale.measure_size(n, args.runs, full_retriever=n <= 100_000))
            gc.collect()

    if "store" in args.only:
        from bench import store

        rows += _announce(asyncio.run(store.measure(args.quick, args.runs)))

    print(render(rows, machine_line(args.quick, args.runs)))
    failed = [r for r in rows if r.ok is False]
    if failed:
        print(f"\n{len(failed)} target(s) missed: " + "; ".join(r.metric for r in failed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
