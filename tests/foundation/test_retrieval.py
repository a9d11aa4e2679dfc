"""Hybrid ranking on the real essays with the real model, and the fusion rules themselves."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from foundation_support import DEV_QA

from bot.corpus.essay import Essay, Paragraph
from bot.evaluation.retrieval import load_qa, score_rankings
from bot.index.retrieval import MAX_HIT_CHARS, Retriever
from bot.index.store import StoredChunk


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


async def test_rare_names_typed_alone_find_their_paragraph(core):
    """Short keyword queries: the one paragraph with the name wins over dense near-misses."""
    items = load_qa(Path(__file__).resolve().parents[1] / "data" / "keyword_qa.yaml")
    rankings = [[h.text for h in (await core.library.search(i.q, k=10)).hits] for i in items]
    scores = score_rankings(items, rankings)
    assert scores.hit1 >= 0.9 and scores.hit5 == 1.0, scores  # measured: 0.90 / 1.00 (README)


async def test_paraphrased_questions_are_found_in_the_top_five(core):
    items = load_qa(Path(__file__).resolve().parents[1] / "data" / "paraphrase_qa.yaml")
    rankings = [[h.text for h in (await core.library.search(i.q, k=10)).hits] for i in items]
    scores = score_rankings(items, rankings)
    assert scores.hit5 >= 0.9 and scores.hit1 >= 0.6, scores


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


def test_fusion_adds_weighted_normalised_bm25_to_the_cosine():
    texts = ["zebra crossing rules", "savanna grassland", "quantum physics lecture"]
    retriever = _tiny_retriever([[1, 0, 0], [0.8, 0.6, 0], [0, 0, 1]], texts, candidates=1, bm25_weight=0.3)
    q = np.array([1, 0, 0], dtype=np.float32)
    result = retriever.search_vector("savanna", q, k=3)
    # ¶2 is only BM25's candidate (dense keeps one), yet it is scored with its true cosine.
    top = result.hits[0]
    assert top.paragraph == 2
    assert top.dense == pytest.approx(0.8, abs=1e-5)
    assert top.score == pytest.approx(0.8 + 0.3, abs=1e-5)  # its BM25 is the query's best: 1.0 normalised
    assert result.hits[1].paragraph == 1 and result.hits[1].score == pytest.approx(1.0, abs=1e-5)


def test_fusion_divides_bm25_by_the_querys_ceiling_not_its_best_passage():
    """The README's choice: BM25 is a share of the sum of each query term's best score. A passage
    holding one of two equally rare query words gets half the weight (max-normalising would
    give it all of it, lending full weight to a partial match)."""
    texts = ["alpha filler words", "beta filler words", "gamma other text"]
    retriever = _tiny_retriever([[1, 0, 0], [0.6, 0.8, 0], [0, 0, 1]], texts, bm25_weight=0.3)
    result = retriever.search_vector("alpha beta", np.array([1, 0, 0], dtype=np.float32), k=3)
    by_paragraph = {h.paragraph: h for h in result.hits}
    for number in (1, 2):  # each holds one of the two words: half of the ceiling
        hit = by_paragraph[number]
        assert hit.score - hit.dense == pytest.approx(0.3 * 0.5, abs=1e-5)
    assert by_paragraph[3].score == pytest.approx(by_paragraph[3].dense, abs=1e-6)  # no query word
    assert [h.paragraph for h in result.hits[:2]] == [1, 2]


def test_bm25_weight_zero_is_dense_order():
    texts = ["alpha beta", "gamma delta", "alpha alpha alpha"]
    retriever = _tiny_retriever([[0, 1], [1, 0], [0.2, 1]], texts, bm25_weight=0.0)
    result = retriever.search_vector("alpha", np.array([1, 0], dtype=np.float32), k=3)
    assert [h.paragraph for h in result.hits] == [2, 3, 1]
