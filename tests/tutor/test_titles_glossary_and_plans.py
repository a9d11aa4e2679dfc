"""Read off FINAL-49 (judged blind on the session's final build, then read): an essay named by its
main title before the colon ("In "Count on It" the author gives three definitions" named no essay);
definitions set in italics ("*Calculus* is the mathematics of …") are the essay's terms; one term's
meaning asked "for my glossary" is that term's definition, not a list; "list exactly what is in her
plan" is the programme. End to end on the real model, over an essay made up here."""

from __future__ import annotations

from tutor_support import upload_fixtures

BELLS = """---
title: "Ring the Hours: Why Towns Should Restore Their Clock Bells"
author: "Hedda Morgenstern-Adu"
published: 2023
---

Towns should restore the bells of their public clocks, because a shared sound of time binds a place together.

Some definitions help. A *striking clock* is a clock that sounds the hours on a bell. *Quarter chimes* are the shorter tunes played at each quarter hour. The term deserves a definition, because it explains the complaints: a silenced tower is one whose bells have been stopped by a council order after noise complaints.

The plan has three parts:

1. **Repair the mechanisms.** Each tower gets €2,000 a year for repairs. 2. **Quiet nights.** Bells stay silent from 23:00 to 07:00. 3. **A yearly count.** The council publishes how many towers ring.

A town that hears its hours is a town that knows itself.
"""

# the same author's other essay: "her plan" in a thread is the thread's essay's
TOWERS = """---
title: "Open the Towers"
author: "Hedda Morgenstern-Adu"
published: 2024
---

Towns should let visitors climb their clock towers on Sundays, because a view of the town from above teaches its shape.

Insurers worry about the stairs. That worry is fair, and a guide on every climb answers it.

Cities should choose the climb: a town seen from its tower is a town its people understand.
"""

G, MOD, LEARNER = 7497, 91, 92

core, ask = upload_fixtures({"morgenstern-adu-bells.md": BELLS, "morgenstern-adu-towers.md": TOWERS}, guild=G,
                            moderator=MOD, learner=LEARNER)


async def test_the_main_title_before_the_colon_names_the_essay_and_emphasised_definitions_are_its_terms(ask):
    a = await ask('In "Ring the Hours" the author gives definitions at the start. Can you give me each one exactly?')
    assert "striking clock" in a.answer and "Quarter chimes" in a.answer, a.answer


async def test_one_terms_meaning_for_a_glossary_is_its_definition(ask):
    a = await ask('In "Ring the Hours", what does "silenced tower" mean? I will put it in my glossary.')
    assert any("one whose bells have been stopped" in c.quote for c in a.citations), a.answer


async def test_list_what_is_in_her_plan_gives_the_programme_with_what_each_item_says(ask):
    await ask("in the bells essay, what are quarter chimes?")
    a = await ask("can you list exactly what is in her plan, with all the numbers?")
    quoted = " ".join(c.quote for c in a.citations)
    for part in ("Repair the mechanisms", "€2,000 a year", "Quiet nights", "23:00 to 07:00"):
        assert part in quoted, a.answer


def test_list_what_is_in_her_plan_asks_for_the_whole_plan():
    from bot.tutor.handlers.roles import _WHOLE_PLAN
    assert _WHOLE_PLAN.search("Can you list exactly what is in her plan, with all the numbers: hours, euros, years?")
    assert _WHOLE_PLAN.search("what is in his plan")
    assert not _WHOLE_PLAN.search("how does she want to pay for it?")


def test_the_main_title_before_a_colon_names_the_essay():
    from bot.corpus.essay import parse_essay
    from bot.tutor.scope import EssayNames

    essay = parse_essay(BELLS, slug="morgenstern-adu-bells", name="morgenstern-adu-bells.md")
    names = EssayNames([essay])
    assert names.named('In "Ring the Hours" the author gives definitions at the start.') == ["morgenstern-adu-bells"]
    assert names.named("when do the bells ring the hours at night?") == []
