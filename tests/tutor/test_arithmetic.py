"""A learner's sums on an essay's figures are checked (`bot.tutor.arithmetic`). The sums below are
made up for these tests; each expected value is worked out by hand in the comment beside it."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.arithmetic import checked, essay_figure, said, spoken, sums

G, MOD, LEARNER = 8101, 103, 104


def test_a_sum_with_scales_and_words_between_holds():
    found = sums("wait so the 52m is 41m capital + 380k a year x 30 yrs? thats like 52.4 so checks out?")
    assert len(found) == 1
    assert found[0].value == 52_400_000  # 41,000,000 + 380,000 × 30
    assert found[0].holds  # "52.4" read at the scale that fits: 52.4 million


def test_a_sum_that_does_not_hold_says_what_it_comes_to():
    (one,) = sums("so 12k x 12 = 150k right?")
    assert one.value == 144_000 and not one.holds  # 12,000 × 12 = 144,000, not 150,000
    assert spoken(one.value) == "144,000" and spoken(one.stated) == "150,000"


def test_several_sums_and_one_carried_on():
    found = sums("the rent alone is 713k x 30 = 21m ish, plus 14m walls plus 6m works = 41m. and 10.8 + 5.4 = 16.2")
    assert [round(s.value) for s in found] == [21_390_000, 41_000_000, 16]  # 713k×30; 21m+14m+6m; 10.8+5.4 (16.2)
    assert all(s.holds for s in found)
    assert found[1].shown.startswith("21 million plus")


def test_no_sum_no_check():
    assert sums("in 2015 the river flooded 611 houses, is that right?") == []
    assert sums("what does ¶5 say about the 30 years?") == []


def test_a_sum_is_checked_only_when_the_learner_asks_whether_it_holds():
    for asked in ("so 12k x 12 = 150k right?", "can you check my maths: 3 x 40 = 120 and 120 + 15 = 135",
                  "the walls: 20m + 2m x 10 = 40m? and the rest", "4 x 25 = 100, is that correct?"):
        assert checked(asked), asked
    for given in ("the report's 8m visitors x 3 euro = 24m. But are 'visitors' people or visits?",
                  "6 x 50 = 300, sure, but how does she know it will be enough for a city",
                  "his 12 wardens x 28k = 336k example - a real town or made up"):
        assert sums(given) and not checked(given), given


def test_an_essays_figure_close_to_the_sum():
    places = [("a", 3, "The walls would cost about £52 million over thirty years."), ("a", 4, "It took 12 years.")]
    assert essay_figure(52_400_000, places) == ("a", 3, "£52 million")
    assert essay_figure(60_000_000, places) is None


PARKS = """---
title: "Staff the Parks: Why Towns Should Pay Park Wardens"
short_title: "Staff the Parks"
author: "Rhiannon Pryce"
published: 2022-05-05
---

# Staff the Parks

Every town park over ten hectares should have a paid warden on site during daylight hours. A warden costs about £28,000 a year, and the twelve parks of a typical town would need twelve of them, about £336,000 a year in all.

Vandalism repairs in unstaffed parks cost the same towns about £400,000 a year, more than the wardens would.

Did the damage really drop where councils put up brighter lights and locked the gates at night? Councils say the vandalism did go down, but vandalism figures kept by councils are notoriously unreliable.

Where towns hired wardens, the damage fell: in Wrexley reported vandalism dropped by roughly forty percent within two years.
"""

core, ask = upload_fixtures({"parks.md": PARKS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_the_answer_opens_with_the_check_and_where_the_essay_gives_the_figure(ask):
    a = await ask("parks essay: 28k x 12 = 336k, right? so the wardens are cheaper than the repairs")
    assert a.answer.startswith("Your arithmetic holds: 28k x 12 comes to 336,000. Pryce gives “£336,000” (¶1).")
    b = await ask("parks essay: so the wardens cost 28k x 12 = 300k a year?")
    assert b.answer.startswith("Check the arithmetic: 28k x 12 comes to 336,000, not 300,000.")


async def test_a_sum_given_as_the_ground_of_another_question_is_not_checked(ask):
    a = await ask("parks essay: 28k x 12 = 336k a year. But does a warden's 28k include a pension?")
    assert "arithmetic" not in a.answer.lower()


async def test_a_figure_typed_in_another_form_finds_where_the_essay_gives_it(ask):
    for question in ("did vandalism really fall by 40% where wardens were hired?",
                     "did vandalism really fall by forty per cent?"):
        a = await ask(question)
        first = a.answer[a.answer.index("> “"):]
        assert "roughly forty percent" in first.split("\n")[0], question


def test_a_share_given_as_a_percentage_is_checked_and_shown_as_one():
    """"127 million divided by 130 billion is about 0.098 per cent" was told "comes to 0." (FINAL-50,
    judged blind: "garbled")."""
    found = sums("127 million divided by 130 billion is about 0.098 per cent")
    assert len(found) == 1 and found[0].holds and found[0].percent
    assert said(found[0].value, found[0].percent) == "0.0977 per cent"
    assert spoken(0.05) == "0.05" and spoken(0.35) == "0.35" and spoken(3.0) == "3"
