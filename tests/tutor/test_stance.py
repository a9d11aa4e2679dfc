"""For or against (bot.tutor.stance, through bot.tutor.readings), on an essay made up for the tests
(tests/sample_essays.py QUAYS).

A learner attributes a stance to the author ("she thinks X is a failure", "is she against X?",
"does she support X or not?"). The lead says what the author's own stance words show about X: the
opposite ("No"), both ("Partly"), or the same ("Yes"). Someone else's stance (a verb whose subject
is another, a view the essay reports) and an adjective inside a noun phrase give no verdict."""

from __future__ import annotations

from sample_essays import QUAYS
from tutor_support import upload_fixtures

from bot.tutor.readings import reading_of
from bot.tutor.scopes import stems
from bot.tutor.stance import anchors, reading_stance, stances

G, MOD, LEARNER = 7801, 97, 98

core, ask = upload_fixtures({"quays.md": QUAYS}, guild=G, moderator=MOD, learner=LEARNER)

_VERDICT = ("Yes", "No", "Partly")


def _held(text: str) -> frozenset[str]:
    return frozenset(stems(text))


def test_a_stance_put_as_a_question_is_a_reading_to_check():
    assert reading_of("is she against motorists?") == "she against motorists"
    assert reading_of("does she support private operators or not? i cant tell") == "she support private operators"
    assert reading_of("so the author is against water buses?") == "the author is against water buses"
    # a wh-question, a choice between two stances, and no stance at all are not
    assert reading_of("what is she against?") == ""
    # a wh-question after a stated view asks where or what, not whether (FINAL-28: "he said the
    # pandemic response was part of the failures, where?" got a "Yes" over another paragraph)
    assert reading_of("she said the timetable was a failure, where?") == ""
    # a question word a word in, and a stance word deep inside what is asked about (FINAL-27:
    # "Does she give actual numbers … beyond which it is not worth defending?" got a "Yes")
    assert reading_of("At what point does she think the quays should be defended? Any criteria?") == ""
    assert reading_of("does she give figures for a cost beyond which buses are not worth running?") == ""
    assert reading_of("is the water taxi a success or a failure?") == ""
    assert reading_of("is the ferry crossing fast?") == ""


def test_the_reading_takes_one_stance_or_none():
    assert reading_stance("the taxi is a failure") == (True, "the taxi is a  ")
    assert reading_stance("she is not against motorists")[0] is False  # denied: for
    assert reading_stance("good for commuters, bad for motorists") is None


def test_only_the_authors_own_stance_words_count():
    sentences = [("q", 1, "The harbour board rejected the first timetable in 2019."),
                 ("q", 2, "Critics such as Gareth Pell argue that water buses are a waste of public money."),
                 ("q", 3, "A consultancy picture of the quay has a good café, a souvenir stall and a car park."),
                 ("q", 4, "Harbour towns should reject the timetable."),
                 ("q", 5, "The timetable is a failure.")]
    found = stances(sentences, {"timet": 3.0, "café": 3.0, "bus": 3.0}, _held, lambda stem: True)
    assert [(s.paragraph, s.against) for s in found] == [(4, True), (5, True)]


def test_a_word_too_common_in_the_scope_anchors_no_stance():
    assert anchors(2, 5) and anchors(10, 120) and not anchors(13, 120)
    found = stances([("q", 1, "The timetable is a failure.")], {"timet": 3.0}, _held, lambda stem: False)
    assert found == []


async def test_the_opposite_stance_in_the_authors_words_is_a_no(ask):
    a = await ask("she thinks the Rotterdam water taxi is a failure, correct?")
    assert a.lead == ("No — Achebe-Lindqvist says otherwise (¶2): “The Rotterdam water taxi is a real achievement, "
                      "carrying commuters across the Maas every few minutes”.")
    b = await ask("is the author against motorists and cars?")
    assert b.lead == "No — Achebe-Lindqvist says otherwise (¶3): “Nothing here requires hostility to motorists”."


async def test_a_stance_taken_both_ways_is_partly(ask):
    a = await ask("does she support private operators or not?")
    assert a.lead == ("Partly — Achebe-Lindqvist says “Private operators are worth having” (¶3), but also “They are "
                      "not worth having on terms that let them cancel the winter sailings” (¶3).")


async def test_someone_elses_stance_gives_no_verdict(ask):
    # the board rejected the timetable, a columnist calls the buses a waste, the café is "good" in
    # a consultancy's picture: none of them is the author's stance
    for question in ("is she against the first timetable?", "so she thinks the souvenir café is good?"):
        a = await ask(question)
        assert not a.lead.startswith(_VERDICT), (question, a.lead)
