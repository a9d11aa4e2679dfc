"""Hybrid retrieval: dense cosine over chunk embeddings plus BM25, fused per paragraph.

Results are paragraphs, because citations name paragraphs. Each signal ranks paragraphs by its
best chunk; the two rankings are fused with reciprocal rank fusion, which needs no score
calibration between BM25 and cosine. Fused scores are not comparable across queries, so every
hit keeps its best dense cosine: the tutor decides "the essays do not cover this" from that.
Measured on the development set (README): this beats either signal alone and paragraph-level
fusion.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Sequence

import bm25s
import numpy as np

from bot.corpus.essay import Essay
from bot.index.store import StoredChunk
from bot.index.vectors import make_vector_index
from bot.text import strip_markdown, truncate

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

MAX_HIT_CHARS = 1200

try:  # a stemmer makes "libertarians" match "libertarian"; bm25s works without it
    import Stemmer

    _STEMMER = Stemmer.Stemmer("english")
except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
    _STEMMER = None


# bm25s's English list lacks question words; a learner's question is full of them, and
# matching "which" or "according" says nothing about a passage. "us" stays: it is often "US".
_QUESTION_WORDS = {
    "which", "what", "whom", "whose", "who", "when", "where", "why", "how", "does", "did", "do",
    "done", "would", "could", "should", "can", "according", "essay", "essays", "author", "writer",
    "article", "say", "says", "said", "mention", "mentioned", "named", "describe", "describes",
    "explain", "tell", "me", "about", "think",
}
STOPWORDS = sorted((set(getattr(bm25s.stopwords, "STOPWORDS_EN", ())) | _QUESTION_WORDS) - {"us"})


def tokenize(texts: Sequence[str]):
    return bm25s.tokenize(list(texts), stopwords=STOPWORDS, stemmer=_STEMMER, show_progress=False)


def query_tokens(text: str) -> list[str]:
    return bm25s.tokenize([text], stopwords=STOPWORDS, stemmer=_STEMMER, return_ids=False, show_progress=False)[0]


@dataclass(frozen=True)
class Hit:
    essay: str
    title: str
    author: str
    paragraph: int
    text: str  # the paragraph (or a window of it around the best chunk), at most 1,200 chars
    score: float  # fused score: order within one query only
    dense: float  # best cosine of the paragraph's chunks with the query
    bm25: float
    chunk_text: str  # the best-matching chunk
    chunk_start: int
    chunk_end: int

    def to_json(self) -> dict:
        return {
            "essay": self.essay, "title": self.title, "author": self.author,
            "paragraph": self.paragraph, "text": self.text,
            "score": round(float(self.score), 6), "dense": round(float(self.dense), 6),
        }


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    best_dense: float  # over the whole allowed scope, not only the returned hits
    query_vector: np.ndarray | None = field(default=None, repr=False)


class Retriever:
    """An immutable in-memory index; rebuilt (cheaply) when essays change."""

    def __init__(
        self,
        essays: dict[str, Essay],
        scopes: dict[str, int | None],
        chunks: list[StoredChunk],
        vectors: np.ndarray,
        *,
        rrf_k: int = 60,
        bm25_weight: float = 1.0,
        candidates: int = 50,
        ann_threshold: int = 200_000,
    ):
        self.essays = essays
        self.scopes = scopes
        self.chunks = chunks
        self.rrf_k = rrf_k
        self.bm25_weight = bm25_weight
        self.candidates = candidates
        self._chunk_essay = np.array([c.essay for c in chunks], dtype=object)
        self._chunk_para = np.array([c.paragraph for c in chunks], dtype=np.int64)
        self.dense = make_vector_index(vectors if len(chunks) else np.zeros((0, 1), np.float32), ann_threshold=ann_threshold)
        self._bm25 = None
        if chunks:
            self._bm25 = bm25s.BM25()
            self._bm25.index(tokenize([strip_markdown(c.text) for c in chunks]), show_progress=False)
        self._mask_cache: dict[tuple, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.chunks)

    def allowed_essays(self, guild_id: int | None, essay: str | None = None) -> set[str]:
        """Shared essays plus the server's own; a direct message (0) or the CLI (None) sees shared only."""
        allowed = {s for s, g in self.scopes.items() if g is None or (guild_id and g == guild_id)}
        if essay is not None:
            allowed &= {essay}
        return allowed

    def _mask(self, allowed: set[str]) -> np.ndarray | None:
        if allowed >= set(self.essays):
            return None
        key = tuple(sorted(allowed))
        mask = self._mask_cache.get(key)
        if mask is None:
            mask = np.isin(self._chunk_essay, list(allowed)) if len(self.chunks) else np.zeros(0, bool)
            if len(self._mask_cache) > 256:
                self._mask_cache.clear()
            self._mask_cache[key] = mask
        return mask

    def search_vector(
        self, query: str, qvec: np.ndarray, *, k: int = 5, guild_id: int | None = None, essay: str | None = None,
    ) -> SearchResult:
        allowed = self.allowed_essays(guild_id, essay)
        if not allowed or not self.chunks:
            return SearchResult(query, [], -1.0, qvec)
        mask = self._mask(allowed)
        n_cand = max(self.candidates, k * 4)

        rows, cos = self.dense.search(qvec, n_cand, mask)
        dense_best: dict[tuple[str, int], tuple[float, int]] = {}
        for row, c in zip(rows.tolist(), cos.tolist()):
            key = (self.chunks[row].essay, self.chunks[row].paragraph)
            if key not in dense_best:
                dense_best[key] = (c, row)
        best_dense = float(cos[0]) if len(cos) else -1.0

        bm_best: dict[tuple[str, int], tuple[float, int]] = {}
        tokens = query_tokens(query)
        if tokens and self._bm25 is not None:
            scores = self._bm25.get_scores(tokens)
            if mask is not None:
                scores = np.where(mask, scores, 0.0)
            top = np.argsort(-scores, kind="stable")[:n_cand]
            for row in top.tolist():
                if scores[row] <= 0:
                    break
                key = (self.chunks[row].essay, self.chunks[row].paragraph)
                if key not in bm_best:
                    bm_best[key] = (float(scores[row]), row)

        fused: dict[tuple[str, int], float] = {}
        for ranking, weight in ((dense_best, 1.0), (bm_best, self.bm25_weight)):
            for rank, key in enumerate(ranking):  # dicts keep insertion (rank) order
                fused[key] = fused.get(key, 0.0) + weight / (self.rrf_k + rank + 1)
        order = sorted(fused, key=lambda key: (-fused[key], -dense_best.get(key, (-1.0, 0))[0]))[:k]

        hits = []
        for key in order:
            hits.append(self._make_hit(key, fused[key], dense_best.get(key), bm_best.get(key), qvec))
        return SearchResult(query, hits, best_dense, qvec)

    def _make_hit(self, key, score, dense, bm, qvec) -> Hit:
        slug, number = key
        essay = self.essays[slug]
        paragraph = essay.paragraph(number)
        text = paragraph.text if paragraph else ""
        if dense is None:
            # Only BM25 found it: still report the paragraph's true best cosine.
            rows = np.nonzero((self._chunk_essay == slug) & (self._chunk_para == number))[0]
            sims = self.dense.vectors[rows] @ qvec if hasattr(self.dense, "vectors") else np.zeros(len(rows))
            best = int(np.argmax(sims)) if len(rows) else 0
            dense = (float(sims[best]) if len(rows) else -1.0, int(rows[best]) if len(rows) else (bm[1] if bm else 0))
        chunk = self.chunks[dense[1]]
        shown = text
        if len(text) > MAX_HIT_CHARS:
            # A window around the best chunk, cut at word boundaries.
            start = max(0, min(chunk.char_start, len(text) - MAX_HIT_CHARS))
            shown = truncate(text[start:], MAX_HIT_CHARS)
            if start > 0:
                shown = "…" + truncate(text[start:], MAX_HIT_CHARS - 1)
        return Hit(
            essay=slug, title=essay.title, author=essay.author, paragraph=number, text=shown,
            score=score, dense=dense[0], bm25=bm[0] if bm else 0.0,
            chunk_text=chunk.text, chunk_start=chunk.char_start, chunk_end=chunk.char_end,
        )
