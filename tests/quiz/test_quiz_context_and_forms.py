"""Issue 20, second blind table: true context and word forms the first round missed.

A description after a comma ("Cato, the libertarian think tank"), a kind noun beside the key ("a
sanctions regime", "a Progressive International alliance"), a relative clause ("an actor that
could ..."), a place whose name holds "and" ("Bosnia and Herzegovina"), one word in forms that do
not share a spelling ("opposition to empire" for "anti-imperial") and opposite modifiers the
lexicon did not know ("a muddled agent"). Items are made up here; each table fails on the grader
before these fixes.
"""

from __future__ import annotations

import numpy as np
import pytest

from bot.corpus.essay import parse_essay
from bot.quiz import lexicon
from bot.quiz.grading import Grader, grade_text
from bot.quiz.items import QuizItem
from bot.quiz.normalize import canonical
from bot.quiz.places import shorten


def cloze(answer: str, prompt: str) -> QuizItem:
    return QuizItem(id="c", kind="cloze", prompt=prompt, answer=answer)


def short(answer: str, *accepted: str, prompt: str = "Question?", reference: str | None = None) -> QuizItem:
    return QuizItem(id="s", kind="short_answer", prompt=prompt, answer=answer, accepted=list(accepted),
                    reference=reference)


THINK_TANK = cloze("Brookings", "The centrist examples are Joe Biden and the ____ Institution.")
LEADER = short("a clear moral leader", "moral leader", "a leader", prompt="What does the movement lack?")


@pytest.mark.parametrize("item,given,ok", [
    (THINK_TANK, "Brookings, the centrist think tank", True),       # a description of the key's kind
    (THINK_TANK, "Brookings, a think tank", True),                   # a name's key: a bare kind describes it
    (THINK_TANK, "Brookings, Heritage", False),                      # another candidate
    (THINK_TANK, "Brookings, the think tank, or Heritage", False),
    (LEADER, "a moral leader, a program, or a party", False),        # bare kinds beside a common noun are guesses
])
def test_a_description_after_a_comma_is_not_a_second_guess(item, given, ok):
    result = grade_text(item, given)
    assert result.correct is ok, (given, result.decided_by)


@pytest.mark.parametrize("item,given", [
    (short("harsh tariffs", "tariffs"), "severe tariff regimes on rivals"),      # "regime": the kind, not an extra
    (short("a Socialist International"), "a socialist international alliance of workers' parties"),
])
def test_kind_nouns_are_not_extra_words(item, given):
    assert grade_text(item, given).correct, grade_text(item, given).decided_by


def test_a_relative_clause_is_context():
    assert grade_text(LEADER, "a coherent moral leader that could unite the factions").correct


@pytest.mark.parametrize("given", ["people in Trinidad and Tobago", "the people of trinidad and tobago", "Trinidadians"])
def test_a_place_name_with_and_is_one_name(given):
    item = short("Trinidadians", "Trinidad")
    assert grade_text(item, given).correct, grade_text(item, given).decided_by


def test_place_names_shorten_to_their_first_part():
    assert shorten("Bosnia and Herzegovina") == "Bosnia"
    assert shorten("south georgia and the south sandwich islands") == "south georgia"
    assert shorten("sanctions and war") == "sanctions and war"
    assert canonical("Saint Kitts and Nevis") == canonical("Saint Kitts")


@pytest.mark.parametrize("key,given", [
    ("anti-imperial and anti-clerical", "opposition to empire and opposition to clericalism"),
    ("legal reform", "law reform"),
    ("urban planning", "city planning"),
])
def test_one_word_in_forms_that_do_not_share_a_spelling(key, given):
    assert grade_text(short(key), given).correct, grade_text(short(key), given).decided_by


@pytest.mark.parametrize("given", ["a muddled moral leader", "a confused moral leader", "an incoherent moral leader"])
def test_opposite_modifiers(given):
    result = grade_text(LEADER, given)
    assert not result.correct and result.decided_by == "opposite", result.decided_by


def test_lexicon_knows_the_new_families():
    assert lexicon.same_derivation("empire", "imperial") and not lexicon.same_derivation("empire", "empirical")
    assert lexicon.opposite_words("muddled", "clear") and lexicon.opposite_words("shallow", "deep")


