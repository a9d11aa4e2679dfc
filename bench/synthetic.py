"""Synthetic corpora for the scale benchmark and the approximate-index tests.

Why clustered and not uniform: uniformly random unit vectors in 384 dimensions are all nearly
orthogonal (nearest-neighbour cosine about 0.2 and the 10th about 0.19 at 100,000 rows), so
"nearest" is noise and every approximate index scores a recall near zero on them (measured:
0.08-0.31 for faiss IVF and usearch HNSW). Text embeddings are not like that: they gather by
topic. So vectors are random unit vectors scattered around random topic centres (about 1,000
per topic), with noise set so that a query's best cosine is about 0.43, near what real questions
reach against the essays.
"""

from __future__ import annotations

import numpy as np

NOISE = 1.5  # noise norm relative to the unit topic centre
PER_TOPIC = 1000


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def clustered_vectors(n: int, dim: int, rng: np.random.Generator, *, chunk: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    """(vectors float32 n×dim unit rows, topic centres); built in chunks to bound peak memory."""
    centers = _unit(rng.standard_normal((max(1, n // PER_TOPIC), dim), dtype=np.float32))
    out = np.empty((n, dim), dtype=np.float32)
    scale = np.float32(NOISE / np.sqrt(dim))
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        part = rng.standard_normal((stop - start, dim), dtype=np.float32)
        part *= scale
        part += centers[rng.integers(0, len(centers), stop - start)]
        out[start:stop] = _unit(part)
    return out, centers


def queries_near(centers: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    dim = centers.shape[1]
    q = centers[rng.integers(0, len(centers), count)] + rng.standard_normal((count, dim), dtype=np.float32) * np.float32(NOISE / np.sqrt(dim))
    return _unit(q.astype(np.float32))


WORDS = (
    "empire left internationalism solidarity libertarian socialist establishment hegemony war "
    "state power foreign policy alliance movement labor capital democracy military intervention "
    "restraint trade colonial nation freedom market justice global order security budget congress "
    "president party election reform progressive conservative liberal realism strategy debt"
).split()


def generated_texts(n: int, rng: np.random.Generator, *, words: int = 60) -> list[str]:
    """Chunk-sized texts for BM25: a Zipf-like draw over a vocabulary of common and rare words."""
    vocab = WORDS + [f"term{i}" for i in range(20_000)]
    p = 1.0 / np.arange(1, len(vocab) + 1) ** 1.1
    p /= p.sum()
    ids = rng.choice(len(vocab), size=(n, words), p=p)
    return [" ".join(vocab[j] for j in row) for row in ids]


def long_essay(nbytes: int, seed: int = 7, *, title: str = "A Long Upload") -> str:
    """A Markdown essay of about `nbytes` for upload benchmarks: paragraphs of 3-8 sentences
    drawn from the seed essays plus a numbered sentence each, so every chunk is new text (a cold
    embedding cache) that still reads like the essays (realistic lengths and word pieces)."""
    import random
    from pathlib import Path

    from bot.corpus.essay import load_essay_dir
    from bot.text import sentences

    rng = random.Random(seed)
    seeds = load_essay_dir(Path(__file__).resolve().parent.parent / "seeds")
    pool = [s for e in seeds for p in e.paragraphs for s in sentences(p.text)]
    head = f'---\ntitle: "{title}"\nauthor: "Bench Author"\npublished: 2020-01-01\n---\n\n'
    parts, size, i = [head], len(head), 0
    while size < nbytes:
        para = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 8)))
        para += f" In {1900 + rng.randint(0, 120)} this was case {seed}-{i}.\n\n"
        parts.append(para)
        size += len(para.encode("utf-8"))
        i += 1
    return "".join(parts)
