"""An objection the essay states is quoted with the author's answer; an essay asked about as a
whole, in words no rule lists, gets the essay in short rather than a refusal; a summary gives the
essay's announced reasons, all of them.

Both on an essay made up for these tests (nothing here is about the seed essays): its objection
paragraph is followed by an answer that opens "This is true, and …" and repeats none of the
objection's words, so retrieval alone never finds it.
"""

from __future__ import annotations

from pathlib import Path

from tutor_support import upload_fixtures

from bot.corpus.argument import build_map
from bot.corpus.essay import load_essay_file
from bot.tutor.answered import answer_to, states_objection

G, MOD, LEARNER = 7501, 91, 92

LIGHTHOUSES = """---
title: "Keep the Lights Burning: Why Coastal Lighthouses Need Keepers Again"
short_title: "Keep the Lights Burning"
author: "Maren Tolliver"
published: 2024-05-02
source: "The Tideline Review"
---

# Keep the Lights Burning

Coastal authorities should put keepers back into the remaining manned-capable lighthouses. Automation saved money, but it left long stretches of coast without anyone watching the water at night.

There are three reasons to bring keepers back. The first is rescue: a person on the rock sees a capsized dinghy before any satellite alert arrives. The second is upkeep, since salt eats an unattended tower in a decade. The third is record keeping, because daily weather logs from the rock are the longest local series we have.

In 2019 the Northern Channel trust returned two keepers to the Skellan light for a year. Call-outs on that stretch fell by a fifth, and the tower needed no emergency repair that winter.

Now the strongest objection, which deserves a fair hearing. Keepers cost money that could buy lifeboats. A lifeboat crew can reach a casualty anywhere on the coast, while a keeper watches one small patch of sea, and rescue charities say a new boat saves more lives per pound than any tower.

This is true, and it is a reason to place keepers where boats are slowest to arrive, not to leave every tower empty. A keeper and a lifeboat are not rivals: the keeper's call is what sends the boat out sooner. On the Skellan coast the boat reached casualties eleven minutes faster when the keeper raised the alarm. Fewer crews were launched for false alarms as well, because the keeper could see what the caller could not. A coast with both is safer than a coast with either.

A second objection holds that cameras can do the watching. The objection has some force as well. Cameras are cheap and never sleep.

But a camera records what happened; it does not climb down to the landing stage with a line. A watch needs someone who can act on what they see.

The choice is not between the past and the future. It is between a coast that is watched and one that is merely lit.
"""

SLUG = "keep-the-lights-burning-why-coastal-lighthouses-need-keepers"


def _map(tmp_path: Path):
    path = tmp_path / "tolliver-lighthouses.md"
    path.write_text(LIGHTHOUSES, encoding="utf-8")
    return build_map(load_essay_file(path))


def _sentence(argument, start: str):
    return next(s for s in argument.sentences if s.text.startswith(start))


def test_the_answer_in_the_next_paragraph_is_found_by_its_back_reference(tmp_path):
    argument = _map(tmp_path)
    objection = _sentence(argument, "A lifeboat crew can reach")
    assert states_objection(argument, objection)
    answer = answer_to(argument, objection)
    assert answer and answer[0].text.startswith("This is true, and it is a reason to place keepers")
    # the answer to the end of its paragraph (cut at three sentences, the substance was left out:
    # FINAL-42, judged blind)
    assert len(answer) == 5 and answer[-1].text.startswith("A coast with both is safer")


def test_within_the_objection_only_a_turn_answers_it(tmp_path):
    argument = _map(tmp_path)
    objection = _sentence(argument, "Cameras are cheap")
    assert states_objection(argument, objection)
    # "The objection has some force as well." goes on stating it; "But a camera records …" answers it
    assert answer_to(argument, objection)[0].text.startswith("But a camera records")
    assert answer_to(argument, _sentence(argument, "A second objection holds"))[0].text.startswith(
        "But a camera records")


def test_the_authors_own_paragraphs_are_not_objections(tmp_path):
    argument = _map(tmp_path)
    for start in ("This is true, and it is a reason", "There are three reasons", "But a camera records",
                  "Call-outs on that stretch"):
        assert not states_objection(argument, _sentence(argument, start)), start


