"""A region asked about that an essay never names, but whose cities it does (`bot.tutor.within`).

FINAL-42 (judged blind): "is there any costing … for a mid sized UK city?" was told "De la Fuente's
essay never mentions UK" over an essay set in London and Greater Manchester; "the essay says
something about Spain?" was told "never mentions Spain" over Barcelona's tourist tax. The essays here
are made up for these tests; the cities are real ones, the gazetteer's."""

from __future__ import annotations

import pytest
from tutor_support import upload_fixtures

from bot.corpus.essay import parse_essay
from bot.tutor.scopes import Scope
from bot.tutor.within import places_within

G, MOD, LEARNER = 7971, 161, 162

FERRIES = """---
title: "Keep the Ferries Late: Why Harbour Towns Need Night Crossings"
short_title: "Keep the Ferries Late"
author: "Ines Halloway-Brandt"
published: 2024-02-11
---

# Keep the Ferries Late

Harbour towns should run ferries after midnight, because the people who clean and cook for the day's visitors go home at night.

In Glasgow the last crossing leaves at eleven, and cleaners who finish at one walk two miles round the water.

Rotterdam Port Authority runs a night boat every hour, and its riders are mostly shift workers.

Most crossings would carry few people, and the cost per rider would be high; that is the strongest objection.

Even the boats run by London's river service stop at midnight, though the city's kitchens close at one.
"""

KILNS = """---
title: "Fire the Kilns at Night"
short_title: "Fire the Kilns"
author: "Orla Menzies-Hart"
published: 2023-09-09
---

# Fire the Kilns at Night

Small potteries should move their firings to the night, when power is cheap.

The Kyoto Protocol set no rule for kilns, and the potteries of Lisbon already fire at night.
"""

core, ask = upload_fixtures({"ferries.md": FERRIES, "kilns.md": KILNS}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.fixture(scope="module")
def scope():
    return Scope([parse_essay(FERRIES, slug="ferries"), parse_essay(KILNS, slug="kilns")], ("within",))


def test_a_country_holds_the_cities_an_essay_names(scope):
    found = {(w.city, w.essay, w.paragraph) for w in places_within(scope, "uk")}
    assert found == {("Glasgow", "ferries", 2), ("London", "ferries", 5)}
    assert {(w.city, w.paragraph) for w in places_within(scope, "Scotland")} == {("Glasgow", 2)}
    assert {(w.city, w.paragraph) for w in places_within(scope, "england")} == {("London", 5)}
    assert places_within(scope, "wales") == []
    assert {w.city for w in places_within(scope, "netherlands")} == {"Rotterdam"}  # "Rotterdam Port Authority"
    assert {w.city for w in places_within(scope, "europe")} == {"Glasgow", "Rotterdam", "Lisbon", "London"}


def test_a_city_that_opens_a_longer_name_is_not_a_city(scope):
    # "the Kyoto Protocol" is a treaty; "Most crossings" is an everyday word
    assert places_within(scope, "japan") == []
    assert places_within(scope, "czechia") == []


def test_an_unknown_region_holds_nothing(scope):
    assert places_within(scope, "atlantis") == []


def test_a_city_name_shared_across_countries_names_no_city():
    # Valencia, Spain (800,000) and Valencia, Venezuela (1.5 million): neither outweighs the other
    essay = parse_essay(KILNS.replace("Lisbon", "Valencia"), slug="kilns")
    assert places_within(Scope([essay], ("valencia",)), "spain") == []


async def test_a_region_named_through_its_cities_is_no_never_mentions(ask):
    a = await ask("is there any costing in the ferries essay for a mid-sized UK town? need a £ figure")
    first = a.answer.split("\n")[0]
    assert "never mentions" not in first
    assert ("doesn't name the United Kingdom itself, but it names Glasgow (¶2) and London (¶5), in the United "
            "Kingdom") in a.answer


async def test_a_mention_question_is_answered_with_the_cities(ask):
    a = await ask("does halloway-brandt say anything about scotland?")
    assert a.answer.startswith("Halloway-Brandt's essay doesn't name Scotland itself, but it names Glasgow (¶2), "
                               "in Scotland.")
    assert "doesn't say that" not in a.answer


async def test_another_essay_holding_the_region_is_offered(ask):
    a = await ask("does menzies-hart mention the netherlands?")
    assert a.answer.startswith("Menzies-Hart's essay doesn't discuss")
    assert "names Rotterdam (¶3), in the Netherlands" in a.answer


async def test_a_region_with_no_city_named_is_still_never_mentioned(ask):
    a = await ask("does halloway-brandt say anything about japan?")
    assert "Japan" in a.answer.split("\n")[0]
    assert "names" not in a.answer.split("\n")[0]


def test_a_frequent_word_the_essays_write_as_a_name_is_a_name(scope):
    # "London" is frequent English (a word list counts it), but the essay writes it as a name
    # mid-sentence; FINAL-42's "whats the Toronto figure" named nothing and was answered from
    # another essay
    from bot.tutor.named import find_things

    found = find_things("what does she say about the London boats", scope, [])
    assert [(t.text, t.kind, sorted(t.essays())) for t in found] == [("London", "name", ["ferries"])]
