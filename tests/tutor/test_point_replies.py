"""One point of a many-point objection, answered where the essay answers it (`answered.point_reply`).

"what about rats tho. and the smell in august" quoted the objection paragraph that lists rats among
five worries, then the author's general reply, never the paragraph after it that answers the rats
and the smell (s23's first run, judged blind). End to end on the real model, over an essay made up
here whose reply to the point shares no word with the question.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

FERRIES = """---
title: "Keep the Winter Boat: Why Small Islands Need a Year-Round Ferry"
short_title: "Keep the Winter Boat"
author: "Solveig Marrack"
published: 2021-11-02
---

# Keep the Winter Boat: Why Small Islands Need a Year-Round Ferry

Small islands should keep a ferry running all year, because an island without a winter boat loses its doctors, its school and in the end its people.

When the Skerry service stopped each November, families with children left within a decade, and the island school closed in 2009.

I want to state the objection fairly, because I have heard it at every council meeting. A winter ferry is a luxury paid for by mainland taxpayers. The boats run half empty from November to March. Diesel fumes foul the harbour, and the gulls follow the fish waste to every quay. Islanders could simply stock up in autumn. And nobody should be forced to pay for a choice to live offshore.

Some of this is right. A ferry run carelessly wastes money, and a half-empty boat is a poor sight. But a winter crossing is not a luxury for a family whose child needs a hospital at night.

As for the practical worries, they are solvable. Electric hulls burn nothing at the quay, and the harbour board counted no more seabirds at Skerry after its switch. A smaller winter vessel carries the same passengers on a third of the power.
"""

G, MOD, LEARNER = 7691, 189, 190

core, ask = upload_fixtures({"marrack-ferries.md": FERRIES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_the_point_asked_about_is_answered_where_the_essay_answers_it(ask):
    a = await ask("the winter boat essay: what about the diesel fumes and the gulls at the quay tho")
    assert "Diesel fumes foul the harbour" in a.answer, a.answer
    assert "On that point, Marrack answers in ¶5" in a.answer, a.answer
    assert "Electric hulls burn nothing at the quay" in a.answer, a.answer


async def test_a_question_about_the_objection_as_a_whole_gets_no_point(ask):
    a = await ask("what is the main objection marrack answers about the winter ferry")
    assert "On that point" not in a.answer, a.answer

