""""do walt and rana agree?" got the two theses side by side and nothing on where the essays meet
(para_dev: 13 such questions over eleven blind sets; the writers named the passages where both
authors take up the same thing). The two sentences closest in meaning across the essays follow the
theses; signposts ("Now the strongest objection …") are too short to count. Essays made up for the
tests (tests/sample_essays.py)."""

from __future__ import annotations

from sample_essays import CAUSEWAYS, QUAYS
from tutor_support import upload_fixtures

G, MOD, LEARNER = 7813, 99, 100

core, ask = upload_fixtures({"causeways.md": CAUSEWAYS, "quays.md": QUAYS}, guild=G, moderator=MOD,
                            learner=LEARNER)


async def test_an_agreement_question_shows_where_the_two_essays_come_closest(ask):
    a = await ask("do mwangi-castellanos and achebe-lindqvist agree?")
    assert a.kind == "comparison", a.answer[:300]
    assert "Where the two come closest" in a.answer, a.answer
    closest = a.answer.split("Where the two come closest", 1)[1]
    quoted = [line for line in closest.splitlines() if line.startswith("> ")]
    assert len(quoted) == 2 and all(len(line.split()) >= 12 for line in quoted), closest
    assert "Mwangi-Castellanos" in closest and "Achebe-Lindqvist" in closest


async def test_a_difference_question_gets_no_closest_pair(ask):
    a = await ask("what is the main difference between mwangi-castellanos and achebe-lindqvist?")
    assert a.kind == "comparison" and "Where the two come closest" not in a.answer, a.answer[:300]
