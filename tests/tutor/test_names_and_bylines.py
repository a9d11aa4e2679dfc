"""Names across essays, on essays a moderator uploads (tests/sample_essays.py MILLS and BELLS):
authors who share a name are told apart from front matter, a name two essays use is quoted where
each uses it, a phrase whose subject an essay discusses is not "never mentioned" for its missing
head word, an essay named by its topic is no book title, and "main pts" asks for a summary."""

from __future__ import annotations

import pytest
from sample_essays import BELLS, MILLS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7501, 91, 92


core, ask = upload_fixtures({"mills.md": MILLS, "bells.md": BELLS}, guild=G, moderator=MOD, learner=LEARNER)


async def test_authors_who_share_a_name_are_told_apart_from_front_matter(ask):
    a = await ask("who wrote which? i keep mixing up the two okonjos")
    assert a.kind == "author" and not a.abstained
    assert a.answer.startswith("2 essays here are by authors called Okonjo")
    assert "*Let the Mill Race Run Again* is by Ines Okonjo-Vale" in a.answer
    assert "*Ring the Bells at Noon* is by Mara Okonjo-Brandt" in a.answer
    one = await ask("what does ines okonjo-vale say about the mill race")
    assert one.kind != "author" and one.citations


async def test_a_name_two_essays_use_is_quoted_where_each_uses_it(ask):
    a = await ask("is the Harwick in the mill essay the same as the one in the bells essay? both mention Harwick")
    quotes = {c.essay: c.quote for c in a.citations}
    assert len(quotes) == 2 and all("Harwick" in q for q in quotes.values())


async def test_a_phrase_whose_subject_the_essay_discusses_is_not_never_mentioned(ask):
    a = await ask("does the mill essay say anything about fire safety")
    assert not a.answer.startswith("The essays never mention")
    assert any("Fire was the old mill's great danger" in c.quote for c in a.citations)


async def test_an_essay_named_by_its_topic_is_not_a_book_and_main_pts_is_a_summary(ask):
    a = await ask("in the bells one, why does the author want them rung at noon?")
    assert "isn't one of the essays here" not in a.answer and a.citations
    summary = await ask("okonjo-vale mill essay main pts pls")
    assert summary.kind == "summary"


async def test_a_counted_list_of_changes_is_the_essays_programme(ask):
    a = await ask("what does okonjo-brandt propose?")
    assert a.lead.startswith("What Okonjo-Brandt says should be done")
    assert any(c.quote.startswith("So I ask the parish for three changes") for c in a.citations)


async def test_whether_a_place_is_real_is_what_the_sentence_naming_it_says(ask):
    composite = await ask("is millbridge a real town?")
    assert composite.lead == "Okonjo-Vale marks it in the essay itself (“composite”):"
    assert composite.citations[0].quote.startswith("Millbridge, the town I describe here, is a composite")
    unsaid = await ask("is the harwick institute real?")
    assert unsaid.lead.startswith("Okonjo-Vale doesn't say whether")
    assert "Harwick Institute" in unsaid.citations[0].quote
    claim = await ask("is it true that the harwick institute surveyed three hundred households?")
    assert "doesn't say whether" not in claim.answer and "marks it in the essay itself" not in claim.answer


@pytest.mark.parametrize("question, title", [
    ("whats the bells one about", "Ring the Bells at Noon"),
    ("gist of the mill race essay?", "Let the Mill Race Run Again"),
    ("what's the point of the church one", "Ring the Bells at Noon"),  # a word of its text, not its title
])
async def test_an_essay_named_by_its_subject_is_that_essay(ask, question, title):
    a = await ask(question)
    assert a.kind == "summary" and f"**{title}**" in a.answer and a.answer.count("**") == 2


async def test_her_arg_in_one_line_is_a_summary_not_a_topic(ask):
    a = await ask("start w okonjo-vale. her arg in ONE line go")
    assert a.kind == "summary" and "**Let the Mill Race Run Again**" in a.answer
