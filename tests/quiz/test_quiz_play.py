"""Play rules: the timer in solo quizzes, the streak setting everywhere, practice versus
leaderboard points, no twins or recent repeats in a quiz, and a Red pack's CONFIG in a group game."""

from __future__ import annotations

import asyncio
import random

import pytest
from quiz_support import ROOT, Due, make_items

from bot.config import QuizSettings
from bot.quiz.items import QuizItem
from bot.quiz.packs import PlayRules
from bot.quiz.session import (
    GroupSession,
    GroupSettings,
    NothingDue,
    QuestionRevealed,
    SoloSession,
    pick_items,
    review_session,
    solo_session,
    twins,
)

USER = 42


def cloze(item_id: str, prompt: str, answer: str, paragraph: int = 1, kind: str = "cloze", **extra) -> QuizItem:
    data = dict(id=item_id, kind=kind, prompt=prompt, answer=answer, essay="e", paragraph=paragraph) | extra
    return QuizItem(**data)


async def test_a_late_solo_answer_is_graded_and_recorded_but_earns_nothing(store, items, clock):
    session = SoloSession(store, [items[2], items[1]], guild_id=1, user_id=USER, seconds=20, clock=clock)
    await session.next_question()
    await clock.advance(25)
    late = await session.answer("creedalism")
    assert (late.status, late.late, late.points) == ("correct", True, 0)
    # Issue 20: a late answer counts as a miss in the record too (it used to count as right there).
    assert store.attempts[-1]["correct"] is False and store.attempts[-1]["points"] == 0
    await session.next_question()
    await clock.advance(2)
    on_time = await session.answer("true")
    assert (on_time.points, on_time.late) == (950, False)  # 2 s of 20; no streak bonus: the late answer ended the streak


async def test_streak_bonus_setting_applies_to_solo_and_review(store, items, clock):
    quiz = QuizSettings(streak_bonus=False)
    session = await solo_session(store, 1, USER, quiz=quiz, questions=3, essays=["rana-left-internationalism"],
                                 clock=clock, rng=random.Random(1))
    points = []
    while (shown := await session.next_question()) is not None:
        points.append((await session.answer(shown.item.answer if not shown.choices
                                            else shown.choices.index(shown.item.answer))).points)
    assert points == [1000, 1000, 1000]  # with the bonus on: 1000, 1100, 1200
    store.due = [Due("q-short", "rana-left-internationalism", clock.now())]
    review = await review_session(store, 1, USER, quiz=quiz, clock=clock)
    assert review.streak_bonus is False


async def test_review_and_repeats_are_practice_not_leaderboard_points(store, items, clock):
    first = SoloSession(store, [items[2]], guild_id=1, user_id=USER, clock=clock)
    await first.next_question()
    assert (await first.answer("creedalism")).points == 1000
    again = SoloSession(store, [items[2], items[3]], guild_id=1, user_id=USER, clock=clock)
    await again.next_question()
    repeat = await again.answer("creedalism")
    assert (repeat.status, repeat.points, repeat.practice) == ("correct", 0, True)
    await again.next_question()
    fresh = await again.answer("30%")
    assert (fresh.points, fresh.practice) == (1100, False)  # never answered before: 1000 + streak of 2 (the repeat counts)
    store.due = [Due("q-cloze", "rana-left-internationalism", clock.now())]
    review = await review_session(store, 1, USER, quiz=QuizSettings(), clock=clock)
    await review.next_question()
    reviewed = await review.answer("30 percent")
    assert (reviewed.points, reviewed.practice) == (0, True)
    assert [a["points"] for a in store.attempts] == [1000, 0, 1100, 0]
    assert (await review.finish()).score == 0