class HeadWord:
    """An encoder that barely separates texts: those naming "leader" lean a little one way. The
    answer without the head noun is as close to the whole key as to the key without its head."""

    def encode(self, texts):
        rows = np.array([[1.0, 0.15 if "leader" in t else 0.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


async def test_a_different_noun_in_the_keys_frame():
    item = short("a firm moral leader", reference="The movement lacks a firm moral leader.",
                 prompt="What does the movement lack?")
    grader = Grader(HeadWord())
    swapped = await grader.grade(item, "a firm moral opponent")
    assert not swapped.correct and swapped.decided_by == "missing" and swapped.words == ("leader",)
    assert (await grader.grade(item, "a steady moral leader")).correct      # a modifier in the key's place: meaning decides


WRITER = short("Ada Lind", "Lind", prompt='Which "reformed hawk", writing in the Review, now favors restraint?')


@pytest.mark.parametrize("given,ok", [
    ("Ada Lind, the Review writer", True),        # an appositive in the question's words
    ("Lind, a former hawk", True),
    ("Lind, the Heritage Foundation", False),     # a name the question does not give
    ("Lind, or a former hawk", False),            # offered as an alternative
])
def test_an_appositive_describes_a_name(given, ok):
    result = grade_text(WRITER, given)
    assert result.correct is ok, (given, result.decided_by)


def test_a_rival_in_the_keys_frame_is_not_an_appositive():
    """Guard for the appositive rule above (the grader before it refused this too)."""
    item = short("a Green International")
    assert not grade_text(item, "a Green International, a Socialist International").correct


@pytest.mark.parametrize("given,ok", [
    ("opposition to empire and to clericalism", True),           # the phrase governs both words
    ("opposition to imperialism and clericalism", True),
    ("against empire and against clericalism", True),             # the key's own "anti-" frame
    ("opposition to empire and support for clericalism", False),
])
def test_opposition_governs_a_coordination(given, ok):
    result = grade_text(short("anti-imperial and anti-clerical"), given)
    assert result.correct is ok, (given, result.decided_by)


class Same:
    """An encoder that calls every text the same: only the grader's own rules can refuse."""

    def encode(self, texts):
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


async def test_federal_and_state_are_opposite_levels():
    item = short("keeping the federal budget small", reference="Keeping the federal budget small protects liberty.")
    result = await Grader(Same()).grade(item, "keeping the state budget small")
    assert not result.correct and result.decided_by == "opposite", result.decided_by


@pytest.mark.parametrize("given", ["hegemony, i.e. dominance", "hegemony, e.g. over Europe", "hegemony, namely dominance"])
def test_ie_and_eg_open_context(given):
    assert grade_text(short("hegemony"), given).correct, grade_text(short("hegemony"), given).decided_by


def test_the_key_only_in_a_subordinate_clause_is_context():
    item = short("the pound", "pound")
    assert not grade_text(item, "the franc, which replaced the pound").correct
    assert grade_text(item, "during the war, the pound").correct
    assert grade_text(item, "the pound, which replaced the franc").correct


def test_the_questions_phrase_with_another_modifier():
    item = QuizItem(id="w", kind="cloze", prompt="The two ports handle ____ of global grain exports.", answer="40%")
    result = grade_text(item, "40% of global oil exports")
    assert not result.correct and result.decided_by == "premise"
    assert grade_text(item, "40% of world grain exports").correct          # world is global
    assert grade_text(item, "40% (plus 10% of oil exports)").correct       # a figure about something else


ESSAY2 = parse_essay("""---
title: On Faith
author: Jane Q. Doe
---
Doe calls the belief in the charter chartism.

Economist Tom Reyes studied trade.
""", slug="doe-faith")


def test_a_persons_possessive_on_the_key():
    item = QuizItem(id="q", kind="short_answer", prompt="What does Doe call belief in the charter?", answer="chartism",
                    essay="doe-faith", paragraph=1)
    facts = Grader(essays=lambda: {"doe-faith": ESSAY2}).facts(item)
    assert grade_text(item, "Doe's chartism", facts).correct
    assert grade_text(item, "Tom Reyes's chartism", facts).decided_by == "wrong_name"


@pytest.mark.parametrize("item,given", [
    (short("1975", prompt="After which year did the pact lapse?"), "after the end of the war in 1975"),  # a year has no direction
    (short("the harbor blockade", "the March 3 blockade"), "the March 3, 2019 blockade"),   # a date's comma is not a list
    (short("the Harbor riot", "harbor riot"), "the riot at the harbor"),                 # "at" swaps the order too
    (short("1930s"), "1930-1939"),                                                       # a decade's years
    (short("mercantilism", "left mercantilism"), "mercantilism (left mercantilism)"),    # two accepted forms, not rivals
    (short("anti-imperial and anti-clerical"), "opposing empire and opposing clericalism"),
    (short("total war"), "full-scale total war"),                                        # the key's own end of the scale
    (short("40%"), "nearly a fifth (40%)"),                                              # a fraction beside the figure
    (short("the role of international courts", "international courts"), "multilateral courts"),
    (short("unsuccessful"), "it didn't succeed"),
])
def test_student_forms_found_by_probing(item, given):
    result = grade_text(item, given)
    assert result.correct, (given, result.decided_by)


async def test_the_reference_sentences_own_words_are_not_a_swap():
    item = short("cutting the federal tariff schedule",
                 reference="Sharply cutting the federal tariff schedule and the customs apparatus.")
    grader = Grader(HeadWord())   # barely separates texts: without the rule the head-swap check would refuse
    assert (await grader.grade(item, "cutting the federal tariff apparatus")).correct
    assert not (await grader.grade(item, "cutting the federal tariff office")).correct
