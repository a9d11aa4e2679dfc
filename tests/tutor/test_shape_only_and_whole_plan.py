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

FOUNTAINS = """---
title: "Turn the Fountains Back On"
author: "Maren Oduya-Falk"
published: 2021
---

Towns should restart their drinking fountains, because bottled water costs households far more than a tap.

The fountains fell silent for two reasons: repair budgets were cut, and nobody counted who used them.

That is why I propose a three-part plan that any town could adopt next spring:

1. **A repair fund from the first month.** Each fountain gets €400 a year for repairs, paid from the parks budget. 2. **A public map.** The town publishes where every working fountain is, updated each week. 3. **A count.** Volunteers count users at twenty fountains each summer, and the results go to the council.

Fountains are cheap, and they are used by the people who can least afford bottled water.
"""

G, MOD, LEARNER = 7481, 91, 92

core, ask = upload_fixtures({"osei-lindgren-orchards.md": ORCHARDS, "oduya-falk-fountains.md": FOUNTAINS}, guild=G,
                            moderator=MOD, learner=LEARNER)


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


async def test_her_plan_named_by_a_phrase_of_one_essay_is_that_essays_plan_with_what_each_item_says(ask):
    # "her" alone could be either woman's; "three-part plan" is in one essay only (FINAL-48, judged
    # blind: all six essays' theses), and each numbered heading comes with the sentence saying what it is
    a = await ask("Can you summarize her three-part plan with all the numbers?")
    quoted = " ".join(c.quote for c in a.citations)
    assert {c.essay for c in a.citations} == {"turn-the-fountains-back-on"}, a.answer
    for part in ("A repair fund from the first month", "€400 a year", "A public map", "Volunteers count users"):
        assert part in quoted, a.answer


async def test_summarize_her_argument_with_nothing_to_say_whose_asks_back(ask):
    a = await ask("can you summarize her argument for me")
    assert a.kind == "clarify", a.answer
    assert {o.label.split(" (")[0] for o in a.options} >= {"Osei-Lindgren", "Oduya-Falk"}, a.answer


async def test_one_part_of_the_plan_asked_gets_that_item(ask):
    # "how she wants to pay for the late opening? … with the percent" got scattered ought-sentences
    # and no funding item (FINAL-48, judged blind)
    a = await ask("how does Osei-Lindgren want to fund the orchards? give me the exact proposal with the percent")
    assert a.citations and "around 3 percent" in a.citations[0].quote, a.answer
