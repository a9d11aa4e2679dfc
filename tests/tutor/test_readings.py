"""A learner's reading checked against the essay's words (bot.tutor.readings), on an essay made up
for the tests (tests/sample_essays.py ORCHARDS).

The lead says only what comparing the reading's words with the essay's shows: a word of strength
the essay never uses about this, or denies in so many words; two figures the essay never pairs; or,
for a reading the essay states nearly word for word, yes. A reading that says what the essay says
gets no false "not quite"; a question that is no reading gets no verdict. (Also here, on the same
essay: a year the essay writes in words is no year it "never mentions"; a source the essay leaves
unnamed is said to be unnamed.)"""

from __future__ import annotations

import pytest
from sample_essays import ORCHARDS
from tutor_support import upload_fixtures

from bot.tutor.readings import alternative, reading_of, stated_reading

G, MOD, LEARNER = 7701, 95, 96

core, ask = upload_fixtures({"orchards.md": ORCHARDS}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.mark.parametrize("question, reading", [
    ("is it true brannigan-oduya wants to ban mown grass?", "brannigan-oduya wants to ban mown grass"),
    ("so the orchards essay says orchards are completely free, right?", "the orchards essay says orchards are "
                                                                        "completely free"),
    ("my friend says the essay wants every verge planted. who's right", "the essay wants every verge planted"),
    ("me n sam arguing. sam says the author thinks volunteers are enough. i said no", "the author thinks "
                                                                                     "volunteers are enough"),
    ("did she really write that volunteers drift away after the first year",
     "volunteers drift away after the first year"),
    ("so it means the trees need watering in the first summers?", "the trees need watering in the first summers"),
    # a lead-in before the check, and a reading given in quotation marks (FINAL-25, FINAL-26)
    ("orchards essay — is it correct that volunteers are enough?", "volunteers are enough"),
    ("my resumen: 'Brannigan-Oduya wants to plant every verge'. correct?", "Brannigan-Oduya wants to plant every verge"),
    # a second-language "is true that …" (FINAL-26)
    ("is true that Brannigan-Oduya pretend to plant every verge?", "Brannigan-Oduya pretend to plant every verge"),
])
def test_a_reading_put_to_the_tutor_is_found_in_its_usual_forms(question, reading):
    assert reading_of(question) == reading


@pytest.mark.parametrize("question", [
    "what does she say about mown grass?",  # a question, not a reading
    "does she say how much a gardener costs?",  # "how much": a question of its own
    "can councils plant trees or not?",  # a choice asked
    "was the orchard a success or a failure?",
    "she says 12%? of what",  # too short to be a reading
    "ok, and she said volunteers drift away. What were they again?",  # a reading, then a question of its own
    "ok i think i get it. thanks",  # the learner's own state, no reading
    # FINAL-24, judged blind: a wh-question after a comma, its "said" taken for a reading
    "In this survey, how many percent said yes and how many said no? I want the numbers",
])
def test_questions_that_state_no_reading_have_none(question):
    assert reading_of(question) == ""


def test_only_stated_readings_replace_the_topic_and_choices_are_alternatives():
    assert stated_reading("is it true that volunteers keep the trees alive") == "volunteers keep the trees alive"
    assert stated_reading("so it means the trees need watering?") == ""  # restates the last answer
    assert stated_reading("lol so thats a gap right") == ""  # points at the last answer
    assert alternative("is it good or bad?") and not alternative("is it good for towns?")


async def test_a_strength_word_the_essay_denies_is_answered_no_from_its_words(ask):
    a = await ask("is it true brannigan-oduya wants to ban mown grass?")
    assert a.lead == "No — Brannigan-Oduya says otherwise (¶1): “It is not a ban on mown grass”."


async def test_a_hedge_denied_in_a_later_paragraph_is_a_no(ask):
    a = await ask("so the orchards essay says orchards are completely free, right?")
    assert a.lead.startswith("No — Brannigan-Oduya says otherwise (¶4): “The lesson is not that orchards are free")


async def test_a_strength_word_the_essay_never_uses_is_named(ask):
    a = await ask("someone in our group says volunteers always keep the young trees alive. true?")
    assert a.lead.startswith("No, not as strongly as that: Brannigan-Oduya never says “always keep")
    b = await ask("so basically she thinks mown verges should go, is that right?")  # "should go" is "abolish"
    assert b.lead.startswith("No, not as strongly as that: Brannigan-Oduya never says “should go")


async def test_figures_the_essay_never_pairs_are_corrected_with_its_own(ask):
    a = await ask("is it correct that 12 of 300 households pick fruit every autumn?")
    assert a.lead == "Not quite: Brannigan-Oduya's figure is “12 of those 40” (¶2)."
    b = await ask("the children scored 6% higher on the nature quiz, right?")
    assert b.lead == "Not quite: Brannigan-Oduya's figure is “six percentage points higher” (¶2)."


async def test_a_reading_the_essay_states_is_a_yes_and_never_a_not_quite(ask):
    a = await ask("did she really write that a young tree needs watering in its first two summers?")
    assert a.lead == "Yes — Brannigan-Oduya says so (¶3):"
    b = await ask("is it correct that councils would plant where residents ask for trees?")
    assert not b.lead.startswith(("No —", "Not as strongly", "Not quite"))



async def test_an_intensifier_over_the_essays_own_figures_is_no_overstatement(ask):
    # "far more" glosses "nine in ten … almost half" fairly: only a hedge in the essay ("modest",
    # "limited") makes "way more" an overstatement
    a = await ask("so basically gardeners keep way more trees alive than volunteers, right?")
    assert not a.lead.startswith("Not as strongly")
    b = await ask("is it true the evidence for the benefits is way stronger than people think?")
    assert b.lead.startswith("No, not as strongly as that: Brannigan-Oduya never says “way stronger")


async def test_a_year_the_essay_writes_in_words_is_not_never_mentioned(ask):
    # FINAL-23, judged blind: "the amazon 1984 deletion - year?" was told the essays never mention
    # 1984, where the essay names Orwell's "Nineteen Eighty-Four"
    a = await ask("the ring road scheme from 1984, does it still have volunteers?")
    assert "never mention" not in a.answer
    assert any(c.paragraph == 3 for c in a.citations)
    b = await ask("what did the orchard scheme from 1991 do?")
    assert b.answer.startswith("Brannigan-Oduya's essay never mentions 1991")


async def test_a_source_the_essay_leaves_unnamed_is_said_to_be_unnamed(ask):
    # FINAL-23, judged blind: "which university though. does she name it" and "which medical
    # school? need it for the footnote" were answered with quotes, never "she doesn't name it"
    await ask("what did the 2021 survey of households near new orchards find?")
    a = await ask("which survey was it? i need the name for my references")
    assert a.lead == "Brannigan-Oduya doesn't name the survey: ¶2 says only “a 2021 survey”."
    await ask("who does the pruning of the orchards?")
    b = await ask("which charity is that?")
    assert "doesn't name" not in b.answer  # "the Kettleby Orchard Trust, a charity …": named


def test_what_which_asks_is_a_source_only_when_it_names_a_kind_of_thing():
    from bot.tutor.unnamed import asked_source, unnamed_phrase

    assert asked_source("which medical school? need it for the footnote") == "school"
    assert asked_source("does she name the university") == "university"
    assert asked_source("which paragraph is that?") == "" and asked_source("what year was it") == ""
    assert unnamed_phrase("university", ["In a 2023 audit at one mid-sized English university, 14 failed."]) == \
        "one mid-sized English university"
    assert unnamed_phrase("university", ["Kench and colleagues at the University of Auckland found it."]) is None
    # an indefinite word governing another noun is no unnamed source ("a year that rich countries …")
    assert unnamed_phrase("countries", ["It is small next to the 100 billion dollars a year that rich countries "
                                        "promised."]) is None
    assert asked_source("what problems does she say the plan would have") == ""  # content, not a source
    assert asked_source("where does she say the audit only shows a direction") == ""  # says, not names


def test_one_word_of_judgement_the_sentence_lacks_is_no_yes():
    """"the Danish oral system is bad" held most of its weight in "… made the Danish system
    credible" ("bad" is a common word, so it weighs little) and got "Yes" (FINAL-24, judged blind,
    paired): a yes needs every word of the reading."""
    from bot.corpus.essay import parse_essay
    from bot.tutor.readings import check
    from bot.tutor.scopes import stems

    essay = parse_essay(ORCHARDS, slug="orchards", name="orchards.md")

    def weights(text):  # "bad" common, the rest rare: as in a scope of several essays
        return {t: (0.1 if t == "bad" else 1.0) for t in stems(text)}

    yes = check("a young tree needs watering in its first two summers", [essay], weights)
    assert yes is not None and yes.kind == "yes" and yes.paragraph == 3
    assert yes.shown.startswith("A young tree needs watering in its first two summers")  # the sentence that holds it
    assert check("a young tree needs watering in its first two summers is bad", [essay], weights) is None


def test_a_strength_word_the_reading_itself_denies_is_not_held_against_it():
    """"so 30% of traffic in congested areas, not 30% of all traffic?" is the essay's own reading:
    its "all" is denied across a figure, and the tutor answered "Not as strongly as that: Marchbank
    never says “all traffic”" (FINAL-25, judged blind, paired)."""
    from bot.corpus.essay import parse_essay
    from bot.tutor.readings import check
    from bot.tutor.scopes import stems

    essay = parse_essay(ORCHARDS, slug="orchards", name="orchards.md")

    def weights(text):
        return {t: 1.0 for t in stems(text)}

    found = check("councils kept nine in ten trees alive, not 90% of all trees", [essay], weights)
    assert found is None or found.kind != "stronger"


def test_figures_are_whole_numbers_and_number_words_never_parts_of_words():
    from bot.tutor.readings import _numbers

    assert _numbers("they often go, and frequently") == set()  # "often" holds no "ten"
    assert _numbers("14 of those 60, eight points, 2,100 students") == {14.0, 60.0, 8.0, 2100.0}


def test_thinking_about_a_problem_is_no_reading_to_check():
    """"If hospital lose the parking money, I worry they will cut nurse or something. Writer think
    about this problem?" asks whether the author considers it; read as a reported reading, its topic
    was "about this problem" and the answer an unrelated objection (s23's first run, judged blind)."""
    from bot.tutor.readings import stated_reading

    assert stated_reading("If the ferry stops, I worry the island shop will close. Writer think about this problem?") == ""
    assert stated_reading("does the author think of the cost?") == ""
    assert stated_reading("my friend thinks the essay wants to ban ferries, is that right?")


def test_a_study_identified_by_who_published_it_is_named():
    """"Which study is this?" of "a three-year study of 9,400 students …, published by the Harwell
    Institute in 2019" was answered "doesn't name the study" (s23's first run, judged blind)."""
    from bot.tutor.unnamed import unnamed_phrase

    assert unnamed_phrase("study", ["The best evidence comes from a three-year study of 2,000 pupils in twelve towns, "
                                    "published by the Marlow Institute in 2019."]) is None
    assert unnamed_phrase("study", ["In a 2019 study of 2,000 pupils, grades rose."]) == "a 2019 study"
