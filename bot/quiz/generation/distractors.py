"""Wrong choices that are plausible and certainly wrong.

A distractor is drawn **from the same essay** (an item on Walt never offers Rana's vocabulary),
of **the same type** as the answer (a person for a person, a place for a place, a concept word
for a concept word) and the same grammatical shape, and it must be **wrong in that sentence**:
- not the same idea: not above `SYNONYM_COSINE` to the answer, no shared word root, not a known
  near-synonym ("Pax Americana" for "American Century");
- not used by the essay **in the same role**: never coordinated with the answer anywhere in the
  essay ("movements and … formations" makes "formations" right too), and never found in another
  sentence of the essay that says nearly what the item's sentence says (`SAME_ROLE_COSINE`);
- not named in the item's own sentence (it would be read as a hint or be right).
Among what is left, the closest in meaning come first: they are what a reader who half-remembers
would pick.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import numpy as np

from bot.quiz.generation.terms import near_synonyms, roots, same_word, shape
from bot.quiz.normalize import canonical

if TYPE_CHECKING:
    from bot.quiz.generation.context import EssayFacts
    from bot.quiz.generation.generator import ItemGenerator

log = logging.getLogger(__name__)

# Above this cosine to the answer a distractor is too close to count as wrong (measured on the
# seed essays: "authoritarianism"/"anti-authoritarian" 0.82, "Africa"/"Tanzania" 0.73, while
# good distractors such as "1950s"/"1970s" sit at 0.62).
SYNONYM_COSINE = 0.70
# Concept words are stricter: a sibling concept the essay discusses in the same breath ("American
# democracy" for "American liberalism", 0.55) may read as right too. Measured pairs that stay
# clearly wrong sit lower: liberalism/abolitionism, movements/tendencies 0.43.
CONCEPT_MAX_COSINE = 0.55
# Below this cosine a concept distractor is not even in the same field; names are exempt (two
# names say little about each other to the model), their type decides.
MIN_DISTRACTOR_COSINE = 0.30
# A sentence of the essay this close to the item's sentence says the same thing: a term it uses
# plays the answer's role there.
SAME_ROLE_COSINE = 0.72


def coordinated(text: str, a: str, b: str, canonical_text: str | None = None) -> bool:
    """Whether the essay lists `a` and `b` side by side ("A and B", "A and nonaligned B", "A, B,")."""
    ka, kb = canonical(a), canonical(b)
    if not ka or not kb:
        return False
    low, raw = canonical_text if canonical_text is not None else canonical(text), text.lower()
    gap = r"(?:\s+\w+){0,3}?\s+(?:and|or|nor)(?:\s+\w+){0,3}?\s+"
    for x, y in ((ka, kb), (kb, ka)):
        if re.search(rf"\b{re.escape(x)}{gap}{re.escape(y)}\b", low):
            return True
    for x, y in ((a.lower(), b.lower()), (b.lower(), a.lower())):
        if re.search(rf"\b{re.escape(x)},\s+(?:and\s+|or\s+)?{re.escape(y)}\b", raw):
            return True
    return False


def collocated(facts: "EssayFacts", sentence: str, answer: str, candidate: str) -> bool:
    """The essay writes the candidate next to the word beside the blank ("American primacy" for
    "the struggle to shift American ____"): it fits the sentence as the essay speaks."""
    at = sentence.find(answer)
    if at < 0:
        return False
    before = canonical(sentence[:at]).split()
    after = canonical(sentence[at + len(answer):]).split()
    words = canonical(candidate).split()
    if not words:
        return False
    from bot.quiz.generation.terms import STOP

    if before and before[-1] not in STOP and facts.bigrams[(before[-1], words[0])] > 0:
        return True
    return bool(after and after[0] not in STOP and facts.bigrams[(words[-1], after[0])] > 0)


def same_role_elsewhere(gen: "ItemGenerator", facts: "EssayFacts", candidate: str, sentence_index: int) -> bool:
    """The candidate occurs in a sentence of the essay that says nearly what sentence `sentence_index` says."""
    if sentence_index < 0 or not len(facts.vectors):
        return False
    key = f" {canonical(candidate)} "
    target = facts.vectors[sentence_index]
    for i, text in enumerate(facts.canonical_sentences):
        if i != sentence_index and key in text:
            if float(facts.vectors[i] @ target) >= SAME_ROLE_COSINE:
                return True
    return False


def pick(gen: "ItemGenerator", facts: "EssayFacts", answer: str, pool: list[str], *, sentence: str,
         sentence_index: int = -1, names: bool = False, count: int = 3) -> tuple[list[str], float]:
    """Up to `count` distractors for `answer` from `pool` (same essay, same type), and the
    closest one's cosine to the answer (a difficulty signal)."""
    pool = [p for p in dict.fromkeys(pool) if canonical(p) != canonical(answer)]
    if not pool:
        return [], 0.0
    vectors = gen.vectors(pool)
    answer_vec = gen.vectors([answer])[0]
    sims = vectors @ answer_vec
    order = np.argsort(-sims)
    sentence_c = f" {canonical(sentence)} "
    answer_shape = shape(answer)
    answer_roots = roots(answer)
    answer_key = canonical(answer)
    chosen: list[str] = []
    closest = 0.0
    for index in order:
        text = pool[int(index)]
        key = canonical(text)
        sim = float(sims[int(index)])
        if not key or f" {key} " in sentence_c:
            continue
        if sim > (SYNONYM_COSINE if names else CONCEPT_MAX_COSINE) or near_synonyms(text, answer):
            continue  # close enough in meaning to be right too
        if not names and sim < MIN_DISTRACTOR_COSINE:
            break  # sorted by similarity: the rest are further still
        if same_word(key, answer_key) or (roots(text) & answer_roots) or any(same_word(key, canonical(c)) for c in chosen):
            continue
        if not names and (shape(text) != answer_shape or abs(len(text.split()) - len(answer.split())) > 1):
            continue  # grammar would give the answer away
        if any(near_synonyms(text, c) or (roots(text) & roots(c)) for c in chosen):
            continue
        if coordinated(facts.text, text, answer, facts.canonical_text) or same_role_elsewhere(gen, facts, text, sentence_index) \
                or collocated(facts, sentence, answer, text):
            continue  # the essay uses it in the answer's role
        chosen.append(text)
        closest = max(closest, sim)
        if len(chosen) == count:
            break
    return chosen, closest
