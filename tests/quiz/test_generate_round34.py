"""Items a blind teacher marked bad or weak in round 34 (two essays written outside the
repository), each a class guarded on an essay made up here:

- a genus-and-difference definition after a colon ("…: a card-locked account is one whose …")
  and a coinage whose quotes were bold markup ("what I will call a **commons gap**: the point …")
  were never asked as term items;
- a list's noun taken from the other side of a comparison ("cost more than the lost fees: …");
- a cause item on a shell noun ("The admissions point deserves emphasis, because …");
- a common word opening a clause kept its capital ("what did Early research find?"), an
  acronym lost its capitals ("An uCLA economist").
"""

from __future__ import annotations

from quiz_support import FakeEncoder

from bot.corpus.essay import parse_essay
from bot.quiz.generation import ItemGenerator

TEXT = """---
title: "Open Stacks at Midnight"
author: "Mireille de Vos"
published: 2023
---

Some numbers matter more than others. The word deserves a definition, because it explains the whole problem: a card-locked account is one whose unpaid fees have passed a small threshold, so that the holder can no longer borrow anything until the debt is cleared.

Sudden rules tend to produce what I will call a **commons gap**: the point at which a rule becomes so costly for the people bound by it that many of them stop obeying it altogether.

Late hours also cost more than the lost fees: electricity, heating, security guards and at least some paid staff.

The staffing point deserves emphasis, because it is the hinge on which the whole plan turns.

Early research on Tallinn found that evening visits doubled within a year of the change, and that most of the new visitors came after nine o'clock.

A 2021 survey of 900 night workers in Tallinn, conducted by researchers at the city university, found that most had never borrowed a book.
"""


def _items():
    essay = parse_essay(TEXT, slug="stacks", name="stacks.md")
    gen = ItemGenerator([essay], FakeEncoder().encode, meaning_max=1.0)
    return gen.generate().generated


def test_a_genus_definition_after_a_colon_is_asked_for_the_kind_word():
    terms = [g.item for g in _items() if g.kind == "term" and g.item.kind == "short_answer"]
    locked = [i for i in terms if i.answer == "card-locked"]
    assert locked, [(i.prompt, i.answer) for i in terms]
    assert "an account whose unpaid fees have passed a small threshold" in locked[0].prompt
    assert "card-locked account" in locked[0].accepted


def test_a_coinage_set_in_bold_is_asked_as_a_term():
    answers = [g.item.answer for g in _items() if g.kind == "term"]
    assert "commons gap" in answers, answers


def test_no_list_item_names_the_other_side_of_a_comparison():
    prompts = [g.item.prompt for g in _items() if g.kind == "list"]
    assert not any("lost fees" in p for p in prompts), prompts


def test_no_cause_item_on_a_shell_noun():
    prompts = [g.item.prompt for g in _items() if g.kind == "cause"]
    assert not any("staffing point" in p for p in prompts), prompts


def test_a_common_opening_word_is_lowered():
    from bot.quiz.generation.causes import lower_first
    text = "Early research on Tallinn found that visits doubled. Tallinn is cold. Early hours matter."
    assert lower_first("Early research on Tallinn", text) == "early research on Tallinn"
    assert lower_first("Tallinn libraries", "We went to Tallinn. Tallinn libraries close late.") == "Tallinn libraries"
    assert lower_first("UCLA economists", text) == "UCLA economists"


EVIDENCE = """---
title: "Sea Walls and Salt Marsh"
author: "Pieter Okonjo-Haas"
published: 2022
---

On the other side of the Atlantic, a 2019 review of shoreline projects in Brittany found that marsh-backed shores suffered 35 percent less storm damage than walled ones.

Ines Marchal, a coastal engineer who surveyed forty harbours for her 2020 report, found that walls older than fifty years failed three times as often as younger ones. Among harbours with marsh behind their walls, 40 percent reported no failure at all.

A 2021 survey of 900 harbour towns found that 61 percent had raised their walls since 2000, while only 9 percent had tried managed retreat.

The first objection is that retreat gives land away to the sea. But the land behind a failing wall is already lost, only more slowly. A second objection is that marshes take decades to grow. But a marsh planted now grows while the wall decays, and it costs a fraction of the repair.
"""


def _evidence_items():
    essay = parse_essay(EVIDENCE, slug="seawalls", name="seawalls.md")
    gen = ItemGenerator([essay], FakeEncoder().encode, meaning_max=1.0)
    return gen.generate().generated


def test_a_fronted_setting_is_no_part_of_the_study_asked_about():
    prompts = [g.item.prompt for g in _evidence_items() if g.kind == "evidence"]
    assert any("what did a 2019 review of shoreline projects in Brittany find" in p for p in prompts), prompts
    assert not any("what did on the other side" in p for p in prompts), prompts


def test_a_named_researcher_is_asked_by_role_without_the_aside():
    prompts = [g.item.prompt for g in _evidence_items() if g.kind == "evidence"]
    assert any("what did the coastal engineer Ines Marchal find" in p for p in prompts), prompts


def test_a_contrast_stays_in_the_finding_and_each_half_is_accepted():
    items = [g.item for g in _evidence_items() if g.kind == "evidence" and "900 harbour towns" in g.item.prompt]
    assert items, [g.item.prompt for g in _evidence_items()]
    assert "only 9 percent had tried managed retreat" in items[0].answer
    assert "61 percent had raised their walls since 2000" in items[0].accepted


def test_a_later_objection_is_asked_by_the_authors_reply_not_a_paragraph_number():
    prompts = [g.item.prompt for g in _evidence_items() if g.kind == "claim"]
    assert "Which objection does Okonjo-Haas answer with “a marsh planted now grows while the wall decays”?" in prompts, \
        prompts
    assert not any("¶" in p for p in prompts), prompts


def test_the_same_studys_second_finding_in_the_next_sentence_is_accepted():
    items = [g.item for g in _evidence_items() if g.kind == "evidence" and "Ines Marchal" in g.item.prompt]
    assert items and any("40 percent reported no failure at all" in a for a in items[0].accepted), items
