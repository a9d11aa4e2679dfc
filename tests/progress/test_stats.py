"""Stats against hand-computed values: streaks, accuracy, points, mastery, leaderboards, history."""

from __future__ import annotations

import datetime as dt

import fsrs
import pytest

from bot.errors import UserError
from bot.progress import stats as st

DAY = 86400
D = dt.date(2026, 5, 10)


@pytest.mark.parametrize(
    "days, expected",
    [
        ([], (0, 0)),
        ([D], (1, 1)),
        ([D - dt.timedelta(1)], (1, 1)),                      # yesterday: the streak is still alive today
        ([D - dt.timedelta(2)], (0, 1)),
        ([D - dt.timedelta(n) for n in (0, 1, 2, 5, 6)], (3, 3)),
        ([D - dt.timedelta(n) for n in (1, 3, 4, 5, 6)], (1, 4)),
        ([D, D, D - dt.timedelta(1)], (2, 2)),                # duplicates count once
    ],
)
def test_day_streaks(days, expected):
    assert st.day_streaks(days, D) == expected


@pytest.mark.parametrize(
    "results, expected",
    [([], (0, 0)), ([True], (1, 1)), ([True, True, False, True], (1, 2)), ([False, True, True, True], (3, 3))],
)
def test_answer_streaks(results, expected):
    assert st.answer_streaks(results) == expected


def test_mastery_is_mean_recall_times_coverage():
    assert st.mastery([0.9, 0.5], 4) == pytest.approx((0.7, 0.5, 0.35))
    assert st.mastery([], 4) == (0.0, 0.0, 0.0)
    assert st.mastery([], 0) == (0.0, 0.0, 0.0)


G, X = 31, 3100


async def _do(store, item, correct, points=0):
    await store.record_attempt(G, X, item, essay=item.split("-")[0], correct=correct, answer="a",
                               response_ms=10_000, time_limit_s=20, points=points)


async def test_learner_progress_against_hand_computed_values(store, clock):
    t0 = clock.now()                                   # 2026-01-01 12:00 UTC
    await _do(store, "rana-1", True, 10)
    await _do(store, "rana-2", False)
    await _do(store, "walt-1", True, 5)
    await clock.advance(DAY)                           # day 2
    await _do(store, "rana-2", True, 10)
    await clock.advance(2 * DAY)                       # day 4 (day 3 skipped)
    await _do(store, "walt-1", False)
    await store.record_answer(G, X, 1, "why?", "because", [], False, 9.0)
    now = clock.now()

    p = await store.learner_progress(G, X)
    assert (p.attempts, p.correct, p.accuracy, p.points, p.questions_asked) == (5, 3, 0.6, 25, 1)
    assert (p.day_streak, p.best_day_streak) == (1, 2)        # days 1,2 then 4
    assert (p.answer_streak, p.best_answer_streak) == (0, 2)  # T F T T F
    assert p.last_active == now
    assert [(r.item_id, r.correct) for r in p.recent] == [
        ("walt-1", False), ("rana-2", True), ("walt-1", True), ("rana-2", False), ("rana-1", True)]

    # independent oracle: the same reviews straight through fsrs (whole days apart, where fsrs is exact)
    sched = fsrs.Scheduler(enable_fuzzing=False)
    good, again = fsrs.Rating.Good, fsrs.Rating.Again
    r1, _ = sched.review_card(fsrs.Card(card_id=1, due=t0), good, t0)
    r2, _ = sched.review_card(fsrs.Card(card_id=2, due=t0), again, t0)
    r2, _ = sched.review_card(r2, good, t0 + dt.timedelta(days=1))
    w1, _ = sched.review_card(fsrs.Card(card_id=3, due=t0), good, t0)
    w1, _ = sched.review_card(w1, again, now)
    R = lambda c: sched.get_card_retrievability(c, now)  # noqa: E731
    rana, walt = {e.essay: e for e in p.essays}["rana"], {e.essay: e for e in p.essays}["walt"]
    assert (rana.attempts, rana.correct, rana.accuracy, rana.items_seen, rana.items_total) == (3, 2, 2 / 3, 2, 3)
    assert (walt.attempts, walt.correct, walt.accuracy, walt.items_seen, walt.items_total) == (2, 1, 0.5, 1, 2)
    assert rana.retrievability == pytest.approx((R(r1) + R(r2)) / 2)
    assert rana.coverage == pytest.approx(2 / 3)
    assert rana.mastery == pytest.approx((R(r1) + R(r2)) / 2 * 2 / 3)
    # Issue 20: walt-1 was just missed; FSRS predicts full recall right after any review (1.0 here
    # before), but an item whose latest answer was a miss counts 0 until it is answered right again.
    assert (walt.retrievability, walt.mastery) == (0.0, 0.0)

    due = {c.due for c in (r1, r2, w1) if c.due <= now}
    assert p.due_now == len(due) == 2                  # rana-1 and rana-2 came due; walt-1 due in a minute
    assert p.next_due == w1.due == now + dt.timedelta(minutes=1)  # still learning: Again = step 0

    history = await store.progress_history(G, X)
    rows = [(h.day.isoformat(), h.essay, h.attempts, h.correct, h.accuracy) for h in history]
    assert rows == [
        ("2026-01-01", "rana", 2, 1, 0.5), ("2026-01-01", "walt", 1, 1, 1.0),
        ("2026-01-02", "rana", 1, 1, 1.0), ("2026-01-02", "walt", 0, 0, None),
        ("2026-01-04", "rana", 0, 0, None), ("2026-01-04", "walt", 1, 0, 0.0),
    ]
    # day 1 ends at midnight: walt-1 reviewed Good at noon, half a day earlier, 1 of 2 items seen
    w = sched.parameters[20]
    factor = 0.9 ** (-1 / w) - 1
    assert history[1].mastery == pytest.approx((1 + factor * 0.5 / sched.parameters[2]) ** -w * 0.5)
    assert history[4].mastery == pytest.approx(rana.mastery)   # today: as of now
    assert history[5].mastery == pytest.approx(0.5)
    assert [h.to_dict()["day"] for h in history][:1] == ["2026-01-01"]


