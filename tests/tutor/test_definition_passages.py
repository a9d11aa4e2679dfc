"""A definition is quoted with what its paragraph goes on to say, on an essay made up for the test
(tests/sample_essays.py TIDE_TICKET): the defining sentence and the rest of its paragraph after it,
unless the learner asked for one line; a term a quoted paragraph sets out over several sentences is
never said to be used "without defining it". A "how many" answer holds the passage's figure."""

from __future__ import annotations

from sample_essays import TIDE_TICKET
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7611, 95, 96


core, ask = upload_fixtures({"tide-ticket.md": TIDE_TICKET}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_definition_comes_with_the_rest_of_its_paragraph(ask):
    a = await ask("what is the tide ticket?")
    assert a.kind == "definition"
    quoted = " ".join(c.quote for c in a.citations)
    assert "I call this arrangement the tide ticket" in quoted
    assert "boards the connecting bus without paying again" in quoted  # two sentences after the definition
    assert "pays twice" not in quoted  # the paragraph before is not part of it


async def test_a_definition_asked_for_in_one_line_is_the_defining_sentence_alone(ask):
    a = await ask("what is the tide ticket, in one line?")
    quoted = " ".join(c.quote for c in a.citations)
    assert "I call this arrangement the tide ticket" in quoted
    assert "boards the connecting bus" not in quoted


async def test_a_term_set_out_over_its_paragraph_is_not_called_undefined(ask):
    a = await ask("what are the zones?")
    quoted = " ".join(c.quote for c in a.citations)
    assert "The outer zone would reach the villages" in quoted
    assert "without defining" not in a.answer


async def test_a_how_many_question_gets_the_figure_of_the_passage_not_no_figure(ask):
    # the closest sentences by meaning hold no number; the one that does is in the same long
    # paragraph (bot/tutor/figures.py): it is quoted, and no lead says the essay gives no figure
    a = await ask("did riders like the joint ticket on the Dee? how many used it?")
    assert "41,000 to 58,000" in a.answer
    assert "gives no figure" not in a.answer
