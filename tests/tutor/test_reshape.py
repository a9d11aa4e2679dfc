"""A follow-up asking only for another form of the last answer ("ok 2 numbered points for my notes")
gets the last answer's paragraphs again as that many numbered quotes (bot/tutor/handlers/reshape.py),
on essays made up for the tests (tests/sample_essays.py TOLLS and BUSES)."""

from __future__ import annotations

from sample_essays import BUSES, TOLLS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7631, 99, 100


core, ask = upload_fixtures({"tolls.md": TOLLS, "buses.md": BUSES}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_form_only_follow_up_lists_the_last_answers_passages(ask):
    first = await ask("what would lindqvist-osei's toll pay for?")
    shown = {(c.essay, c.paragraph) for c in first.citations}
    again = await ask("ok 2 numbered points for my notes pls")
    assert again.kind == "list"
    assert again.answer.startswith("The passages just quoted, as 2 points in Lindqvist-Osei's words:")
    assert [line[:3] for line in again.answer.splitlines()[1:]] == ["1. ", "2. "]
    assert {(c.essay, c.paragraph) for c in again.citations} <= shown


async def test_a_follow_up_with_a_topic_of_its_own_is_not_a_new_form(ask):
    await ask("what would lindqvist-osei's toll pay for?")
    other = await ask("2 points on the local farmers please")
    assert not other.answer.startswith("The passages just quoted")
