"""The author's answer to an objection (bot/tutor/handlers/replies.py), end to end on the real
model over an essay made up for it (tests/sample_essays.py MARKETS): the answer is what the essay
says back, found after the objection, not the objection quoted again."""

from __future__ import annotations

from sample_essays import MARKETS
from tutor_support import upload_fixtures

from bot.tutor.requests import parse_request, without_spans

G, MOD, LEARNER = 7421, 81, 82

core, ask = upload_fixtures({"calloway-markets.md": MARKETS}, guild=G, moderator=MOD, learner=LEARNER)


def _paragraphs(answer) -> list[int]:
    return [c.paragraph for c in answer.citations]


async def test_her_answer_to_one_part_of_an_objection_quotes_where_she_takes_that_part_up(ask):
    a = await ask("what is her answer to the stallholders?")
    assert a.lead == "The objection Calloway-Reyes takes up, then Calloway-Reyes's reply:"
    quotes = " ".join(c.quote for c in a.citations)
    assert "stallholders fear" in quotes or "objection comes from the stallholders" in quotes  # the objection
    assert "No trader would be made to open late" in quotes  # and the part of her answer about them
    assert _paragraphs(a)[0] == 3 and 4 in _paragraphs(a)
    # "and the night nurses": the same request, of the objection's other part, answered two paragraphs on
    nurses = await ask("and the night nurses")
    quoted = " ".join(c.quote for c in nurses.citations)
    assert "As for the night nurses, their permits would be kept." in quoted
    assert "reserved for infirmary staff" in quoted


async def test_a_granted_obstacle_and_why_bother_gets_the_turn_that_answers_it(ask):
    a = await ask("if the heating may prove impossible to pay for why bother, whats her answer")
    assert a.lead.endswith("Calloway-Reyes's reply:")
    assert "But the case for trying remains strong." in " ".join(c.quote for c in a.citations)


async def test_an_objection_answered_in_its_own_paragraph_gets_the_turn_and_what_follows(ask):
    a = await ask("how does she deal with the idea that evening trading just moves trade from the afternoon")
    quoted = " ".join(c.quote for c in a.citations)
    assert "But the people who would shop after six are mostly those who cannot come by day at all." in quoted
    assert "Shift workers, parents collecting children" in quoted
    assert "Even so" not in quoted and "timetable" not in quoted


async def test_is_she_ignoring_them_is_answered_with_what_she_says_back(ask):
    a = await ask("the nurses need their parking spaces, is she just ignoring them?")
    assert any("As for the night nurses" in c.quote for c in a.citations)
    # "ignoring" here asks for her reply: what follows it is the objection, not words to leave out
    # (they were cut, with the essay named after them, and the learner was asked "who do you mean?")
    b = await ask("is she just ignoring the night nurses in the markets essay")
    assert any("As for the night nurses" in c.quote for c in b.citations), b.answer[:300]


async def test_whether_she_takes_it_up_is_a_yes_with_the_objection_and_her_reply(ask):
    # "does she even think about people like me", "does she deal with that": a yes or no asked, and
    # the essay states the objection and answers it (FINAL-26..28, judged blind: such turns got the
    # passages with no verdict, or "doesn't discuss that")
    a = await ask("i work nights as a nurse and need my parking space. does she even think about people like me")
    assert a.lead == "Yes — Calloway-Reyes takes this up (¶3), and replies:", a.answer[:300]
    assert any("As for the night nurses" in c.quote for c in a.citations)
    # a question of how is no yes or no
    b = await ask("how does she deal with the stallholders")
    assert b.lead == "The objection Calloway-Reyes takes up, then Calloway-Reyes's reply:"
    # a proposition of the learner's own is not an objection the essay states (FINAL-26: "does she
    # address whether rich countries will actually pay up" got "Yes — … takes this up")
    assert "reply" not in parse_request("does she address whether stallholders earn more by day").roles
    assert "reply" not in parse_request("does she deal with the point that stallholders earn more by day").roles
    assert "reply" in parse_request("does she deal with the stallholders").roles


async def test_a_question_the_essay_states_no_objection_near_is_left_to_the_other_handlers(ask):
    # the timetable paragraph states no objection: no "reply" lead over it
    a = await ask("how does calloway-reyes respond on the printed timetable on the doors?")
    assert "reply" not in a.lead


