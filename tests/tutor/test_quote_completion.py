"""A quote keeps what completes it (`compose.group_quotes`): the parts an announcement promises
("The answer has three parts."), the sentence its first sentence is about ("That is …"), the
answer to the question it ends on.

FINAL-40 (judged blind): four replies to an objection quoted "The answer has three parts." alone, or
with only "First, …"; a term's gloss (the sentence before "That is close to the textbook case of a
benefit tax") and an essay's answer to its own question ("What would such reforms entail?") were
cut off four times. The essay and paragraphs below are made up for these tests."""

from __future__ import annotations

from tutor_support import upload_fixtures

from bot.tutor.compose import Sentence, paragraph_sentences, with_ends_kept, with_enumeration

G, MOD, LEARNER = 7957, 141, 142

PARAGRAPH = ("The reply comes in three parts. First, the ferries already run by day. Their crews are on shift "
             "anyway. Second, the night fare covers the fuel. Third, an empty ferry at first fills later. "
             "People learn the timetable. None of this is new.")


def _one(index: int, paragraph: list[str]) -> list[Sentence]:
    return [Sentence("f", 4, index, paragraph[index], 0, 0.5, 0.5)]


def test_an_announcement_carries_its_parts_and_stops_after_the_last_one_s_point():
    parts = paragraph_sentences(PARAGRAPH)
    out = with_enumeration(_one(0, parts), parts)
    # through "Third, …" and the sentence that finishes it, not "None of this is new."
    assert [s.index for s in out] == [0, 1, 2, 3, 4, 5]


def test_a_sentence_that_announces_nothing_is_left_alone():
    parts = paragraph_sentences("The town has two ferries. First, it bought one in 1990. The other came later.")
    assert [s.index for s in with_enumeration(_one(0, parts), parts)] == [0]  # one ordinal for two: no list
    parts = paragraph_sentences(PARAGRAPH)
    assert [s.index for s in with_enumeration(_one(3, parts), parts)] == [3]  # a part itself announces nothing


def test_long_parts_keep_only_their_opening_sentences():
    filler = "This part goes on at some length about harbours and tides and the weather. " * 12
    parts = paragraph_sentences(f"There are two answers. First, the crews. {filler}Second, the fares. {filler}")
    out = with_enumeration(_one(0, parts), parts)
    assert [s.text for s in out] == ["There are two answers.", "First, the crews.", "Second, the fares."]  # ordinals only


def test_a_first_sentence_about_the_one_before_gets_it():
    parts = paragraph_sentences("Ferries run at a loss. The fares come from islanders who ride every day. "
                                "That is close to a club fee. Nobody objects.")
    assert [s.index for s in with_ends_kept(_one(2, parts), parts)] == [1, 2]
    # a first sentence that is about no earlier one stays alone
    assert [s.index for s in with_ends_kept(_one(1, parts), parts)] == [1]


def test_a_closing_question_gets_the_answer_after_it():
    parts = paragraph_sentences("The ferry lost money. What would fix it? A night fare of two pounds. Then more.")
    assert [s.index for s in with_ends_kept(_one(1, parts), parts)] == [1, 2]
    assert [s.index for s in with_ends_kept(_one(0, parts), parts)] == [0]


def test_a_long_neighbour_is_not_added():
    long = "The fares come from islanders who ride every day and " + "also from visitors " * 30 + "in summer."
    parts = paragraph_sentences(f"{long} That is close to a club fee.")
    assert [s.index for s in with_ends_kept(_one(1, parts), parts)] == [1]


FERRIES = """---
title: "Keep the Night Ferry: Why Island Councils Should Run Boats After Midnight"
short_title: "Keep the Night Ferry"
author: "Ailsa Brennock"
published: 2024-06-01
---

# Keep the Night Ferry

Island councils should run at least one ferry an hour after midnight, because islanders who work late on the mainland have no other way home.

The strongest objection is cost: a thoughtful critic will say that a near-empty boat at 2 a.m. wastes money that could make the daytime boats more frequent.

The answer has three parts. First, the crews are already paid to stay on the island overnight. Their cabins sit on the quay. Second, the night fare covers most of the fuel. Third, a ferry that runs every night fills up as people learn they can rely on it. None of this is guesswork.

The islands that tried it kept it.
"""

core, ask = upload_fixtures({"ferries.md": FERRIES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_the_reply_to_an_objection_quotes_all_its_parts(ask):
    a = await ask("in the ferry essay, what is brennock's answer to the cost objection?")
    assert "The answer has three parts." in a.answer
    for part in ("First, the crews", "Second, the night fare", "Third, a ferry"):
        assert part in a.answer, part
