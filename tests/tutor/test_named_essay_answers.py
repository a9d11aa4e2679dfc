"""A question about a named essay is answered from that essay's closest passage, not refused because
the cosine is low; asking whether the essay mentions something it never mentions is still refused
(tests/sample_essays.py TOLLS and BUSES, made up for the tests). A classmate who "says" or "thinks"
something is who asks, not what about: never "the essay never mentions Marta"."""

from __future__ import annotations

import pytest
from sample_essays import BUSES, TOLLS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7621, 97, 98


core, ask = upload_fixtures({"tolls.md": TOLLS, "buses.md": BUSES}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.mark.parametrize("question, author", [
    ("lindqvist-osei: who ends up out of pocket in the end?", "Petra Lindqvist-Osei"),
    ("in the bridge essay who loses and who gains, short list pls", "Petra Lindqvist-Osei"),
    ("fenwick-mbeki essay - what's the catch?", "Odile Fenwick-Mbeki"),
])
async def test_a_question_on_a_named_essay_in_the_learners_words_is_answered_from_it(ask, question, author):
    # each was refused ("… doesn't discuss that") before this rule
    a = await ask(question)
    assert a.kind == "answer" and not a.abstained
    assert a.citations and {c.author for c in a.citations} == {author}


async def test_asking_whether_a_named_essay_mentions_what_it_never_does_is_still_refused(ask):
    a = await ask("does lindqvist-osei mention the ferry timetable?")
    assert a.abstained
    assert "never mentions" in a.answer or "doesn't discuss" in a.answer


@pytest.mark.parametrize("question", [
    "Marta says lindqvist-osei wants to tax the farmers. is she right?",
    "my classmate Joonas thinks the bridge toll is about the girders, fair?",
    "quick one, Marta reckons the toll is a tax on farmers - true?",
    "in the group chat Tomasz said the toll pays for the bearings. right?",
])
async def test_a_classmate_who_says_something_is_not_what_the_question_is_about(ask, question):
    a = await ask(question)
    speaker = next(w for w in ("Marta", "Joonas", "Tomasz") if w in question)
    assert f"never mentions {speaker}" not in a.answer and f"never mention {speaker}" not in a.answer


async def test_a_name_the_essays_never_use_is_still_never_mentioned_when_asked_about(ask):
    a = await ask("what does lindqvist-osei say about Marta?")
    assert "never mentions Marta" in a.answer
