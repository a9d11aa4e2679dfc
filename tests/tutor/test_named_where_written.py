"""A named thing is found wherever an essay writes it, and two asides are not asked about together.

Two essays made up for these tests (nothing here is about the seed essays). FINAL-37 (judged
blind) was told "Okonjo-Vance's essay never mentions Norway" over the paragraph that opens "Norway
is the usual example": the name was known from another essay, and only where that essay's name
index had it; "never mentions the Hebrides" over "a Hebridean island"; and "The essays never
mention Scandinavian and Hebrides together" for two asides in different sentences.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 7701, 95, 96

FJORD_FERRIES = """---
title: "Ferries Before Bridges: Why Coastal Towns Should Keep Their Boats"
short_title: "Ferries Before Bridges"
author: "Ingrid Solbakk"
published: 2020-09-01
---

# Ferries Before Bridges

Coastal towns should keep their ferries running rather than pour money into bridges that take a decade to build. The fjord towns of western Norway show what a dense ferry network can do.

A crossing that runs every twenty minutes is as good as a bridge for most journeys, and it costs a fraction of the price.
"""

YOUTH_CHESS = """---
title: "Play the Game, Drop the Ladder: Children's Chess Without Rankings"
short_title: "Play the Game, Drop the Ladder"
author: "Maeve Harrow"
published: 2022-02-10
---

# Play the Game, Drop the Ladder

Junior chess clubs should stop publishing ranking ladders for players under twelve. Children can learn to win and lose a game without a public table that fixes them at the bottom.

Norway is the usual example, and a good one. Its clubs record every game for children but publish no ladders below the age of twelve, and the country still produces grandmasters.

A club on a Hebridean island that dropped its ladder in 2019 kept every one of its junior members the following year.

The Netherlands federation dropped its junior ladders in 2017 and now counts 2,400 junior members, more than ever.
"""

core, ask = upload_fixtures({"solbakk-ferries.md": FJORD_FERRIES, "harrow-chess.md": YOUTH_CHESS},
                            guild=G, moderator=MOD, learner=LEARNER)


async def test_a_name_another_essay_indexes_is_found_where_this_one_writes_it(ask):
    a = await ask("in the chess essay, why does she bring up Norway? what is the connection")
    assert "never mentions Norway" not in a.answer
    assert "Norway is the usual example" in a.answer


async def test_a_place_in_another_form_is_not_said_to_be_missing(ask):
    a = await ask("in the chess essay, the club in the Hebrides, did it keep its members?")
    assert "never mentions" not in a.answer
    assert "Hebridean island" in a.answer


async def test_two_asides_in_different_sentences_are_not_asked_about_together(ask):
    a = await ask("My late husband loved Norway. I once went to the Hebrides too. "
                  "What does Harrow say about publishing ladders for children?")
    assert "together" not in a.answer.split("\n")[0]


async def test_paragraphs_cited_in_two_essays_are_set_side_by_side(ask):
    a = await ask("Compare Solbakk ¶2 with Harrow ¶3. Same point or not?")
    assert a.answer.startswith("The paragraphs you cite, side by side:")
    assert "A crossing that runs every twenty minutes" in a.answer  # Solbakk ¶2
    assert "A club on a Hebridean island that dropped its ladder" in a.answer  # Harrow ¶3
    b = await ask("cf. ferries ¶1 and chess ¶2, do they use Norway the same way?")
    assert "fjord towns of western Norway" in b.answer and "Norway is the usual example" in b.answer



async def test_a_count_typed_without_its_comma_and_a_people_for_their_country(ask):
    a = await ask("in the chess essay, 2400 junior members after the ladders went, is that right?")
    assert "never mentions" not in a.answer and "2,400 junior members" in a.answer
    b = await ask("in the chess essay, did the Dutch really drop their ladders?")
    assert "never mentions" not in b.answer and "The Netherlands federation" in b.answer
