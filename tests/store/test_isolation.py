"""One server's items, attempts, stats, leaderboards and audit never show in another's; DMs are a scope of their own."""

from __future__ import annotations

import pytest

from bot.errors import UserError

A, B, DM = 111, 222, 0
ALICE, BOB = 1001, 1002


async def _populate(store):
    a_item = await store.add_item(A, {"id": "a-only", "essay": "rana", "kind": "mcq"}, actor_id=ALICE)
    b_item = await store.add_item(B, {"id": "b-only", "essay": "walt", "kind": "mcq"}, actor_id=BOB)
    # ALICE is in both servers and also studies in DMs; BOB only in B.
    await store.record_attempt(A, ALICE, "a-only", essay="rana", correct=False, answer="x", response_ms=1000, time_limit_s=20, points=0)
    await store.record_attempt(A, ALICE, "rana-1", essay="rana", correct=True, answer="y", response_ms=1000, time_limit_s=20, points=10)
    await store.record_attempt(B, ALICE, "walt-1", essay="walt", correct=True, answer="z", response_ms=1000, time_limit_s=20, points=7)
    await store.record_attempt(B, BOB, "b-only", essay="walt", correct=False, answer="w", response_ms=1000, time_limit_s=20, points=0)
    await store.record_attempt(DM, ALICE, "rana-2", essay="rana", correct=True, answer="v", response_ms=1000, time_limit_s=20, points=3)
    await store.record_answer(A, ALICE, 5, "q in A", "answer", [], False, 10.0)
    return a_item, b_item


async def test_items_are_scoped(store):
    await _populate(store)
    a_ids = {i["id"] for i in await store.list_items(A)}
    b_ids = {i["id"] for i in await store.list_items(B)}
    dm_ids = {i["id"] for i in await store.list_items(DM)}
    builtin = {"rana-1", "rana-2", "rana-3", "walt-1", "walt-2"}
    assert a_ids == builtin | {"a-only"}
    assert b_ids == builtin | {"b-only"}
    assert dm_ids == builtin
    assert await store.get_item(B, "a-only") is None
    assert {i["id"] for i in await store.list_items(A, include_global=False)} == {"a-only"}
    with pytest.raises(UserError):
        await store.update_item(B, "a-only", {"essay": "rana", "kind": "mcq"}, actor_id=BOB)
    with pytest.raises(UserError):
        await store.remove_item(B, "a-only", actor_id=BOB)
    with pytest.raises(UserError):
        await store.set_item_status(B, "a-only", "disabled", actor_id=BOB)
    with pytest.raises(UserError):
        await store.record_attempt(B, BOB, "a-only", essay="rana", correct=True, answer="", response_ms=1, time_limit_s=20)
    assert (await store.get_item(A, "a-only"))["status"] == "active"


async def test_disabling_a_builtin_item_in_one_server_leaves_others_alone(store):
    await store.set_item_status(A, "rana-3", "disabled", actor_id=ALICE)
    assert (await store.get_item(A, "rana-3"))["status"] == "disabled"
    assert (await store.get_item(B, "rana-3"))["status"] == "active"
    assert "rana-3" not in {i["id"] for i in await store.list_items(A)}
    assert "rana-3" in {i["id"] for i in await store.list_items(B)}
    assert "rana-3" in {i["id"] for i in await store.list_items(A, status="disabled")}


async def test_attempts_stats_and_leaderboards_are_scoped(store):
    await _populate(store)
    in_a = await store.learner_progress(A, ALICE)
    in_b = await store.learner_progress(B, ALICE)
    in_dm = await store.learner_progress(DM, ALICE)
    assert (in_a.attempts, in_a.correct, in_a.points, in_a.questions_asked) == (2, 1, 10, 1)
    assert (in_b.attempts, in_b.correct, in_b.points, in_b.questions_asked) == (1, 1, 7, 0)
    assert (in_dm.attempts, in_dm.correct, in_dm.points) == (1, 1, 3)
    assert {r.item_id for r in in_a.recent} == {"a-only", "rana-1"}
    # mastery in A counts A's own item; B's does not exist there
    rana_a = next(e for e in in_a.essays if e.essay == "rana")
    assert (rana_a.items_total, rana_a.items_seen) == (4, 2)
    assert "walt" not in {e.essay for e in in_a.essays if e.attempts}

    assert [(r.user_id, r.points) for r in await store.leaderboard(A)] == [(ALICE, 10)]
    assert [(r.user_id, r.points) for r in await store.leaderboard(B)] == [(ALICE, 7), (BOB, 0)]
    assert [(r.user_id, r.points) for r in await store.leaderboard(DM)] == [(ALICE, 3)]
    assert [m.item_id for m in await store.most_missed(A)] == ["a-only"]
    assert [m.item_id for m in await store.most_missed(B)] == ["b-only"]
    assert await store.most_missed(DM) == []
    assert {d.item_id for d in await store.due_items(A, ALICE, limit=50)} <= {"a-only", "rana-1"}
    assert (await store.learner_progress(A, BOB)).attempts == 0


async def test_feedback_sessions_settings_and_audit_are_scoped(store):
    await _populate(store)
    answer_id = await store.record_answer(A, ALICE, 5, "q", "a", [{"paragraph": 3}], False, 12.5)
    with pytest.raises(UserError):
        await store.set_feedback(B, answer_id, BOB, True)
    await store.set_feedback(A, answer_id, BOB, True)

    session = await store.start_session(A, 77, "group", ALICE, {"questions": 5})
    with pytest.raises(UserError):
        await store.end_session(B, session, "finished")
    with pytest.raises(UserError):
        await store.record_attempt(B, BOB, "walt-1", essay="walt", correct=True, answer="", response_ms=1, time_limit_s=20, session_id=session)
    # same channel id in another server is another channel
    await store.start_session(B, 77, "group", BOB, {})
    with pytest.raises(UserError, match="already running"):
        await store.start_session(A, 77, "group", BOB, {})

    await store.update_guild_settings(A, {"quiz_seconds": 30}, actor_id=ALICE)
    assert await store.get_guild_settings(A) == {"quiz_seconds": 30}
    assert await store.get_guild_settings(B) == {}
    assert {e["target"] for e in await store.recent_audit(A)} == {"a-only", "settings"}
    assert {e["target"] for e in await store.recent_audit(B)} == {"b-only"}
    assert await store.recent_audit(DM) == []
