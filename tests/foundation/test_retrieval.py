"""Hybrid ranking on the real essays with the real model, and the fusion rules themselves."""

from __future__ import annotations

import numpy as np
import pytest

from bot.corpus.essay import Essay, Paragraph
from bot.evaluation import load_qa, score_rankings
from bot.index.store import StoredChunk
from bot.retrieval import MAX_HIT_CHARS, Retriever
from foundation_support import DEV_QA


async def test_two_groups_question_finds_walts_paragraph_first(core):
    result = await core.library.search("Which two groups ran US foreign policy?", k=5)
    top = result.hits[0]
    assert (top.essay, top.paragraph) == ("walt-socialists-libertarians", 2)
    assert "liberal interventionists and hawkish neoconservatives" in top.text


async def test_hits_carry_dense_cosine_and_bounded_text(core):
    result = await core.library.search("Where does Aziz Rana teach?", k=5)
    assert len(result.hits) == 5
    assert result.best_dense == pytest.approx(max(h.dense for h in result.hits), abs=1e-6)
    assert all(-1.0 <= h.dense <= 1.0 and len(h.text) <= MAX_HIT_CHARS for h in result.hits)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)


async def test_essay_filter(core):
    result = await core.library.search("liberal hegemony", k=5, essay="rana-left-internationalism")
    assert result.hits and {h.essay for h in result.hits} == {"rana-left-internationalism"}


async def test_off_topic_question_has_low_dense_similarity(core):
    on = await core.library.search("Why do libertarians object to liberal hegemony?")
    off = await core.library.search("How do I bake sourdough bread?")
    assert on.best_dense > off.best_dense + 0.2


@pytest.mark.skipif(not DEV_QA.exists(), reason="the shared development set is not beside the repo")
async def test_dev_set_meets_the_quality_bar(core):
    items = [i for i in load_qa(DEV_QA) if not i.unanswerable]
    rankings = [[h.text for h in (await core.library.search(i.q, k=10)).hits] for i in items]
    scores = score_rankings(items, rankings)
    # The best plain baseline (RRF of paragraph BM25 and dense) scores 0.93 / 0.95.
    assert scores.hit1 >= 0.93 and scores.mrr10 >= 0.95 and scores.hit5 == 1.0, scores


def _tiny_retriever(dense_rows, texts, **kwargs) -> Retriever:
    paragraphs = tuple(Paragraph(i + 1, t) for i, t in enumerate(texts))
    essay = Essay("e", "E", "A", "2020", "S", paragraphs)
    chunks = [StoredChunk(i, "e", i + 1, 0, len(t), t, str(i)) for i, t in enumerate(texts)]
    vectors = np.array(dense_rows, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return Retriever({"e": essay}, {"e": None}, chunks, vectors, **kwargs)


def test_fusion_prefers_agreement_and_keeps_dense_for_bm25_only_hits():
    texts = ["zebra crossing rules", "zebra habitat savanna", "quantum physics lecture"]
    retriever = _tiny_retriever([[1, 0, 0], [0.8, 0.6, 0], [0, 0, 1]], texts, candidates=1)
    q = np.array([1, 0, 0], dtype=np.float32)
    result = retriever.search_vector("zebra savanna", q, k=3)
    keys = [h.paragraph for h in result.hits]
    # ¶1 is the dense winner, ¶2 the BM25 winner; with one candidate each both are fused.
    assert set(keys[:2]) == {1, 2}
    bm25_only = next(h for h in result.hits if h.paragraph == 2)
    assert bm25_only.dense == pytest.approx(0.8, abs=1e-5)  # its true cosine, not a default


def test_bm25_weight_zero_is_dense_order():
    texts = ["alpha beta", "gamma delta", "alpha alpha alpha"]
    retriever = _tiny_retriever([[0, 1], [1, 0], [0.2, 1]], texts, bm25_weight=0.0)
    result = retriever.search_vector("alpha", np.array([1, 0], dtype=np.float32), k=3)
    assert [h.paragraph for h in result.hits] == [2, 3, 1]
