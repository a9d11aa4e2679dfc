"""Two essays by authors with one surname (tests/sample_essays.py PELLOW_DOCKS by Nora Pellow and
PELLOW_HIVES by Tessa Pellow). FINAL-50, judged blind: "Vandermeulen" named whichever of two
essays came first, so questions on the sea-wall essay were answered from the leaf-blower one, and
"is this the same Vandermeulen?" got a cost figure. The surname names both essays; the question's
own subject words, or else the essay the conversation is reading, decide which; answers name the
author in full; whether two bylines are one person is answered from front matter."""

from __future__ import annotations

import pytest
from sample_essays import PELLOW_DOCKS, PELLOW_HIVES
from tutor_support import upload_fixtures

from bot.corpus.authors import display_names
from bot.corpus.essay import parse_essay
from bot.tutor.scope import EssayNames

G, MOD, LEARNER = 7641, 93, 94
DOCKS, HIVES = "pellow-docks", "pellow-hives"

core, ask = upload_fixtures({f"{DOCKS}.md": PELLOW_DOCKS, f"{HIVES}.md": PELLOW_HIVES}, guild=G, moderator=MOD,
                            learner=LEARNER)


def _essays():
    return [parse_essay(PELLOW_DOCKS, slug=DOCKS), parse_essay(PELLOW_HIVES, slug=HIVES)]


def test_a_shared_surname_names_both_essays_unless_the_question_says_which():
    names = EssayNames(_essays())
    assert names.named("what does pellow say about the beehives on the roof") == [HIVES]
    assert names.named("what does pellow say about the dry dock") == [DOCKS]
    assert sorted(names.named("what does pellow argue")) == [DOCKS, HIVES]
    assert names.named("what does nora pellow argue") == [DOCKS]  # the full name is one essay


def test_answers_name_authors_who_share_a_surname_in_full():
    assert display_names(_essays()) == {DOCKS: "Nora Pellow", HIVES: "Tessa Pellow"}
    assert display_names(_essays()[:1]) == {DOCKS: "Pellow"}


def _slug(core, author: str) -> str:
    return next(e.slug for e in core.library.essays_for(G) if e.author == author)


@pytest.mark.parametrize("author, opening, other_word", [
    ("Nora Pellow", "in the dry dock essay, what should the council do?", "allergy"),
    ("Tessa Pellow", "in the bees essay, what should schools do?", "wooden boats"),
])
async def test_the_conversations_essay_settles_a_shared_surname(core, ask, author, opening, other_word):
    # (both essays: before, the surname always meant the one that came first)
    slug = _slug(core, author)
    first = await ask(opening)
    assert {c.essay for c in first.citations} == {slug}
    again = await ask("and what is the strongest objection pellow answers?")
    assert {c.essay for c in again.citations} == {slug}
    assert author in again.answer and other_word not in again.answer


async def test_whether_two_bylines_are_one_person_comes_from_front_matter(ask):
    a = await ask("is this the same pellow as the one who wrote the bees essay?")
    first = a.answer.split("\n")[0]
    assert first.startswith("Their bylines name different people, ") and "Nora Pellow" in first and "Tessa Pellow" in first
    assert "is by Tessa Pellow (The Garden Review, 2023-06-11)" in a.answer


async def test_figures_asked_in_numbers_are_the_essays_figures_with_the_whole_comparison(ask):
    a = await ask("dry dock essay: give me the cost comparison in actual numbers")
    assert a.lead == "The figures Nora Pellow gives, in reading order:"
    quoted = " ".join(c.quote for c in a.citations)
    assert "£8.2 million" in quoted and "£3.1 million" in quoted
