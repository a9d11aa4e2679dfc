"""What a grade is: the verdict, the rule that decided it (`why`, one of `WHY`), the accepted answer
it was compared with and the words behind the decision. Imports nothing of the package."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.quiz.normalize import Rule

Reason = Literal["empty", "guess_list", "invalid_choice", "wrong", "too_long", "dont_know"]

MAX_ANSWER_CHARS = 300


@dataclass(frozen=True)
class GradeResult:
    correct: bool
    rule: Rule | None = None       # which rule accepted the answer
    reason: Reason | None = None   # why a wrong answer was rejected (coarse: what the player is told)
    choice: int | None = None      # the chosen index (choice items)
    similarity: float | None = None
    answer: str = ""               # the answer as given, cleaned, for the record
    why: str = ""                  # the rule that decided, finer than `reason` (see WHY)
    target: str = ""               # the accepted answer (or choice) it was compared with
    words: tuple[str, ...] = ()    # the words behind the decision (missing, extra, opposite)
    context: tuple[str, ...] = ()  # words of true context beside a right answer ("when the Berlin Wall fell")

    @property
    def counts(self) -> bool:
        """Whether this is a real answer (it locks); empty answers and guess lists do not."""
        return self.reason not in ("empty", "guess_list", "invalid_choice", "too_long", "dont_know")

    @property
    def decided_by(self) -> str:
        return self.why or self.rule or self.reason or ""


# What `why` can be, for the CLI and /quizitem test (each has a `why_<code>` text in prompts/quiz.yaml).
WHY = ("exact", "variant", "typo", "words", "name_order", "parts", "meaning", "choice", "empty", "too_long",
       "guess_list", "invalid_choice", "negation", "direction", "extra_words", "order", "missing", "meaning_low",
       "wrong_choice", "wrong", "phonetic", "opposite", "premise", "wrong_name", "other_actor", "dont_know",
       "relation", "gloss")


def _wrong(raw: str, why: str, target: str = "", words: tuple[str, ...] = (), reason: Reason = "wrong",
           similarity: float | None = None) -> GradeResult:
    return GradeResult(False, reason=reason, answer=raw, why=why, target=target, words=words, similarity=similarity)
