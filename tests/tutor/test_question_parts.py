"""Questions of several parts (`bot.tutor.multipart`), an essay called by its slug's words, and the
essay holding what a question names (`handlers.cited`). The essays are made up for these tests.

FINAL-42 (judged blind): "museums / hotel tax essay: main claim in one sentence + the most serious
objection she deals with" got every essay's thesis and no objection; "water pricing essay what is
the main idea? and what is the lifeline block" got the main idea only; "where's the $40bn figure"
got another essay's £43 million."""

from __future__ import annotations

import pytest
from tutor_support import upload_fixtures

from bot.corpus.essay import parse_essay
from bot.tutor.multipart import question_parts
from bot.tutor.scope import EssayNames

G, MOD, LEARNER = 7997, 193, 194

KILNS = """---
title: "Cheap Heat After Dark: Potteries and the Night Tariff"
short_title: "Cheap Heat After Dark"
author: "Bea Lindholm-Achterberg"
published: 2023-11-21
---

# Cheap Heat After Dark

My claim is simple: small potteries should move their firings to the night, when power is cheap, and councils should help them pay for the timers.

By a *night tariff* I mean the lower price a supplier charges for power used between midnight and six.

The first and most serious objection is that night firings need someone awake to watch the kiln. This is true, and it is why the timers matter: a timer shuts the kiln down safely without a potter standing by.

The council's grant scheme has so far spent £2.4 million on timers across the county.
"""

FERRIES = """---
title: "Row Them Home"
short_title: "Row Them Home"
author: "Kit Abernethy-Mensah"
published: 2024-03-02
---

# Row Them Home

Harbour towns should run ferries after midnight, because the people who clean and cook for the day's visitors go home at night.

Where is the money? The figure that matters is the cost: a late crossing costs the harbour board about £43 million over thirty years, against £52 million for a new road bridge.
"""

core, ask = upload_fixtures({"pottery-night-power.md": KILNS, "ferries.md": FERRIES}, guild=G, moderator=MOD,
                            learner=LEARNER)


@pytest.mark.parametrize("question, parts", [
    ("pottery essay: main claim in one sentence + the most serious objection she deals with",
     ["pottery essay: main claim in one sentence", "the most serious objection she deals with"]),
    ("kilns essay what is the main idea? and what is the \"night tariff\"",
     ["kilns essay what is the main idea?", "what is the \"night tariff\""]),
    ("what conditions does she put on the grants, and where's the £2.4 million figure",
     ["what conditions does she put on the grants", "where's the £2.4 million figure"]),
])
def test_a_question_joining_requests_is_split(question, parts):
    assert question_parts(question) == parts


@pytest.mark.parametrize("question", [
    "strongest objection + her reply",  # one request with its reply (the roles handler)
    "thesis + main moves as bullets",
    "what does she argue and why?",
    "which of the essays has the most actual data and which is mostly opinion",  # one question's two sides
    "her 3 reforms - list them + why she picks those 3 specifically",  # the second is about the first's answer
    "Where does she say the money comes from? I read it twice and couldn't find a funding source.",
])
def test_a_question_of_one_request_is_not_split(question):
    assert question_parts(question) == []


def test_an_essay_is_called_by_the_words_of_its_slug():
    # "ceramics" is no word of the essay's title or text; its moderator chose the slug
    names = EssayNames([parse_essay(KILNS, slug="ceramics-power"), parse_essay(FERRIES, slug="ferries")])
    assert names.named("the ceramics essay: main claim") == ["ceramics-power"]


async def test_each_part_is_answered_under_its_own_heading(ask):
    a = await ask("kilns essay what is the main idea? and what is the \"night tariff\"")
    assert "**1. kilns essay what is the main idea?**" in a.answer
    assert "**2. what is the \"night tariff\"?**" in a.answer
    second = a.answer.split("**2.")[1]
    assert "By a *night tariff* I mean" in second


async def test_a_later_part_stays_in_the_essay_the_question_named(ask):
    a = await ask("pottery essay: main claim in one sentence + the most serious objection she deals with")
    second = a.answer.split("**2.")[1]
    assert "night firings need someone awake" in second
    assert "Row Them Home" not in a.answer


async def test_a_figure_the_question_names_is_answered_from_its_essay(ask):
    a = await ask("where's the £2.4 million figure")
    assert "Cheap Heat After Dark" in a.answer and "£43 million" not in a.answer


@pytest.mark.parametrize("question", [
    # a case made, then its questions pressed further: one line of questioning
    "She says the grant paid for timers across the county. But the timers only last five years. Has she costed "
    "the replacements? Is that a mistake or does she assume the council pays again?",
    "is the night tariff cheaper? does she give a figure for it?",
])
def test_a_question_pressed_further_is_not_split(question):
    assert question_parts(question) == []


async def test_a_part_refused_plainly_is_left_out(ask):
    # a part framed alone loses words the whole had ("para ref for the 5-15 corridors bit?" was
    # refused beside an answered part); a plain refusal of one part is not shown
    a = await ask("kilns essay what is the main idea? and what is the best recipe for lemon cake")
    assert "small potteries should move their firings to the night" in a.answer
    assert "don't cover that" not in a.answer


def test_a_short_whole_question_about_a_name_is_a_part_of_its_own():
    # FINAL-45, judged blind: "who is Gramsci" went unanswered behind the term before it
    assert question_parts("what means 'interregnum'? and who is Gramsci") == ["what means 'interregnum'?",
                                                                              "who is Gramsci"]
    # a pronoun is no name: the second part is about the first's answer
    assert question_parts("what does the author argue? who is he") == []
