"""Issue 20, second blind table: where a negation reaches (`bot.quiz.negation`).

Privative phrases ("freed from"), contrasts ("not X but Y", "X rather than Y"), key words denied
inside a negation, and the opposite of a negated key's word. Items are made up here; each table
fails on the grader before `bot.quiz.negation`.
"""

from __future__ import annotations

import pytest

from bot.quiz.grading import grade_text
from bot.quiz.items import QuizItem
from bot.quiz.negation import contrast, privatives


def short(answer: str, *accepted: str, prompt: str = "Question?") -> QuizItem:
    return QuizItem(id="n", kind="short_answer", prompt=prompt, answer=answer, accepted=list(accepted))


BLOC = short("a bipolar system of rival trading blocs", "rival trading blocs", "a new bipolar system")
POLICY = short("a sovereign energy policy")
BENCH = short("it lacks a deep pool of trained engineers", "a lack of engineers", "not enough engineers")


@pytest.mark.parametrize("given", [
    "a bipolar system freed from rival trading blocs",
    "a bipolar system free of rival trading blocs",
    "a bipolar system rid of rival trading blocs",
    "a new bipolar system devoid of rival trading blocs",
    "a bipolar system without rival trading blocs",
])
def test_privative_phrases_deny_the_key(given):
    result = grade_text(BLOC, given)
    assert not result.correct and result.decided_by == "negation", (given, result.decided_by)


@pytest.mark.parametrize("given", [
    "a bipolar system of rival trading blocs, not a socialist federation",     # excludes another thing
    "rival trading blocs in a bipolar system, not a unified world market",
])
def test_excluding_something_else_is_not_denying_the_key(given):
    """Guard for the denied-key-word rule (the grader before it accepted these too)."""
    assert grade_text(BLOC, given).correct, grade_text(BLOC, given).decided_by


@pytest.mark.parametrize("given,ok", [
    ("not a dependent energy policy but a sovereign one", True),     # double negation resolves to the key
    ("a sovereign energy policy rather than a dependent one", True),
    ("instead of a dependent energy policy, a sovereign one", True),
    ("not a sovereign energy policy but a dependent one", False),
    ("a dependent energy policy rather than a sovereign one", False),
    ("not only a sovereign energy policy but also a green one", True),  # additive, not a contrast
])
def test_contrasts(given, ok):
    result = grade_text(POLICY, given)
    assert result.correct is ok, (given, result.decided_by)


@pytest.mark.parametrize("text,out", [
    ("not a dependent energy policy but a sovereign one", "a sovereign energy policy, not a dependent energy policy"),
    ("the pound rather than the euro", "the pound, not the euro"),
    ("instead of the euro, the pound", "the pound, not the euro"),
    ("it is not the euro but the pound", "the pound, not the euro"),
    ("Ghana and not Kenya", "Ghana, not Kenya"),
    ("not only A but also B", "A, and also B"),                      # two things: a guess list decides
    ("not only a green policy but also a cheap one", "a green policy that is also cheap"),
])
def test_contrast_rewrites(text, out):
    assert contrast(text) == out


def test_privative_rewrite():
    assert privatives("an order freed from rival blocs") == "an order without rival blocs"
    assert privatives("free trade expansion") == "free trade expansion"


@pytest.mark.parametrize("given,ok", [
    ("a shallow pool of trained engineers", True),     # the opposite of the negated key's word says the same
    ("a thin pool of engineers", True),
    ("a deep pool of trained engineers", False),       # the key's word without the key's negation
    ("not a shallow pool of engineers", False),        # and negated back
])
def test_the_opposite_of_a_negated_key(given, ok):
    result = grade_text(BENCH, given)
    assert result.correct is ok, (given, result.decided_by)


def test_excluding_what_the_question_sets_aside_is_not_a_premise():
    item = short("a bipolar system of rival trading blocs", prompt="One future is a weak old empire; what is the other?")
    for given in ("not the weak old empire but a bipolar system of rival trading blocs",
                  "a bipolar system of rival trading blocs, not a socialist one"):     # "one" is a pronoun, not 1
        assert grade_text(item, given).correct, grade_text(item, given).decided_by


POUND = short("the pound", "pound", prompt="Which currency did the empire use?")


@pytest.mark.parametrize("given", [
    "anything but the pound", "far from the pound", "the opposite of the pound", "hardly the pound",
    "no longer the pound", "the rejection of the pound", "avoiding the pound", "other than the pound",
])
def test_denying_phrases(given):
    result = grade_text(POUND, given)
    assert not result.correct and result.decided_by == "negation", (given, result.decided_by)


@pytest.mark.parametrize("item,given,ok", [
    (POUND, "not only the pound but also the franc", False),          # two answers, not a contrast
    (POLICY, "a sovereign, not dependent, energy policy", True),      # an excluded modifier in the middle
    (POLICY, "a dependent, not sovereign, energy policy", False),
    (short("tariffs"), "zero tariffs", False),
    (short("tariffs"), "tariff relief", False),                       # relief lifts them
    (short("harsh tariffs", "tariffs"), "lax tariffs", False),        # the other end of the scale
])
def test_more_ways_to_deny_or_hedge(item, given, ok):
    result = grade_text(item, given)
    assert result.correct is ok, (given, result.decided_by)


@pytest.mark.parametrize("given,ok", [("a fiasco", True), ("a flop", True), ("a triumph", False)])
def test_failure_words_say_unsuccessful(given, ok):
    assert grade_text(short("unsuccessful"), given).correct is ok
