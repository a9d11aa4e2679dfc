"""Answers that quote an argument's passage, not one sentence of it, on a made-up essay a
moderator uploads (tests/sample_essays.py FERRIES): a paragraph read whole around its best
sentence, a counted series of one essay answered as a list, the other side's points with the
reply that takes them up, and an objection with the author's answer."""

from __future__ import annotations

from sample_essays import FERRIES
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7401, 81, 82


core, ask = upload_fixtures({"talvik-ferry.md": FERRIES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_short_paragraph_is_quoted_whole_unless_the_learner_asks_for_brevity(ask):
    a = await ask("how much fuel does talvik's small launch burn?")
    quote = a.citations[0].quote
    assert a.citations[0].paragraph == 10 and "a fifth of the fuel" in quote
    assert quote.startswith("Several towns have kept their night boats") and quote.endswith("needs a crew of two.")
    brief = await ask("how much fuel does talvik's small launch burn? one sentence please")
    assert "a fifth of the fuel" in brief.answer and "Several towns have kept" not in brief.answer


async def test_a_counted_series_of_one_essay_answers_the_list_question_in_the_askers_words(ask):
    a = await ask("what are the three changes talvik proposes")
    assert a.kind == "list" and a.answer.startswith("Talvik names three changes:")
    assert "1. “That means, first, running a smaller boat after ten in the evening.” (¶10)" in a.answer
    # a bare item ("Second, give riders something back.") comes with the sentence that says what it is
    assert "2. “Second, give riders something back. The board should sell a night pass" in a.answer
    things = await ask("talvik: the 3 things towns do to keep their boats?")
    assert things.kind == "list" and [c.paragraph for c in things.citations][:1] == [10]


async def test_the_other_sides_points_come_with_the_reply_that_takes_them_up(ask):
    a = await ask("list the three objections talvik accepts and her reply")
    assert a.lead == "The objections Talvik sets out, then Talvik's reply:"
    assert [c.paragraph for c in a.citations] == [3, 4, 5, 6]
    assert a.citations[-1].quote.startswith("I accept all three points. None of them, however,")


async def test_an_objection_is_quoted_whole_with_the_answer_that_turns_after_its_subject(ask):
    a = await ask("what's the strongest objection to talvik's plan and how does she answer it")
    assert a.lead == "The objection Talvik takes up, then Talvik's reply:"
    by_paragraph = {c.paragraph: c.quote for c in a.citations}
    assert by_paragraph[7].startswith("The best case against the night ferry deserves a fair hearing.")
    assert "a luxury the island can no longer afford" in by_paragraph[7]
    assert by_paragraph[9].startswith("The broader argument, though, misunderstands who pays")
    assert "The nurse who cannot get home" in by_paragraph[9]


async def test_the_second_one_after_a_list_is_that_items_paragraph(ask):
    await ask("what are the three changes talvik proposes")
    a = await ask("and the second one?")
    assert a.lead == "Item 2 of 3, in its paragraph:"
    assert [c.paragraph for c in a.citations] == [11] and "night pass at half price" in a.citations[0].quote


async def test_her_alternative_is_the_essays_programme(ask):
    a = await ask("what's talvik's alternative to cutting the ferry?")
    assert a.lead == "What Talvik says should be done, in the essay's words:"
    assert any("That means, first, running a smaller boat" in c.quote for c in a.citations)
    assert [c.paragraph for c in a.citations][-3:] == [10, 11, 12]
