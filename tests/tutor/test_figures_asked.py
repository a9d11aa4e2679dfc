"""A question that asks for a figure gets "X gives no … for that" when the essay gives none of the
kind asked, though the passage holds other numbers (tests/sample_essays.py CAUSEWAYS).

FINAL-30 (judged blind): "how much did kiribati pay for it" was answered with the acreage bought,
"sample size?" with a survey's shares, "how many people live in Tuvalu" with another island's
figures, each as if it were the figure asked for; 14 of the set's 37 false answers asked for a
figure the essay does not give."""

from __future__ import annotations

import pytest
from sample_essays import CAUSEWAYS
from tutor_support import upload_fixtures

from bot.tutor.frame import parse
from bot.tutor.quantities import Asked, asked, gives

G, MOD, LEARNER = 7812, 99, 100

core, ask = upload_fixtures({"causeways.md": CAUSEWAYS}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.mark.parametrize("question, kind", [
    ("how much did velmora pay for it", "money"),
    ("what did the land cost?", "money"),
    ("does she put a number on that resettlement cost?", "money"),
    ("what percentage wanted to stay?", "share"),
    ("sample size?", "count"),
    ("how many people live on Skerra", "count"),
    ("when was the land bought", "date"),
    ("what year did they buy it", "date"),
    ("how long would the rebuild take", "duration"),
    ("how much is a ferry ticket to skerra", "money"),  # FINAL-31: "how much is a residents permit"
    ("so roughly 200 vs 60 hrs. whats that in £ per module", "money"),
    ("any actual numbers on this?", "figure"),
    ("what does she mean by a causeway", None),
    ("what happens when the tide comes in", None),  # "when" joining clauses asks no date
    # a paragraph number is a place to cite, not a figure (FINAL-44, judged blind: "the exact
    # definition of 'wet rent', with the paragraph number?" got "Latimer gives no figure for that")
    ("the exact definition of a causeway, with the paragraph number?", None),
    ("does she give a number?", "figure"),
    ("dates pls", "date"),
])
def test_the_kind_of_figure_asked(question, kind):
    found = asked(question)
    assert (found.kind if found else None) == kind


@pytest.mark.parametrize("wanted, sentence, expected", [
    (Asked("money"), "the council bought about 900 hectares of farmland", False),
    (Asked("money"), "would cost about £40 million over ten years", True),
    (Asked("share"), "roughly three in four wanted to stay", True),
    (Asked("share"), "a survey of island households by the regional planning office", False),
    (Asked("count", ("sample",)), "roughly three in four wanted to stay, and only one in ten would move", False),
    (Asked("count", ("sample",)), "a survey of 1,200 households found", True),
    (Asked("count", ("sample",)), "a rule that requires a fixed number of spaces", False),
    (Asked("count", ("people",)), "moving the island's 3,200 residents", True),
    (Asked("count", ("people",)), "about 900 hectares of farmland", False),
    # people counted as visitors or attendance (FINAL-42, judged blind: "how many people before and
    # after?" was told no number is given over "attendance climb from around one million a year")
    (Asked("count", ("people",)), "saw attendance climb from around one million a year to two million", True),
    (Asked("count", ("people",)), "night buses carried 40,000 passengers a week", True),
    (Asked("count", ("people",)), "the museum charged five pounds in 2001", False),
    (Asked("date"), "In 2016 the council bought land", True),
    (Asked("date"), "the council bought land", False),
    (Asked("duration"), "over ten years", True),
    (Asked("figure"), "In 2016 the council bought land", False),  # a year alone is no figure
])
def test_a_sentence_gives_the_figure_only_of_the_kind_asked(wanted, sentence, expected):
    assert gives(wanted, sentence) is expected


@pytest.mark.parametrize("question, lead", [
    ("how much did Velmora pay for the mainland farmland?", "Mwangi-Castellanos gives no sum of money for that"),
    ("the island survey in the causeways essay, what was the sample size?",
     "Mwangi-Castellanos doesn't give that number"),
    ("how many people live on Skerra?", "Mwangi-Castellanos doesn't give that number"),
])
async def test_a_figure_the_essay_does_not_give_is_said_to_be_missing(ask, question, lead):
    a = await ask(question)
    assert a.answer.startswith(lead), a.answer[:300]


@pytest.mark.parametrize("question", [
    "how much would rebuilding the Velmora causeway cost?",
    "how many residents would have to move from Velmora?",
    "what share of island households wanted to stay?",
])
async def test_a_figure_the_essay_gives_is_quoted_without_that_lead(ask, question):
    a = await ask(question)
    assert "gives no" not in a.answer and "doesn't give" not in a.answer, a.answer[:300]
    assert a.citations, a.answer[:300]


async def test_names_with_inner_capitals_or_accents_are_found_as_written(ask):
    """"HarperCollins" was looked up as "Harper" and said never to be mentioned; "Hulhumalé" was cut
    at its accent, "corrected" to "Hulhumaleé" and refused (para_dev; FINAL-30, judged blind)."""
    for question in ("What does the causeways essay say about MacAllister Shipping?", "Porthalé in the causeways essay?"):
        a = await ask(question)
        assert not a.abstained and a.citations and a.citations[0].paragraph == 5, (question, a.answer[:300])
        assert "searched for" not in a.answer and "never mention" not in a.answer, a.answer[:300]


async def test_words_for_the_kind_of_passage_are_not_its_topic(core, ask):
    """"her justice argument, short version" and "the nurse who cycles line, where is it" were refused:
    "argument" and "line" counted as words the passage had to hold, and pulled the search to paragraphs
    that say "my argument" (para_dev)."""
    for question, paragraph in (("her belonging argument, short version", 6),
                                ("the twice a day ferry line, where is it", 5)):
        a = await ask(question)
        assert not a.abstained and a.citations and a.citations[0].paragraph == paragraph, (question, a.answer[:300])
    scope = await core.tutor.scopes.get(core.library.essays_for(G))
    assert parse("her belonging argument, short version", scope, None, None).query == "her belonging"
    slug = next(e.slug for e in scope.essays if "causeways" in e.slug)
    assert scope.coverage("the belonging argument", [(slug, 6)]) == 1.0


async def test_a_question_about_the_named_essay_itself_is_answered_not_refused(ask):
    """"exams essay (achterberg). strongest claim in one line?", "Rana, core claim in 1 sentence + para":
    refused as "X's essay doesn't discuss that. The other essays here don't either." (98 false refusals
    against 26 right ones over FINAL-20..31, judged blind). With nothing but words about the essay
    left, its argument in short answers; a word the essay never uses is still refused."""
    a = await ask("causeways essay. strongest claim in one line?")
    assert not a.abstained and a.citations and a.citations[0].paragraph == 1, a.answer[:300]
    refused = await ask("does the causeways essay talk about wind turbines?")
    assert refused.abstained and not refused.citations, refused.answer[:300]


async def test_a_place_in_the_learners_own_sentence_is_no_topic(ask):
    """"warm spaces, what is that? we don't have winter in Ghana haha" was refused: "The essays never
    mention Ghana" (FINAL-28, judged blind). A place the learner names in a sentence about themselves
    that asks nothing is their context; named in the sentence that asks, it is the question's."""
    a = await ask("Porthalé, where is that? we have nothing like it in Ghana lol")
    assert not a.abstained and a.citations and a.citations[0].paragraph == 5, a.answer[:300]
    # (still told the place is not in the essay, on the rest of the question: FINAL-32's paired judges)
    assert a.answer.startswith("Mwangi-Castellanos's essay never mentions Ghana. On the rest of your question"), \
        a.answer[:200]
    asked = await ask("does the causeways essay mention Ghana? in Ghana we have no causeways")
    assert "never mentions Ghana" in asked.answer, asked.answer[:300]
