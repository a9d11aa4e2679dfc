"""The embedding-based rule (rule 6) and its guards, as `Meaning`, a mixin of `Grader`: the best
cosine to the reference or an accepted answer at or above a calibrated threshold, refused for
scrambled words, a swapped key word or head noun, or a disagreeing polarity; and a choice
described in the player's own words. The calibrated constants are here with their measurements.
Imports every module above it except `short_answer`."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Protocol, Sequence

import numpy as np

from bot.model.embedding import ModelUnavailable
from bot.quiz import lexicon
from bot.quiz.attribution import expand_acronyms
from bot.quiz.grading.analysis import Analysis, _content_set, _content_words, analyse
from bot.quiz.grading.choices import (
    _as_short,
    _asserted,
    _choice_contradiction,
    _choice_facts,
    _choice_result,
    _lacks_names,
)
from bot.quiz.grading.facts import ItemFacts
from bot.quiz.grading.polarity import _read, _target_polarity, item_polarity
from bot.quiz.grading.result import MAX_ANSWER_CHARS, GradeResult, _wrong
from bot.quiz.grading.rules import _match_target, _word_match
from bot.quiz.items import QuizItem
from bot.quiz.normalize import canonical, word_typo
from bot.text import clean_input

# Calibrated on tests/quiz/calibration.py with all-MiniLM-L6-v2: at 0.60, 9 of 12 paraphrases
# accepted and 0 of 12 on-topic wrong answers (1 of 12 without the polarity guard).
DEFAULT_SEMANTIC_THRESHOLD = 0.60
MIN_MEANING_WORDS = 3
# A multiple-choice answer typed in the player's own words picks a choice by meaning only when
# that choice is clearly closer than the next one.
CHOICE_MEANING_MARGIN = 0.08


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


EncodeFn = Callable[[list[str]], np.ndarray]


# An answer that keeps part of a key must be at least about as close to the whole key as to the key
# without the words it lacks (cosines, measured with all-MiniLM-L6-v2: near misses such as "a clear
# political agenda" or "a foreign policy that follows the national security establishment" are
# 0.06-0.20 closer to the shortened key; paraphrases such as "a clear political actor" or "how
# useful multilateral institutions are" are 0.05-0.17 closer to the whole key).
SWAP_TOLERANCE = 0.03
# A key's head noun swapped for another noun in the same frame ("a clear political opponent" for "a
# clear political agent") is a different thing unless the model finds the answer clearly closer to
# the whole key than to the key without its head. Measured (whole key minus key without "agent"):
# agency +0.11, actor +0.09 (a listed synonym anyway), representative +0.05, leader +0.03,
# engine -0.01, opponent -0.02, platform, party, agenda -0.10 to -0.20; the teachers' tables refuse
# opponent, platform and agenda.
HEAD_SWAP_MARGIN = 0.06


def _head_swap(given: Analysis, target_raw: str) -> str | None:
    """The word an answer puts in place of the key's head noun, keeping the words before it: "a
    clear political *opponent*" for "a clear political agent". The head is the last word of the
    key's first run of content words ("order" in "a multipolar order of competing ...")."""
    target = analyse(target_raw)
    if len(target.content) < 2:
        return None
    end = 0
    while end + 1 < len(target.at) and target.at[end + 1] == target.at[end] + 1:
        end += 1
    head, modifiers = target.content[end], target.content[:end]
    if not modifiers or any(_word_match(g, head, head in target.names) for g in given.content):
        return None
    matched = [i for i, g in enumerate(given.content) if any(_word_match(g, m, m in target.names) for m in modifiers)]
    if len(matched) < len(modifiers):
        return None
    last = max(matched)
    slot = last + 1
    if slot >= len(given.content) or given.at[slot] != given.at[last] + 1:
        return None
    word = given.content[slot]
    return None if any(_word_match(word, e, e in target.names) for e in target.content) else word


