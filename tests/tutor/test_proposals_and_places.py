"""What an essay proposes, and which places of a kind it names (FINAL-45 and its dev questions),
on essays made up for these tests.

"what does ashworth propose?" quoted an objection: the plan was a numbered list joined into one
paragraph, its "2." split off as a sentence of its own, so no series of proposals was found; "what
does walt recommend?" quoted the establishment's "must exert active leadership" (an essay with no
list whose title says what should be done); "whats rana's solution" was read as a request to define
"solution"; "which cities got rid of parking minimums" quoted the definition of a parking minimum;
"did any canadian city …" gave American cities with no word that the essay names no Canadian one."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.text import split_sentences
from bot.tutor.handlers.places import asked_kind, places_in
from bot.tutor.named import demonym_country

G, MOD, LEARNER = 7993, 183, 184

FERRIES = """---
title: "Keep the Boats Running: A Plan for Island Ferries"
short_title: "Keep the Boats Running"
author: "Anneke Vlaminck"
published: 2020-02-11
---

# Keep the Boats Running: A Plan for Island Ferries

Island ferries should be run as a public service, because a timetable that stops in winter empties the islands.

Critics say subsidies reward poor management. That is a fair worry, and it shapes the plan. The plan has three parts:

1. **Publish every timetable a year ahead.** Islanders cannot plan a life around a boat that may not sail. 2. **Fund winter sailings from the summer fares.** Tourists would pay a little more in August. 3. **Let islanders sit on the board.** The people who ride the boats should help run them.

Seattle and Vancouver already run public ferries this way. Oslo followed in 2015, and Hamburg in 2019.

None of this is cheap, but an empty island costs more.
"""

ORCHARDS = """---
title: "Towns Need Orchards, Not Lawns"
short_title: "Towns Need Orchards"
author: "Bertil Haugland"
published: 2016-08-30
---

# Towns Need Orchards, Not Lawns

Most councils mow acres of grass that nobody uses, and they will keep doing so while grass is cheap.

Planners believe that a tidy lawn is the safest choice, and they must keep every verge short to avoid complaints.

A town could plant fruit trees on its verges instead, and neighbours could share the harvest.

Orchards would give shade, food and a reason to meet.
"""

core, ask = upload_fixtures({"ferries.md": FERRIES, "orchards.md": ORCHARDS}, guild=G, moderator=MOD,
                            learner=LEARNER)


def test_a_numbered_list_in_one_paragraph_keeps_each_number_with_its_item():
    text = ("It should be fair. 2. **Keep calculus open.** Schools should protect access. 3. **Invest in teachers.** "
            "Most were trained in algebra.")
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert "2. **Keep calculus open.**" in parts and "3. **Invest in teachers.**" in parts
    # a number ending a sentence is still the end of it
    text = "We went in 2. The end came soon."
    parts = [text[a:b] for a, b in split_sentences(text)]
    assert parts == ["We went in 2.", "The end came soon."]


async def test_what_the_author_proposes_is_the_numbered_plan(ask):
    a = await ask("what does vlaminck propose?")
    for item in ("Publish every timetable a year ahead.", "Fund winter sailings from the summer fares.",
                 "Let islanders sit on the board."):
        assert item in a.answer
    assert "Critics say subsidies" not in a.answer


async def test_an_authors_solution_is_no_term_to_define(ask):
    a = await ask("whats vlaminck's solution")
    assert "without defining it" not in a.answer
    assert "Publish every timetable a year ahead." in a.answer


async def test_a_title_that_says_what_should_be_done_leads_when_there_is_no_list(ask):
    a = await ask("what does haugland recommend?")
    assert a.answer.startswith("Haugland's title says what should be done: “Towns Need Orchards, Not Lawns”.")
    assert "could plant fruit trees on its verges instead" in a.answer
    # the planners' "must" is a view the essay reports, not its recommendation
    assert "must keep every verge short" not in a.answer


def test_which_places_of_a_kind_a_question_asks_for():
    assert asked_kind("which cities got rid of parking minimums") == "city"
    assert asked_kind("what countries does she name?") == "country"
    assert asked_kind("which states passed it") == "state"
    assert asked_kind("what does she say about cities?") == ""
    assert places_in("Seattle and Vancouver already run public ferries this way.", "city") == ["Seattle", "Vancouver"]
    assert places_in("Oslo followed in 2015, and Hamburg in 2019.", "country") == []


async def test_which_cities_lists_the_cities_the_essay_names(ask):
    a = await ask("which cities already run public ferries like this?")
    assert a.answer.startswith("The cities Vlaminck names here: Seattle, Vancouver, Oslo and Hamburg.")
    assert "Oslo followed in 2015" in a.answer


def test_a_word_of_nationality_names_its_country():
    assert demonym_country("canadian") == "Canada"
    assert demonym_country("Nigerian") == "Nigeria"
    assert demonym_country("german") == "Germany"
    for word in ("christian", "librarian", "historian", "urban", "human"):
        assert demonym_country(word) == "", word


async def test_a_country_named_by_its_nationality_that_the_essay_never_mentions(ask):
    a = await ask("did any swedish town start running public ferries?")
    assert a.answer.startswith("The essays never mention Sweden.")


async def test_the_sentence_a_question_restates_is_quoted_whatever_its_role(ask):
    a = await ask("Vlaminck admits tourists would pay a little more in August. Isn't that a concession to "
                  "her critics?")
    assert "Tourists would pay a little more in August." in a.answer


async def test_a_proposal_asked_in_a_thread_is_the_threads_essays_plan(ask):
    await ask("why does vlaminck think winter timetables matter?")
    a = await ask("and what does she want the islands to do instead")
    assert "Publish every timetable a year ahead." in a.answer
    assert "Following up on" not in a.answer


def test_client_states_are_countries():
    assert asked_kind("which client states does the essay list?") == "country"
    assert asked_kind("what US states passed such laws?") == "state"
