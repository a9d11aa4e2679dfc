"""An author's reply to an objection is quoted to its end (`answered.reply_run`): the rest of its
paragraph, up to `REPLY_CHARS`, stopping where the paragraph moves on to a further objection.

FINAL-42 (judged blind): in 9 of 27 evidence and objection turns the reply was cut after two or three
sentences, before its substance ("the quote stops before his third answer", "the ellipsis cuts her
key reply"). The essay is made up for these tests."""

from __future__ import annotations

from pathlib import Path

from tutor_support import upload_fixtures

from bot.corpus.argument import build_map
from bot.corpus.essay import load_essay_file
from bot.tutor.answered import REPLY_CHARS, answer_to, reply_run

G, MOD, LEARNER = 7991, 181, 182

BELLS = """---
title: "Ring the Bells Again: Why Parishes Should Pay Their Ringers"
short_title: "Ring the Bells Again"
author: "Tomasz Everleigh-Ward"
published: 2024-11-03
---

# Ring the Bells Again

Parishes should pay their bell ringers a small fee, because the skill is dying and the towers fall silent without it.

The second objection is that a fee is unfair to parishioners who never hear the bells. A commuter who leaves at dawn and returns after dark will pay through the parish rate and hear nothing. This is true, and it describes almost every parish charge. Parishioners already pay for churchyard walls they never lean on and clocks they never check, because these make up the village they chose to live in. Bells belong in that list. Villages that sell themselves to visitors put the tower on every leaflet, and the tea rooms profit from that picture whether or not any visitor climbs the stairs. A fee of a few pounds a Sunday asks the parish to pay for something it already trades on. As for the worry that ringers will ring for the money alone, the evidence is thin. Towers that paid ringers in the 1990s kept the same bands for decades. A survey of forty towers by the Guild of Change Ringers found that paid bands practised more often, not less. Their peals were longer, their learners stayed longer, and their Sunday service ringing was the steadiest in the county. None of the paid bands asked for a rise in ten years.
"""

core, ask = upload_fixtures({"bells.md": BELLS}, guild=G, moderator=MOD, learner=LEARNER)


def _map(tmp_path: Path):
    path = tmp_path / "bells.md"
    path.write_text(BELLS, encoding="utf-8")
    return build_map(load_essay_file(path))


def test_the_reply_runs_to_the_next_objection(tmp_path):
    argument = _map(tmp_path)
    objection = next(s for s in argument.sentences if s.text.startswith("A commuter who leaves at dawn"))
    answer = answer_to(argument, objection)
    assert answer[0].text.startswith("This is true")
    assert answer[-1].text.startswith("A fee of a few pounds a Sunday")  # not "As for the worry …"


def test_a_long_reply_stops_at_the_character_bound(tmp_path):
    argument = _map(tmp_path)
    start = next(s for s in argument.sentences if s.text.startswith("This is true"))
    run = reply_run(argument, start)
    assert sum(len(s.text) for s in run) <= REPLY_CHARS
    short = [s for s in argument.sentences if s.paragraph == start.paragraph and s.index >= start.index]
    assert len(run) < len(short)  # "As for the worry …" and after are another objection's


async def test_the_answer_quotes_the_reply_to_its_end(ask):
    a = await ask("a commuter never hears the bells but pays. what does everleigh-ward say about that?")
    assert "A fee of a few pounds a Sunday asks the parish to pay" in a.answer
    assert "ring for the money alone" not in a.answer
