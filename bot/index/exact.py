"""Exact dense search over normalised embeddings (cosine = dot product): one matrix-vector product.

For the essay sets a study group reads (hundreds to tens of thousands of chunks) it is both the
fastest and the simplest; the approximate index (`bot.index.ann`) also falls back to it for
queries whose mask leaves few rows. Imports nothing from the package, so both can build on it.
"""

from __future__ import annotations

import numpy as np


class ExactIndex:
    """Brute-force cosine search; `mask` restricts results to allowed rows (essay/guild scope)."""

    kind = "exact"

    def __init__(self, vectors: np.ndarray):
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def search(self, query: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Return (row ids, cosines), best first."""
        n = len(self)
        if n == 0 or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self.vectors @ np.asarray(query, dtype=np.float32)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
            k = min(k, int(mask.sum()))
            if k == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        k = min(k, n)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return top.astype(np.int64), scores[top].astype(np.float32)
