"""Each kind of answer, end to end through `Tutor.ask` on the real model and the seed essays:
what a learner sees for a summary, a comparison, a term, a paragraph, the author, a question
the named essay does not cover, another language, and the follow-ups."""

from __future__ import annotations

import pytest

from bot.errors import UserError

RANA, WALT = "rana-left-internationalism", "walt-socialists-libertarians"


@pytest.fixture
def ask(core, channel):
    async def run(question: str, **kw):
        return await core.tutor.ask(question, guild_id=0, user_id=1, channel_id=channel, record=False, **kw)
    return run


def assert_verbatim(quote: str, paragraph: str) -> None:
    """Every piece of `quote` between the "…" that mark a cut is word for word in the paragraph.
    (The check used to let any quote ending in "…" through unread.)"""
    pieces = [piece.strip() for piece in quote.split("…") if piece.strip()]
    assert pieces, quote
    missing = [piece for piece in pieces if piece not in paragraph]
    assert missing == [], (quote, missing)


def places(answer) -> list[tuple[str, int]]:
    return [(c.essay, c.paragraph) for c in answer.citations]


async def test_summary_quotes_key_sentences_of_the_named_essay_only(ask, core):
    a = await ask("summarize walt pls")
    assert a.kind == "summary" and not a.abstained
    assert 3 <= len(a.citations) <= 5 and {c.essay for c in a.citations} == {WALT}
    rest = [c.paragraph for c in a.citations[1:]]
    assert rest == sorted(rest)  # the thesis first, then the key sentences in reading order
    assert "Its thesis" in a.answer
    essay = core.library.essays[WALT]
    for c in a.citations:  # verbatim sentences of the cited paragraphs, a cut one included
        assert_verbatim(c.quote, essay.paragraph(c.paragraph).text)


async def test_summary_shows_the_essays_own_summary_first_and_never_the_bio(ask, core):
    a = await ask("What is Rana's essay about?")
    assert a.kind == "summary" and {c.essay for c in a.citations} == {RANA}
    assert core.library.essays[RANA].summary[:60] in a.answer
    assert 53 not in {c.paragraph for c in a.citations}  # ¶53 is the author's bio


async def test_comparison_quotes_each_essay_or_says_it_is_silent(ask):
    a = await ask("How do Rana and Walt differ on NATO?")
    assert a.kind == "comparison"
    assert {c.essay for c in a.citations} == {RANA} and "NATO" in a.citations[0].quote
    assert "Walt's essay doesn't discuss NATO" in a.answer

    both = await ask("What do Rana and Walt each say about military spending?")
    assert both.kind == "comparison" and {c.essay for c in both.citations} == {RANA, WALT}


async def test_comparison_without_a_topic_compares_the_theses(ask):
    a = await ask("Compare Rana and Walt")
    assert a.kind == "comparison" and {c.essay for c in a.citations} == {RANA, WALT}
    assert "main arguments" in a.answer


@pytest.mark.parametrize("question,place,phrase", [
    ("Kosovo", (RANA, 31), "Kosovo"),
    ("Cato", (WALT, 5), "Cato Institute"),
    ("realism?", None, "realists"),
    ("What is a non-reformist reform?", None, "non-reformist"),
    ("Who is Adam Tooze?", (RANA, 27), "Adam Tooze"),
])
async def test_a_term_is_answered_where_the_essays_use_it(ask, question, place, phrase):
    a = await ask(question)
    assert a.kind == "definition" and not a.abstained
    assert any(phrase.lower() in c.quote.lower() for c in a.citations)
    if place:
        assert place in places(a)


async def test_a_paragraph_is_shown_whole_and_cited(ask, core):
    a = await ask("show me paragraph 10 of walt")
    assert a.kind == "paragraph" and places(a) == [(WALT, 10)]
    assert a.citations[0].quote == core.library.essays[WALT].paragraph(10).text
    last = await ask("show me the last paragraph of rana")
    assert places(last) == [(RANA, 52)]  # the last paragraph of the essay, not the bio after it
    read = await core.tutor.read_paragraph("walt", 2, guild_id=0)  # /essay read, /read: by author name
    assert read.kind == "paragraph" and places(read) == [(WALT, 2)]


async def test_paragraph_requests_out_of_range_or_without_an_essay_say_what_to_do(ask):
    with pytest.raises(UserError, match="Walt's essay has 10 paragraphs; ask for one from 1 to 10"):
        await ask("show paragraph 60 of walt")
    # a paragraph number both essays have, with no essay named: a clarifying question with options
    which = await ask("show me paragraph 3")
    assert which.kind == "clarify" and [o.question for o in which.options] == [
        "paragraph 3 of rana-left-internationalism", "paragraph 3 of walt-socialists-libertarians"]
    assert "1. Rana's ¶3" in which.answer and "2. Walt's ¶3" in which.answer


async def test_about_the_author_quotes_the_bio_or_says_there_is_none(ask):
    a = await ask("where does rana work")
    assert a.kind == "author" and places(a) == [(RANA, 53)] and "Cornell Law School" in a.citations[0].quote
    w = await ask("who is stephen walt")
    assert w.kind == "author" and w.citations == [] and "Stephen M. Walt" in w.answer
    assert "no note about its author" in w.answer


async def test_the_bio_is_never_an_answer_about_the_essays_subject(ask):
    for question in ("Who does Rana cite on Ukraine?", "what does rana say about ukraine"):
        a = await ask(question)
        assert a.citations and (RANA, 53) not in places(a)


