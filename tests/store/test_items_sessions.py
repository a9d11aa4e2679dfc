"""Quiz items (built-in sync, moderator edits, all-or-nothing import), sessions, feedback, backup, check."""

from __future__ import annotations

import sqlite3

import pytest

from bot.errors import UserError
from bot.store import Store

G, MOD, LEARNER = 42, 900, 901


async def test_builtin_sync_updates_and_retires_without_deleting(store, builtin_items):
    BUILTIN = builtin_items
    changed = [dict(BUILTIN[0], prompt="Who wrote it? (fixed)")] + BUILTIN[1:4]  # walt-2 dropped
    await store.sync_builtin_items(changed)
    assert (await store.get_item(G, "rana-1"))["prompt"] == "Who wrote it? (fixed)"
    retired = await store.get_item(G, "walt-2")
    assert retired["status"] == "disabled" and retired["origin"] == "builtin"
    assert "walt-2" not in {i["id"] for i in await store.list_items(G)}
    await store.sync_builtin_items(BUILTIN)  # back in the pack: active again
    assert (await store.get_item(G, "walt-2"))["status"] == "active"
    with pytest.raises(UserError, match="repeat"):
        await store.sync_builtin_items([BUILTIN[0], BUILTIN[0]])


async def test_moderator_item_lifecycle_is_audited(store):
    item_id = await store.add_item(G, {"essay": "walt", "kind": "mcq", "prompt": "p"}, actor_id=MOD, status="pending")
    assert (await store.get_item(G, item_id))["status"] == "pending"
    assert item_id not in {i["id"] for i in await store.list_items(G)}
    await store.set_item_status(G, item_id, "active", actor_id=MOD)
    await store.update_item(G, item_id, {"essay": "walt", "kind": "mcq", "prompt": "better"}, actor_id=MOD)
    got = await store.get_item(G, item_id)
    assert (got["prompt"], got["status"], got["origin"], got["guild_id"]) == ("better", "active", "moderator", G)
    await store.record_attempt(G, LEARNER, item_id, essay="walt", correct=True, answer="a", response_ms=1, time_limit_s=20)
    await store.remove_item(G, item_id, actor_id=MOD)
    assert await store.get_item(G, item_id) is None
    assert await store.due_items(G, LEARNER) == []  # its card went with it
    assert (await store.learner_progress(G, LEARNER)).attempts == 1  # history stays
    actions = [e["action"] for e in await store.recent_audit(G)]
    assert actions == ["item.remove", "item.edit", "item.status", "item.add"]
    assert all(e["actor_id"] == MOD for e in await store.recent_audit(G))


async def test_builtin_items_cannot_be_edited_removed_or_shadowed(store):
    with pytest.raises(UserError, match="built-in"):
        await store.update_item(G, "rana-1", {"essay": "rana", "kind": "mcq"}, actor_id=MOD)
    with pytest.raises(UserError, match="built-in"):
        await store.remove_item(G, "rana-1", actor_id=MOD)
    with pytest.raises(UserError, match="built-in"):
        await store.add_item(G, {"id": "rana-1", "essay": "rana", "kind": "mcq"}, actor_id=MOD)
    await store.add_item(G, {"id": "mine", "essay": "rana", "kind": "mcq"}, actor_id=MOD)
    with pytest.raises(UserError, match="cannot change an item's id"):
        await store.update_item(G, "mine", {"id": "other", "essay": "rana", "kind": "mcq"}, actor_id=MOD)
    with pytest.raises(UserError, match="already exists"):
        await store.add_item(G, {"id": "mine", "essay": "rana", "kind": "mcq"}, actor_id=MOD)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"id": "ok-2", "kind": "mcq"}, "needs an essay"),
        ({"id": "has space", "essay": "rana", "kind": "mcq"}, "must be 1-64"),
        ({"id": "rana-2", "essay": "rana", "kind": "mcq"}, "built-in"),
        ({"id": "ok-1", "essay": "rana", "kind": "mcq"}, "repeats"),
        ({"id": "big", "essay": "rana", "kind": "mcq", "text": "x" * 30_000}, "too large"),
        ({"id": "ok-3", "essay": "rana", "kind": "mcq", "status": "live"}, "status"),
    ],
)
async def test_import_is_all_or_nothing(store, bad, message):
    await store.add_item(G, {"id": "ok-1", "essay": "rana", "kind": "mcq", "prompt": "old"}, actor_id=MOD)
    good = [{"id": "ok-1", "essay": "rana", "kind": "mcq", "prompt": "new"}, {"id": "ok-0", "essay": "walt", "kind": "tf"}]
    before = await store.list_items(G, status=None, include_global=False)
    audit_before = await store.recent_audit(G)
    with pytest.raises(UserError, match=message):
        await store.import_items(G, good + [bad], actor_id=MOD, source="pack.yaml")
    assert await store.list_items(G, status=None, include_global=False) == before
    assert await store.recent_audit(G) == audit_before


