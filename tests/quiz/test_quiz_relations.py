"""Issue 20, second blind table: relation words that move the key ("before 1989"), and numbers
named the long way round ("the decade after the 1940s").

Items are made up here; each table fails on the grader before `bot.quiz.relations`.
"""

from __future__ import annotations

import pytest

from bot.quiz.grading import grade_text
from bot.quiz.items import QuizItem
from bot.quiz.relations import LATER, question_relation, relation_at, resolve_offsets


def short(answer: str, prompt: str) -> QuizItem:
    return QuizItem(id="r", kind="short_answer", prompt=prompt, answer=answer)


AFTER = short("1975", "After which year did the treaty lose its force?")
IN_DECADE = short("1930s", "In which decade did the union reach its peak?")
CLOZE_SINCE = QuizItem(id="c", kind="cloze", prompt="The alliance has stood since ____, the year of the accord.",
                       answer="1962")
SHARE = QuizItem(id="s", kind="cloze", prompt="The two ports handle ____ of the region's grain.", answer="40%")


@pytest.mark.parametrize("item,given,ok", [
    (AFTER, "after 1975", True),                   # restates the question's own relation
    (AFTER, "in 1975", True),                      # the year itself
    (AFTER, "since 1975", True),
    (AFTER, "before 1975", False),                 # the reverse of what the question asks
    (AFTER, "until 1975", False),
    (AFTER, "prior to 1975", False),
    (IN_DECADE, "in the 1930s", True),
    (IN_DECADE, "during the thirties", True),
    (IN_DECADE, "after the 1930s", False),         # another decade
    (IN_DECADE, "before the 1930s", False),
    (CLOZE_SINCE, "1962", True),
    (CLOZE_SINCE, "after 1962", True),             # "since" and "after" say the same
    (CLOZE_SINCE, "before 1962", False),
    (SHARE, "about 40%", True),                    # an approximation states the figure
    (SHARE, "nearly 40 percent", True),
    (SHARE, "more than 40%", False),               # a bound is another figure
    (SHARE, "over 40%", False),
    (SHARE, "under 40%", False),
    (SHARE, "at least 40%", False),
])
def test_a_relation_word_must_agree_with_the_question(item, given, ok):
    result = grade_text(item, given)
    assert result.correct is ok, (given, result.decided_by)
    if not ok:
        assert result.decided_by in ("relation", "direction"), result.decided_by


def test_the_refusal_names_the_relation():
    result = grade_text(AFTER, "before 1975")
    assert result.decided_by == "relation" and result.words == ("before 1975",)


@pytest.mark.parametrize("given", [
    "after '75, when the accord lapsed",         # a two-digit year with true context
    "'75",
    "after 75",
])
def test_two_digit_years_inside_an_answer(given):
    assert grade_text(AFTER, given).correct


@pytest.mark.parametrize("text,out", [
    ("the decade after the 1920s", "the 1930s"),
    ("the decade before the 1940s", "the 1930s"),
    ("the year before 1976", "the 1975"),
    ("two years after 1973", "1975"),
    ("a decade after the '20s", "30s"),
    ("the year after the 1920s", "the year after the 1920s"),   # names no one year
])
def test_numbers_named_by_their_distance(text, out):
    assert resolve_offsets(text) == out


@pytest.mark.parametrize("item,given,ok", [
    (IN_DECADE, "the decade after the 1920s", True),
    (IN_DECADE, "the decade before the 1940s", True),
    (IN_DECADE, "the decade after the 1930s", False),
    (AFTER, "the year after 1974", True),
])
def test_roundabout_numbers_are_graded_as_the_number(item, given, ok):
    assert grade_text(item, given).correct is ok


def test_relation_reading():
    assert relation_at("after the early 1950s".split(), 3) == ("after", LATER)
    assert relation_at("in 1950".split(), 1) is None
    assert question_relation("after which year did it end".split(), None, ["1975"]) == LATER
    assert question_relation("in which decade".split(), None, ["1930s"]) is None
    assert question_relation([], None, ["after", "1975"]) == LATER      # the key carries its own relation
