"""An essay's key sentences, chosen extractively: what "summarise Rana's essay" quotes.

Why extractive: the tutor only ever says what the essays say, verbatim and cited. A summary is
therefore a handful of the essay's own sentences that state its argument. They are found the way
LexRank-style summarisers do, over the same sentence vectors the tutor already caches:

- **centrality**: a sentence close in meaning to many others states what the essay keeps coming
  back to (the cosine to the essay's mean sentence vector, a cheap and stable proxy);
- **the title**: a title usually names the thesis ("Socialists and Libertarians Need an
  Alliance…"), so closeness to it counts too (`TITLE_WEIGHT`; without a title vector, centrality
  alone);
- **position**: editors put the thesis in the opening and the conclusion, and a paragraph's
  first sentence is usually its topic sentence, so both get a small prior;
- **shape**: questions, very short sentences and sentences mostly made of someone else's quoted
  words rarely state the author's own claim, and a sentence opening with "This"/"These"/"They"
  leans on the one before it, so out of context it reads as a riddle: all are discounted;
- **diversity**: maximal marginal relevance keeps two near-identical sentences from both being
  picked.

Metadata paragraphs (the author's bio) are never candidates. The same ranking serves quiz item
generation (sentences worth asking about). Nothing here is specific to any essay: an uploaded
essay gets its key sentences the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from bot.corpus.authors import metadata_paragraphs
from bot.corpus.essay import Essay
from bot.text import split_sentences

OPENING_SHARE = 0.15  # paragraphs in the first 15% of the essay ...
CLOSING_SHARE = 0.10  # ... and the last 10% carry the thesis more often
POSITION_BONUS = 0.06
TOPIC_SENTENCE_BONUS = 0.03
TITLE_WEIGHT = 0.3
QUESTION_PENALTY = 0.08
SHORT_PENALTY = 0.10
QUOTED_PENALTY = 0.08
DANGLING_PENALTY = 0.05
_DANGLING = re.compile(r"^(?:and |but |so |yet )?(?:this|these|that|those|they|it|its|such|both|he|she)\b", re.I)
MIN_WORDS = 8
MMR_LAMBDA = 0.75  # weight of importance against novelty when picking the next sentence


@dataclass(frozen=True)
class EssaySentence:
    paragraph: int
    index: int  # position within its paragraph
    text: str

    @property
    def key(self) -> tuple[int, int]:
        return (self.paragraph, self.index)


def essay_sentences(essay: Essay, *, include_metadata: bool = False) -> list[EssaySentence]:
    """Every sentence of the essay's body in reading order (the bio left out unless asked)."""
    skip = frozenset() if include_metadata else metadata_paragraphs(essay)
    out = []
    for para in essay.paragraphs:
        if para.number in skip:
            continue
        for index, (a, b) in enumerate(split_sentences(para.text)):
            out.append(EssaySentence(para.number, index, para.text[a:b]))
    return out


def importance(sentences: Sequence[EssaySentence], vectors: np.ndarray, paragraphs: int,
               title_vector: np.ndarray | None = None) -> np.ndarray:
    """A score per sentence: centrality plus title, position and shape priors (higher is more central)."""
    if not len(sentences):
        return np.zeros(0, np.float32)
    vectors = np.asarray(vectors, np.float32)
    centre = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    scores = vectors @ (centre / norm) if norm > 0 else np.zeros(len(sentences), np.float32)
    scores = scores.astype(np.float32)
    if title_vector is not None:
        scores = (1 - TITLE_WEIGHT) * scores + TITLE_WEIGHT * (vectors @ np.asarray(title_vector, np.float32))
    paragraphs = max(1, paragraphs)
    for i, s in enumerate(sentences):
        position = (s.paragraph - 1) / max(1, paragraphs - 1)
        if position <= OPENING_SHARE or position >= 1.0 - CLOSING_SHARE:
            scores[i] += POSITION_BONUS
        if s.index == 0:
            scores[i] += TOPIC_SENTENCE_BONUS
        text = s.text.strip()
        if text.endswith("?"):
            scores[i] -= QUESTION_PENALTY
        if _DANGLING.match(text):
            scores[i] -= DANGLING_PENALTY
        if len(text.split()) < MIN_WORDS:
            scores[i] -= SHORT_PENALTY
        quoted = sum(len(q) for q in _quoted_spans(text))
        if quoted > 0.4 * len(text):
            scores[i] -= QUOTED_PENALTY
    return scores


def key_sentences(sentences: Sequence[EssaySentence], vectors: np.ndarray, paragraphs: int, *,
                  k: int = 4, max_similarity: float = 0.8, title_vector: np.ndarray | None = None,
                  max_per_paragraph: int = 1) -> list[int]:
    """Indices of the `k` most important, mutually distinct sentences, most important first.

    `vectors` are unit sentence embeddings in the order of `sentences` (`essay_sentences`);
    `title_vector` is the essay title's embedding, when there is a title. At most
    `max_per_paragraph` sentences come from one paragraph, so a summary spans the argument.
    """
    scores = importance(sentences, vectors, paragraphs, title_vector)
    if not len(scores):
        return []
    vectors = np.asarray(vectors, np.float32)
    chosen: list[int] = []
    candidates = set(range(len(sentences)))
    while candidates and len(chosen) < k:
        def mmr(i: int) -> float:
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            return MMR_LAMBDA * float(scores[i]) - (1 - MMR_LAMBDA) * redundancy
        best = max(sorted(candidates), key=mmr)
        candidates.discard(best)
        if any(float(vectors[best] @ vectors[j]) >= max_similarity for j in chosen):
            continue
        if sum(sentences[j].paragraph == sentences[best].paragraph for j in chosen) >= max_per_paragraph:
            continue
        chosen.append(best)
    return chosen


def _quoted_spans(text: str) -> list[str]:
    spans, opened = [], None
    for i, ch in enumerate(text):
        if ch in "“\"" and opened is None:
            opened = i
        elif ch in "”\"" and opened is not None:
            spans.append(text[opened: i + 1])
            opened = None
    return spans
