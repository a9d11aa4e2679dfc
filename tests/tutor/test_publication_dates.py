"""What an essay's date can and cannot answer (`lead.grounding`), on essays made up for these tests.

FINAL-42 (judged blind): "did Walt's coalition actually get anywhere after 2018?" was answered from
the 2018 essay as if it said (a year equal to the essay's was not read as "from then on"); "Walt wrote
in 2018 and Rana in 2022. Does Rana's essay answer Walt's worry?" got "Walt's essay was published in
2018, so it can't say what happened after that" (the essays' own dates, typed as context, were read
as a later time asked about)."""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 7981, 171, 172

ORCHARDS = """---
title: "Graft the Commons: Why Towns Should Plant Public Orchards"
short_title: "Graft the Commons"
author: "Petra Quennell"
published: 2019-05-02
---

# Graft the Commons

Towns should plant public orchards on verges and school grounds, because fruit grown in common teaches people to share land.

A coalition of allotment societies and parish councils could push this through, if they learned to work together.

The worry is that no town has the gardeners to keep an orchard alive for its first ten years.
"""

NURSERIES = """---
title: "Seed the Schools: Why Every School Needs a Tree Nursery"
short_title: "Seed the Schools"
author: "Hamid Oyelaran-Fisk"
published: 2022-10-20
---

# Seed the Schools

Every school should run a small tree nursery, so that a generation learns to tend trees before it plants them.

Children who raise saplings become the gardeners that public planting schemes lack.

A nursery costs a school about £900 a year in compost, pots and water.
"""

core, ask = upload_fixtures({"orchards.md": ORCHARDS, "nurseries.md": NURSERIES}, guild=G, moderator=MOD,
                            learner=LEARNER)


async def test_a_time_from_the_essays_own_year_on_is_past_its_date(ask):
    a = await ask("did quennell's coalition of allotment societies actually get anywhere after 2019?")
    assert a.answer.startswith("Quennell's essay was published in 2019, so it can't say what happened after that.")


async def test_a_plan_that_actually_got_anywhere_is_past_its_date(ask):
    a = await ask("did the allotment societies and parish councils ever actually get anywhere with quennell's plan?")
    assert a.answer.startswith("Quennell's essay was published in 2019")


async def test_the_essays_own_dates_typed_as_context_are_no_later_time(ask):
    a = await ask("Quennell wrote in 2019 and Oyelaran-Fisk in 2022. Does Oyelaran-Fisk answer Quennell's worry "
                  "about gardeners?")
    assert "can't say what happened after that" not in a.answer


async def test_a_later_year_is_still_past_the_date(ask):
    a = await ask("did quennell's towns plant any orchards in 2023?")
    assert a.answer.startswith("Quennell's essay was published in 2019")


async def test_in_the_end_without_an_auxiliary_is_past_the_date(ask):
    # FINAL-45, judged blind: "they approved it in the end?" was answered as if the essay said
    a = await ask("and what happened with quennell's allotment societies? they pushed it through in the end?")
    assert a.answer.startswith("Quennell's essay was published in 2019, so it can't say what happened after that.")
