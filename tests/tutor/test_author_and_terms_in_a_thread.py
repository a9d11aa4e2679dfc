"""Who the author is, a term asked in a thread, and a work named only in the note on the author, on
an essay made up for these tests (nothing here is about the seed essays). Each case is a class a
blind set (FINAL-39) showed, not its example:

- "Who is he, by the way?" after a turn on one essay asks about its author (the note at its end);
- "What does he mean by 'X'?" after a turn on that essay asks for the essay's term, not the last
  passage again;
- a book named only in the note on the author is said to be named only there.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 8001, 101, 102

ORCHARDS = """---
title: "Plant the Verges: Why Councils Should Grow Fruit on Public Land"
short_title: "Plant the Verges"
author: "Halvard Moen"
published: 2020-10-10
source: "The Green Ledger"
---

# Plant the Verges

Councils should plant fruit trees on road verges and in parks, and let anyone pick the fruit. A town that mows grass it could harvest is throwing food away.

The idea rests on what I call "commons fruit": fruit grown on public land and free to whoever picks it. Commons fruit is not charity; it is a public good, like a footpath.

The usual worry is mess. Fallen plums rot on pavements and draw wasps. But a pruning and gleaning rota, run with volunteers, clears the fallen fruit each week in season.

Towns that tried it, such as Todmorden in England, found that the trees drew neighbours out of their houses, and that vandalism fell where the trees stood.

Halvard Moen teaches geography at the University of Tromsø and is the author of The Edible City. He is completing a book on urban commons.
"""

core, ask = upload_fixtures({"verges.md": ORCHARDS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_who_is_he_after_a_turn_on_an_essay_is_its_author(ask):
    await ask("can you summarise the plant the verges essay in plain terms?")
    b = await ask("Who is he, by the way?")
    assert "teaches geography at the University of Tromsø" in b.answer
    assert "Following up on" not in b.answer


async def test_a_term_asked_in_a_thread_is_the_essays_term(ask):
    await ask("can you summarise the plant the verges essay in plain terms?")
    b = await ask("What does he mean by 'commons fruit'?")
    assert "fruit grown on public land and free to whoever picks it" in b.answer
    assert "Following up on" not in b.answer


async def test_a_book_named_only_in_the_note_on_the_author(ask):
    a = await ask("moen's book 'the edible city', whats that about?")
    assert a.answer.startswith("Moen's essay names “The Edible City” only in the note about its author (¶5)")
