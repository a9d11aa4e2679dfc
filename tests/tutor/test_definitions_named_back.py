"""Definitions an essay gives by naming back what it has just described, or by "X is a …"
(bot/tutor/handlers/define.py), on an essay made up for it (tests/sample_essays.py HEDGES): the
description is quoted, and no lead says the term is "used without defining it"."""

from __future__ import annotations

import pytest
from sample_essays import HEDGES
from tutor_support import upload_fixtures

from bot.tutor.handlers.define import names_back

G, MOD, LEARNER = 7451, 97, 98

core, ask = upload_fixtures({"kettering-hedges.md": HEDGES}, guild=G, moderator=MOD, learner=LEARNER)


@pytest.mark.parametrize("question, described", [
    ("what is the berry dividend", "carried twice as many berries"),
    ("what is a rotation grant? in the hedgerows essay", "pay farmers who leave a hedge uncut"),
    ("what is a hedge bank", "raised strip of earth"),
])
async def test_a_term_defined_by_naming_back_or_by_is_a_is_no_undefined_term(ask, question, described):
    a = await ask(question)
    assert a.kind == "definition" and "without defining" not in a.answer
    assert any(described in c.quote for c in a.citations)


def test_names_back():
    assert names_back('This "berry dividend" has since been seen on farms.', "berry dividend")
    assert names_back("The idea, which the county's ecologists call a rotation grant, would cost little.",
                      "rotation grant")
    assert not names_back("A berry dividend would help.", "berry dividend")
