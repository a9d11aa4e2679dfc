"""The other side's question, the author's wants, and an author named by the essay's subject (s23's
first run, judged blind, on essays the tutor had never been tuned on):

- "it worked for cigarettes didnt it?" matched "… so why should sugar be different?", a question the
  essay puts in the advocates' mouths, and was answered with the rest of their case under "Osei asks
  this question … and answers it"; the answer is the author's reply that follows their case;
- "does she want to FINE people for not composting" matched "Why not simply offer curbside compost
  collection…?" on the essay's subject word alone;
- "what does she want libraries to actually do" and "so what does he want instead then" were not read
  as asking for the author's proposal; "does the sleep guy admit any downsides" was answered from
  another essay.

End to end on the real model, over essays made up here.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.frame import parse, set_aside
from bot.tutor.requests import parse_request

KETTLES = """---
title: "Cold Kettles: Why a Tax on Electric Kettles Would Not Save Energy"
short_title: "Cold Kettles"
author: "Ottilie Brandvold"
published: 2022-02-11
---

# Cold Kettles: Why a Tax on Electric Kettles Would Not Save Energy

A tax on electric kettles has become the favourite idea of energy campaigners, and I think it would save almost no energy while costing poor households the most.

Households boil water for tea, for cooking and for cleaning, and a kettle is the cheapest way to do it. Banning or taxing it moves the boiling to the hob, which wastes more heat.

The campaigners' best case deserves a fair hearing, and it comes in two parts. First, the light bulb precedent: taxes on old bulbs cut household power use within five years, so why should kettles be different? Second, they say that a price signal teaches people to boil only the water they need.

Each point has force, but neither survives a closer look. Bulbs had a cheaper efficient twin on the same shelf; kettles have none, so a tax only moves the boiling elsewhere. A price signal that nobody sees at the moment of boiling teaches nothing.

What should be done instead is simple. Councils should give every household a kettle with a water gauge, and energy suppliers should show the cost of each boil on their smart meters.
"""

LIGHTS = """---
title: "Keep the Lights Low: Why Towns Should Dim Their Streets After Midnight"
short_title: "Keep the Lights Low"
author: "Caspar Nwosu-Lind"
published: 2020-09-01
---

# Keep the Lights Low: Why Towns Should Dim Their Streets After Midnight

Towns should dim their street lights after midnight, because bright light through the night disturbs the sleep of people who live beside the road.

A 2019 survey of 900 residents by the Harbour Sleep Trust found that 41 percent woke at least once a night because of light through the curtains, and poor sleep cost them concentration at work.

The council's engineers put the cost of fitting a dimmer at £2,300 per street. A 2021 audit by the Lamplight Institute found that dimming cut the energy used by street lights by 37 percent.

Set against the 41 percent who wake at night, £2,300 per street is cheap.

