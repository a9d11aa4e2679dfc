"""Saying "the essays do not cover this", and pointing at what they do cover.

The decision uses two kinds of evidence, because fused retrieval scores are ranks, not evidence,
and always name *some* passage:
- the best dense cosine between the question and any chunk in scope (kept by retrieval), and
- coverage: the share of the question's words (stemmed, stopwords out, weighted by rarity
  across all paragraphs) that the best of the top paragraphs contains.
A question is answered when the cosine reaches `abstain_threshold`, or reaches the lower
`abstain_floor` with coverage of at least `abstain_min_coverage`. Why both: a short factual
question naming a rare term ("What word did George Shulman use...?", cosine 0.397) scores no
higher on cosine than a near-topic question the essays do not answer ("How did Brexit affect the
British economy?", 0.381), but only the first finds its distinctive words in a paragraph.

Calibration (`tests/tutor/calibrate.py`, all-MiniLM-L6-v2, 43 questions: the 14 answerable and 3
unanswerable of ../shared/dev_qa.yaml, 12 paraphrases in tests/data/paraphrase_qa.yaml, 20
off-topic questions in tests/data/offtopic_qa.yaml): answerable cosines 0.397-0.753, unanswerable
0.044-0.381. Cosine alone would need a cut inside 0.381-0.397. With the defaults (0.42, 0.30,
0.31) every answerable question is answered and every unanswerable refused; the closest calls are
d02 (cosine 0.467, 0.047 above 0.42), Brexit (0.381, coverage 0.15), inflation (0.335, coverage
0.28 with the current retrieval ranking) and d06 (0.397, coverage 0.34): the coverage cut is the
midpoint of 0.28 and 0.34, a thin margin on a small set.

The reply never quotes the nearest passages (that would pass an unrelated quote off as an
answer); it names their topics by a few distinctive words, which tells the learner what they
could ask instead.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable, Sequence

from bot.corpus.essay import Essay
from bot.prompts import PromptSection
from bot.retrieval import STOPWORDS, Hit, query_tokens

_WORD = re.compile(r"[A-Za-z][A-Za-z’'\-]*[A-Za-z]")
_EXTRA_STOP = {
    "also", "even", "much", "many", "more", "most", "one", "two", "would", "could", "like", "just", "often",
    "however", "yet", "still", "though", "rather", "least", "among", "such", "well", "may", "might", "must",
    "new", "way", "ways", "part", "given", "made", "make", "makes", "across", "within", "without", "whether",
    "already", "indeed", "instead", "upon", "far", "us", "u.s", "s", "t", "it’s", "don’t", "didn’t",
}
_STOP = {w.lower() for w in STOPWORDS} | _EXTRA_STOP


def should_abstain(best_dense: float, coverage: float, *, threshold: float, floor: float, min_coverage: float) -> bool:
    if best_dense >= threshold:
        return False
    return best_dense < floor or coverage < min_coverage


class Coverage:
    """How much of a question's distinctive wording a paragraph contains (idf-weighted, 0..1)."""

    def __init__(self) -> None:
        self._key: tuple = ()
        self._tokens: dict[tuple[str, int], frozenset[str]] = {}
        self._df: Counter = Counter()

    def _refresh(self, essays: Sequence[Essay]) -> None:
        key = tuple(sorted((e.slug, e.content_hash) for e in essays))
        if key == self._key:
            return
        self._tokens = {(e.slug, p.number): frozenset(query_tokens(p.text)) for e in essays for p in e.paragraphs}
        self._df = Counter(t for tokens in self._tokens.values() for t in tokens)
        self._key = key

    def best(self, question: str, hits: Sequence[Hit], essays: Sequence[Essay], top: int = 3) -> float:
        self._refresh(essays)
        words = set(query_tokens(question))
        if not words or not hits:
            return 0.0
        total_paragraphs = len(self._tokens)
        weight = {w: math.log((total_paragraphs + 1) / (self._df.get(w, 0) + 0.5)) for w in words}
        total = sum(weight.values())
        if total <= 0:
            return 0.0
        best = 0.0
        for hit in hits[:top]:
            tokens = self._tokens.get((hit.essay, hit.paragraph), frozenset())
            best = max(best, sum(weight[w] for w in words if w in tokens) / total)
        return best


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 3 and "'" not in w and "’" not in w]


@lru_cache(maxsize=64)
def _document_frequency(corpus_key: tuple[str, ...], texts: tuple[str, ...]) -> tuple[Counter, int]:
    df: Counter = Counter()
    for text in texts:
        df.update({w.lower() for w in _words(text)})
    return df, len(texts)


def paragraph_keywords(essay: Essay, number: int, corpus: Sequence[Essay], n: int = 4) -> list[str]:
    """The words that set this paragraph apart from the rest of the essays (tf-idf)."""
    para = essay.paragraph(number)
    if para is None:
        return []
    key = tuple(sorted(e.content_hash for e in corpus))
    texts = tuple(p.text for e in sorted(corpus, key=lambda e: e.slug) for p in e.paragraphs)
    df, total = _document_frequency(key, texts)
    words = _words(para.text)
    counts = Counter(w.lower() for w in words)
    surface: dict[str, str] = {}
    for w in words:  # keep the capitalised form of names ("Ukraine", not "ukraine")
        if w.lower() not in surface or w[0].isupper():
            surface[w.lower()] = w
    scored = sorted(counts, key=lambda w: (-counts[w] * math.log((1 + total) / (1 + df.get(w, 0))), w))
    return [surface[w] for w in scored[:n]]


def render_abstention(t: PromptSection, question: str, hits: Sequence[Hit], essays_in_scope: Iterable[Essay],
                      lookup, *, max_topics: int = 3) -> str:
    """The "not covered" reply: say so, then the nearest topics and the essays themselves."""
    corpus = list(essays_in_scope)
    lines = [t("abstain", question=question)]
    topics = []
    seen: set[tuple[str, int]] = set()
    for hit in hits:
        if len(topics) >= max_topics:
            break
        essay = lookup(hit.essay)
        if essay is None or (hit.essay, hit.paragraph) in seen:
            continue
        seen.add((hit.essay, hit.paragraph))
        keywords = paragraph_keywords(essay, hit.paragraph, corpus or [essay])
        if keywords:
            topics.append(t("abstain_topic", short_title=essay.display_short_title, author=essay.author,
                            paragraph=hit.paragraph, keywords=", ".join(keywords)))
    if topics:
        lines.append(t("abstain_closest", topics="\n".join(topics)))
    if corpus:
        lines.append(t("abstain_essays", titles="; ".join(f"{e.title} ({e.author})" for e in corpus)))
    else:
        lines.append(t("abstain_no_essays"))
    return "\n\n".join(line for line in lines if line)