async def test_nothing_due_says_when_the_next_review_is(store, clock):
    with pytest.raises(NothingDue) as caught:
        await review_session(store, 1, USER, quiz=QuizSettings(), clock=clock)
    assert caught.value.next_due is None
    import datetime as dt
    later = clock.now() + dt.timedelta(days=2)
    store.due = []

    async def progress(guild_id, user_id):
        from types import SimpleNamespace
        return SimpleNamespace(next_due=later)

    store.learner_progress = progress
    with pytest.raises(NothingDue) as caught:
        await review_session(store, 1, USER, quiz=QuizSettings(), clock=clock)
    assert caught.value.next_due == later


def test_twins_never_share_a_quiz():
    sentence = "The heart of left _____ is an account of global solidarity."
    a = cloze("g-c", sentence, "internationalism", 35)
    b = cloze("g-m", sentence, "internationalism", 35, kind="multiple_choice",
              choices=["internationalism", "imperialism", "regionalism"])
    c = cloze("b-1", "Which word names the heart of left solidarity?", "internationalism", 35, kind="short_answer")
    d = cloze("g-x", "Rana calls for a left internationalism built on _____.", "solidarity", 36)
    e = cloze("g-y", "Rana's vision of left _____ rests on solidarity.", "internationalism", 40)
    f = cloze("g-z", "Nyerere led _____.", "Tanzania", 15)
    assert twins(a, b)              # one sentence, two kinds
    assert twins(a, c)              # one fact: same answer, same paragraph
    assert twins(d, e) and twins(e, d)  # e's prompt shows d's answer
    assert not twins(a, f) and not twins(a, e)
    pool = [a, b, c, d, e, f]
    for seed in range(200):
        chosen = pick_items(pool, 6, random.Random(seed))
        assert not any(twins(x, y) for i, x in enumerate(chosen) for y in chosen[i + 1:])


def test_recent_items_come_last():
    pool = [cloze(f"i{n}", f"Question number {n} asks _____?", f"answer{n}", n) for n in range(1, 11)]
    recent = {f"i{n}" for n in range(1, 8)}
    for seed in range(50):
        chosen = {i.id for i in pick_items(pool, 3, random.Random(seed), avoid=recent)}
        assert chosen == {"i8", "i9", "i10"}
    assert len(pick_items(pool, 5, random.Random(0), avoid=recent)) == 5  # then recent ones, not fewer


async def test_solo_quiz_avoids_the_learners_last_quizzes(store, items, clock):
    first = await solo_session(store, 1, USER, quiz=QuizSettings(), questions=2, clock=clock, rng=random.Random(3))
    await first.start()
    second = await solo_session(store, 1, USER, quiz=QuizSettings(), questions=2, clock=clock, rng=random.Random(3))
    assert not {i.id for i in first.items} & {i.id for i in second.items}


async def next_event(session, kind):
    while True:
        event = await asyncio.wait_for(session.events.get(), timeout=2)
        if isinstance(event, kind):
            return event


async def test_red_pack_rules_in_a_group_game(store, items, clock):
    rules = PlayRules(max_score=2, seconds=12, reveal_answer=False, use_spoilers=True)
    settings = GroupSettings.from_settings(QuizSettings(), questions=5, rules=rules, reveal_seconds=0)
    assert (settings.seconds, settings.max_score, settings.reveal_answer, settings.use_spoilers) == (12, 2, False, True)
    tf = [items[1].model_copy(update={"id": f"tf-{n}", "prompt": f"Statement number {n}."}) for n in range(5)]
    session = GroupSession(store, tf, guild_id=1, channel_id=10, started_by=1, settings=settings, clock=clock)
    await session.start()
    await clock.advance(12)  # nobody answers the first question
    first = await next_event(session, QuestionRevealed)
    assert (first.answer_shown, first.spoiler) == (False, True)
    for _ in range(2):
        await session.submit(7, "Ada", "true")
        await clock.advance(12)
    revealed = await next_event(session, QuestionRevealed)
    assert revealed.answer_shown  # someone got it: the answer is shown
    final = await session.wait()
    assert (final.reason, final.winner, final.questions_asked) == ("completed", 7, 3)  # first to 2 right answers