def _scrambled(answer: str, target: str) -> bool:
    """Most of the answer's words are the target's words, but in another order (word salad)."""
    a, t = canonical(answer).split(), canonical(target).split()
    shared = [w for w in a if any(w == x or word_typo(w, x) for x in t)]
    if len(shared) < 2 or len(shared) < 0.6 * len(a):
        return False
    # longest common subsequence of the shared words
    rows = [[0] * (len(t) + 1) for _ in range(len(shared) + 1)]
    for i, w in enumerate(shared, 1):
        for j, x in enumerate(t, 1):
            rows[i][j] = rows[i - 1][j - 1] + 1 if (w == x or word_typo(w, x)) else max(rows[i - 1][j], rows[i][j - 1])
    return rows[-1][-1] < 0.75 * len(shared)


log = logging.getLogger(__name__)


class Meaning:
    """The embedding-based rules of `Grader`, as a mixin; `Grader` sets `_encoder` and `semantic_threshold`."""

    _encoder: Any
    semantic_threshold: float

    async def _encode(self, texts: list[str]) -> np.ndarray:
        enc = self._encoder
        if hasattr(enc, "encode_async"):
            return await enc.encode_async(texts)
        fn = enc.encode if hasattr(enc, "encode") else enc
        return await asyncio.to_thread(fn, texts)

    async def best_match(self, answer: str, targets: list[str], polarities: list[tuple[bool, int]] | None = None,
                         given_polarity: tuple[bool, int] | None = None) -> tuple[float, bool, str]:
        """The highest cosine to any target, whether a target that agrees in polarity and is not
        scrambled reaches the bar, and the target that decided."""
        vectors = await self._encode([answer, *targets])
        sims = vectors[1:] @ vectors[0]
        pol = given_polarity or analyse(answer).polarity
        polarities = polarities or [analyse(t).polarity for t in targets]
        best_index = int(np.argmax(sims))
        agreeing = [(float(s), t) for s, t, p in zip(sims, targets, polarities) if p == pol and not _scrambled(answer, t)]
        if agreeing:
            sim, target = max(agreeing)
            if sim >= self.semantic_threshold:
                return float(sims[best_index]), True, target
        return float(sims[best_index]), False, targets[best_index]

    async def _swapped_word(self, given: Analysis, item: QuizItem, facts: ItemFacts,
                            targets: Sequence[str], answer: str) -> tuple[str, ...] | None:
        """Key words the answer lacks and does not make up for: the answer keeps some of a key's
        words but not all, and it is no closer to the key than to the key without those words
        ("a clear political agenda" is closer to "a clear political" than to "a clear political
        agent"). None when some accepted answer is fully there, or the answer shares no word with
        any (a free paraphrase, for the meaning rule alone)."""
        results = [_match_target(given, t, _target_polarity(t, item_polarity(item)), facts) for t in targets]
        if any(r.full for r in results):
            return None
        partial = [r for r in results if r.matched and r.why == "missing"]
        if not partial:
            return None
        best = max(partial, key=lambda r: (r.matched / max(1, r.total), -r.total))
        target_words = analyse(best.target).content
        others = [g for g in given.content if not any(_word_match(g, e, False) for e in target_words)]
        said = facts.key_words - facts.answer_words - facts.prompt_words
        if others and all(g in said or any(lexicon.stem(g) == lexicon.stem(w) for w in said) for g in others):
            return None  # the reference sentence's own words ("cutting the security apparatus"): meaning decides
        missing = set(best.words)
        kept = [w for w in best.target.split() if not (set(_content_words(w)) and set(_content_words(w)) <= missing)]
        vectors = await self._encode([answer, best.target, " ".join(kept)])
        with_word, without = float(vectors[1] @ vectors[0]), float(vectors[2] @ vectors[0])
        if with_word - without < -SWAP_TOLERANCE:
            return tuple(best.words)
        substitute = _head_swap(given, best.target)
        if substitute is not None and with_word - without < HEAD_SWAP_MARGIN:
            log.debug("head noun of %r swapped for %r (%.3f)", best.target, substitute, with_word - without)
            return tuple(best.words)
        return None

    async def _short_answer_by_meaning(self, item: QuizItem, result: GradeResult, facts: ItemFacts) -> GradeResult:
        """A short answer the word rules refused (`result`), judged by meaning (rule 6): the best cosine
        to the reference or an accepted answer, unless the answer is a key's words scrambled, lacks a
        key word it does not make up for, or disagrees with the key in negation or direction. Only for
        short-answer items with a reference sentence, answers of `MIN_MEANING_WORDS` or more, and an
        encoder."""
        if not (item.kind == "short_answer" and item.reference and self._encoder is not None
                and len(_content_words(canonical(result.answer))) >= MIN_MEANING_WORDS):
            return result
        pol = item_polarity(item)
        targets = [item.reference, *item.answers]
        salad = next((t for t in targets if _scrambled(result.answer, t)), None)
        if salad is not None:
            return _wrong(result.answer, "order", salad)
        given_a = _read(analyse(result.answer), facts)
        try:
            swapped = await self._swapped_word(given_a, item, facts, item.answers, result.answer)
            if swapped is not None:
                return _wrong(result.answer, "missing", item.answer, swapped)
            # The reference sentence frames the answer ("Leftists do not have any clear political
            # agent"): its polarity is the key's, whatever words the frame adds.
            polarities = [pol] + [_target_polarity(t, pol) for t in item.answers]
            sim, agrees, target = await self.best_match(result.answer, targets, polarities,
                                                        given_a.polarity)
        except ModelUnavailable as exc:  # restarting: the word rules' verdict stands
            log.warning("grading item %s by the word rules alone: %s", item.id, exc)
            return result
        log.debug("meaning similarity %.3f for item %s", sim, item.id)
        if agrees:
            return GradeResult(True, rule="meaning", similarity=sim, answer=result.answer, why="meaning",
                               target=target)
        why = "meaning_low" if sim < self.semantic_threshold else (
            "order" if _scrambled(result.answer, target) else
            "negation" if given_a.negated != pol[0] else "direction")
        return _wrong(result.answer, why, target, similarity=sim)

    async def _choice_by_meaning(self, item: QuizItem, choices: list[str], given: str, invalid: GradeResult,
                                 facts: ItemFacts) -> GradeResult:
        """A choice described in the player's own words: the clearly closest choice by meaning,
        provided the answer neither contradicts it nor swaps one of its words for another."""
        full = expand_acronyms(clean_input(given), choices)
        text = _asserted(full)  # "X, not Y" is compared as X
        if item.kind == "true_false" or len(_content_words(canonical(text))) < 2 or len(full) > MAX_ANSWER_CHARS:
            return invalid
        vectors = await self._encode([text, *choices])
        sims = vectors[1:] @ vectors[0]
        order = np.argsort(-sims)
        best = int(order[0])
        second = float(sims[order[1]]) if len(choices) > 1 else -1.0
        given_a = _read(analyse(text), facts)
        if not (float(sims[best]) >= self.semantic_threshold and float(sims[best]) - second >= CHOICE_MEANING_MARGIN
                and given_a.polarity == analyse(choices[best]).polarity):
            return invalid
        choice_facts = _choice_facts(facts, choices[best])
        found = _choice_contradiction(full, text, choices, best, facts)
        if found:
            return _wrong(full, found[0], choices[best], found[1])
        if _lacks_names(given_a, text, choices[best], facts):
            others = tuple(w for w in given_a.content if w not in _content_set(choices[best]))
            return _wrong(text, "other_actor", choices[best], others)
        swapped = await self._swapped_word(given_a, _as_short(item, choices[best]), choice_facts, [choices[best]], text)
        if swapped is not None:
            return _wrong(text, "missing", choices[best], swapped)
        return _choice_result(item, choices, best, similarity=float(sims[best]))
