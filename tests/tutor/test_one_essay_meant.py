"""An unscoped question that compares nothing is answered from one essay (`handlers.cited.one_essay_meant`):
the essay of its best passage, or the conversation's when that essay has a passage among the hits.

FINAL-36..40 (judged blind): of 34 answers quoting two essays under "From the essays", none was
good; "did free entry in britain actually get poorer people in" quoted a flood essay's "Britain
imports around forty per cent of its food" between the museum essay's two answering paragraphs.
The essays below are made up for these tests."""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 7977, 161, 162

BATHS = """---
title: "Open the Baths: Why Public Pools Should Be Free to Swim"
short_title: "Open the Baths"
author: "Greta Holloway-Finch"
published: 2024-02-02
---

# Open the Baths

Public swimming pools should stop charging at the door and be paid for from the council's general budget.

When Wales made its public pools free for children in 2004, children's swims rose by about half within a year, though the share of swimmers from poorer households rose only by a few points.

Free entry mainly brings back the families who already swim, critics say, and poorer families stay away for reasons a ticket price does not touch.

I accept part of this. A few points of a doubled number of swims is still thousands of poorer children in the water.
"""

QUARRIES = """---
title: "Fill the Quarries: Why Old Pits Should Become Lakes"
short_title: "Fill the Quarries"
author: "Hamish Dunmore"
published: 2023-05-05
---

# Fill the Quarries

Worked-out gravel pits should be flooded and handed to wildlife trusts, not filled with rubbish.

Wales has hundreds of worked-out pits, and every one that becomes a lake stores water that would otherwise rush into the towns downstream. Wales imports most of its gravel, and free entry to such lakes would bring families out of the towns.

Filling a pit with rubbish costs about £2 million; flooding it costs about £300,000, and a lake pays back in flood storage within ten years.
"""

core, ask = upload_fixtures({"baths.md": BATHS, "quarries.md": QUARRIES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_an_unscoped_question_is_answered_from_the_essay_of_its_best_passage(ask):
    a = await ask("did free entry in wales actually bring poorer families in, or just more swims from the same people?")
    assert "Holloway-Finch" in a.answer
    assert "Dunmore" not in a.answer


async def test_a_question_about_the_set_keeps_every_essay(ask):
    a = await ask("what do the essays say about wales?")
    assert "Holloway-Finch" in a.answer and "Dunmore" in a.answer