async def test_leaderboards_and_most_missed_against_hand_computed_values(store, clock):
    async def do(user, item, correct, points):
        await store.record_attempt(G, user, item, essay=item.split("-")[0], correct=correct, answer="x",
                                   response_ms=1000, time_limit_s=20, points=points)

    # user 3: days -5, -4, -3 (12 attempts, 6 right on rana-1 worth 5 each, 6 wrong on rana-3)
    for _ in range(3):
        for n in range(4):
            await do(3, "rana-1" if n % 2 else "rana-3", bool(n % 2), 5 if n % 2 else 0)
        await clock.advance(DAY)
    # user 2: days -2, -1, 0 (10 attempts, 9 right worth 1 each, one wrong on walt-2)
    for day, count in ((0, 3), (1, 3), (2, 4)):
        for n in range(count):
            wrong = day == 2 and n == 3
            await do(2, "walt-2" if n % 2 else "walt-1", not wrong, 0 if wrong else 1)
        if day < 2:
            await clock.advance(DAY)
    # user 1: today only, one lucky answer worth 10
    await do(1, "walt-2", True, 10)

    points = await store.leaderboard(G, by="points")
    assert [(r.rank, r.user_id, r.points) for r in points] == [(1, 3, 30), (2, 1, 10), (3, 2, 9)]
    accuracy = await store.leaderboard(G, by="accuracy")      # at least 10 attempts to qualify
    assert [(r.user_id, r.accuracy, r.attempts) for r in accuracy] == [(2, 0.9, 10), (3, 0.5, 12)]
    assert [r.user_id for r in await store.leaderboard(G, by="accuracy", min_attempts=1)] == [1, 2, 3]
    streak = await store.leaderboard(G, by="streak")          # user 3's run ended two days ago
    assert [(r.user_id, r.day_streak, r.best_day_streak) for r in streak] == [(2, 3, 3), (1, 1, 1)]
    assert [r.user_id for r in await store.leaderboard(G, by="points", limit=1)] == [3]
    with pytest.raises(UserError):
        await store.leaderboard(G, by="speed")

    missed = await store.most_missed(G)
    assert [(m.item_id, m.attempts, m.wrong, m.miss_rate) for m in missed] == [("rana-3", 6, 6, 1.0), ("walt-2", 5, 1, 0.2)]
    assert missed[0].item["prompt"] == "True?"


async def test_skips_are_apart_from_wrong_answers_and_memory_drops_after_misses(store, clock):
    """Issue 20: a skip (recorded with no answer) is neither a wrong answer nor in the accuracy, and
    the memory of an essay falls right after its questions are missed (it read 100% before)."""
    await _do(store, "walt-1", True)
    await store.record_attempt(G, X, "walt-2", essay="walt", correct=False, answer="", response_ms=3_000, time_limit_s=20)
    await clock.advance(60)
    before = {e.essay: e for e in (await store.learner_progress(G, X)).essays}["walt"]
    await _do(store, "walt-1", False)
    p = await store.learner_progress(G, X)
    walt = {e.essay: e for e in p.essays}["walt"]
    assert (p.attempts, p.correct, p.skipped, p.accuracy) == (2, 1, 1, 0.5)
    assert (walt.attempts, walt.skipped) == (2, 1)
    assert before.retrievability == pytest.approx(0.5, abs=0.01)  # walt-1 just right, walt-2 skipped: 0
    assert walt.retrievability == 0.0 and walt.mastery < before.mastery
    assert st.is_skip(0, "") and not st.is_skip(0, "wrong") and not st.is_skip(1, "")


async def test_the_accuracy_board_counts_answers_not_skips(store):
    """Issue 20: the leaderboard's accuracy is the accuracy /progress shows (skips apart)."""
    await store.set_share_progress(G, 7, True)
    await store.record_attempt(G, 7, "walt-1", essay="walt", correct=True, answer="a", response_ms=1000, time_limit_s=20)
    await store.record_attempt(G, 7, "walt-2", essay="walt", correct=False, answer="", response_ms=1000, time_limit_s=20)
    (row,) = await store.leaderboard(G, by="accuracy", min_attempts=1)
    assert (row.attempts, row.correct, row.accuracy) == (1, 1, 1.0)
    assert (await store.learner_progress(G, 7)).accuracy == row.accuracy
