"""A question that restates a passage and asks beyond it, and the other side given "a fair
hearing" (FINAL-47, judged blind): "The Danish safety figure, under two incidents per 10,000
late-night visits. What counts as an incident?" got the sentence back with no word that the essay
says no more (`bot/tutor/restated.py`); "The ban's supporters have strong answers, and they deserve
a fair hearing." opens the other side's case, whose answer is the next paragraph
(`answered.states_objection`). End to end on the real model, over an essay made up here."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.restated import _quotes_run

FERRIES = """---
title: "Keep the Night Ferry"
author: "Okko Lindahl-Reyes"
published: 2021
---

The night ferry between the two islands should run every night of the year, because the people who use it have no other way home.

The port authority recorded fewer than three missed connections per 1,000 night crossings in 2019, lower than the rate on the day service.

The bridge's supporters on the council have strong answers, and they deserve a fair hearing. Their best argument is that a boat carrying eleven people an hour burns fuel for a hundred. They also say that night crews cost twice the day rate, and that a water taxi on request would serve the same few riders for less.

I take each point seriously. On the first, the empty seats are the price of a timetable that people can trust; a water taxi that must be booked by phone is no service for a nurse whose shift ends late. On the second, the crews' extra pay is what the islands spend on keeping their own workers, not a waste.

The ferry pilot Jonas Berg put it plainly: "An empty boat is still a promise." His own logbooks found that most night riders are shift workers, and that their own cars stay on the mainland.

I must admit the weakness of my own plan. Night crews are hard to hire, and a winter storm can cancel a week of crossings.

A night ferry is cheaper than the road bridge the mainland keeps proposing, and it can start next spring.
"""

G, MOD, LEARNER = 7471, 91, 92

core, ask = upload_fixtures({"lindahl-reyes-ferries.md": FERRIES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_question_restating_a_figure_and_asking_beyond_it_is_told_nothing_more_is_found(ask):
    a = await ask("The port authority figure, fewer than three missed connections per 1,000 night crossings. "
                  "What counts as a missed connection?")
    assert a.lead.startswith("I find nothing in Lindahl-Reyes's essay beyond the passage you refer to (¶2)"), a.answer
    assert any("1,000 night crossings" in c.quote for c in a.citations)


async def test_a_question_the_passage_answers_gets_no_such_line(ask):
    a = await ask("what did the port authority record about missed connections on night crossings?")
    assert "beyond the passage" not in a.lead, a.lead


async def test_the_other_side_given_a_fair_hearing_comes_with_the_authors_answer(ask):
    a = await ask("the bridge supporters say a boat with eleven people burns fuel for a hundred. "
                  "honestly i agree with them. how author answer this?")
    quoted = " ".join(c.quote for c in a.citations)
    assert "burns fuel for a hundred" in quoted, quoted
    assert "the price of a timetable that people can trust" in quoted, quoted
    assert "beyond the passage" not in a.lead, a.lead


def test_a_run_of_four_words_is_a_restatement_and_shared_topic_words_are_not():
    sentence = "the government paid most of the cost of converting household grates to smokeless fuel"
    assert _quotes_run("she says the government paid most of the cost. any figure?", sentence)
    assert not _quotes_run("how did the government pay for grates and fuel?", sentence)


def test_who_measured_those_asks_a_source_and_at_which_names_none():
    from bot.tutor.quantities import Asked, asked, gives
    found = asked("And the decibel figures, 70 to 75 at fifteen metres. Who measured those?")
    assert found is not None and found.kind == "source"
    assert not gives(Asked("source"), "well above the 85-decibel level at which European workplace rules require it")
    assert gives(Asked("source"), "a 2019 test series by the Graz Institute found that")


async def test_the_authors_own_admission_comes_first_when_asked_about_their_own_idea(ask):
    a = await ask("does Lindahl-Reyes admit anything is wrong with his own idea?")
    assert a.citations and "I must admit the weakness of my own plan" in a.citations[0].quote, a.answer
