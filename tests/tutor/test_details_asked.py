"""A question that asks who a finding comes from, what a work is called, or how a figure was
arrived at gets "X names no source / gives no title / doesn't say how" when the passage it is
about gives none, instead of the passage pasted as if it answered (`bot.tutor.quantities`).

FINAL-36..40 (judged blind): eleven turns asked who did a study or which studies an essay means,
three the title of a study, seven how a figure was arrived at (sampled, modelled, validated,
discounted); nearly every one re-quoted the sentence the learner had already read. The essay below
is made up for these tests."""

from __future__ import annotations

import pytest
from tutor_support import upload_fixtures

from bot.tutor.quantities import Asked, asked, gives

G, MOD, LEARNER = 7931, 131, 132

HEDGES = """---
title: "Let the Hedges Grow: Why Councils Should Pay for Field Margins"
short_title: "Let the Hedges Grow"
author: "Tamsin Okafor"
published: 2024-03-02
---

# Let the Hedges Grow

Councils that own farmland should pay their tenants to let hedgerows and field margins grow wide, because a wide hedge does work that no fence can do.

A 2022 survey of 310 tenant farmers in the Wexmoor district by researchers at the University of Wexmoor found that two thirds would widen their hedges for a payment of £90 a hectare.

Research shows that a wide hedge roughly doubles the number of nesting birds on a farm, and that the effect holds for a decade or more. Yet most councils still pay contractors to flail their hedges flat every autumn.

The hydrologist Dr. Ines Farrow modelled the Linden catchment and suggested that wide margins would cut the sediment reaching the river by a quarter. Studies of payment schemes across Europe, reviewed in 2020 by the economists Paul Ardent and Mei Rusk, find that farmers keep the margins once they are paid.
"""

core, ask = upload_fixtures({"hedges.md": HEDGES}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.mark.parametrize("question, kind", [
    ("which studies? does she cite any author?", "source"),
    ("who ran the farm survey, the council or someone independent?", "source"),
    ("where does that 'doubles' figure come from", "source"),
    ("whats the name of the ardent and rusk review, i want to find it", "title"),
    ("what journal was it in?", "title"),
    ("how was the Wexmoor survey of 310 farmers sampled?", "method"),
    ("what kind of model did Farrow use, and was it validated?", "method"),
    ("are the costs discounted or just added up?", "method"),
    ("what elasticity did they find?", "figure"),
    ("over what period is the money paid?", "duration"),
    ("who runs the council farms?", None),  # who runs a thing is no source of a finding
    ("which author concedes more to the other side?", None),
])
def test_the_detail_asked(question, kind):
    found = asked(question)
    assert (found.kind if found else None) == kind


@pytest.mark.parametrize("wanted, sentence, expected", [
    (Asked("source"), "a survey of tenant farmers by researchers at the University of Wexmoor found", True),
    (Asked("source"), "according to the Associated Press, it is a third of the budget", True),
    (Asked("source"), "Farrow's modelling suggested a cut of a quarter", True),
    (Asked("source"), "a survey later commissioned by the association's board", True),
    (Asked("source"), "research shows that a wide hedge doubles the number of nesting birds", False),
    (Asked("source"), "despite scholarly evidence noting that most sanctions rarely end wars", False),
    (Asked("title"), "as she argues in “The Quiet Field”, the margins pay", True),
    (Asked("title"), "reviewed in 2020 by the economists Paul Ardent and Mei Rusk", False),
    (Asked("method"), "a random sample of 300 farms, weighted by size", True),
    (Asked("method"), "compared with two districts that kept flailing", True),
    (Asked("method"), "modelled the catchment and suggested a cut of a quarter", False),
])
def test_a_sentence_gives_the_detail_only_of_the_kind_asked(wanted, sentence, expected):
    assert gives(wanted, sentence) is expected


async def test_a_cited_paragraph_that_names_no_source_is_said_to_name_none(ask):
    a = await ask("hedges essay ¶3 says 'research shows' hedges double the nesting birds. which studies? does she cite any author?")
    assert a.answer.startswith("Okafor names no source for that")
    assert "Research shows that a wide hedge" in a.answer


async def test_a_method_never_given_is_said_to_be_missing(ask):
    a = await ask("in the hedges essay, what kind of model did Farrow use for the Linden catchment, and was it validated?")
    assert a.answer.startswith("Okafor doesn't say how that was worked out")
    b = await ask("hedges essay: how was the Wexmoor survey of tenant farmers sampled? random or volunteers?")
    assert b.answer.startswith("Okafor doesn't say how that was worked out")


async def test_a_title_never_given_is_said_to_be_missing(ask):
    a = await ask("whats the name of the ardent and rusk review in the hedges essay? i want to look it up")
    assert a.answer.startswith("Okafor gives no title for that")


async def test_a_source_the_essay_names_gets_no_such_line(ask):
    a = await ask("hedges essay: who did the survey of the tenant farmers?")
    assert "names no source" not in a.answer
    assert "University of Wexmoor" in a.answer
