"""Scale: dense search (exact NumPy vs the approximate index), BM25, and the whole hybrid search
over synthetic corpora of 100,000 and 1,000,000 chunks (see bench/synthetic.py for why the
vectors are clustered), plus the crossover that sets `retrieval.ann_threshold`.

Latencies exclude the query encode (a fixed cost measured in the latency section). Dense and
BM25 are measured separately because at a million chunks BM25 is the larger part. The whole
hybrid search (`Retriever.search_vector`: both signals, fusion, hits) is measured at 100,000
chunks only: building a second BM25 index over a million texts would double the section's time.
Memory is what the structures hold (vectors, codes, BM25 postings), not process RSS.
"""

from __future__ import annotations

import gc

import numpy as np

from bench.common import now
from bench.report import Row, median
from bench.synthetic import clustered_vectors, generated_texts, queries_near
from bot.index.ann import AnnIndex
from bot.index.exact import ExactIndex

SECTION = "scale"
DIM = 384
QUERIES = 50
K = 50  # what the retriever asks the dense index for (its candidate count)


def _p50_ms(fn, queries, rounds: int) -> float:
    per_round = []
    for _ in range(rounds):
        times = []
        for q in queries:
            t = now()
            fn(q)
            times.append(now() - t)
        per_round.append(float(np.median(times)) * 1000)
    return median(per_round)


def _bm25_bytes(bm25) -> int:
    total = 0
    for value in getattr(bm25, "scores", {}).values():
        total += getattr(value, "nbytes", 0)
    return total


def crossover(rounds: int, sizes=(5_000, 10_000, 20_000, 50_000, 100_000, 200_000)) -> tuple[list[tuple[int, float, float, float]], list[Row]]:
    """Exact vs approximate dense p50 by corpus size, with the approximate index's build time."""
    rng = np.random.default_rng(11)
    table = []
    for n in sizes:
        vectors, centers = clustered_vectors(n, DIM, rng)
        queries = queries_near(centers, QUERIES, rng)
        exact = ExactIndex(vectors)
        t = now()
        ann = AnnIndex(vectors)
        build = now() - t
        table.append((n, _p50_ms(lambda q: exact.search(q, K), queries, rounds),
                      _p50_ms(lambda q: ann.search(q, K), queries, rounds), build))
        del vectors, exact, ann
        gc.collect()
    text = ", ".join(f"{n // 1000}k: {e:.2f}/{a:.2f} ms, build {b:.1f} s" for n, e, a, b in table)
    return table, [Row(SECTION, "dense p50 exact/ANN by size", None, note=text)]


def pick_threshold(table: list[tuple[int, float, float, float]], encode_ms: float) -> int:
    """The largest size at which exact dense search still costs under a quarter of a bare encode.

    Why not where the curves cross (~5,000 rows): below this size exact search is exact, needs no
    build (the approximate index costs seconds to rebuild after every essay change) and is
    already a small part of the 1.3x budget; above it, it eats the budget."""
    fine = [n for n, exact_ms, _, _ in table if exact_ms <= 0.25 * encode_ms]
    return max(fine) if fine else table[0][0]


def measure_size(n: int, rounds: int, *, full_retriever: bool) -> list[Row]:
    label = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
    rng = np.random.default_rng(n)
    vectors, centers = clustered_vectors(n, DIM, rng)
    queries = queries_near(centers, QUERIES, rng)
    rows: list[Row] = []

    exact = ExactIndex(vectors)
    exact_ms = _p50_ms(lambda q: exact.search(q, K), queries, rounds)
    truth = [exact.search(q, 10)[0] for q in queries]
    t = now()
    ann = AnnIndex(vectors)
    build_s = now() - t
    ann_ms = _p50_ms(lambda q: ann.search(q, K), queries, rounds)
    recall = float(np.mean([len(set(ann.search(q, 10)[0].tolist()) & set(w.tolist())) / 10 for q, w in zip(queries, truth)]))
    vec_mb = vectors.nbytes / 1e6
    rows += [
        Row(SECTION, f"{label}: dense exact p50", exact_ms, "ms", target="< 50 ms" if n >= 1_000_000 else "",
            ok=(exact_ms < 50) if n >= 1_000_000 else None, note=f"vectors {vec_mb:,.0f} MB"),
        Row(SECTION, f"{label}: dense ANN ({ann.kind}) p50", ann_ms, "ms", exact_ms, "exact", "< 50 ms", ann_ms < 50,
            note=f"+{ann.code_bytes / 1e6:,.0f} MB codes; build {build_s:.1f} s; nlist {ann.nlist} nprobe {ann.nprobe}"),
        Row(SECTION, f"{label}: ANN recall@10 vs exact", recall, "", target=">= 0.95", ok=recall >= 0.95),
    ]
    del exact
    gc.collect()

    import bm25s

    from bot.index.retrieval import query_tokens, tokenize

    texts = generated_texts(n, rng)
    t = now()
    bm25 = bm25s.BM25()
    bm25.index(tokenize(texts), show_progress=False)
    bm_build = now() - t
    qtexts = [" ".join(texts[int(i)].split()[:8]) for i in rng.integers(0, n, QUERIES)]

    def bm25_query(text: str) -> None:  # what Retriever.search_vector does for the BM25 side
        scores = bm25.get_scores(query_tokens(text))
        np.argpartition(-scores, K)[:K]

    def bm25_query_sorted(text: str) -> None:  # the full sort retrieval used before: for comparison
        scores = bm25.get_scores(query_tokens(text))
        np.argsort(-scores, kind="stable")[:K]

    bm_ms = _p50_ms(bm25_query, qtexts, rounds)
    bm_sorted_ms = _p50_ms(bm25_query_sorted, qtexts, rounds)
    rows += [
        Row(SECTION, f"{label}: BM25 p50 (scores + argpartition, as retrieval does)", bm_ms, "ms", bm_sorted_ms,
            "with a full argsort", note=f"postings {_bm25_bytes(bm25) / 1e6:,.0f} MB; index build {bm_build:.0f} s"),
    ]
    if full_retriever:
        rows.append(_full_retriever(label, vectors, texts, queries, qtexts, rounds))
    del ann, bm25, texts, vectors
    gc.collect()
    return rows


def _full_retriever(label, vectors, texts, queries, qtexts, rounds) -> Row:
    """The real hybrid search over the corpus split into essays of 100 paragraphs."""
    from bot.corpus.essay import Essay, Paragraph
    from bot.index.retrieval import Retriever
    from bot.index.store import StoredChunk

    per = 100
    essays, chunks = {}, []
    for e in range(0, len(texts), per):
        slug = f"e{e // per}"
        paras = tuple(Paragraph(i + 1, texts[e + i]) for i in range(min(per, len(texts) - e)))
        essays[slug] = Essay(slug, slug, "A", "2020", "S", paras)
        chunks += [StoredChunk(e + i, slug, p.number, 0, len(p.text), p.text, "") for i, p in enumerate(paras)]
    retriever = Retriever(essays, {s: None for s in essays}, chunks, vectors, bm25_weight=0.4, ann_threshold=1000)
    pairs = list(zip(qtexts, queries))
    ms = _p50_ms(lambda pair: retriever.search_vector(pair[0], pair[1], k=5), pairs, rounds)
    return Row(SECTION, f"{label}: whole hybrid search p50 (ANN + BM25 + fusion)", ms, "ms", target="< 50 ms", ok=ms < 50)
