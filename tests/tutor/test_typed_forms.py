"""Names and terms as learners type them: without accents, in another word form, or with the essay named after them. Each once gave "the essays never mention …" or an odd topic
echo over something the essay holds (FINAL-20, judged blind). The essay is made up for the tests."""

from __future__ import annotations

import pytest
from tutor_support import upload_fixtures

from bot.tutor.vocabulary import Vocabulary

G, MOD, LEARNER = 7633, 91, 92

HARBOURS = """---
title: "Tides at the Door: Why Small Harbours Should Raise Their Quays"
author: "Ines Valcourt"
published: 2021-04-02
---

Small harbour towns should raise their quays before they plan to leave them. That is the argument of
this essay, and it rests on what raised quays have already done for towns that tried them.

The plainest case is Tórshavnér, a fishing town that raised its quay by a metre in 2009. It now lands
more fish than it did before the works, and its boatyards have reopened.

Relocation that has already happened bears this out. Families from the Merrow Islands were moved inland
in the 1990s, and researchers found land disputes with their hosts and a slow return of people to the
islands they had left.

Harbour crews spend hours on what sailors call kedging: hauling a boat forward on its own anchor when the
wind fails. Where quays are too low, kedging at high tide becomes the only way in.

The harbour board lost the election of 2019 over the quay plan, and won the next one. The cost of a raised quay is real, but it is smaller than the cost of moving a town, and a town that
moves loses its fishing grounds with its houses.
"""

core, ask = upload_fixtures({"harbours.md": HARBOURS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_name_typed_without_its_accent_is_the_essays_name(ask):
    a = await ask("Torshavner is where? is real place?")
    assert not a.abstained and "never mention" not in a.answer
    assert a.citations and a.citations[0].paragraph == 2
    assert "searched for" not in a.answer  # no "correction" to a truncated "Tórshavn" either


async def test_a_name_typed_with_its_accent_or_misspelt_is_the_essays_name(ask):
    """Typed as the essay writes it, "Hulhumalé" was cut at its accent and "corrected" to "Hulhumaleé";
    a misspelt author's name typed mid-sentence ("what does Penhalligon mean by …") was kept as typed
    and refused as never mentioned (FINAL-30, judged blind; para_dev)."""
    a = await ask("so what happened in Tórshavnér?")
    assert not a.abstained and "searched for" not in a.answer, a.answer[:200]
    assert a.citations and a.citations[0].paragraph == 2
    b = await ask("what does Valcort mean by kedging")
    assert not b.abstained and "never mention" not in b.answer, b.answer[:200]
    assert any(c.paragraph == 4 for c in b.citations), b.answer[:300]


async def test_the_learners_own_name_is_no_thing_to_look_up(ask):
    """"Hello, good evening. My name is Mostafa, I am from Egypt …" was told "Valoa-Kingsley's essay never
    mentions Mostafa" (FINAL-32, judged blind)."""
    a = await ask("Hello! My name is Tiberiu and I'm new to the group. What does Valcourt mean by kedging?")
    assert "Tiberiu" not in a.answer and any(c.paragraph == 4 for c in a.citations), a.answer[:300]


def test_the_vocabulary_reads_accented_words_whole():
    from bot.corpus.essay import parse_essay
    vocabulary = Vocabulary([parse_essay(HARBOURS, slug="harbours")])
    assert "torshavner" in vocabulary and vocabulary.correct("what about Torshavner").changes == ()


async def test_a_name_in_another_word_form_is_mentioned(ask):
    a = await ask("What happened to the Merrow Islanders, and why does it matter to her argument?")
    assert "never mention" not in a.answer
    assert any(c.paragraph == 3 for c in a.citations)


async def test_a_term_asked_in_a_named_essay_is_the_term(ask):
    a = await ask("what is boatyards in valcourt essay? i think boatyards is where yachts race lol")
    assert not a.abstained and any(c.paragraph == 2 for c in a.citations)
    assert "“boatyards”" in a.answer and "in essay" not in a.answer  # the term, not "boatyards in essay"


@pytest.mark.parametrize("question, missing", [
    ("valcourt essay talk about electric ferries?", "electric ferries"),  # "electric" is not "election"
    ("anything on submarines in valcourt", "submarines"),
])
async def test_what_the_essay_never_mentions_is_said_plainly(ask, question, missing):
    """FINAL-20 (judged blind): "parking essay talk about electric car and charging?" and "anything on
    nukes in rana" got quotes as if covered ("electric" counted as a form of "election"; "anything on
    X" was not read as asking whether the essay covers X)."""
    a = await ask(question)
    assert f"never mentions {missing}" in a.answer, a.answer[:200]


async def test_a_mention_asked_about_and_quoted_is_a_yes(ask):
    """FINAL-21 (judged blind): "does rana say anything about healthcare?" with ¶44's "universal
    access to healthcare" quoted was led "Not in so many words", a false lead."""
    a = await ask("does valcourt say anything about boatyards?")
    assert a.answer.startswith("Yes — Valcourt mentions it:"), a.answer[:120]
    assert any(c.paragraph == 2 for c in a.citations)


async def test_why_about_a_word_of_the_passage_just_shown_stays_on_it(ask):
    """FINAL-21 (judged blind): "and why does he bring up bosnia" right after the Bosnia passage was
    answered from the next paragraph: a bare "why?" wants what was not shown, a "why" naming a word
    of the passage shown is about that passage."""
    first = await ask("what happened in Torshavner after it raised its quay in 2009?")
    assert any(c.paragraph == 2 for c in first.citations)
    why = await ask("and why does she bring up the boatyards")
    assert why.followup == "more" and any(c.paragraph == 2 for c in why.citations), why.answer[:200]
