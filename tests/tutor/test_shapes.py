"""How several essays are built, side by side (bot.tutor.handlers.shapes), on essays made up for
the tests (tests/sample_essays.py LANTERNS, KILNS, DIARY): the moves each essay's argument map
shows (a definition, announced reasons, the strongest objection, the conclusion), and a lead that
says which moves all of them make and who lacks the others. FINAL-26..28, judged blind: six such
questions got quotes that shared the word "template" or "format" and "nothing close" for others."""

from __future__ import annotations

from sample_essays import DIARY, KILNS, LANTERNS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7831, 103, 104

core, ask = upload_fixtures({"lanterns.md": LANTERNS, "kilns.md": KILNS, "diary.md": DIARY}, guild=G,
                            moderator=MOD, learner=LEARNER)


async def test_two_essays_on_one_plan_are_said_to_share_it_move_by_move(ask):
    a = await ask("are the lanterns essay and the kilns essay built on the same template?")
    assert a.answer.startswith("Both essays make these moves, in this order: a definition of the key term; an "
                               "announced list of reasons; and the strongest objection, taken up."), a.answer[:400]
    assert "• A definition of the key term (¶2): “By \"lane lighting\" I mean" in a.answer
    assert "• The strongest objection, taken up (¶4): “Now the strongest objection, which deserves an answer.”" in a.answer
    assert len({c.essay for c in a.citations}) == 2


async def test_essays_without_the_plan_are_not_said_to_share_it(ask):
    # the server sees four essays: the two on one plan, the diary, and the shared seed essay
    a = await ask("what structure do all these essays have in common")
    first = a.answer.split("\n")[0]
    assert first.startswith("No move the argument map can see is common to all of them"), first
    assert "Only Achike-Svensson and Marchetti-Byrne: an announced list of reasons." in first
    assert "• An announced list of reasons: none the argument map finds" in a.answer


async def test_the_structure_of_one_essay_is_not_a_comparison(ask):
    a = await ask("what is the structure of the lanterns essay")
    assert "make these moves" not in a.answer and "share one move" not in a.answer


def test_built_and_these_are_no_structure_of_the_set():
    # FINAL-27: "Has anything actually been built yet under these schemes …" got the essays' plans
    from bot.tutor.handlers.shapes import _ALL, _STRUCTURE
    question = "Has anything actually been built yet under these schemes, or is it all still planning?"
    assert not (_ALL.search(question) and _STRUCTURE.search(question))
    assert _ALL.search("are all the essays built on the same template") and _STRUCTURE.search("built on the same template")
