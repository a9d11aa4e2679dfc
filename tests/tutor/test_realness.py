"""Whether something an essay presents is real (`handlers.realness`): the essay's own marker leads,
for a question whose yes/no comes after what it is about, and for a person who belongs to the case
the sentence before marks as invented. The essay is made up for these tests.

FINAL-38..40 (judged blind): "corvina new mexico, the one with the 19 fines. is that a real town?"
got the paragraph with no verdict (the yes/no was not the message's first sentence); "Is Mr Aldecoa
invented as well?" (the town's water director, named right after "the invented but representative
case of Corvina") three times got the paragraph alone."""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 7963, 151, 152

KILNS = """---
title: "Fire the Kilns at Night: Why Potteries Should Pay for Off-Peak Power"
short_title: "Fire the Kilns at Night"
author: "Orla Menzies-Hart"
published: 2023-09-09
---

# Fire the Kilns at Night

Small potteries should move their firings to the night, when power is cheap, and councils should help them pay for the timers.

Consider the invented but representative town of Brackwater, a pottery town of 9,000 on the Tyne. Its kiln inspector, Edwin Farrant, told me that the six potteries there fired almost every kiln at noon, when power costs most.

Across the region the Northfold Pottery Guild counted sixty small potteries in 2022. The Linden kilns, the oldest of them, fire twice a week.

A timer costs about £400, and a night firing saves about £30, so a timer pays for itself within a season.
"""

core, ask = upload_fixtures({"kilns.md": KILNS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_town_the_essay_calls_invented_is_said_to_be_invented(ask):
    a = await ask("brackwater on the tyne, the one with the six potteries and the noon firings. is that a real town?")
    assert a.answer.startswith("It is invented: Menzies-Hart says so in the essay itself (“invented”)")


async def test_a_person_of_the_invented_case_is_said_to_belong_to_it(ask):
    a = await ask("In ¶2 she calls Brackwater invented, then quotes its kiln inspector by name. Is Edwin Farrant invented too?")
    assert a.answer.startswith("Menzies-Hart doesn't say separately whether Edwin Farrant is real, but Edwin Farrant "
                               "belongs to a case the essay calls invented")
    assert "Its kiln inspector, Edwin Farrant" in a.answer


async def test_a_name_with_no_marker_is_said_to_be_unmarked(ask):
    a = await ask("is the Northfold Pottery Guild a real organisation?")
    assert "doesn't say whether" in a.answer.split("\n")[0]


async def test_a_question_for_real_data_is_no_question_of_realness(ask):
    a = await ask("Brackwater in ¶2 is invented, she says so herself. How can it be evidence? Is there any real data in that paragraph?")
    assert not a.answer.startswith("It is invented")


async def test_several_names_asked_at_once_are_each_quoted(ask):
    a = await ask("is the Northfold Pottery Guild real, and the Linden kilns?")
    first = a.answer.split("\n")[0]
    assert first.startswith("Menzies-Hart doesn't say whether") and "Northfold" in first and "Linden" in first
    assert "The Linden kilns, the oldest of them" in a.answer and "Northfold Pottery Guild counted" in a.answer


async def test_a_yes_no_after_the_names_with_no_marker_is_left_to_the_cited_answer(ask):
    a = await ask("what about the Northfold Pottery Guild and the Linden kilns, those are real ones?")
    assert "doesn't say whether" not in a.answer
