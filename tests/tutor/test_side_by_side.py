"""Side by side with more essays than fit, and "compare" inside one essay (made-up essays).

A side-by-side has room for four essays. With five in view it shows the four with a sentence
closest to the question and names the one it left out, instead of the first four in the list
(a blind run's table of "the pilot in each essay" lost two essays without a word). A question
that compares two things inside one essay ("how does the trial's cost compare with the night
bus?") is no side-by-side of essays.
"""

from __future__ import annotations

from tutor_support import upload_fixtures

G, MOD, LEARNER = 7402, 83, 84


def _essay(title: str, author: str, paragraphs: list[str]) -> str:
    body = "\n\n".join(paragraphs)
    return f'---\ntitle: "{title}"\nauthor: "{author}"\npublished: 2022\n---\n\n# {title}\n\n{body}\n'


UPLOADS = {
    "bakeries.md": _essay("Let Bakeries Open at Dawn", "Ines Farrow", [
        "Town rules forbid bakeries to open before seven, and early workers go without fresh bread.",
        "A pilot in Dunmere let four bakeries open at five. Sales of bread rose by a third, and shift workers "
        "said the early loaf was the reason they walked into town rather than driving to the motorway services.",
        "Critics say noise will wake the neighbours. The pilot logged two complaints in a year."]),
    "tides.md": _essay("Measure the Tides Again", "Olek Brandt", [
        "Harbour tide tables are printed from gauges installed decades ago, and several have drifted.",
        "When the Selby gauge was checked against a new sensor, it read high tide eleven minutes late.",
        "Boat owners rely on these tables, and a late table strands keels in the mud."]),
    "trains.md": _essay("Night Trains Deserve a Timetable", "Mara Quist", [
        "Sleeper trains run on timetables nobody can find, published weeks late and changed without notice.",
        "A trial on the northern line printed the sleeper timetable a season ahead. Bookings for the night "
        "train doubled within a year, and cancellations fell by half. Two groups gained most: nurses on night "
        "shifts and students going home.",
        "Operators say the paths are not fixed so early. The trial shows a season ahead is enough.",
        "Sleeper passengers are a loyal group, and ticket prices fell that year. It would be wrong to read too much "
        "into one line, and a trial across the whole network would tell us far more."]),
    "chess.md": _essay("Chess Belongs in the Park", "Teo Varnum", [
        "Public chess tables draw strangers into conversation more than any bench does.",
        "Cities should build chess tables in every large park and leave the pieces chained to them.",
        "The objection is vandalism; tables with chained pieces lose few of them."]),
}


core, ask = upload_fixtures(UPLOADS, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_side_by_side_of_five_essays_keeps_the_closest_and_names_the_one_left_out(ask):
    a = await ask("how do the essays compare on pilots and trials: what did each trial find?")
    assert a.kind == "comparison"
    cited = {c.essay for c in a.citations}
    # the two essays whose trials the question is about are shown, whatever their place in the list
    assert {"let-bakeries-open-at-dawn", "night-trains-deserve-a-timetable"} <= cited
    assert a.answer.count("**") == 2 * 4  # four essays' headings, of five
    left = a.answer.split("Left out for room, as less close to this question:", 1)[1]
    surnames = {"Farrow", "Brandt", "Quist", "Varnum", "Harbour"}
    assert [name for name in surnames if name in left] == ["Harbour"]  # the one not shown, by name
    # an essay judged only by meaning is never said to be silent: "no passage of X takes it up" was
    # false in most such lines of five blind runs
    assert "no passage of" not in a.answer.lower() and "takes this up" not in a.answer


async def test_compare_inside_one_essay_is_not_a_side_by_side_of_essays(ask):
    a = await ask("how did bread sales in the pilot compare with before?")
    assert a.kind != "comparison"
    assert {c.essay for c in a.citations} == {"let-bakeries-open-at-dawn"}
    assert "rose by a third" in " ".join(c.quote for c in a.citations)


async def test_an_unscoped_question_is_answered_from_the_one_essay_that_names_its_place(ask):
    # Only Farrow's essay names Dunmere: a list (or any other) answer comes from it, not from an
    # essay with a closer-sounding list of results.
    a = await ask("which two groups gained most in Dunmere?")
    assert {c.essay for c in a.citations} == {"let-bakeries-open-at-dawn"}
    b = await ask("what did the Selby check show?")
    assert {c.essay for c in b.citations} == {"measure-the-tides-again"}


async def test_what_were_the_results_in_a_named_town_is_no_definition_of_the_town(ask):
    # "what were … in Dunmere" asks about the pilot's results, not who or what Dunmere is
    a = await ask("what were the actual results of the pilot in Dunmere? numbers please")
    assert a.kind != "definition"
    assert "rose by a third" in " ".join(c.quote for c in a.citations)


async def test_the_limits_of_an_essays_evidence_are_what_it_grants_not_the_evidence_again(ask):
    # "limits of the evidence" asks what the author concedes about it; the trial's results are
    # what the learner already has
    for question in ("what does Quist herself say about the limits of the trial evidence?",
                     "what are the weak points in Quist's evidence?"):
        a = await ask(question)
        text = " ".join(c.quote for c in a.citations)
        assert "wrong to read too much" in text or "would tell us far more" in text, (question, a.answer)
        assert "Bookings for the night train doubled" not in text, (question, a.answer)


async def test_the_main_difference_in_approach_is_each_thesis_not_a_shared_word(ask):
    # "both write about night workers, but what is the main difference in their approach?": the
    # positions side by side, not the passages sharing "night workers"
    a = await ask("Farrow and Quist both write about night workers, but what is the main difference in their approach?")
    assert a.kind == "comparison"
    assert "main arguments, side by side" in a.answer
    b = await ask("what is the main difference between farrow and quist on complaints?")
    assert "main arguments, side by side" not in b.answer
    # the same question in the words learners use: the positions too, whatever the shared premise
    for question in ("Farrow and Quist both write about night workers. Where do they actually disagree?",
                     "farrow and quist both care about night workers. which is the difference between them?",
                     "how do farrow's and quist's proposals differ?"):
        c = await ask(question)
        assert "main arguments, side by side" in c.answer, question


async def test_her_recommendations_with_nothing_said_yet_asks_whose_and_offers_every_author(ask):
    # a part of "her" argument with no conversation and no name: which essay? (answered from
    # whichever essay scored first in a blind run); every author of the five is an option
    a = await ask("give me her recommendations as a short bullet list for my handout")
    assert a.kind == "clarify"
    assert all(name in a.answer for name in ("Farrow", "Brandt", "Quist", "Varnum", "Harbour")), a.answer
    b = await ask("what does she say about bread sales in the pilot?")  # a topic says whose
    assert b.kind != "clarify"
