"""The weekly digest and the study path against totals worked out by hand from a seeded history
(the numbers below are written from the history in `_seed`, not computed by the code under test),
on both backends; and `tutorbot digest` / `tutorbot next` from the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest
from rhythm_support import ESSAYS, ITEMS, utc

from bot.clock import FakeClock
from bot.rhythm.digest import build_digest
from bot.rhythm.path import study_path
from bot.store import Store

G1, G2 = 601, 602
ANN, BEN, CAT, DAN = 11, 12, 13, 14
END = utc(2026, 5, 11, 12)  # the digest's window: [4 May 12:00, 11 May 12:00) UTC


def cite(essay: str, paragraph: int) -> dict:
    return {"essay": essay, "title": "", "author": "", "paragraph": paragraph, "quote": "..."}


async def _seed(store: Store, clock: FakeClock) -> None:
    async def at(when: dt.datetime) -> None:
        await clock.advance((when - clock.now()).total_seconds())

    async def attempt(g, user, item, ok, points=0, session=None, limit=20.0):
        await store.record_attempt(g, user, item, essay=item.split("-")[0], correct=ok, answer="a", response_ms=1000,
                                   time_limit_s=limit, points=points, session_id=session)

    for item in ITEMS:
        await store.add_item(G1, dict(item), actor_id=1)
        await store.add_item(G2, dict(item), actor_id=1)
    await store.set_share_progress(G1, CAT, False)
    # before the window (not in the week's counts; in the all-time leaderboard)
    await at(utc(2026, 5, 2, 10))
    await attempt(G1, ANN, "orchard-prune", True, points=100)
    await attempt(G1, BEN, "orchard-prune", False)
    await attempt(G1, CAT, "rivers-oxbow", False)
    await store.record_answer(G1, ANN, 1, "q", "a", [cite("rivers", 3)], False, 5.0)
    early = await store.start_session(G1, 1, "group", ANN, {"items": []})  # started before the window
    await store.end_session(G1, early, "finished")
    # in the window
    await at(utc(2026, 5, 5, 10))
    group = await store.start_session(G1, 1, "group", ANN, {"items": ["rivers-oxbow"]})
    await attempt(G1, ANN, "rivers-oxbow", False, session=group)
    await attempt(G1, BEN, "rivers-oxbow", False, session=group)
    await attempt(G1, DAN, "rivers-oxbow", True, points=50, session=group)
    await store.record_answer(G1, ANN, 1, "q", "a", [cite("orchard", 2), cite("orchard", 2), cite("rivers", 2)], False, 5.0)
    await store.end_session(G1, group, "finished")
    await store.start_session(G1, 2, "group", BEN, {"items": []})  # nobody answered: not a quiz played
    await at(utc(2026, 5, 6, 10))
    await attempt(G1, ANN, "orchard-bees", False)
    await attempt(G1, BEN, "orchard-bees", True, points=200)
    await attempt(G1, CAT, "orchard-bees", False)
    await store.record_answer(G1, BEN, 1, "q", "a", [cite("orchard", 2)], False, 5.0)
    await at(utc(2026, 5, 7, 10))
    solo = await store.start_session(G1, None, "solo", CAT, {"items": ["rivers-erode"]})
    await attempt(G1, CAT, "rivers-erode", True, points=300, session=solo)
    await attempt(G1, DAN, "orchard-prune", False)
    await store.record_answer(G1, CAT, 1, "q", "a", [cite("rivers", 1)], False, 5.0)
    await at(utc(2026, 5, 8, 10))
    await attempt(G1, ANN, "orchard-bees", False)
    await store.record_answer(G1, DAN, 1, "q", "not covered", [], True, 5.0)
    await at(utc(2026, 5, 9, 7))
    post = await store.open_daily_post(G1, channel_id=1, item_id="rivers-straight", essay="rivers", reason="fresh",
                                       choices=["True", "False"], local_date=dt.date(2026, 5, 9), closes_at=None)
    await store.set_daily_message(G1, post["id"], 77)
    await attempt(G1, DAN, "rivers-straight", True, points=500, session=post["session_id"], limit=0.0)
    # another server the same week: never counted in G1's digest
    await attempt(G2, ANN, "orchard-moth", False)
    await store.record_answer(G2, ANN, 1, "q", "a", [cite("orchard", 4)], False, 5.0)
    await at(END)
    # the review schedule of ann's cards, set as part of the history: prune and bees due, oxbow not
    async with store._tx() as db:
        for item, due in (("orchard-prune", utc(2026, 5, 10)), ("orchard-bees", utc(2026, 5, 9)),
                          ("rivers-oxbow", utc(2026, 5, 20))):
            await db.execute("UPDATE srs_cards SET due = ? WHERE guild_id = ? AND user_id = ? AND item_id = ?",
                             (due.isoformat(timespec="microseconds"), G1, ANN, item))


async def test_digest_matches_the_hand_counted_week(store_target) -> None:
    clock = FakeClock(utc(2026, 5, 1, 12))
    store = await Store.open(store_target, clock=clock)
    try:
        await _seed(store, clock)
        d = await build_digest(store, ESSAYS, G1, end=END)
    finally:
        await store.close()
    assert (d.start, d.end) == (utc(2026, 5, 4, 12), END)
    # 4 answers in the window (one abstained, citing nothing); G2's and the one before the window excluded
    assert d.questions_asked == 4
    # orchard ¶2 cited by two answers (twice in one of them: once), then rivers ¶1 and ¶2 once each, reading order
    assert [(t.essay, t.paragraph, t.count) for t in d.topics] == [("orchard", 2, 2), ("rivers", 1, 1), ("rivers", 2, 1)]
    assert [t.title for t in d.topics] == ["Keeping an Orchard", "How Rivers Bend", "How Rivers Bend"]
    # attempts 5-9 May: 3 + 3 + 2 + 1 + 1 (the question of the day) = 10; right: dan, ben, cat, dan = 4
    assert (d.attempts, d.correct, d.members) == (10, 4, 4)
    # quizzes with answers that started in the window: the group quiz of 5 May and cat's solo quiz
    assert d.quizzes == {"daily": 1, "group": 1, "solo": 1} and d.daily_questions == 1
    # wrong in the window: bees 3 of 4, oxbow 2 of 3, prune 1 of 1
    assert [(m.item_id, m.wrong, m.attempts) for m in d.missed] == [
        ("orchard-bees", 3, 4), ("rivers-oxbow", 2, 3), ("orchard-prune", 1, 1)]
    assert [(m.passage.essay, m.passage.paragraph) for m in d.missed] == [("orchard", 2), ("rivers", 2), ("orchard", 1)]
    assert d.missed[1].passage.quote == ("When a bend grows into a loop, a flood can cut through its neck and leave "
                                         "an oxbow lake behind.")
    # never tried in G1: moth (orchard ¶3) and windfalls (¶4); G2's attempt at moth does not count
    assert [(u.essay, u.paragraphs) for u in d.untouched] == [("orchard", [3, 4])] and d.untouched_count == 2
    # all-time points of members who share: dan 50 + 500, ben 200, ann 100 (cat's 300 is private)
    assert [(r.rank, r.user_id, r.points) for r in d.leaders] == [(1, DAN, 550), (2, BEN, 200), (3, ANN, 100)]


async def test_next_matches_the_hand_worked_path(store_target) -> None:
    clock = FakeClock(utc(2026, 5, 1, 12))
    store = await Store.open(store_target, clock=clock)
    try:
        await _seed(store, clock)
        ann = await study_path(store, ESSAYS, G1, ANN)
        dan = await study_path(store, ESSAYS, G1, DAN)
        nobody = await study_path(store, ESSAYS, G1, 99)
    finally:
        await store.close()
    # ann: last answers prune right, oxbow wrong, bees wrong; due now: prune and bees (oxbow on 20 May)
    assert [(s.essay, s.paragraph, s.why, s.missed, s.due) for s in ann.steps] == [
        ("orchard", 1, "review", 0, 1), ("orchard", 2, "review", 1, 1), ("rivers", 2, "review", 1, 0),
        ("orchard", 3, "new", 0, 0), ("orchard", 4, "new", 0, 0), ("rivers", 1, "new", 0, 0), ("rivers", 3, "new", 0, 0)]
    assert ann.steps[0].preview == "Apple trees are pruned in late winter, while they are dormant and their shape is easy to see."
    # dan answered 1 of 4 orchard items (wrong) and 2 of 3 rivers items (right, within the week): orchard's
    # mastery is at most its coverage, 1/4, while rivers' is 2/3 x a recall near 1
    assert (dan.weakest.essay, dan.weakest.items_seen, dan.weakest.items_total) == ("orchard", 1, 4)
    assert dan.weakest.mastery <= 0.25
    # someone who never answered: every paragraph with questions, in reading order; mastery 0 everywhere: the first
    assert [(s.essay, s.paragraph) for s in nobody.steps] == [("orchard", n) for n in (1, 2, 3, 4)] + [
        ("rivers", n) for n in (1, 2, 3)]
    assert nobody.weakest.essay == "orchard" and nobody.weakest.mastery == 0


@pytest.fixture
def cli_data(tmp_path, monkeypatch, embedder):
    import bot.cli.common as common
    from bot.core import Core

    real_open = Core.open.__func__

    async def open_with_model(cls, settings=None, **kw):
        return await real_open(cls, settings, embedder=embedder, **kw)

    monkeypatch.setattr(common.Core, "open", classmethod(open_with_model))
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    return tmp_path


def test_cli_digest_and_next(cli_data, capsys) -> None:
    """`tutorbot digest` and `tutorbot next` on the real essays and built-in items."""
    from bot.cli import main
    from bot.config import load_settings
    from bot.quiz.packs import builtin_records

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(cli_data)})

    async def seed() -> None:
        store = await Store.open(settings.progress_target)
        try:
            await store.sync_builtin_items(builtin_records(settings.builtin_pack))
            for ok in (False, True):
                await store.record_attempt(7, 21, "rana-left-excluded", essay="rana-left-internationalism", correct=ok,
                                           answer="x", response_ms=1000, time_limit_s=20, points=10 * ok)
            await store.record_answer(7, 21, 1, "q", "a", [cite("rana-left-internationalism", 2)], False, 3.0)
        finally:
            await store.close()

    asyncio.run(seed())
    assert main(["digest", "--guild", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["questions_asked"], data["attempts"], data["correct"], data["members"]) == (1, 2, 1, 1)
    assert [(t["essay"], t["paragraph"], t["count"]) for t in data["topics"]] == [("rana-left-internationalism", 2, 1)]
    assert data["missed"][0]["item_id"] == "rana-left-excluded" and data["missed"][0]["passage"]["paragraph"] == 2
    assert main(["digest", "--guild", "7"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Weekly digest for server 7") and "**1** questions asked" in text
    assert main(["next", "--user", "21", "--guild", "7", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Study path for user 21 in server 7:" and lines[1] == "What to read next"
    # 21's one item (¶2) was last answered right and is not due (a learning step of minutes, from
    # seconds ago): nothing to review, so the path starts with the first paragraph never quizzed
    assert lines[2].startswith("• **Left Internationalism ¶1**: The global international order")
    assert lines[2].endswith("(not quizzed yet)") and "¶2**" not in "\n".join(lines)
    assert main(["digest", "--guild", "7", "--days", "0"]) == 2


def test_chat_next_shows_the_same_path(cli_data, capsys, monkeypatch) -> None:
    import io
    import sys

    from bot.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("/next\n/quit\n"))
    monkeypatch.setenv("TUTOR_LOCAL_USER", "5")
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "What to read next" in out and "• **Left Internationalism ¶1**" in out and "(not quizzed yet)" in out
