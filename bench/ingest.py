"""Ingest throughput against the bare model on the same chunk texts, and a re-ingest of
unchanged essays (which must encode nothing).

Each run ingests the seed essays into an empty scratch index (cold embedding cache), so the
model encodes every chunk; the bare reference encodes exactly those chunk texts with
`SentenceTransformer.encode` at the same batch size. Chunking (which counts word pieces per
sentence) and the SQLite writes are what ingest adds.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench.common import REPO, now, scratch_settings
from bench.report import Row, median, ratio_row
from bot.corpus.chunking import chunk_essay
from bot.corpus.essay import load_essay_dir
from bot.index.library import Library

SECTION = "ingest"


async def measure(embedder, rounds: int, model) -> list[Row]:
    """`model` is a bare SentenceTransformer loaded in this process (bench.common.bare_model)."""
    settings = scratch_settings(Path(tempfile.gettempdir()))
    r = settings.retrieval
    essays = load_essay_dir(settings.seeds_dir)
    texts = [c.embed_text for e in essays for c in chunk_essay(
        e, max_tokens=r.chunk_max_tokens, overlap=r.chunk_overlap_sentences, count_tokens=lambda t: len(model.tokenizer.tokenize(t)))]
    unique = list(dict.fromkeys(texts))  # ingest encodes each distinct text once

    async def provider():
        return embedder

    bare_rates, ingest_rates, re_times, re_encoded, embedded = [], [], [], [], []
    model.encode(unique[:8], normalize_embeddings=True, show_progress_bar=False)  # warm-up
    for _ in range(rounds):
        t = now()
        model.encode(unique, batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        bare_rates.append(len(unique) / (now() - t))

        folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        try:
            lib = await Library.open(scratch_settings(folder), provider)
            try:
                t = now()
                report = await lib.ingest_folder(REPO / "seeds")
                elapsed = now() - t
                ingest_rates.append(report.chunks_embedded / elapsed)
                embedded.append(report.chunks_embedded)
                t = now()
                again = await lib.ingest_folder(REPO / "seeds")
                re_times.append((now() - t) * 1000)
                re_encoded.append(again.chunks_embedded)
            finally:
                await lib.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return [
        ratio_row(SECTION, f"ingest throughput ({int(median(embedded))} chunks, cold cache)", median(ingest_rates),
                  "chunks/s", median(bare_rates), "bare model.encode", 0.9, higher_is_better=True),
        Row(SECTION, "re-ingest unchanged essays: chunks encoded", max(re_encoded), "", target="0", ok=max(re_encoded) == 0),
        Row(SECTION, "re-ingest unchanged essays: time", median(re_times), "ms"),
    ]
