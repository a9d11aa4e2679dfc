"""FSRS through the store with a fake clock: the rating map, due times, retrievability, lapses."""

from __future__ import annotations

import datetime as dt

import fsrs
import pytest

from bot.progress.srs import CardState, Srs, rating_for

G, U = 7, 70
MIN = dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "correct, ms, limit, rating",
    [
        (False, 1000, 20, fsrs.Rating.Again),
        (False, 0, 0, fsrs.Rating.Again),
        (True, 5000, 20, fsrs.Rating.Easy),    # 25% of the time: still Easy
        (True, 5001, 20, fsrs.Rating.Good),
        (True, 15000, 20, fsrs.Rating.Good),   # 75%: still Good
        (True, 15001, 20, fsrs.Rating.Hard),
        (True, 40000, 20, fsrs.Rating.Hard),   # late (typed answers can arrive after the limit)
        (True, 1000, 0, fsrs.Rating.Good),     # no time limit
    ],
)
def test_rating_map(correct, ms, limit, rating):
    assert rating_for(correct, ms, limit) == rating


def test_retrievability_matches_fsrs_at_whole_days_and_decays_between():
    srs = Srs()
    t0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc)
    card = srs.review(None, fsrs.Rating.Good, t0)
    values = []
    for days in (1, 2, 5, 30):
        at = t0 + dt.timedelta(days=days)
        expected = srs.scheduler.get_card_retrievability(card.to_card(), current_datetime=at)
        assert srs.retrievability(card, at) == pytest.approx(expected, rel=1e-12)
        values.append(srs.retrievability(card, at))
    assert values == sorted(values, reverse=True)
    assert 1.0 > srs.retrievability(card, t0 + dt.timedelta(hours=12)) > values[0]
    assert srs.retrievability(srs.new_card(t0), t0) == 0.0


def test_card_state_round_trips_through_fsrs():
    srs = Srs()
    t0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.timezone.utc)
    card = srs.review(None, fsrs.Rating.Hard, t0)
    assert CardState.from_card(card.to_card()) == card


async def _answer(store, item, *, correct, ms=10_000):
    return await store.record_attempt(G, U, item, essay=item.split("-")[0], correct=correct, answer="x", response_ms=ms, time_limit_s=20)


async def _card(store, item):
    cards = (await store.export_user(U))["tables"]["srs_cards"]
    return next(c for c in cards if c["item_id"] == item and c["guild_id"] == G)


async def test_scheduling_follows_fsrs_through_a_fake_clock(store, clock):
    t0 = clock.now()
    oracle = fsrs.Scheduler(enable_fuzzing=False)
    o_card = fsrs.Card(card_id=1, due=t0)

    await _answer(store, "rana-1", correct=True)                 # 10 s of 20 -> Good
    o_card, _ = oracle.review_card(o_card, fsrs.Rating.Good, t0)
    assert o_card.due == t0 + 10 * MIN                           # first learning step
    assert (await _card(store, "rana-1"))["due"] == o_card.due.isoformat(timespec="microseconds")
    assert await store.due_items(G, U) == []

    await clock.advance(10 * 60 - 1)
    assert await store.due_items(G, U) == []
    await clock.advance(1)
    due = await store.due_items(G, U)
    assert [(d.item_id, d.essay, d.due) for d in due] == [("rana-1", "rana", t0 + 10 * MIN)]
    assert 0.99 < due[0].retrievability <= 1.0

    await _answer(store, "rana-1", correct=True)                 # graduates to review
    o_card, _ = oracle.review_card(o_card, fsrs.Rating.Good, clock.now())
    card = await _card(store, "rana-1")
    assert card["state"] == fsrs.State.Review == o_card.state
    assert card["due"] == o_card.due.isoformat(timespec="microseconds")
    assert o_card.due - clock.now() == dt.timedelta(days=2)
    assert card["stability"] == pytest.approx(o_card.stability)

    await clock.advance(2 * 86400)
    (d,) = await store.due_items(G, U)
    assert d.retrievability == pytest.approx(oracle.get_card_retrievability(o_card, clock.now()))
    await _answer(store, "rana-1", correct=False)                # a lapse -> relearning in 10 minutes
    card = await _card(store, "rana-1")
    assert (card["state"], card["lapses"], card["reps"]) == (fsrs.State.Relearning, 1, 3)
    assert card["due"] == (clock.now() + 10 * MIN).isoformat(timespec="microseconds")


async def test_fast_correct_answer_is_easy_and_wrong_is_again(store, clock):
    t0 = clock.now()
    await _answer(store, "walt-1", correct=True, ms=2_000)       # Easy: straight to an 8-day review
    await _answer(store, "walt-2", correct=False)                # Again: one minute
    assert (await _card(store, "walt-1"))["due"] == (t0 + dt.timedelta(days=8)).isoformat(timespec="microseconds")
    assert (await _card(store, "walt-2"))["due"] == (t0 + MIN).isoformat(timespec="microseconds")
    ratings = [a["rating"] for a in (await store.export_user(U))["tables"]["attempts"]]
    assert ratings == [fsrs.Rating.Easy, fsrs.Rating.Again]


async def test_due_items_filter_by_essay_and_skip_disabled_items(store, clock):
    for item in ("rana-1", "rana-2", "walt-1"):
        await _answer(store, item, correct=False)
    await clock.advance(60)
    assert {d.item_id for d in await store.due_items(G, U)} == {"rana-1", "rana-2", "walt-1"}
    assert {d.item_id for d in await store.due_items(G, U, essay="walt")} == {"walt-1"}
    assert len(await store.due_items(G, U, limit=2)) == 2
    await store.set_item_status(G, "rana-2", "disabled", actor_id=1)
    assert {d.item_id for d in await store.due_items(G, U)} == {"rana-1", "walt-1"}
    assert await store.due_items(G + 1, U) == []