async def test_pack_timeout_ends_a_quiet_game(store, items, clock):
    settings = GroupSettings.from_settings(QuizSettings(), questions=5, seconds=10, reveal_seconds=0,
                                           rules=PlayRules(idle_seconds=15))
    session = GroupSession(store, [items[1].model_copy(update={"id": f"t{n}", "prompt": f"Claim {n}."}) for n in range(5)],
                           guild_id=1, channel_id=10, started_by=1, settings=settings, clock=clock)
    await session.start()
    await clock.advance(10)
    await clock.advance(10)
    final = await session.wait()
    assert (final.reason, final.questions_asked) == ("idle", 2)  # 20 s without an answer > 15 s


def test_essays_by_prefix_or_author_name():
    from bot.corpus.essay import parse_essay
    from bot.errors import UserError
    from bot.quiz.session import find_essay

    def make(slug, author):
        return parse_essay(f"---\ntitle: {slug}\nauthor: {author}\n---\n\nA paragraph.", slug=slug, name=f"{slug}.md")

    essays = [make("doe-harbors", "Jane Q. Doe"), make("doe-rivers", "Jane Q. Doe"), make("lee-ports", "Ann Lee")]
    assert find_essay(essays, "lee").slug == "lee-ports"            # the author's surname
    assert find_essay(essays, "Ann Lee").slug == "lee-ports"        # full name, any case
    assert find_essay(essays, "doe-h").slug == "doe-harbors"        # an unambiguous prefix
    assert find_essay(essays, "doe-rivers").slug == "doe-rivers"
    with pytest.raises(UserError, match=r"'doe' matches several essays \(doe-harbors, doe-rivers\)"):
        find_essay(essays, "doe")
    with pytest.raises(UserError, match="no essay matches 'smith'; known: doe-harbors, doe-rivers, lee-ports"):
        find_essay(essays, "smith")


def test_nothing_due_and_practice_texts():
    import datetime as dt

    from bot.prompts import PromptBook, registered_specs
    from bot.quiz import format as fmt
    from bot.quiz.session import SoloResult

    t = PromptBook.load(ROOT / "prompts", {"quiz": registered_specs()["quiz"]}).section("quiz")
    when = dt.datetime(2026, 1, 3, 12, 0, tzinfo=dt.timezone.utc)
    assert fmt.render_nothing_due(t, when) == ("Nothing is due for review right now. Your next review is due "
                                               "2026-01-03 12:00 UTC.")
    assert fmt.render_nothing_due(t, None).startswith("Nothing is due for review yet:")
    assert not fmt.render_nothing_due(t, when).lower().startswith("error")
    practice = SoloResult("correct", 1, 2, make_items()[2], "creedalism", "creedalism", practice=True)
    assert "not for the leaderboard" in fmt.render_solo_result(t, practice)


async def test_leaderboard_policy_and_recent_items_in_the_real_store(store_target, items, clock):
    from bot.store import Store

    store = await Store.open(store_target, clock=clock)
    try:
        await store.sync_builtin_items([i.model_copy(update={"origin": "builtin"}).to_record() for i in items])
        first = SoloSession(store, [items[2]], guild_id=1, user_id=USER, clock=clock)
        await first.next_question()
        assert (await first.answer("creedalism")).points == 1000
        await first.finish()
        assert await store.correct_item_ids(1, USER, ["q-short", "q-tf"]) == {"q-short"}
        assert await store.correct_item_ids(2, USER, ["q-short"]) == set()  # another server: no history
        again = SoloSession(store, [items[2]], guild_id=1, user_id=USER, clock=clock)
        await again.next_question()
        assert (await again.answer("creedalism")).practice
        await again.finish()
        board = await store.leaderboard(1, by="points")
        assert [(r.user_id, r.points) for r in board] == [(USER, 1000)]  # the replay added nothing
        assert await store.recent_session_items(1, user_id=USER) == {"q-short"}
        assert await store.recent_session_items(1, user_id=7) == set()
        progress = await store.learner_progress(1, USER)
        assert progress.recent[0].prompt == items[2].prompt  # recent answers by question text
    finally:
        await store.close()
