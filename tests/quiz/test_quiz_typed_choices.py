"""Issue 20, second blind table: multiple-choice answers typed in the player's words.

A committed answer that excludes a distractor ("Ghana, not Kenya") names one choice; a choice's
words with another party or place in its frame ("aligned with *Brazil's* interests", "domestic
policy *in Western Europe*") are not that choice; the question's own words and synonyms of the
choice's are the player's words for it ("the treasury's goals match the nation's"). Items are made
up here; each table fails on the grader before these fixes.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from bot.quiz.grading import Grader, grade_choice
from bot.quiz.items import QuizItem


def mc(prompt: str, answer: str, *others: str) -> QuizItem:
    return QuizItem(id="t", kind="multiple_choice", prompt=prompt, answer=answer, choices=[answer, *others])


CAPITALS = mc("Which of these did the author list among the new members?", "Ghana", "Kenya", "Peru", "Chile")
TREATY = mc("Which agreement does the author name alongside deregulation?", "tariff reduction",
            "the Paris Agreement", "the Warsaw Pact", "the Geneva Conventions")
GOALS = mc("In the author's account, how do U.S. trade goals relate to the region's goals?",
           "They are coterminous with the region's goals", "They are opposed to the region's goals",
           "They are irrelevant to the region's goals", "They are subordinate to the European Union")
TAXES = mc("What happened to the spending cuts the finance ministry imposed on the colonies?",
           "They became the basis of domestic policy too", "They were abandoned after the war",
           "They were replaced by grants", "They were confined to Western Europe")


@pytest.mark.parametrize("item,given,ok", [
    (CAPITALS, "Ghana, not Kenya", True),                      # excludes a distractor
    (CAPITALS, "not Kenya but Ghana", True),
    (CAPITALS, "Ghana rather than Peru", True),
    (CAPITALS, "Kenya, not Ghana", False),
    (CAPITALS, "Ghana, Kenya", False),                         # two choices still
    (TREATY, "the reduction of tariffs, not the Warsaw Pact", True),
    (TREATY, "the Warsaw Pact, not tariff reduction", False),
])
def test_an_excluded_choice_is_not_a_second_choice(item, given, ok):
    result = grade_choice(item, item.choices, given)
    assert result.correct is ok, (given, result.decided_by)
    if ok:
        assert result.decided_by == "choice"


class BagOfWords:
    """An encoder that measures shared words: the closest choice by "meaning" is the one that
    shares most words, so the meaning path picks a choice and only the grader's rules refuse."""

    def encode(self, texts):
        vocab = sorted({w for t in texts for w in re.findall(r"[a-z]+", t.lower())})
        rows = np.array([[t.lower().count(w) for w in vocab] for t in texts], dtype=np.float32) + 1e-6
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("item,given", [
    (GOALS, "coterminous with Brazil's goals"),                   # another party in the choice's frame
    (TAXES, "they became the basis of domestic policy in Western Europe"),   # another choice's place
])
async def test_another_party_or_place_in_the_choices_frame(item, given):
    for result in (grade_choice(item, item.choices, given), await Grader(BagOfWords()).grade(item, given)):
        assert not result.correct, result
    result = await Grader(BagOfWords()).grade(item, given)
    assert result.decided_by == "other_actor", result.decided_by


@pytest.mark.parametrize("item,given", [
    (CAPITALS, "Ghana, in West Africa"),                           # a name beside a whole choice is context
    (GOALS, "U.S. trade goals are coterminous with the region's"),  # the question's own party
])
def test_names_that_are_context_or_the_questions(item, given):
    assert grade_choice(item, item.choices, given).correct


@pytest.mark.parametrize("given", [
    "they coincide with the region's goals",          # a synonym of the choice's one word of its own
    "US trade goals are the same as the region's",    # the question's words plus a synonym
])
def test_the_players_words_for_a_choice(given):
    result = grade_choice(GOALS, GOALS.choices, given)
    assert result.correct, result.decided_by


AID = mc("How large was the new package, on top of an earlier $9 billion?", "$25 billion", "$9 billion",
         "$2 billion", "$250 billion")


@pytest.mark.parametrize("given,ok", [
    ("$25 billion, on top of the $9 billion", True),     # the question's own given is context
    ("$25bn", True),                                     # bn, mn, tn
    ("$25 billion or $9 billion", False),                # still a hedge
    ("under $25 billion", False),                        # a bound is another figure (relations)
])
def test_the_questions_given_and_figures(given, ok):
    result = grade_choice(AID, AID.choices, given)
    assert result.correct is ok, (given, result.decided_by)


LEADERS = mc("Whose coalition ran the ministry?", "Green reformers and hawkish liberals", "Realists and libertarians",
             "Keeping the central bank small", "Democratic socialists, libertarians and realists")
PLACE = mc("Where did the strongest movements emerge?", "In the provinces, outside capital cities",
           "In the imperial capitals", "Within the ruling party", "In European trade unions")
WIN = mc("What was the largest success?", "Ana Ruiz's presidential victory in Chile", "A strike in Peru",
         "The founding of a union", "A referendum in Bolivia")


@pytest.mark.parametrize("item,given,ok", [
    (LEADERS, "socialists, libertarians and realists", False),          # wrong words, but never 'another actor'
    (PLACE, "in the provinces", True),                                   # one half of a choice that says it twice
    (PLACE, "in the global South, in the provinces", True),              # one clause names the choice
    (PLACE, "in the provinces, in the imperial capitals", False),        # two clauses, two choices
])
def test_choice_words_read_fairly(item, given, ok):
    result = grade_choice(item, item.choices, given)
    assert result.correct is ok, (given, result.decided_by)
    assert result.decided_by != "other_actor"


def test_a_capitalised_first_word_is_not_a_name():
    from bot.quiz.grading.choices import _proper_names
    assert "keeping" not in _proper_names("Keeping the federal government small")
    assert "american" in _proper_names("American policymaking failures")


TF = QuizItem(id="f", kind="true_false", prompt="The plan produced stable democracies.", answer="False")


@pytest.mark.parametrize("given,ok", [("no, it didn't", True), ("false, it failed", True), ("not true", True),
                                      ("yes, it did", False), ("true", False)])
def test_a_leading_verdict_decides_a_true_false_answer(given, ok):
    assert grade_choice(TF, ["True", "False"], given).correct is ok


class Names:
    """An encoder that sees only whether a text names Ruiz."""

    def encode(self, texts):
        return np.array([[1.0, 0.0] if "Ruiz" in t else [0.0, 1.0] for t in texts], dtype=np.float32)


async def test_a_countrys_adjective_is_its_name():
    result = await Grader(Names()).grade(WIN, "Ruiz winning the Chilean presidency")
    assert result.correct, result.decided_by                              # Chilean is Chile's
    result = await Grader(Names()).grade(WIN, "Ruiz winning the Peruvian presidency")
    assert not result.correct and result.decided_by == "other_actor"


def test_a_denial_word_in_a_true_false_reason_is_not_a_flip():
    """Guard: the denial words added for typed answers do not flip a true/false verdict."""
    item = QuizItem(id="f2", kind="true_false", prompt="The council refused the plan.", answer="True")
    assert grade_choice(item, ["True", "False"], "its true they refused it").correct
