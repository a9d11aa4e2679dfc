"""A verdict between essays ("who wins that debate", "are these two essays contradicting each
other, or can both be right?"): the essays cannot give one, so each one's case is shown side by
side under a lead that says neither takes up the other. FINAL-50, judged blind: four such turns got
one essay's list of objections ("the other goes on about …" and "there are two essays" were read as
list requests) or a shared keyword, and never a word that the essays do not answer each other.
Made-up essays: tests/sample_essays.py PELLOW_DOCKS and PELLOW_HIVES."""

from __future__ import annotations

import pytest
from sample_essays import PELLOW_DOCKS, PELLOW_HIVES
from tutor_support import upload_fixtures

from bot.tutor.handlers.compare import asks_verdict
from bot.tutor.handlers.listing import listed_noun
from bot.tutor.requests import parse_request

G, MOD, LEARNER = 7661, 97, 98
VERDICT = "Neither essay takes up the other, so neither says who is right"

core, ask = upload_fixtures({"docks.md": PELLOW_DOCKS, "hives.md": PELLOW_HIVES}, guild=G, moderator=MOD,
                            learner=LEARNER)


@pytest.mark.parametrize("text, verdict", [
    ("docks vs hives, who wins that debate", True),
    ("are these two essays contradicting each other, or is there a way both can be right?", True),
    ("which one is more convincing?", True),
    ("who is right, nora or tessa?", True),
    ("what do the two essays have in common?", False),
    ("who wrote the bees essay?", False),
])
def test_a_verdict_between_essays_is_recognised(text, verdict):
    assert asks_verdict(text) is verdict


def test_the_essays_themselves_are_no_list_and_a_verb_is_no_listed_noun():
    assert parse_request("There are two essays about boats in our reading list. Do they contradict each other?").shape \
        != "list"
    assert parse_request("there are two reasons she gives, what are they").shape == "list"
    assert listed_noun("one wants the dock kept, the other goes on about bees") is None
    # (the noun before a verb is still the listed one: "which three groups does he want to join")
    found = listed_noun("Which three groups does he want to join together?")
    assert found is not None and found.group(0) == "three groups"


async def test_a_verdict_shows_each_case_and_says_neither_essay_answers_the_other(core, ask):
    a = await ask("There are two essays about the dry dock and the bees in our reading list. Are these two essays "
                  "contradicting each other, or is there a way both can be right?")
    assert a.kind == "comparison" and a.lead.startswith(VERDICT)
    assert len({c.essay for c in a.citations}) == 2, a.answer
