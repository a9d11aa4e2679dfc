"""Whether a sentence says what a term means, and a term asked as "and X?" (FINAL-45, judged blind:
"a *parking benefit district*, a defined area where meter income pays for sidewalks" was said to be
used "without defining it"; "restraint or offshore balancing" was taken as a renaming, so "and
'offshore balancing'?" got the passage with no word that Walt never defines it)."""

from __future__ import annotations

from bot.tutor.handlers.define import defines
from bot.tutor.intent import definition_term


def test_an_apposition_saying_where_defines_the_term():
    sentence = ("Cities can return the revenue to the neighborhood through a *parking benefit district*, a defined "
                "area where meter income pays for sidewalks, lighting and street trees.")
    assert defines(sentence, "parking benefit district")


def test_two_things_joined_by_or_rename_neither():
    sentence = "realists who favor a grand strategy of restraint or offshore balancing; and the libertarian right"
    assert not defines(sentence, "offshore balancing")
    # set off by a comma, the second is another name for the first
    assert defines("a revolutionary, or non-reformist, reform that would shift power", "non-reformist")


def test_a_term_asked_after_and_is_the_term_alone():
    assert definition_term("and 'offshore balancing'?") == "offshore balancing"
    assert definition_term("and wet rent?") == "wet rent"


def test_a_genus_definition_after_a_colon_defines_the_term():
    # FINAL-47, judged blind: said to be used "without defining it"
    sentence = ("The word deserves a definition, because it explains the whole problem: a card-locked account is "
                "one whose unpaid fees have passed a small threshold.")
    assert defines(sentence, "card-locked")
    assert not defines("Many card-locked readers never come back.", "card-locked")


def test_a_sentence_saying_who_coined_that_term_defines_it():
    # the sentence after the term's own: "… the last "third place" open to them. The sociologist …"
    assert defines("The sociologist Ray Oldenburg coined that term for the spaces that are neither home nor work.",
                   "third place")
    assert not defines("The sociologist Ray Oldenburg wrote about cafés for thirty years.", "third place")
