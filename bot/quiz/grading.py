"""Grading typed and chosen answers.

The rules, in order (each has a table of accepted and rejected answers in the tests):

1. Normalise both sides: case, Unicode quotes and dashes, accents, punctuation, a leading
   article, `%` -> "percent", number words -> digits, decade words ("nineties", "'90s") -> "90s".
2. Exact match against the answer or an accepted alternative, with decade variants: an expected
   "1990s" also accepts "90s"/"nineties"; an expected "nineties" accepts any "..90s".
3. Small typos, scaled to length (none up to 4 letters, 1 up to 7, 2 up to 12, then ~15%), never
   across digits: "1950s" is not a typo of "1990s".
4. Guess lists ("Putin, Xi or Modi") are rejected before any looser rule, so naming several
   candidates never earns the point.
5. Whole-word containment: "it was Putin" contains "Putin"; "chair" never contains "air",
   because matching is on word windows, not substrings. Negations ("not Putin") do not count.
6. Meaning (short answers with a reference sentence only): the best embedding cosine between the
   answer and the reference or an accepted answer, at or above a calibrated threshold, for
   answers of at least three content words, so a lone topical word cannot ride on similarity.
   Embeddings barely see negation or direction ("expanding the budget" scores 0.75 against
   "scaling back the budget"), so an answer whose negation or direction words disagree with
   the text it matched is never accepted by meaning.
"""

from __future__ import annotations

import asyncio
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Literal, Protocol, Sequence

import numpy as np
from rapidfuzz.distance import OSA

from bot.quiz.items import FALSE_WORDS, TRUE_WORDS, QuizItem
from bot.text import clean_input, normalize_for_match

log = logging.getLogger(__name__)

Rule = Literal["exact", "variant", "typo", "contains", "meaning", "choice", "parts"]
Reason = Literal["empty", "guess_list", "invalid_choice", "wrong", "too_long"]

MAX_ANSWER_CHARS = 300
# Calibrated on tests/quiz/calibration.py with all-MiniLM-L6-v2: at 0.60, 9 of 12 paraphrases
# accepted and 0 of 12 on-topic wrong answers (1 of 12 without the polarity guard).
DEFAULT_SEMANTIC_THRESHOLD = 0.60
MIN_MEANING_WORDS = 3

_ARTICLES = ("the ", "a ", "an ")
_NEGATIONS = {"not", "no", "never", "isnt", "wasnt", "arent", "werent", "dont", "doesnt", "didnt", "neither", "nor"}
_STOP = {
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "is", "it", "was", "that", "this",
    "by", "with", "as", "at", "be", "are", "i", "think", "its", "from", "so", "they", "their",
}
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {w: 10 * i for i, w in enumerate(_TENS) if w}
_DECADE_WORDS = {"twenties": "20s", "thirties": "30s", "forties": "40s", "fifties": "50s", "sixties": "60s",
                 "seventies": "70s", "eighties": "80s", "nineties": "90s"}
_SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}
_NUMBER_RUN = re.compile(
    r"\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")(?:[ -](?:"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|hundred|and))*\b"
)
_NEGATED = re.compile(r"\b(?:not|no|never|none|neither|nor|without|lack|lacks|lacking)\b|n['’]t\b")
_MORE = re.compile(r"\b(?:increas\w*|expand\w*|expansion|rais\w*|grow\w*|more|bigger|larger|boost\w*|higher)\b")
_LESS = re.compile(r"\b(?:cut|cuts|cutting|reduc\w*|scal\w* back|shrink\w*|less|fewer|smaller|lower\w*|decreas\w*)\b")
_GUESS_SPLIT = re.compile(r"\s*(?:,|;|/|\||\bor\b|\band/or\b|\n)\s*")
_GUESS_SPLIT_AND = re.compile(r"\s*(?:,|;|/|\||\bor\b|\band/or\b|\band\b|&|\n)\s*")


@dataclass(frozen=True)
class GradeResult:
    correct: bool
    rule: Rule | None = None       # which rule accepted the answer
    reason: Reason | None = None   # why a wrong answer was rejected
    choice: int | None = None      # the chosen index (choice items)
    similarity: float | None = None
    answer: str = ""               # the answer as given, cleaned, for the record

    @property
    def counts(self) -> bool:
        """Whether this is a real answer (it locks); empty answers and guess lists do not."""
        return self.reason not in ("empty", "guess_list", "invalid_choice", "too_long")


class Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


EncodeFn = Callable[[list[str]], np.ndarray]


# -- normalisation ----------------------------------------------------------------------------

def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words_to_number(match: re.Match[str]) -> str:
    words = [w for w in re.split(r"[ -]", match.group(0)) if w and w != "and"]
    if not words or all(w == "hundred" for w in words):
        return match.group(0)
    total, current = 0, 0
    for word in words:
        if word == "hundred":
            current = max(current, 1) * 100
        else:
            current += _NUMBER_WORDS[word]
    total += current
    return str(total)


def canonical(text: str) -> str:
    """The comparable form of an answer (see the module docstring, rule 1)."""
    text = normalize_for_match(clean_input(text))
    text = _strip_accents(text)
    text = re.sub(r"(\d)\s*%", r"\1 percent ", text)
    text = text.replace("%", " percent ")
    text = re.sub(r"\bper\s*cent\b", "percent", text)
    text = re.sub(r"\bpct\b", "percent", text)
    text = re.sub(r"(?<![\w'])'(\d0)s\b", r"\1s", text)           # '90s -> 90s
    text = re.sub(r"\b(\d{2,4}0)'s\b", r"\1s", text)               # 1990's -> 1990s
    for word, short in _DECADE_WORDS.items():
        text = re.sub(rf"\b(?:the\s+)?{word}\b", short, text)
    text = text.replace("&", " and ")
    text = _NUMBER_RUN.sub(_words_to_number, text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)                  # 40,000 -> 40000
    text = re.sub(r"\$\s*(?=\d)", "", text)                           # $40 -> 40
    text = re.sub(r"(?<=\d)\.(?=\d)", "DOT", text)                    # keep decimals
    text = re.sub(r"[^\w\s]", " ", text).replace("_", " ")
    text = text.replace("DOT", ".")
    text = re.sub(r"\s+", " ", text).strip()
    for article in _ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article):]
            break
    return text


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def _shorten_decades(text: str) -> str:
    return re.sub(r"\b\d{2}(\d0s)\b", r"\1", text)