I should admit the weak point of my case: some residents feel less safe walking home under dimmer lights, and the evidence on crime is mixed.
"""

G, MOD, LEARNER = 7681, 187, 188

core, ask = upload_fixtures({"brandvold-kettles.md": KETTLES, "nwosu-lind-lights.md": LIGHTS}, guild=G,
                            moderator=MOD, learner=LEARNER)


async def test_the_other_sides_question_is_answered_with_the_authors_reply(ask):
    a = await ask("i think the kettle tax is a good idea tho. it worked for light bulbs didnt it?")
    quoted = " ".join(c.quote for c in a.citations)
    assert "Bulbs had a cheaper efficient twin" in quoted, a.answer
    assert "other side's case (¶3)" in a.lead and "answers it in ¶4" in a.lead, a.answer
    assert "asks this question in the essay" not in a.lead, a.answer


def test_what_an_author_wants_done_asks_for_the_proposal():
    for question in ("what does she want councils to actually do, just the list version pls",
                     "so what does he want instead then", "isnt brandvold the kettle lady, what does she want",
                     "ok forget bulbs. what does she want the government to actually DO, short list"):
        assert "proposal" in parse_request(question).explicit, question
    # a group the essay describes is no author with a proposal
    for question in ("what does he want to know", "what do they want from the state", "what do the libertarians want",
                     "what does the left want"):
        assert "proposal" not in parse_request(question).explicit, question


async def test_an_author_wants_is_their_proposal(ask):
    a = await ask("the kettle essay. so what does she want instead then?")
    assert "Councils should give every household a kettle with a water gauge" in a.answer, a.answer


async def test_an_author_called_by_the_essays_subject(core, ask):
    scope = await core.tutor.scopes.get(core.library.essays_for(G))
    lights = next(e.slug for e in core.library.essays_for(G) if e.author == "Caspar Nwosu-Lind")
    kettles = next(e.slug for e in core.library.essays_for(G) if e.author == "Ottilie Brandvold")
    assert [m.slug for m in parse("does the street lights guy admit any downsides", scope, None, None).mentions] == [lights]
    assert [m.slug for m in parse("isnt she the kettle lady", scope, None, None).mentions] == [kettles]
    assert [m.slug for m in parse("does the old man in the street essay matter", scope, None, None).mentions] != [kettles]
    a = await ask("does the street lights guy admit any downsides or is it all rosy")
    assert "some residents feel less safe" in a.answer and "Brandvold" not in a.answer, a.answer


async def test_is_there_anything_in_there_about_something_never_mentioned(ask):
    await ask("the street lights essay")
    a = await ask("is there anything in there about phones in the bedroom? thats honestly our real problem")
    assert a.answer.startswith("Nwosu-Lind's essay never mentions phones"), a.answer
    assert "grants" not in a.answer, a.answer  # "our real problem" is the learner's, no concession asked


async def test_a_named_essay_that_is_silent_is_not_answered_from_the_last_reply(ask):
    await ask("do brandvold and nwosu-lind basically agree or not")
    a = await ask("and her? the kettle one, does she say anything about streets or lights")
    assert a.answer.startswith("Brandvold's essay doesn't discuss"), a.answer
    assert "Following up" not in a.answer, a.answer


async def test_which_was_written_first_orders_the_conversations_essays(ask):
    await ask("do brandvold and nwosu-lind basically agree or not")
    a = await ask("which one was written first")
    lines = [line for line in a.answer.splitlines() if line.startswith("*")]
    assert len(lines) == 2 and "Nwosu-Lind" in lines[0] and "Brandvold" in lines[1], a.answer


async def test_a_source_list_gives_every_byline(ask):
    a = await ask("For my source list: all the essays with author, publication and date, oldest to newest please.")
    assert a.answer.index("2020-09-01") < a.answer.index("2022-02-11"), a.answer


async def test_figures_restated_without_a_source_are_traced_to_where_they_are_given(ask):
    a = await ask("the street lights essay, his closing line: £2,300 per street set against the 41 percent, 'cheap.' "
                  "Do those two figures even come from the same place?")
    assert "names no source for these figures in ¶4; they are given earlier, in ¶2, ¶3" in a.answer, a.answer
    assert "Harbour Sleep Trust" in a.answer and "council's engineers" in a.answer, a.answer


def test_what_the_learner_sets_aside_is_no_topic():
    assert [q[a:b] for q in ["ok forget bulbs. what does she want the government to actually DO"]
            for a, b in set_aside(q)] == ["ok forget bulbs"]
    question = "All right, set the numbers aside. What does she actually want instead of the tax?"
    assert [question[a:b] for a, b in set_aside(question)] == ["All right, set the numbers aside"]
    assert set_aside("I forget what she said about bulbs") == ()


async def test_an_essay_named_alone_is_summarised(ask):
    a = await ask("kettle essay")
    assert a.answer.startswith("**Cold Kettles: Why a Tax on Electric Kettles Would Not Save Energy** by Ottilie "
                               "Brandvold, in short:"), a.answer


async def test_what_is_she_actually_saying_in_points_is_a_summary(ask):
    a = await ask("the kettle essay, what is she actually saying, plain words, like 3 bullet points")
    assert a.answer.startswith("**Cold Kettles: Why a Tax on Electric Kettles Would Not Save Energy** by Ottilie "
                               "Brandvold, in short:"), a.answer
    assert "1." in a.answer and "2." in a.answer and "Nwosu-Lind" not in a.answer, a.answer


async def test_for_or_against_the_essays_own_subject_asks_for_the_whole_essay(core):
    """Before "doesn't discuss that" (`pipeline`), a yes/no on what the title argues over gets the
    essay in short; a yes/no on something else does not."""
    from types import SimpleNamespace

    from bot.tutor.overall import stance_on_subject

    scope = await core.tutor.scopes.get(core.library.essays_for(G))
    lights = next(e.slug for e in core.library.essays_for(G) if e.author == "Caspar Nwosu-Lind")
    for question, expected in (("the street lights one, does he want them dimmed or not? i honestly couldnt tell", True),
                               ("is he for or against dimming street lights", True),
                               ("the street lights one, does he want curfews for teenagers or not?", False),
                               ("what does the street lights one say about sleep", False)):
        frame = parse(question, scope, None, None)
        assert stance_on_subject(SimpleNamespace(frame=frame, scope=scope), [lights]) is expected, question


async def test_who_produced_figures_given_in_two_places(ask):
    a = await ask("the street lights essay. On his numbers: the 41 percent who wake and the 37 percent energy cut. "
                  "Who produced those figures, and is it the same organisation both times?")
    assert "Harbour Sleep Trust" in a.answer and "Lamplight Institute" in a.answer, a.answer
    assert "names no source" not in a.answer, a.answer


async def test_how_does_the_author_answer_that_still_points_back(ask):
    """FINAL-53 (judged blind): "And how does Varga answer that? Three bullets." after the other
    side's strongest case was refused as "Varga's essay doesn't discuss that"; naming the essay the
    conversation is on is no new question about something it never mentions."""
    await ask("Planning a class debate on the kettle tax. What's the strongest case FOR it, according to the essay itself?")
    a = await ask("And how does Brandvold answer that? Three bullets.")
    assert "doesn't discuss" not in a.answer, a.answer


def test_a_figure_is_traced_with_its_currency_and_never_as_a_day_of_the_month():
    """FINAL-53 (judged blind): "$14 a household" was traced to "starting August 14"."""
    from bot.tutor.handlers.support import _numbers

    assert _numbers("For about $14 a household, the town can keep them.") == {"$14"}
    assert _numbers("The pool closed on weekdays starting August 14, in the heat.") == set()
    assert _numbers("between 12 and 17 percent, and £2,300 per street") == {"12", "17%", "£2300"}
