"""A summary asked of one part of an essay ("summarize rana on ukraine", "the carnegie bit, quick
summary") answers from that part, on an essay made up for the tests (tests/sample_essays.py QUAYS).

The part is a word the summary request leaves, that the essay uses in few paragraphs, and that is a
name in it or cued as a part ("the X bit", "on X", "the X argument"). The learner's own occasion
("a presentation next week") and words about themselves are no part: the whole essay is summarised."""

from __future__ import annotations

from sample_essays import QUAYS
from tutor_support import upload_fixtures

from bot.tutor.frame import parse

G, MOD, LEARNER = 7811, 99, 100

core, ask = upload_fixtures({"quays.md": QUAYS}, guild=G, moderator=MOD, learner=LEARNER)

_WHOLE_ESSAY = "Open the Quays: Why Harbour Towns Should Run Their Own Water Buses** by Rosalind Achebe-Lindqvist, in short"


async def test_a_summary_of_a_named_part_quotes_that_part(ask):
    a = await ask("the rotterdam bit in the quays essay, quick summary pls")
    assert _WHOLE_ESSAY not in a.answer
    assert [c.paragraph for c in a.citations][:1] == [2], a.answer


async def test_a_summary_on_a_topic_cued_by_on_is_searched_by_that_topic_alone(core, ask):
    # "she seems to go back and forth" only says how (¶4 has "seem to go back and forth"); with
    # the rest of the words the search found other passages (FINAL-27: Rana on Ukraine found an
    # exams paragraph's "go back")
    question = "summarize achebe-lindqvist on rotterdam, she seems to go back and forth"
    scope = await core.tutor.scopes.get(core.library.essays_for(G))
    assert parse(question, scope, None, None).topic == "rotterdam"
    a = await ask(question)
    assert _WHOLE_ESSAY not in a.answer
    assert a.citations and a.citations[0].paragraph == 2, a.answer


async def test_a_summary_of_the_whole_essay_stays_one(ask):
    for question in ("quays essay quick summary pls",
                     "we have a group presentation about the quays essay next week, can you summarize it",
                     # a name in another sentence is the learner's own (FINAL-29: "one of our members has
                     # family in New Zealand. Could you summarise it" got the essay's New Zealand line)
                     "I once lived near Rotterdam. Could you summarise the quays essay for me?",
                     # a title's word in another form ("keeping" for "Keep the Exam Hall", FINAL-29)
                     "could you give me a quick summary of the essay about opening the quays"):
        a = await ask(question)
        assert _WHOLE_ESSAY in a.answer, (question, a.answer[:300])
