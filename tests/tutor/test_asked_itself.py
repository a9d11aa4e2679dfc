"""A question the essay asks itself (bot/tutor/handlers/asked_itself.py): "why calculus become so
important in american school in the first place?" was answered with an objection paragraph's "which
is why" while the essay's own "How did calculus acquire its throne in the first place?" opens the
paragraph that answers it (FINAL-47, judged blind). End to end on the real model, over an essay
made up here."""

from __future__ import annotations

from tutor_support import upload_fixtures

MARKETS = """---
title: "Bring Back the Covered Market"
author: "Idris Vallejo-Marsh"
published: 2020
---

Towns should reopen their covered markets, because a market hall keeps small traders and their customers in the centre.

How did the supermarket win the high street so quickly in the first place? Much of the answer lies in the ring roads of the 1960s. Councils built car parks at the edge of town and leased the land cheaply to chains. Shoppers followed the parking, and the market halls emptied within a decade.

Critics say that a market hall is a nostalgic luxury. That is wrong: a market stall costs a trader a tenth of a shop's rent, which is why young traders start there.

A reopened market needs three things: cheap stalls, late opening, and a council that stops leasing its land to chains.
"""

G, MOD, LEARNER = 7491, 91, 92

core, ask = upload_fixtures({"vallejo-marsh-markets.md": MARKETS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_the_essays_own_question_and_its_answer_are_quoted(ask):
    a = await ask("why did supermarkets take over the high street so fast in the first place? (Vallejo-Marsh)")
    quoted = " ".join(c.quote for c in a.citations)
    assert "Much of the answer lies in the ring roads of the 1960s" in quoted, a.answer
    assert a.lead.startswith("Vallejo-Marsh asks this question in the essay (¶2)"), a.answer


async def test_a_question_the_essay_does_not_ask_itself_is_answered_as_before(ask):
    a = await ask("what does Vallejo-Marsh say a market stall costs a trader?")
    assert "asks this question" not in a.lead, a.answer
    assert any("a tenth of a shop's rent" in c.quote for c in a.citations), a.answer
