"""A place the essay names only in a list, asked about for more ("Do we know what happened in
Austin specifically after?"): the first line says the essay names it and says no more (FINAL-50,
judged blind: another city's results were quoted as if they answered). A place a sentence is
about gets no such line: the sentences after it may go on about it without its name. Made-up
essay: tests/sample_essays.py CLINIC."""

from __future__ import annotations

from sample_essays import CLINIC
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7671, 95, 96
PASSING = "Rusk mentions Dalkeith without saying more about it than this:"

core, ask = upload_fixtures({"clinic.md": CLINIC}, guild=G, moderator=MOD, learner=LEARNER)


async def test_a_place_named_in_a_list_is_said_to_be_named_only(ask):
    a = await ask("do we know what happened in Dalkeith specifically after the early hours started?")
    assert a.lead == PASSING
    assert any("Dalkeith" in c.quote for c in a.citations)


async def test_a_place_a_sentence_is_about_gets_no_such_line(ask):
    a = await ask("what happened at the Brindle Street surgery after it opened early?")
    assert "without saying more about it" not in a.answer
    assert any("Brindle Street" in c.quote for c in a.citations)