def test_at_all_only_stresses_a_question_and_is_no_word_of_strength():
    # FINAL-29: "Does the author think about people like me at all?" got "No, not as strongly as
    # that: Marchbank never says “at all” about this", over the paragraph that names shift workers
    from bot.tutor.readings import _FAMILY
    assert not _FAMILY["all"].search("about people like me at all")
    assert _FAMILY["all"].search("all drivers") and _FAMILY["completely"].search("completely free")


def test_at_all_after_a_negation_is_a_word_of_strength_and_in_a_question_is_not():
    # "so she don't want coursework at all?" overstates (FINAL-30: the "not as strongly" lead was
    # the better reply); "does the author think about people like me at all?" only stresses it
    from bot.tutor.readings import strength_words
    assert [name for name, _ in strength_words("she don't want coursework at all")] == ["completely"]
    assert strength_words("the author think about people like me at all") == []
    # the exception is "at all" alone: "at any price" is a word of strength with or without a negation
    assert [name for name, _ in strength_words("she would defend the islands at any price")] == ["completely"]


def test_the_reply_words_are_cut_from_the_topic_but_never_the_author_they_name():
    text = "how does walt respond to the objection that the groups disagree"
    request = parse_request(text)
    assert "reply" in request.roles and "reply" in request.explicit
    assert "walt" in without_spans(text, request.spans)
    assert "respond" not in without_spans(text, request.spans)
    both = parse_request("so if its insurmountable why bother - whats his answer")
    assert "answer" not in without_spans("so if its insurmountable why bother - whats his answer", both.spans)
    assert parse_request("what does the answer key say about Tuvalu").roles == ()


async def test_a_reply_asked_of_that_looks_only_in_the_last_answer(ask):
    await ask("what does she say about the printed timetable on the doors")
    a = await ask("does she actually answer that timetable cost problem or just pose it")
    # "that timetable …" is the last answer's, which states no objection: no reply is made up from
    # a granted obstacle elsewhere (a blind run: "that puzzle" answered from forty paragraphs on)
    assert "reply" not in a.lead
    assert not any("heating is old" in c.quote for c in a.citations)


async def test_and_for_another_group_what_is_their_reason_quotes_that_group_not_the_last_one(ask):
    await ask("why would the cafes on tanner row welcome an evening market")
    a = await ask("and for the night nurses what is their worry?")
    quoted = " ".join(c.quote for c in a.citations)
    assert "nurses" in quoted and "Tanner Row" not in quoted


def test_the_main_problem_of_a_thing_is_no_concession_asked():
    from bot.tutor.requests import parse_request

    assert "concession" not in parse_request("is the main problem of liberal hegemony for them civil liberties?").explicit
    assert "concession" in parse_request("what is the main problem with his plan").explicit


async def test_a_reading_after_a_lead_in_is_checked_and_nobody_denies_it(ask):
    """FINAL-26, judged blind: "parking essay — is it correct author wants to ban building parking in
    new apartment?" got "Yes — Marchbank says so" over "Nobody was banned from building a garage."
    (a lead-in before "is it correct", "wants to" weighed as a word of the reading, "nobody" no denial)."""
    a = await ask("market essay — is it correct she wants to ban trading by day?")
    assert a.lead.startswith("No — Calloway-Reyes says otherwise (¶2)")
    assert "Nobody would be banned from trading" in a.lead


async def test_a_reply_to_that_one_named_by_words_the_last_answer_lacks_is_searched_for(ask):
    """"how does she answer the 'netherlands is rich' one" after a list of objections that left it
    out (FINAL-27, paired blind: the last answer's first objection was answered instead)."""
    await ask("what is the strongest objection to the evening market?")
    a = await ask("how does she answer the 'only moves trade from the afternoon' one")
    quoted = " ".join(c.quote for c in a.citations)
    assert "But the people who would shop after six" in quoted


async def test_a_mention_asked_of_a_quote_that_holds_a_not_elsewhere_is_still_a_yes(ask):
    """FINAL-28, read: "does it mention london" quoted the London sentence under "Not in so many
    words", because another sentence of the quote said "not"; a name has no polarity."""
    a = await ask("does calloway-reyes mention cole street?")
    assert a.lead.startswith("Yes") and any("Cole Street" in c.quote for c in a.citations)
