"""Before saying the essay may say no more, each clause of the question is searched on its own
(`bot.tutor.nearest_other`): FINAL-50, judged blind, "and the missed appointments falling 9.1 to
7.6, can i say free parking caused that" was told the essay may say no more than the pilot's
figures, though a later paragraph names a rival cause that started at the same time. Made-up
essay: tests/sample_essays.py CLINIC."""

from __future__ import annotations

from sample_essays import CLINIC
from tutor_support import upload_fixtures

from bot.tutor.nearest_other import question_clauses

G, MOD, LEARNER = 7651, 95, 96

core, ask = upload_fixtures({"clinic.md": CLINIC}, guild=G, moderator=MOD, learner=LEARNER)


def test_a_question_is_read_clause_by_clause():
    assert question_clauses("and the emergency visits falling 14 to 9, can i say early opening caused that") == [
        "and the emergency visits falling 14 to 9", "can i say early opening caused that"]
    assert question_clauses("what does rusk propose") == []  # one clause: nothing to split


async def test_a_rival_cause_in_another_paragraph_is_quoted_after_the_passage_shown_again(ask):
    first = await ask("clinic essay: what is the best evidence that opening at seven works?")
    assert any("Brindle Street" in c.quote for c in first.citations)
    again = await ask("and the emergency visits falling from 14 to 9 per cent, can i say early opening caused that?")
    assert again.lead.startswith("I find nothing in Rusk's essay closer to this than the passage just quoted")
    assert "the one other passage that may bear on it is ¶4" in again.lead
    assert any("telephone triage line" in c.quote for c in again.citations)
