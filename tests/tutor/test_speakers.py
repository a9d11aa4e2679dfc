"""A classmate who "says" or "thinks" something is who asks, not what the question is about: never "the
essay never mentions Marta"; a name asked about that the essay never uses still is (tests/sample_essays.py
TOLLS and BUSES, made up for the tests)."""

from __future__ import annotations

import pytest
from sample_essays import BUSES, TOLLS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7621, 97, 98


core, ask = upload_fixtures({"tolls.md": TOLLS, "buses.md": BUSES}, guild=G, moderator=MOD, learner=LEARNER)


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
