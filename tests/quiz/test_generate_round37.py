"""Round 37 (FINAL-50's essays and two written for it) and FINAL-50, judged blind, each a class
guarded on an essay made up here:

- "Economists use the term “captive demand” for demand that barely falls …" was no term item
  (the form was in no recogniser, and the head word in the definition counted as a giveaway);
- "Which objection does X answer in ¶7?" named a paragraph students never see (bad in rounds 36
  and 37);
- two authors with one surname were both called by it in questions ("Vandermeulen could mean
  either of two essays").
"""

from __future__ import annotations

from quiz_support import FakeEncoder

from bot.corpus.essay import parse_essay
from bot.quiz.generation import ItemGenerator

TIDES = """---
title: "Dredge Less, Plan More"
author: "Oona Farrant"
published: 2022
---

Harbour engineers use the term “tide debt” for silt that builds up faster than any dredger can clear it.

Every port on the estuary carries some tide debt, and most of them pay it off badly.

Pilots use the term “slack water” for water that barely moves at the turn of the tide, when dredging is safest.
"""

FERRIES = """---
title: "Keep the Winter Ferry"
author: "Piet Farrant"
published: 2021
---

The winter ferry should run every day, because the island school depends on it.

The island has four hundred residents and one doctor, who crosses twice a week.
"""


def _generated(*texts: tuple[str, str]):
    essays = [parse_essay(text, slug=slug, name=f"{slug}.md") for slug, text in texts]
    return ItemGenerator(essays, FakeEncoder().encode, meaning_max=1.0).generate().generated


def test_a_term_used_for_a_meaning_is_asked_even_when_the_meaning_names_its_head_word():
    terms = [g.item for g in _generated(("tides", TIDES)) if g.kind == "term" and g.item.kind == "short_answer"]
    debt = [i for i in terms if i.answer == "tide debt"]
    assert debt, [(i.prompt, i.answer) for i in terms]
    assert "silt that builds up faster than any dredger can clear it" in debt[0].prompt
    slack = [i for i in terms if i.answer == "slack water"]
    assert slack, [(i.prompt, i.answer) for i in terms]
    assert "water that barely moves at the turn of the tide" in slack[0].prompt
    assert "slack" in slack[0].accepted  # the kind word alone counts


def test_questions_name_authors_who_share_a_surname_in_full():
    prompts = [g.item.prompt for g in _generated(("tides", TIDES), ("ferries", FERRIES))]
    assert prompts and not [p for p in prompts if "Farrant" in p and "Oona Farrant" not in p
                            and "Piet Farrant" not in p], prompts


def test_a_listed_point_is_never_cut_before_the_clause_that_says_who_is_meant():
    """Round 38's one bad item (and round 36's): "Name one of the two objections" keyed "retreat
    is unfair to the people", cut before "who own the land behind the wall"."""
    text = """---
title: "Let the Dunes Move"
author: "Kai Morrow"
published: 2020
---

The council should stop rebuilding the dune fence every winter.

Two objections deserve a direct answer. The first is that moving is unfair to the people who own the huts behind the fence: three families will lose huts they were promised would be protected. The second is that moving sets a precedent: if we let the sand go here, where will it stop?

Both objections are serious, and neither is decisive.
"""
    answers = [a for g in _generated(("dunes", text)) if g.kind == "list" for a in [g.item.answer, *g.item.accepted]]
    assert not [a for a in answers if a.rstrip().endswith("the people")], answers
