"""Solo and review sessions, and the `tutorbot quiz` commands."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from quiz_support import ROOT, Due

from bot.cli import main
from bot.config import QuizSettings
from bot.errors import UserError
from bot.quiz.session import SoloSession, review_session, solo_session
from bot.store.repository import Store

USER = 42


async def test_solo_records_every_answer_and_summarises(store, items, clock):
    session = await solo_session(store, 1, USER, quiz=QuizSettings(), questions=3, essays=["rana-left-internationalism"],
                                 clock=clock, rng=random.Random(1))
    assert {i.essay for i in session.items} == {"rana-left-internationalism"} and len(session.items) == 3
    results = []
    while (shown := await session.next_question()) is not None:
        await clock.advance(4)
        if shown.choices:
            first = await session.answer(99)
            assert first.status == "rejected"  # an impossible choice does not count
            results.append(await session.answer(shown.choices.index(shown.item.answer)))
        else:
            results.append(await session.answer(shown.item.answer))
    assert [r.status for r in results] == ["correct"] * 3
    assert [r.points for r in results] == [900, 1000, 1100]  # 900 for 4 s of 20, then streak bonuses
    assert [a["response_ms"] for a in store.attempts] == [4000] * 3
    summary = await session.finish()
    assert (summary.asked, summary.correct, summary.score) == (3, 3, 3000)
    assert store.sessions[summary.session_id]["status"] == "finished"


async def test_skip_counts_as_missed_and_early_finish_cancels(store, items, clock):
    session = SoloSession(store, items[:3], guild_id=1, user_id=USER, clock=clock)
    await session.next_question()
    result = await session.skip()
    assert result.status == "skipped" and store.attempts[-1]["correct"] is False
    summary = await session.finish()
    assert (summary.asked, summary.correct, [i.id for i in summary.missed]) == (1, 0, [items[0].id])
    assert store.sessions[summary.session_id]["status"] == "cancelled"


async def test_review_uses_due_items(store, items, clock):
    with pytest.raises(UserError, match="nothing is due"):
        await review_session(store, 1, USER, quiz=QuizSettings(), clock=clock)
    now = clock.now()
    store.due = [Due("q-short", "rana-left-internationalism", now - dt.timedelta(days=2)),
                 Due("gone", "x", now), Due("q-tf", "walt-socialists-libertarians", now)]
    session = await review_session(store, 1, USER, quiz=QuizSettings(), clock=clock)
    assert session.kind == "review" and [i.id for i in session.items] == ["q-short", "q-tf"]
    only_walt = await review_session(store, 1, USER, quiz=QuizSettings(), essay="walt-socialists-libertarians", clock=clock)
    assert [i.id for i in only_walt.items] == ["q-tf"]


async def test_review_feeds_fsrs_in_the_real_store(tmp_path, items, clock):
    store = await Store.open(tmp_path / "t.sqlite", clock=clock)
    try:
        await store.sync_builtin_items([i.model_copy(update={"origin": "builtin"}).to_record() for i in items])
        solo = SoloSession(store, [items[2]], guild_id=1, user_id=USER, clock=clock)
        await solo.next_question()
        assert (await solo.answer("not it")).status == "wrong"
        await solo.finish()
        await clock.advance(3600)
        review = await review_session(store, 1, USER, quiz=QuizSettings(), clock=clock)
        assert [i.id for i in review.items] == ["q-short"]
        await review.next_question()
        assert (await review.answer("creedalism")).status == "correct"
        await review.finish()
        assert await store.due_items(1, USER) == []  # a correct review pushes the card into the future
    finally:
        await store.close()


def test_cli_validate_import_export(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    red = tmp_path / "red.yaml"
    red.write_text("AUTHOR: me\nWhich think tank?:\n- Cato Institute\n- Cato\nEasy?:\n- no\n", encoding="utf-8")
    assert main(["quiz", "validate", str(red)]) == 0
    assert "OK: 2 items (red)" in capsys.readouterr().out
    assert main(["quiz", "import", str(red), "--guild", "9"]) == 2
    assert "names no essay" in capsys.readouterr().err
    assert main(["quiz", "import", str(red), "--guild", "9", "--essay", "walt-socialists-libertarians"]) == 0
    capsys.readouterr()
    assert main(["quiz", "export", "--guild", "9"]) == 0
    exported = capsys.readouterr().out
    assert 'answer: "no"' in exported and "Cato Institute" in exported
    broken = tmp_path / "broken.yaml"
    broken.write_text("items:\n  - id: b1\n    kind: mc\n    prompt: Pick one\n    choices: [a, b]\n    answer: c\n")
    assert main(["quiz", "validate", str(broken)]) == 2
    assert "item 1 (id 'b1'): field 'answer'" in capsys.readouterr().err
    assert main(["quiz", "validate", str(ROOT / "data" / "quiz" / "builtin.yaml")]) == 0