core, ask = upload_fixtures({"tolliver-lighthouses.md": LIGHTHOUSES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_question_that_lands_on_the_objection_gets_the_authors_answer_too(ask):
    a = await ask("what does tolliver say about lifeboats being better value for money")
    assert not a.abstained and {c.essay for c in a.citations} == {SLUG}
    assert "saves more lives per pound" in a.answer  # the objection, found by its words
    assert "Tolliver's answer to the objection in ¶4, in ¶5:" in a.answer
    assert "a reason to place keepers where boats are slowest to arrive" in a.answer
    assert a.answer.index("saves more lives per pound") < a.answer.index("Tolliver's answer to the objection")
    assert any(c.paragraph == 5 for c in a.citations)  # the answer is cited like any quote


async def test_an_answer_already_quoted_is_not_added_again(ask):
    a = await ask("what does tolliver say about lifeboats being better value, and what is her reply")
    assert a.answer.count("a reason to place keepers where boats are slowest to arrive") == 1


async def test_the_essay_as_a_whole_asked_in_unlisted_words_is_summarised(ask):
    a = await ask("in the lighthouse essay, how does the author structure the argument? I see a pattern")
    assert not a.abstained and a.kind == "summary"
    assert "Coastal authorities should put keepers back" in a.answer  # its thesis first


async def test_a_question_whether_the_essay_mentions_something_is_still_refused(ask):
    a = await ask("does the lighthouse essay say anything about wind farms")
    assert a.abstained and a.kind != "summary"


async def test_a_reply_that_already_quotes_the_answer_gets_no_second_one(ask):
    a = await ask("strongest objection in tolliver and her reply")
    assert "This is true, and it is a reason to place keepers" in a.answer
    assert "answer to the objection in ¶" not in a.answer  # the reply's own lead already says whose it is


async def test_her_reply_after_the_whole_answer_was_shown_says_it_is_all(ask):
    first = await ask("what does tolliver say about lifeboats being better value for money")
    assert "a reason to place keepers where boats are slowest to arrive" in first.answer
    assert "A coast with both is safer than a coast with either" in first.answer  # the reply to its end
    more = await ask("her reply")
    assert more.answer.startswith("Tolliver says no more on this than the passage just quoted (¶5):")
    assert "saves more lives per pound" not in more.answer  # not the objection again


async def test_a_short_summary_gives_every_reason_the_essay_announces(ask):
    a = await ask("tldr of the lighthouse essay")
    assert a.kind == "summary"
    for reason in ("The first is rescue", "The second is upkeep", "The third is record keeping"):
        assert reason in a.answer, reason
    two = await ask("the lighthouse essay in 2 sentences")
    assert len(two.citations) <= 2  # a count asked for is kept


def test_a_debaters_words_for_the_other_side_ask_for_the_objection():
    from bot.tutor.requests import parse_request

    for text in ("best opp case vs permanent night teams", "opp response to that?", "the opposition's line on cost",
                 "best case against the ferry"):
        assert "objection" in parse_request(text).explicit, text
    assert "objection" not in parse_request("what are the best reasons for the ferry").explicit


async def test_the_other_sides_case_asked_in_debate_words_is_answered_with_the_objection(ask):
    a = await ask("best opp case vs tolliver's plan")
    assert "Keepers cost money that could buy lifeboats" in a.answer
    assert "a reason to place keepers where boats are slowest to arrive" in a.answer


# An essay whose objections are answered inside their own paragraphs without a "But" ("This is true,
# and …", "My proposal is different …", "I concede …"), and whose third objection is answered by the
# next paragraph's "But …": FINAL-37 (read) gave that "But" as the answer to the second objection too.
HARBOUR_FEES = """---
title: "Free Moorings: Why Small Harbours Should Stop Charging Day Visitors"
short_title: "Free Moorings"
author: "Rhys Penhallow"
published: 2023-04-01
---

# Free Moorings

Small harbours should let day visitors moor for free and fund their upkeep from a levy on the marinas nearby.

The second objection is that the levy is unfair to marina owners whose customers never visit the harbour. A yacht kept in a marina all summer will pay it and get nothing. This is true, and it describes almost every local charge. Marina owners already pay for a lifeboat they hope never to call.

The third objection is financial. A levy rises and falls with the season, and a bad summer would leave the harbour short.

But mooring fees are exactly as seasonal, and for the same reasons. A reserve built in good summers covers the bad ones.

A fourth objection comes from the fishermen. They worry that free moorings will fill the quay with pleasure boats. My proposal is different in a way that matters. It keeps the working berths for the fleet and opens only the visitor pontoon.
"""


def _fees(tmp_path):
    path = tmp_path / "penhallow-moorings.md"
    path.write_text(HARBOUR_FEES, encoding="utf-8")
    return build_map(load_essay_file(path))


def test_an_objection_answered_in_its_own_paragraph_without_a_but(tmp_path):
    argument = _fees(tmp_path)
    second = _sentence(argument, "The second objection is that the levy")
    assert answer_to(argument, second)[0].text.startswith("This is true, and it describes almost every local charge")
    fourth = _sentence(argument, "A fourth objection comes from the fishermen")
    assert answer_to(argument, fourth)[0].text.startswith("My proposal is different in a way that matters")
    # the objection's own paragraph after the author's answer began is the answer, not the objection
    assert not states_objection(argument, _sentence(argument, "Marina owners already pay for a lifeboat"))


def test_an_answer_after_a_further_objection_is_that_ones(tmp_path):
    argument = _fees(tmp_path)
    third = _sentence(argument, "The third objection is financial")
    assert answer_to(argument, third)[0].text.startswith("But mooring fees are exactly as seasonal")
    second = _sentence(argument, "A yacht kept in a marina")
    answer = answer_to(argument, second)
    assert answer and not answer[0].text.startswith("But mooring fees")


def test_a_grant_and_its_turn_in_one_sentence_answer_the_objection_in_its_own_paragraph(tmp_path):
    """"I take the goal seriously, but the tool does not fit the job.": FINAL-50, judged blind, this
    was missed, and the next paragraph (the author's own admission of weakness) was labelled the
    answer to the objection. The admission is found when asked for ("I should also admit where my
    case is weakest")."""
    from bot.tutor.handlers.roles import _ADMITS_OWN

    text = """---
title: Free Ferries for Patients
author: Rhoda Kell
published: 2021
---

Island patients should cross to the hospital free of charge.

The second objection is environmental. Free crossings, the argument goes, fill the ferry with cars. I take the goal seriously, but the tool does not fit the job. Patients have no other way to cross.

I should also admit where my case is weakest. The money has to come from somewhere.
"""
    path = tmp_path / "kell-ferries.md"
    path.write_text(text, encoding="utf-8")
    argument = build_map(load_essay_file(path))
    objection = _sentence(argument, "Free crossings, the argument goes")
    answer = answer_to(argument, objection)
    assert answer and answer[0].text.startswith("I take the goal seriously, but")
    assert not [s for s in answer if s.text.startswith("I should also admit")]
    assert _ADMITS_OWN.search("I should also admit where my case is weakest.")
    assert _ADMITS_OWN.search("This is where my argument is at its weakest.")
