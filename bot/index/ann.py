"""Approximate dense search for large corpora: a faiss inverted-file index with 8-bit codes,
re-ranked exactly.

Why this index (measured in `bench/`, see docs/benchmarks.md): at 100,000 chunks faiss IVF
builds in a few seconds and answers in well under a millisecond with recall@10 of 1.00 against exact
search, while usearch/HNSW took 20-100 s to build for the same recall; at 1,000,000 chunks exact
NumPy search no longer fits the latency budget. The 8-bit codes (384 bytes per chunk) only pick
candidates; their cosines are recomputed from the float32 vectors the retriever keeps anyway,
so the scores handed back are exact. That matters: the tutor decides "the essays do not cover
this" from the best cosine, and a quantised cosine would move that threshold.

A `mask` (the essays a server may see) is honoured with a faiss ID selector; when it leaves few
rows, exact search over just those rows is both cheaper and exact.
"""

from __future__ import annotations

import logging
import math

import numpy as np

from bot.index.exact import ExactIndex

log = logging.getLogger(__name__)

# Below this many allowed rows a masked query is answered exactly over those rows only: the
# inverted lists would mostly hold rows the mask rejects, and a matrix-vector product over
# 20,000 rows costs about 2 ms here.
EXACT_SUBSET_MAX = 20_000
# Codes pick this many candidates (at least) for exact re-ranking.
MIN_FETCH = 64


def _nlist(n: int) -> int:
    """About 2·sqrt(n) lists, with at least 39 training points per list (faiss's minimum).

    Fewer lists than faiss's usual 4·sqrt(n) halve the k-means cost (the build at 1,000,000
    rows is ~40 s instead of minutes on two cores) and kept recall@10 at 1.00 in bench/."""
    return max(1, min(int(2 * math.sqrt(n)), n // 39))


class AnnIndex:
    """Same contract as `ExactIndex`: `search(query, k, mask) -> (row ids, cosines)`, best first."""

    kind = "ivf-sq8"

    def __init__(self, vectors: np.ndarray, *, nprobe: int | None = None, seed: int = 0):
        import faiss  # loaded only when a corpus is large enough for this index (make_vector_index)

        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = self.vectors.shape
        self.nlist = _nlist(n)
        # Probing 1.5-5% of the lists kept recall@10 at 1.00 on the synthetic corpora (bench/).
        self.nprobe = nprobe or min(self.nlist, max(16, self.nlist // 64))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, self.nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(seed)
        sample_size = min(n, self.nlist * 40)
        sample = self.vectors if sample_size == n else self.vectors[np.sort(rng.choice(n, sample_size, replace=False))]
        index.cp.niter = 10  # k-means iterations (default 25): centroids need not be exact
        index.train(sample)
        index.add(self.vectors)
        index.nprobe = self.nprobe
        self._index = index
        self._quantizer = quantizer  # faiss does not own it from Python: keep it alive
        self._faiss = faiss
        log.info("approximate vector index over %d rows: %d lists, nprobe %d", n, self.nlist, self.nprobe)

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def code_bytes(self) -> int:
        """Memory of the index itself (codes and ids), on top of the float32 vectors."""
        return len(self) * (self.vectors.shape[1] + 8)

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        n = len(self)
        if n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(-1)
        params = None
        if mask is not None:
            allowed = int(np.count_nonzero(mask))
            if allowed == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            if allowed <= EXACT_SUBSET_MAX:
                return self._exact_subset(query, k, np.flatnonzero(mask))
            bits = np.packbits(np.asarray(mask, dtype=bool), bitorder="little")
            # faiss's Python layer accepts these as keywords (and keeps the selector alive with the
            # parameters); the SWIG-generated signature mypy reads does not list them.
            params = self._faiss.SearchParametersIVF(  # type: ignore[call-arg]
                sel=self._faiss.IDSelectorBitmap(n, self._faiss.swig_ptr(bits)), nprobe=self.nprobe)
            k = min(k, allowed)
        k = min(k, n)
        fetch = min(n, max(2 * k, MIN_FETCH))
        _, ids = self._index.search(query[None, :], fetch, params=params)
        rows = ids[0]
        rows = rows[rows >= 0]
        if params is not None and mask is not None and len(rows) < k:  # params: only with a mask
            # The probed lists held too few allowed rows: answer exactly rather than short.
            return self._exact_subset(query, k, np.flatnonzero(mask))
        cos = self.vectors[rows] @ query
        order = np.argsort(-cos, kind="stable")[:k]
        return rows[order].astype(np.int64), cos[order].astype(np.float32)

    def _exact_subset(self, query: np.ndarray, k: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sub_rows, cos = ExactIndex(self.vectors[rows]).search(query, k)
        return rows[sub_rows].astype(np.int64), cos
