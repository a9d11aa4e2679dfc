"""A follow-up that points at the passage just shown stays in the conversation's essay
(`frame._POINTS_AT_PASSAGE`), also when only a clause of it is answered (`Pipeline._by_clauses`).

FINAL-42 (judged blind): after a turn on Vasquez Lind's invented town, "Doesn't that weaken the
whole paragraph? I'd have marked a sixth-former down for dressing up a made-up case with precise
figures." was answered with the museum essay's thesis. The essays are made up for these tests; the
second one speaks of made-up figures and precise sums, so retrieval alone leaves the thread."""

from __future__ import annotations

import numpy as np
from tutor_support import upload_fixtures

from bot.corpus.essay import parse_essay
from bot.tutor.conversation import Turn
from bot.tutor.frame import parse
from bot.tutor.scopes import Scope

G, MOD, LEARNER = 7995, 191, 192

WELLS = """---
title: "Meter the Wells: Why Farm Towns Should Price Groundwater"
short_title: "Meter the Wells"
author: "Ilse Montford-Achebe"
published: 2023-04-18
---

# Meter the Wells

Farm towns should meter private wells and charge for what they pump, because bans on pumping are leaky and favour the farms that can pay the fines.

Consider the invented but representative town of Drystone, where the well inspector issued 140 warnings and 11 fines in one summer. Rules like these are leaky: the richest farms simply drill deeper.

A meter costs about £300 and pays for itself within two seasons of honest pumping.
"""

SUMS = """---
title: "Show Your Working: Why Exam Boards Should Mark the Method"
short_title: "Show Your Working"
author: "Dev Ranganathan-Price"
published: 2022-01-09
---

# Show Your Working

Exam boards should give most marks for the method, because a right answer with made-up working teaches nothing.

A student who dresses up a made-up case with precise figures should be marked down, however neat the sums look.

Teachers already do this in class; the boards should do it in the exam hall.
"""

core, ask = upload_fixtures({"wells.md": WELLS, "sums.md": SUMS}, guild=G, moderator=MOD, learner=LEARNER)
WELLS_SLUG = "wells"


def _after_wells(question: str):
    scope = Scope([parse_essay(WELLS, slug=WELLS_SLUG), parse_essay(SUMS, slug="sums")], ("follow-up",))
    previous = Turn("is drystone real?", "drystone real", np.zeros(3, np.float32), (WELLS_SLUG,),
                    ((WELLS_SLUG, 2),), frozenset({(WELLS_SLUG, 2, 0)}), 0.0)
    return parse(question, scope, previous, None)


def test_a_follow_up_pointing_at_the_passage_is_scoped_to_its_essay():
    frame = _after_wells("Doesn't that weaken the whole paragraph? I'd have marked a sixth-former down for dressing "
                         "up a made-up case with precise figures.")
    assert frame.essays == [WELLS_SLUG] and frame.scope_from == "conversation"


def test_a_follow_up_naming_what_another_essay_holds_is_not_kept():
    frame = _after_wells("and what does ranganathan-price say about exam boards?")
    assert frame.essays != [WELLS_SLUG]


async def test_a_follow_up_pointing_at_the_passage_is_answered_from_its_essay(ask):
    first = await ask("in montford-achebe, is the town of Drystone real?")
    assert any("Drystone" in c.quote for c in first.citations)
    a = await ask("Doesn't that weaken the whole paragraph? A student who dresses up a made-up case with precise "
                  "figures should be marked down.")
    assert "Meter the Wells" in a.answer and "Show Your Working" not in a.answer


def test_her_points_at_the_author_of_the_conversations_essay():
    # "Which of her other examples are real places and real studies, then?" (FINAL-42, judged blind:
    # answered from another essay; "her" was not read as the author the thread is on)
    frame = _after_wells("Which of her other examples are real places and real studies, then?")
    assert frame.essays == [WELLS_SLUG] and frame.scope_from == "conversation"
