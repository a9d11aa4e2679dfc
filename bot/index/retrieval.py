"""Hybrid retrieval: dense cosine over chunk embeddings plus BM25, fused per paragraph.

Results are paragraphs, because citations name paragraphs. Each signal scores a paragraph by
its best chunk; the fused score is the dense cosine plus a weighted BM25 score normalised by the
query's best BM25 score. Measured against reciprocal rank fusion on the development set, on
paraphrased questions and on short keyword queries (README, "Retrieval quality"), this keeps
RRF's results on questions and fixes its failure on rare exact names. Fused scores are not
comparable across queries, so every hit keeps its best dense cosine: the tutor decides "the
essays do not cover this" from that.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import bm25s
import numpy as np

from bot.corpus.essay import Essay
from bot.index.store import StoredChunk
from bot.index.vectors import make_vector_index
from bot.stopwords import RETRIEVAL_STOPWORDS
from bot.text import strip_markdown, truncate

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

MAX_HIT_CHARS = 1200
MAX_KEYWORD_SCOPES = 64  # BM25 indexes kept for scopes with their own essays (least recently used out)

try:  # a stemmer makes "libertarians" match "libertarian"; bm25s works without it
    import Stemmer

    _STEMMER = Stemmer.Stemmer("english")
except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
    _STEMMER = None


STOPWORDS = RETRIEVAL_STOPWORDS  # bm25s's English list plus question words (bot/stopwords.py)


def tokenize(texts: Sequence[str]):
    return bm25s.tokenize(list(texts), stopwords=STOPWORDS, stemmer=_STEMMER, show_progress=False)


def query_tokens(text: str) -> list[str]:
    return bm25s.tokenize([text], stopwords=STOPWORDS, stemmer=_STEMMER, return_ids=False, show_progress=False)[0]


class KeywordIndex:
    """BM25 over the chunks one scope can see (shared essays plus one server's own).

    Why per scope: BM25 weighs a term by its rarity across the indexed passages, so one index
    over every server's uploads would let an essay added in server A change scores, and with
    them answer-or-refuse decisions, in server B. Each scope's index counts only what that scope
    sees. The query's *ceiling* (the sum over its terms of the best score any passage gets for
    that term) normalises BM25 in the fusion; it is computed per term through bm25s's public
    `get_scores` and cached, not read from the library's internal score matrix.
    """

    def __init__(self, rows: np.ndarray, texts: Sequence[str]):
        self.rows = rows  # chunk row numbers (in the retriever) of this index's documents
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokenize(texts), show_progress=False)
        self._ceilings: dict[str, float] = {}

    def scores(self, tokens: list[str]) -> np.ndarray:
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def ceiling(self, tokens: list[str]) -> float:
        total = 0.0
        for token in tokens:
            if token not in self._ceilings:
                if len(self._ceilings) > 100_000:
                    self._ceilings.clear()
                self._ceilings[token] = float(self.scores([token]).max(initial=0.0))
            total += self._ceilings[token]
        return total


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
        bm25_weight: float = 0.2,
        candidates: int = 50,
        ann_threshold: int = 200_000,
    ):
        self.essays = essays
        self.scopes = scopes
        self.chunks = chunks
        self.bm25_weight = bm25_weight
        self.candidates = candidates
        self._chunk_essay = np.array([c.essay for c in chunks], dtype=object)
        self._keys = [(c.essay, c.paragraph) for c in chunks]
        para_rows: dict[tuple[str, int], list[int]] = {}
        for row, key in enumerate(self._keys):
            para_rows.setdefault(key, []).append(row)
        self._para_rows = {key: np.array(rs, dtype=np.int64) for key, rs in para_rows.items()}
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32) if chunks else np.zeros((0, 1), np.float32)
        self.dense = make_vector_index(self._vectors, ann_threshold=ann_threshold)
        self._plain = [strip_markdown(c.text) for c in chunks]
        self._keyword: OrderedDict[frozenset[str], KeywordIndex] = OrderedDict()
        self._mask_cache: dict[tuple, np.ndarray] = {}
        if chunks:
            self.keyword_index(self.allowed_essays(None))  # the shared scope, built up front

    def __len__(self) -> int:
        return len(self.chunks)

    def allowed_essays(self, guild_id: int | None, essay: str | None = None) -> set[str]:
        """Shared essays plus the server's own; a direct message (0) or the CLI (None) sees shared only."""
        allowed = {s for s, g in self.scopes.items() if g is None or (guild_id and g == guild_id)}
        if essay is not None:
            allowed &= {essay}
        return allowed

    def keyword_index(self, visible: Iterable[str]) -> KeywordIndex:
        """The BM25 index of one scope, built on first use (call off the event loop when large)."""
        key = frozenset(visible)
        index = self._keyword.get(key)
        if index is None:
            rows = np.flatnonzero(np.isin(self._chunk_essay, list(key))) if len(self.chunks) else np.zeros(0, np.int64)
            index = KeywordIndex(rows, [self._plain[r] for r in rows.tolist()])
            self._keyword[key] = index
            while len(self._keyword) > MAX_KEYWORD_SCOPES:
                self._keyword.popitem(last=False)
        else:
            self._keyword.move_to_end(key)
        return index

    def has_keyword_index(self, guild_id: int | None) -> bool:
        return frozenset(self.allowed_essays(guild_id)) in self._keyword

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
        essays: Iterable[str] | None = None, exclude_paragraphs: Iterable[tuple[str, int]] = (),
    ) -> SearchResult:
        """The best `k` paragraphs among what `guild_id` sees, narrowed to `essay` / `essays` if given.

        `exclude_paragraphs` are never hits and never count towards the best cosine (the tutor
        leaves out an author's bio this way)."""
        visible = self.allowed_essays(guild_id)
        allowed = visible & {essay} if essay is not None else set(visible)
        if essays is not None:
            allowed &= set(essays)
        if not allowed or not self.chunks:
            return SearchResult(query, [], -1.0, qvec)
        mask = self._mask(allowed)
        excluded = [self._para_rows[p] for p in exclude_paragraphs if p in self._para_rows and p[0] in allowed]
        if excluded:
            mask = (np.ones(len(self.chunks), bool) if mask is None else mask.copy())
            mask[np.concatenate(excluded)] = False
        n_cand = max(self.candidates, k * 4)
        qvec = np.asarray(qvec, dtype=np.float32)

        # Candidates: the best paragraphs by either signal.
        rows, cos = self.dense.search(qvec, n_cand, mask)
        best_dense = float(cos[0]) if len(cos) else -1.0
        candidates = dict.fromkeys(self._keys[row] for row in rows.tolist())
        bm_scores = None
        bm_max = 0.0
        tokens = query_tokens(query)
        if tokens:
            keyword = self.keyword_index(visible)
            local = keyword.scores(tokens)
            bm_scores = np.zeros(len(self.chunks), np.float32)
            bm_scores[keyword.rows] = local
            if mask is not None:
                bm_scores = np.where(mask, bm_scores, 0.0)
            top = np.argpartition(-bm_scores, min(n_cand, len(bm_scores)) - 1)[:n_cand]
            candidates.update(dict.fromkeys(self._keys[row] for row in top.tolist() if bm_scores[row] > 0))
            # The query's BM25 ceiling in this scope: what the best passage for each term scores for it.
            bm_max = keyword.ceiling(tokens)

        # Fusion: dense cosine plus weighted BM25 as a share of the query's ceiling (measured
        # better than RRF, which drowns a rare exact name such as "Cato Institute" under dense
        # near-misses; and than max-normalising, which lends full weight to weak matches on
        # common words).
        scored = []
        for key in candidates:
            para_rows = self._para_rows[key]
            sims = self._vectors[para_rows] @ qvec
            best = int(np.argmax(sims))
            dense = float(sims[best])
            bm25 = float(bm_scores[para_rows].max()) if bm_scores is not None and bm_max > 0 else 0.0
            fused = dense + (self.bm25_weight * bm25 / bm_max if bm_max > 0 else 0.0)
            scored.append((fused, dense, bm25, key, int(para_rows[best])))
        scored.sort(key=lambda t: (-t[0], -t[1]))
        hits = [self._make_hit(key, fused, dense, bm25, row) for fused, dense, bm25, key, row in scored[:k]]
        return SearchResult(query, hits, best_dense, qvec)

    def _make_hit(self, key, score: float, dense: float, bm25: float, row: int) -> Hit:
        slug, number = key
        essay = self.essays[slug]
        paragraph = essay.paragraph(number)
        text = paragraph.text if paragraph else ""
        chunk = self.chunks[row]
        shown = text
        if len(text) > MAX_HIT_CHARS:
            # A window around the best chunk, cut at word boundaries.
            start = max(0, min(chunk.char_start, len(text) - MAX_HIT_CHARS))
            shown = truncate(text[start:], MAX_HIT_CHARS)
            if start > 0:
                shown = "…" + truncate(text[start:], MAX_HIT_CHARS - 1)
        return Hit(
            essay=slug, title=essay.title, author=essay.author, paragraph=number, text=shown,
            score=score, dense=dense, bm25=bm25,
            chunk_text=chunk.text, chunk_start=chunk.char_start, chunk_end=chunk.char_end,
        )
