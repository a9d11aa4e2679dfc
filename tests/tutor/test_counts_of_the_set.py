"""A count of the essays themselves, or "both" before a verb, asks for no list (`requests._LIST`,
`handlers.listing.listed_noun`).

FINAL-42 (judged blind): "across the 4 local ones (flood, museums, night bus, water) which deal w
revenue volatility" was answered "Lind names four ones: panic buying of bottled water, …"; "Walt vs
Rana - both want less militarism but where do they actually disagree?" got Rana's two tendencies."""

from __future__ import annotations

import pytest

from bot.tutor.handlers.listing import listed_noun
from bot.tutor.requests import parse_request


@pytest.mark.parametrize("question", [
    "across the 4 local ones (flood, museums, night bus, water) which deal w revenue volatility? quick comparison",
    "which of the 6 essays use invented examples?",
    "Walt vs Rana - both want less militarism but where do they actually disagree?",
    "both authors seem to like taxes, which one is more convincing",
])
def test_a_count_of_the_essays_asks_for_no_list(question):
    assert parse_request(question).shape != "list"
    assert listed_noun(question) is None


@pytest.mark.parametrize("question, noun", [
    ("what are the two tendencies", "tendencies"),
    ("the 3 reforms rana wants", "reforms"),
    ("both tendencies pls", "tendencies"),
])
def test_a_count_of_things_in_an_essay_is_still_a_list(question, noun):
    match = listed_noun(question)
    assert match is not None and noun in match.group(0)
