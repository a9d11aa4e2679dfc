"""Difficulty from what can be measured, so a quiz can mix easy and hard questions.

Three signals, each 0..1, none of them a guess about the reader:
- **familiarity**: in how many paragraphs the answer occurs. A term the essay keeps returning to
  is easier to recall than one it uses once.
- **prompt overlap**: how much of the cited passage the question shows. A prompt that quotes the
  whole sentence around a blank is recognition; a question in other words is recall.
- **recall load**: typing an answer is harder than choosing it; among choices, distractors close
  in meaning to the answer (cosine of their vectors) make a harder question than distant ones.
The weighted sum is `signal` (0 easy .. 1 hard); fixed cut points turn it into the item's label,
so the same item always gets the same difficulty whatever else was generated.
"""

from __future__ import annotations

from bot.quiz.normalize import canonical
from bot.stopwords import FUNCTION_WORDS

FAMILIARITY_WEIGHT, OVERLAP_WEIGHT, RECALL_WEIGHT = 0.4, 0.3, 0.3
TYPED_RECALL = 0.75       # a typed answer's recall load
EASY_BELOW, HARD_FROM = 0.42, 0.58
FAMILIAR_PARAGRAPHS = 4   # an answer in this many paragraphs or more counts as fully familiar


def familiarity(paragraphs: int) -> float:
    return max(0.0, min(1.0, (paragraphs - 1) / (FAMILIAR_PARAGRAPHS - 1)))


def prompt_overlap(prompt: str, passage: str) -> float:
    """The share of the passage's content words that the prompt shows."""
    words = {w for w in canonical(passage).split() if w not in FUNCTION_WORDS and len(w) > 2}
    if not words:
        return 0.0
    shown = set(canonical(prompt).split())
    return len(words & shown) / len(words)


def signal(*, paragraphs: int, prompt: str, passage: str, closeness: float | None) -> float:
    """0 (easy) .. 1 (hard). `closeness`: the nearest distractor's cosine to the answer, or None
    for a typed answer."""
    recall = TYPED_RECALL if closeness is None else max(0.0, min(1.0, closeness))
    value = (FAMILIARITY_WEIGHT * (1 - familiarity(paragraphs)) + OVERLAP_WEIGHT * (1 - prompt_overlap(prompt, passage))
             + RECALL_WEIGHT * recall)
    return round(max(0.0, min(1.0, value)), 3)


def label(value: float) -> str:
    return "easy" if value < EASY_BELOW else "hard" if value >= HARD_FROM else "medium"
