"""Choosing the dense vector index for a corpus of a given size.

Exact search (`bot.index.exact`) is one matrix-vector product; for the essay sets a study group
reads (hundreds to tens of thousands of chunks) it is both the fastest and the simplest. `bench/`
measures where an approximate index (`bot.index.ann`) starts to pay off; the retriever asks
`make_vector_index` for the right one. Both indexes answer `search(query, k, mask)` the same way.
"""

from __future__ import annotations

import numpy as np

from bot.index.ann import AnnIndex
from bot.index.exact import ExactIndex


def make_vector_index(vectors: np.ndarray, *, ann_threshold: int) -> ExactIndex | AnnIndex:
    """Exact search below `ann_threshold` rows; the approximate index above it."""
    if vectors.shape[0] > ann_threshold:
        return AnnIndex(vectors)
    return ExactIndex(vectors)