async def test_import_inserts_and_replaces_in_one_step(store):
    await store.add_item(G, {"id": "ok-1", "essay": "rana", "kind": "mcq", "prompt": "old"}, actor_id=MOD)
    n = await store.import_items(
        G, [{"id": "ok-1", "essay": "rana", "kind": "mcq", "prompt": "new"}, {"essay": "walt", "kind": "tf", "origin": "generated", "status": "pending"}],
        actor_id=MOD, source="pack.yaml",
    )
    assert n == 2
    own = await store.list_items(G, status=None, include_global=False)
    assert [(i["prompt"] if "prompt" in i else None, i["origin"], i["status"]) for i in own] == [
        ("new", "moderator", "active"), (None, "generated", "pending")]
    entry = (await store.recent_audit(G))[0]
    assert (entry["action"], entry["target"], entry["details"]["count"], entry["details"]["replaced"]) == (
        "items.import", "pack.yaml", 2, 1)


async def test_sessions_one_group_per_channel_and_stale_ones_abandoned(store_target, clock):
    store = await Store.open(store_target, clock=clock)
    s1 = await store.start_session(G, 10, "group", LEARNER, {"n": 5})
    with pytest.raises(UserError, match="already running"):
        await store.start_session(G, 10, "group", MOD, {})
    solo1 = await store.start_session(G, 10, "solo", LEARNER, {})  # solo sessions do not block
    solo2 = await store.start_session(G, None, "solo", MOD, {})
    await store.end_session(G, s1, "finished")
    await store.end_session(G, s1, "cancelled")  # second end is a no-op
    assert (await store.get_session(G, s1))["status"] == "finished"
    s2 = await store.start_session(G, 10, "group", MOD, {})
    await store.close()  # "crash": s2, solo1, solo2 still active

    store = await Store.open(store_target, clock=clock)
    try:
        assert await store.close_stale_sessions() == 3
        assert {(await store.get_session(G, s))["status"] for s in (s2, solo1, solo2)} == {"abandoned"}
        assert (await store.get_session(G, s2))["settings"] == {}
        await store.start_session(G, 10, "group", MOD, {})  # the channel is free again
    finally:
        await store.close()


async def test_feedback_is_one_vote_per_person_and_changeable(store):
    answer = await store.record_answer(G, LEARNER, 1, "q", "a", [], False, 3.0)
    await store.set_feedback(G, answer, LEARNER, True)
    await store.set_feedback(G, answer, LEARNER, False)
    rows = (await store.export_user(LEARNER))["tables"]["feedback"]
    assert [(r["answer_id"], r["helpful"]) for r in rows] == [(answer, 0)]
    with pytest.raises(UserError):
        await store.set_feedback(G, answer + 100, LEARNER, True)


async def test_guild_settings_merge_and_remove(store):
    assert await store.update_guild_settings(G, {"a": 1, "b": [1, 2]}, actor_id=MOD) == {"a": 1, "b": [1, 2]}
    assert await store.update_guild_settings(G, {"a": None, "c": "x"}, actor_id=MOD) == {"b": [1, 2], "c": "x"}
    assert await store.get_guild_settings(G) == {"b": [1, 2], "c": "x"}
    with pytest.raises(UserError):
        await store.update_guild_settings(G, {"d": object()}, actor_id=MOD)
    assert await store.get_guild_settings(G) == {"b": [1, 2], "c": "x"}


async def test_share_progress_hides_a_learner_from_leaderboards(store):
    await store.record_attempt(G, LEARNER, "rana-1", essay="rana", correct=True, answer="", response_ms=1, time_limit_s=20, points=3)
    assert await store.shares_progress(G, LEARNER)
    await store.set_share_progress(G, LEARNER, False)
    assert not await store.shares_progress(G, LEARNER)
    assert await store.leaderboard(G) == []
    assert (await store.learner_progress(G, LEARNER)).points == 3  # their own view is unchanged


@pytest.mark.sqlite_only("reads the backup as an SQLite file; PostgreSQL: test_pg_backup_is_a_restorable_dump")
async def test_backup_is_a_complete_consistent_copy(store, tmp_path):
    for n in range(20):
        await store.record_attempt(G, LEARNER, "rana-1", essay="rana", correct=True, answer=str(n), response_ms=1, time_limit_s=20)
    dest = tmp_path / "backup.sqlite"
    await store.backup(dest)
    with sqlite3.connect(dest) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 20
    with pytest.raises(UserError, match="does not exist"):
        await store.backup(tmp_path / "missing" / "b.sqlite")
    with pytest.raises(UserError, match="another file"):
        await store.backup(store.path)
    copy = await Store.open(dest, clock=store.clock)
    try:
        assert (await copy.learner_progress(G, LEARNER)).attempts == 20
    finally:
        await copy.close()
