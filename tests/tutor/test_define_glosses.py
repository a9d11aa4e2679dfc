"""Terms an essay glosses without a defining verb are not said to be "used without defining it",
and the glossing sentence is the one quoted (bot.tutor.handlers.define), on an essay made up for
the tests (tests/sample_essays.py TERPS). FINAL-27/28, judged blind: "fenua" (four turns), "non-
reformist reforms" (five) and "roads and sewers" were each introduced as undefined."""

from __future__ import annotations

import pytest
from sample_essays import TERPS
from tutor_support import upload_fixtures

from bot.tutor.handlers.define import defines

G, MOD, LEARNER = 7821, 101, 102

core, ask = upload_fixtures({"terps.md": TERPS}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.mark.parametrize("question, sentence_start", [
    ("whats terpwerk", "In the Frisian idea of *terpwerk*"),
    ("what are slow-earth works", "Much more needs to be done"),
    ("what does she mean by tide tables", "The mound is old-fashioned"),
])
async def test_a_glossed_term_is_quoted_where_it_is_glossed_and_not_called_undefined(ask, question, sentence_start):
    a = await ask(question)
    assert "without defining it" not in a.answer, a.answer
    assert a.citations and a.citations[0].quote.startswith(sentence_start), a.answer


async def test_a_term_used_without_a_gloss_is_still_said_to_be_undefined(ask):
    a = await ask("what is a surveyor")
    assert a.answer.startswith("Haanstra-Obi uses “surveyor” without defining it"), a.answer


def test_the_gloss_forms_and_their_limits():
    assert defines("In the Frisian idea of terpwerk, the mound and the village are one thing.", "terpwerk")
    assert defines("the kinds of patient, or “slow-earth,” works that would last", "slow-earth works")
    assert defines("old-fashioned in the way tide tables are old-fashioned: it works", "tide tables")
    # a colon far from the term, and "or" with no word before it, are no gloss
    assert not defines("Tide tables were printed weekly in the harbour office of the town: nobody read them.",
                       "tide tables")
    assert not defines("Or slow-earth works might fail.", "slow-earth works")


def test_one_recogniser_of_definition_forms_serves_the_tutor_and_the_generator():
    """`bot.corpus.definitions` is read by both (FINAL-50, judged blind: "Economists use the term
    “captive demand” for demand that barely falls …" was said to be used "without defining it")."""
    from bot.corpus.definitions import definitions_in
    from bot.quiz.generation.defined import PATTERNS

    sentence = "Surveyors use the term “tide debt” for silt that builds up faster than any dredger can clear it."
    assert [term for _, term, _ in definitions_in(sentence)] == ["tide debt"]
    assert any(pattern.search(sentence) for _, pattern in PATTERNS)  # the generator reads the same patterns
    assert defines(sentence, "tide debt") and defines(sentence, "Tide debt's")
    assert not defines(sentence, "silt")  # the definition's words are not the term
    # a form only the generator knew before: the genus after "is one whose"
    assert defines("A tide-bound berth is one whose keel touches the mud at every low water.", "tide-bound berth")


def test_a_term_that_opens_its_sentence_or_an_apposition_that_glosses_it():
    """Two forms s23's first run found undefined (judged blind): "Managed retreat, also called
    managed realignment, means deliberately moving …" and "… in tipping fees, the charge a landfill
    levies for each ton dumped."; neither a consequence ("This means …") nor a clause about
    something else ("the bill, the rate of which …") is a definition."""
    from bot.corpus.definitions import definitions_in

    opens = "Tide banking, also called silt farming, means letting the river drop its mud on a field on purpose."
    assert [term for _, term, _ in definitions_in(opens)] == ["Tide banking"]
    assert defines(opens, "tide banking")
    glossed = "The harbour paid £40,000 last year in berth dues, the charge a port levies for each night moored."
    assert [term for _, term, _ in definitions_in(glossed)] == ["berth dues"]
    assert defines(glossed, "berth dues")
    for sentence in ("This means that the harbour loses money every winter.",
                     "He paid the bill, the rate of which was high.",
                     "We sailed to Bergen, the city of rain and fish markets."):
        assert definitions_in(sentence) == [], sentence