def allowed_typos(length: int) -> int:
    # Four letters get none: "Iraq" and "Iran" are different answers, not a typo.
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    if length <= 12:
        return 2
    return round(length * 0.15)


def close_enough(given: str, expected: str) -> Rule | None:
    """Compare two canonical strings: exact, decade variant or a typo scaled to length."""
    if not given or not expected:
        return None
    if given == expected:
        return "exact"
    short_expected = _shorten_decades(expected)
    if given == short_expected or (_shorten_decades(given) == expected and expected != given and re.search(r"\b\d0s\b", expected)):
        return "variant"
    if given.replace(" ", "") == expected.replace(" ", ""):
        return "variant"
    if _digits(given) != _digits(expected):
        return None
    limit = allowed_typos(len(expected))
    if limit and OSA.distance(given, expected, score_cutoff=limit) <= limit:
        return "typo"
    squashed = expected.replace(" ", "")
    if limit and OSA.distance(given.replace(" ", ""), squashed, score_cutoff=limit) <= limit:
        return "typo"
    return None


def _contains_words(given: str, expected: str) -> bool:
    """Whole-word (fuzzy) containment: a window of the answer's words equals the expected words."""
    g_tokens, e_tokens = given.split(), expected.split()
    if len(g_tokens) <= len(e_tokens) or len(g_tokens) > len(e_tokens) + 6:
        return False
    if (_NEGATIONS & set(g_tokens)) - set(e_tokens):
        return False
    n = len(e_tokens)
    for start in range(len(g_tokens) - n + 1):
        window = " ".join(g_tokens[start:start + n])
        if close_enough(window, expected):
            return True
    return False


def _parts(text: str, with_and: bool) -> list[str]:
    splitter = _GUESS_SPLIT_AND if with_and else _GUESS_SPLIT
    cleaned = normalize_for_match(clean_input(text))
    return [canonical(p) for p in splitter.split(cleaned) if canonical(p)]


def same_polarity(answer: str, target: str) -> bool:
    """Negation and direction agree (both negated or neither; no "more" against "less")."""
    a, t = answer.lower(), target.lower()
    if bool(_NEGATED.search(a)) != bool(_NEGATED.search(t)):
        return False
    a_more, a_less = bool(_MORE.search(a)), bool(_LESS.search(a))
    t_more, t_less = bool(_MORE.search(t)), bool(_LESS.search(t))
    return not ((a_more and not a_less and t_less and not t_more) or (a_less and not a_more and t_more and not t_less))


def _is_guess_list(raw: str, expected: list[str]) -> bool:
    """Several answer-sized parts joined by commas, slashes, "or" (or "and" when the answer has none).

    Parts must each be about as long as the expected answer: "Putin or Xi" is a guess list, while
    a sentence that happens to contain "or" ("whether institutions help or constrain") is not.
    """
    expected_has_and = any(" and " in f" {e} " for e in expected)
    parts = _parts(raw, with_and=not expected_has_and)
    if len(parts) < 2:
        return False
    limit = max(2, max(len(e.split()) for e in expected) + 1)
    return all(len(p.split()) <= limit for p in parts)


def _content_words(text: str) -> list[str]:
    return [w for w in text.split() if w not in _STOP and len(w) > 1]


# -- grading --------------------------------------------------------------------------------

