"""The approximate index keeps the exact index's contract: same rows, exact cosines, masks."""

from __future__ import annotations

import faiss  # noqa: F401 - a hard dependency (pyproject): missing, this module fails, it does not skip
import numpy as np
import pytest

from bench.synthetic import clustered_vectors, queries_near
from bot.index.ann import AnnIndex
from bot.index.exact import ExactIndex
from bot.index.vectors import make_vector_index


@pytest.fixture(scope="module")
def corpus():
    rng = np.random.default_rng(3)
    vectors, centers = clustered_vectors(8_000, 384, rng)
    return vectors, queries_near(centers, 30, rng)


def recall_at(k, got, want):
    return len(set(got[:k].tolist()) & set(want[:k].tolist())) / k


def test_recall_and_exact_cosines(corpus):
    vectors, queries = corpus
    ann, exact = AnnIndex(vectors), ExactIndex(vectors)
    recalls = []
    for q in queries:
        rows, cos = ann.search(q, 10)
        want_rows, _ = exact.search(q, 10)
        recalls.append(recall_at(10, rows, want_rows))
        # scores are exact cosines of the returned rows, best first
        np.testing.assert_allclose(cos, vectors[rows] @ q, rtol=1e-5, atol=1e-6)
        assert np.all(np.diff(cos) <= 1e-7)
    assert np.mean(recalls) >= 0.95


@pytest.mark.parametrize("allowed_share", [0.001, 0.6])
def test_mask_is_honoured(corpus, allowed_share):
    vectors, queries = corpus
    ann, exact = AnnIndex(vectors), ExactIndex(vectors)
    mask = np.random.default_rng(1).random(len(vectors)) < allowed_share
    for q in queries[:10]:
        rows, _ = ann.search(q, 10, mask)
        assert len(rows) == min(10, int(mask.sum()))
        assert mask[rows].all()
        want, _ = exact.search(q, 10, mask)
        assert recall_at(len(want), rows, want) >= 0.8


def test_empty_mask_and_small_k(corpus):
    vectors, queries = corpus
    ann = AnnIndex(vectors)
    rows, cos = ann.search(queries[0], 10, np.zeros(len(vectors), bool))
    assert len(rows) == 0 and len(cos) == 0
    assert len(ann.search(queries[0], 0)[0]) == 0
    assert len(ann) == len(vectors) and ann.kind == "ivf-sq8"


def test_make_vector_index_switches_at_threshold(corpus):
    vectors, _ = corpus
    assert make_vector_index(vectors, ann_threshold=len(vectors)).kind == "exact"
    assert make_vector_index(vectors, ann_threshold=len(vectors) - 1).kind == "ivf-sq8"