async def test_named_essay_silent_says_so_first_then_offers_the_other_under_its_author(ask):
    a = await ask("What does Walt think of Bernie Sanders?")
    assert a.kind == "not_in_named_essay" and not a.abstained
    assert a.answer.startswith("Walt's essay doesn't discuss Bernie Sanders.")
    assert {c.essay for c in a.citations} == {RANA} and "Rana's essay does" in a.answer
    assert "Aziz Rana" in a.answer  # the quote is under its own author
    vague = await ask("what does walt think about how his essay relates to it")
    assert vague.kind in ("not_in_named_essay", "answer") and "discuss how his" not in vague.answer
    nowhere = await ask("What does Rana say about Taiwan?")
    assert nowhere.kind == "not_in_named_essay" and nowhere.abstained and nowhere.citations == []
    assert nowhere.answer.startswith("Rana's essay never mentions Taiwan.")  # a name no essay here mentions


async def test_author_scoped_questions_quote_that_author_only(ask):
    for question, place in [("What does Walt say about the national security state?", (WALT, 7)),
                            ("walt on china", (WALT, 9)), ("Does Walt mention offshore balancing?", (WALT, 5)),
                            ("Which politician does Walt name as part of the libertarian right?", (WALT, 5))]:
        a = await ask(question)
        assert not a.abstained and {c.essay for c in a.citations} == {WALT}, question
        assert place in places(a), question


async def test_another_language_gets_one_line_not_a_refusal(ask):
    a = await ask("¿Qué dice Walt sobre los libertarios?")
    assert a.kind == "language" and a.abstained and a.citations == []
    assert "English" in a.answer and "Spanish" in a.answer and "don't cover" not in a.answer


async def test_typos_are_corrected_and_what_was_searched_is_shown(ask):
    a = await ask("what does rana say about sanctoins on russia")
    assert not a.abstained and a.searched_for == "what does rana say about sanctions on russia"
    assert "searched for: “what does rana say about sanctions on russia”" in a.answer
    assert any("sanctions" in c.quote for c in a.citations)
    assert a.to_json()["searched_for"] == a.searched_for


async def test_input_without_words_asks_for_a_question_and_keeps_the_conversation(ask):
    first = await ask("why do libertarians hate liberal hegemony")
    with pytest.raises(UserError, match="no words"):
        await ask("🤔🤔")
    why = await ask("why?")
    # the conversation is kept: "why?" answers from the paragraph just quoted or its neighbours
    (essay, number) = places(first)[0]
    assert why.followup == "more" and places(why)[0][0] == essay and abs(places(why)[0][1] - number) <= 1


async def test_other_essay_switch_author_example_and_simpler_followups(ask):
    await ask("what's walt's main argument")
    other = await ask("what about the other essay?")
    assert other.followup == "other" and other.kind == "summary" and {c.essay for c in other.citations} == {RANA}

    await ask("what does walt say about the national security state")
    switched = await ask("what does rana say about it?")
    assert switched.followup == "switch" and {c.essay for c in switched.citations} == {RANA}
    assert any("security state" in c.quote for c in switched.citations)

    await ask("what is a non-reformist reform")
    example = await ask("give an example")
    assert example.followup == "example" and example.answer.startswith("_(Examples for:")
    # the definition now quotes ¶39's gloss ("revolutionary, or “non-reformist,” reforms that …"), so
    # the nearest example is ¶40's ("prison and police abolitionism"); from ¶40 it was ¶41's
    assert any(any(ch.isdigit() for ch in c.quote) or "Boric" in c.quote or "Movement" in c.quote
               or "abolitionism" in c.quote for c in example.citations)

    first = await ask("why did liberal hegemony fail according to walt")
    simpler = await ask("explain that more simply")
    assert simpler.followup == "simpler" and len(simpler.citations) == 1
    assert "rather than paraphrase" in simpler.answer
    assert len(simpler.citations[0].quote) <= min(len(c.quote) for c in first.citations)


async def test_repeated_and_the_x_followups_fill_the_same_slot(ask):
    await ask("why do libertarians hate liberal hegemony")
    socialists = await ask("and the socialists?")
    assert (WALT, 8) in places(socialists)
    realists = await ask("and the realists?")
    assert (WALT, 9) in places(realists) and any("husband U.S. strength" in c.quote for c in realists.citations)


async def test_quotes_cut_to_a_small_answer_budget_stay_verbatim(core):
    """With the smallest answer budget (300 characters) quotes are cut; every piece of a cut quote
    must still be the essay's own words. A comparison's quotes used to come out as a bare "……"."""
    from bot.tutor import Tutor

    small = core.settings.tutor.model_copy(update={"max_answer_chars": 300})
    tutor = Tutor(core.library, core.embedder, core.store, core.prompts, small, core.clock)
    cut = 0
    for n, question in enumerate(["summarize walt pls", "tl;dr rana", "How do Rana and Walt differ on NATO?",
                                  "Compare Rana and Walt", "Why do libertarians dislike liberal hegemony?"]):
        a = await tutor.ask(question, guild_id=0, user_id=1, channel_id=30_000 + n, record=False)
        assert a.citations, question
        for c in a.citations:
            assert_verbatim(c.quote, core.library.essays[c.essay].paragraph(c.paragraph).text)
            cut += "…" in c.quote
    assert cut >= 3  # the budget really cut quotes, so the check above read cut ones
