"""Evidence an essay gives for a claim far from where it restates it (bot/tutor/handlers/support.py
`_elsewhere`): FINAL-47, judged blind, was told "names no source and gives no figure for this in ¶9"
when the survey that backs the claim opens the essay. End to end on the real model, over an essay
made up here."""

from __future__ import annotations

from tutor_support import upload_fixtures

BATHS = """---
title: "Open the Baths at Dawn"
author: "Tamsin Oyelowo-Brandt"
published: 2022
---

Towns should keep their public swimming baths open from dawn, because early sessions serve the people who work long days.

In 2020 the Northern Leisure Audit surveyed 120 municipal pools and found no meaningful difference in running costs between pools that opened at six and those that opened at nine.

Early sessions also change who swims. Shift workers, carers and older residents come before the working day, and they rarely come at all once the doors open late.

Critics raise two objections. The first is that opening early will make pools far more expensive to run, and councils will close them altogether. This fear is understandable, but the experience of early-opening towns does not support it.

The second objection is that nobody swims at six in the morning. Lifeguards on early shifts tell a different story, and the queues at the door are their evidence.
"""

G, MOD, LEARNER = 7461, 91, 92

core, ask = upload_fixtures({"oyelowo-brandt-baths.md": BATHS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_claim_restated_late_is_backed_by_the_survey_earlier_in_the_essay(ask):
    a = await ask("She says opening early doesn't make pools more expensive to run. What is her evidence?")
    assert "names no source" not in a.lead, a.lead
    assert any("Northern Leisure Audit surveyed 120 municipal pools" in c.quote for c in a.citations), a.lead


async def test_a_claim_with_nothing_like_it_sourced_still_says_none(ask):
    a = await ask("she says nobody swims at six in the morning is wrong. evidence?")
    assert "Northern Leisure Audit" not in " ".join(c.quote for c in a.citations), a.lead
