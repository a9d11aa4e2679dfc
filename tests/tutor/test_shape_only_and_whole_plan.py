"""An essay named with nothing asked but the answer's shape is a summary ("parking essay in 2
sentences go" was answered from a passage on one city, no thesis); "list her plan step by step"
is the whole programme, whatever else the question names ("how she want to pay for it? can you
list her plan step by step" got scattered ought-sentences). FINAL-47, judged blind. End to end on
the real model, over an essay made up here."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.intent import _only_shape

ORCHARDS = """---
title: "Let the Town Orchards Stand"
author: "Brigitte Osei-Lindgren"
published: 2022
---

Towns should stop felling their old public orchards for car parks, and they should open them to anyone who wants to pick fruit.

The orchards cost little to keep. A survey of forty towns found that an orchard costs a tenth of what a lawn of the same size costs to mow.

Critics worry that free fruit invites vandalism. That fear is understandable, but towns that opened their orchards saw no rise in damage.

The plan has four parts:

1. Stop all felling of public orchards at once, and list every orchard in the town's plan.
2. Open every orchard to pickers from dawn to dusk, with no permit.
3. Pay for the care by moving a small share of the parks budget, around 3 percent, from mowing to pruning.
4. Publish each autumn how much fruit was picked and what the care cost.

An orchard is a public good that grows more valuable every year it is left alone.
"""

G, MOD, LEARNER = 7481, 91, 92

core, ask = upload_fixtures({"osei-lindgren-orchards.md": ORCHARDS}, guild=G, moderator=MOD, learner=LEARNER)


def test_shape_words_alone_leave_no_topic():
    assert _only_shape("in 2 sentences go")
    assert _only_shape("short pls")
    assert not _only_shape("what does she say about buses")
    assert not _only_shape("why")


async def test_an_essay_named_with_only_a_shape_is_summarised(ask):
    a = await ask("orchards essay in 2 sentences go")
    assert a.kind == "summary", a.answer
    assert any("stop felling their old public orchards" in c.quote for c in a.citations), a.answer


async def test_list_her_plan_step_by_step_gives_the_whole_programme(ask):
    a = await ask("how does Osei-Lindgren want to pay for it? can you list her plan step by step")
    quoted = " ".join(c.quote for c in a.citations)
    for part in ("Stop all felling", "Open every orchard", "parks budget", "Publish each autumn"):
        assert part in quoted, a.answer