def grade_text(item: QuizItem, given: str) -> GradeResult:
    """Rules 1-5 (everything except meaning), for short answer and cloze items."""
    raw = clean_input(given or "")
    if len(raw) > MAX_ANSWER_CHARS:
        return GradeResult(False, reason="too_long", answer=raw[:MAX_ANSWER_CHARS])
    g = canonical(raw)
    if not g:
        return GradeResult(False, reason="empty", answer=raw)
    expected = [canonical(a) for a in item.answers]
    expected = [e for e in expected if e]
    for e in expected:
        rule = close_enough(g, e)
        if rule:
            return GradeResult(True, rule=rule, answer=raw)
    # Multi-part answers ("Sweden and Finland") accept the same parts in any order.
    for answer in item.answers:
        e_parts = _parts(answer, with_and=True)
        if len(e_parts) >= 2:
            g_parts = _parts(raw, with_and=True)
            if len(g_parts) == len(e_parts) and all(any(close_enough(gp, ep) for gp in g_parts) for ep in e_parts):
                return GradeResult(True, rule="parts", answer=raw)
    if _is_guess_list(raw, expected):
        return GradeResult(False, reason="guess_list", answer=raw)
    for e in expected:
        if _contains_words(g, e):
            return GradeResult(True, rule="contains", answer=raw)
    return GradeResult(False, reason="wrong", answer=raw)


def shown_choices(item: QuizItem) -> list[str]:
    if item.kind == "true_false":
        return ["True", "False"]
    return list(item.choices)


def grade_choice(item: QuizItem, choices: Sequence[str], given: int | str) -> GradeResult:
    """A choice by index into the choices as shown, or typed as a letter, number or the text."""
    index = resolve_choice(item, choices, given)
    if index is None:
        return GradeResult(False, reason="invalid_choice", answer=str(given))
    chosen = choices[index]
    if item.kind == "true_false":
        correct = ("true" if index == 0 else "false") == item.answer
    else:
        correct = normalize_for_match(chosen) == normalize_for_match(item.answer)
    return GradeResult(correct, rule="choice" if correct else None, reason=None if correct else "wrong",
                       choice=index, answer=chosen)


def resolve_choice(item: QuizItem, choices: Sequence[str], given: int | str) -> int | None:
    if isinstance(given, bool):
        given = "true" if given else "false"
    if isinstance(given, int):
        return given if 0 <= given < len(choices) else None
    text = clean_input(str(given))
    low = normalize_for_match(text).strip(" .)")
    if not low:
        return None
    if item.kind == "true_false":
        if low in TRUE_WORDS - {"1", "0"}:
            return 0
        if low in FALSE_WORDS - {"1", "0"}:
            return 1
    if len(low) == 1 and "a" <= low <= chr(ord("a") + len(choices) - 1):
        return ord(low) - ord("a")
    if low.isdigit() and 1 <= int(low) <= len(choices):
        return int(low) - 1
    g = canonical(text)
    hits = [i for i, c in enumerate(choices) if close_enough(g, canonical(c))]
    return hits[0] if len(hits) == 1 else None


class Grader:
    """Grades any item; holds the optional encoder for meaning-based short answers.

    `encoder` may be an `bot.embedding.Embedder` (its `encode_async` keeps the model off the
    event loop), any object with `encode`, or a plain callable `list[str] -> array` (run in a
    thread). Rows must be L2-normalised so a dot product is the cosine.
    """

    def __init__(self, encoder: Any = None, semantic_threshold: float = DEFAULT_SEMANTIC_THRESHOLD):
        self._encoder = encoder
        self.semantic_threshold = semantic_threshold

    async def _encode(self, texts: list[str]) -> np.ndarray:
        enc = self._encoder
        if hasattr(enc, "encode_async"):
            return await enc.encode_async(texts)
        fn = enc.encode if hasattr(enc, "encode") else enc
        return await asyncio.to_thread(fn, texts)

    async def best_match(self, answer: str, targets: list[str]) -> tuple[float, bool]:
        """The highest cosine to any target, and whether a target at that bar agrees in polarity."""
        vectors = await self._encode([answer, *targets])
        sims = vectors[1:] @ vectors[0]
        agreeing = [float(s) for s, t in zip(sims, targets) if same_polarity(answer, t)]
        best = float(np.max(sims))
        return best, bool(agreeing) and max(agreeing) >= self.semantic_threshold

    async def grade(self, item: QuizItem, given: int | str, choices: Sequence[str] | None = None) -> GradeResult:
        if item.kind in ("multiple_choice", "true_false"):
            return grade_choice(item, choices if choices is not None else shown_choices(item), given)
        result = grade_text(item, str(given))
        if result.correct or result.reason != "wrong":
            return result
        if item.kind == "short_answer" and item.reference and self._encoder is not None:
            if len(_content_words(canonical(result.answer))) >= MIN_MEANING_WORDS:
                sim, agrees = await self.best_match(result.answer, [item.reference, *item.answers])
                log.debug("meaning similarity %.3f for item %s", sim, item.id)
                if sim >= self.semantic_threshold and agrees:
                    return GradeResult(True, rule="meaning", similarity=sim, answer=result.answer)
                return GradeResult(False, reason="wrong", similarity=sim, answer=result.answer)
        return result
