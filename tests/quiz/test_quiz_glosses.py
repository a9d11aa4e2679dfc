"""Issue 20, second blind table: the essay's own other name for a key is the key.

"the types of revolutionary, or “non-reformist,” reforms": a teacher with the essay open accepts
"revolutionary" for "non-reformist", because the author equates them. Only the cited essay's own
declarations count (`bot.quiz.glosses`); a list "A, B, or “C”" is not one. Made-up essay and items;
the answers below fail on the grader before the rule.
"""

from __future__ import annotations

import pytest

from bot.corpus.essay import parse_essay
from bot.quiz.glosses import pairs
from bot.quiz.grading import Grader, grade_text
from bot.quiz.items import QuizItem
from bot.stopwords import FUNCTION_WORDS

ESSAY = parse_essay("""---
title: On Reform
author: Jane Q. Doe
---
Movements debated the kinds of structural, or “transformative,” changes that would last.

The assembly named delegates from Peru, Chile, or “Bolivia,” in the first round.

The council, also known as the Standing Committee, met twice.
""", slug="doe-reform")


def item(answer: str, paragraph: int, prompt: str) -> QuizItem:
    return QuizItem(id="g", kind="cloze", prompt=prompt, answer=answer, essay="doe-reform", paragraph=paragraph)


TRANSFORMATIVE = item("transformative", 1, "Movements debated ____ changes.")
BOLIVIA = item("Bolivia", 2, "The assembly named delegates from ____.")
COMMITTEE = item("the Standing Committee", 3, "The council was also known as ____.")


@pytest.mark.parametrize("it,given,ok", [
    (TRANSFORMATIVE, "structural", True),                  # the author's own other name
    (TRANSFORMATIVE, "structural changes", True),
    (TRANSFORMATIVE, "transformative", True),
    (TRANSFORMATIVE, "non-structural", False),             # its opposite is still wrong
    (TRANSFORMATIVE, "structural or cosmetic", False),     # a guess list is still one
    (BOLIVIA, "Chile", False),                             # a list is not a gloss
    (COMMITTEE, "the council", True),
])
def test_the_essays_own_other_name(it, given, ok):
    grader = Grader(essays=lambda: {"doe-reform": ESSAY})
    result = grade_text(it, given, grader.facts(it))
    assert result.correct is ok, (given, result.decided_by)
    if ok and given == "structural":
        assert result.decided_by == "gloss" and result.target == "structural"


def test_without_the_essay_there_is_no_gloss():
    """Guard: glosses come from the cited essay only."""
    assert not grade_text(TRANSFORMATIVE, "structural").correct


def test_declared_pairs():
    text = "\n\n".join(p.text for p in ESSAY.paragraphs)
    assert pairs(text, lambda w: w.lower() in FUNCTION_WORDS) == [("structural", "transformative"),
                                                                  ("council", "the Standing Committee")]
