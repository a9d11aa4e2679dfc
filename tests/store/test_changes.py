"""The change feed: every write another process must know about leaves one row, in the same
transaction; a reader's cursor sees each row once, in order; pruning never hides a gap."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.errors import UserError
from bot.store import Store

G, OTHER, MOD = 11, 12, 7
ITEM = {"essay": "rana", "kind": "mcq", "prompt": "Which year?"}


async def _changes(store: Store, cursor: int = 0) -> list[tuple[int, str, str]]:
    batch = await store.changes_after(cursor)
    return [(c.guild_id, c.kind, c.key) for c in batch.changes]


async def test_essay_item_and_settings_writes_note_a_change(store):
    start = await store.latest_change_id()
    await store.save_essay(G, "frogs", filename="frogs.md", title="Frogs", text="Frogs sing.", content_hash="h1",
                           actor_id=MOD)
    item_id = await store.add_item(G, dict(ITEM), actor_id=MOD)
    await store.update_item(G, item_id, dict(ITEM, prompt="Which decade?"), actor_id=MOD)
    await store.set_item_status(G, "rana-1", "disabled", actor_id=MOD)  # a built-in item, per server
    await store.import_items(OTHER, [dict(ITEM, id="imp-1")], actor_id=MOD, source="pack.yaml")
    await store.update_guild_settings(G, {"quiz_channel": 5}, actor_id=MOD)
    await store.remove_item(G, item_id, actor_id=MOD)
    assert await store.delete_essay(G, "frogs", actor_id=MOD)
    assert await _changes(store, start) == [
        (G, "essay", "frogs"), (G, "item", item_id), (G, "item", item_id), (G, "item", "rana-1"),
        (OTHER, "item", ""), (G, "settings", ""), (G, "item", item_id), (G, "essay", "frogs"),
    ]
    assert await store.latest_change_id() == start + 8


async def test_reads_and_attempts_note_nothing(store):
    start = await store.latest_change_id()
    await store.list_items(G)
    await store.get_guild_settings(G)
    await store.record_attempt(G, 3, "rana-1", essay="rana", correct=True, answer="a", response_ms=900,
                               time_limit_s=20, points=1)
    assert not await store.delete_essay(G, "nothing-here", actor_id=MOD)  # nothing written, nothing noted
    assert await store.latest_change_id() == start
    assert (await store.changes_after(start)).changes == []


async def test_a_failed_write_notes_no_change(store):
    await store.add_item(G, dict(ITEM, id="dup-1"), actor_id=MOD)
    start = await store.latest_change_id()
    with pytest.raises(UserError):  # the whole import rolls back, its change row with it
        await store.import_items(G, [dict(ITEM, id="ok-1"), dict(ITEM, id="rana-2")], actor_id=MOD, source="x")
    with pytest.raises(UserError):
        await store.update_guild_settings(G, {"big": "x" * 20_000}, actor_id=MOD)
    assert await store.latest_change_id() == start
    assert await store.get_item(G, "ok-1") is None


async def test_cursor_sees_each_change_once_in_order_and_in_batches(store):
    cursor = await store.latest_change_id()
    for n in range(5):
        await store.update_guild_settings(G if n % 2 else OTHER, {"n": n}, actor_id=MOD)
    first = await store.changes_after(cursor, limit=3)
    assert [c.guild_id for c in first.changes] == [OTHER, G, OTHER] and not first.gap
    assert first.cursor == first.changes[-1].id
    second = await store.changes_after(first.cursor, limit=3)
    assert [c.guild_id for c in second.changes] == [G, OTHER]
    ids = [c.id for c in first.changes + second.changes]
    assert ids == sorted(ids) and len(set(ids)) == 5
    empty = await store.changes_after(second.cursor)
    assert empty.changes == [] and empty.cursor == second.cursor and not empty.gap
    changes, new_cursor = await store.changes_after(cursor)  # unpacks as (changes, cursor)
    assert len(changes) == 5 and new_cursor == second.cursor


async def test_changes_are_scoped_to_the_server_that_wrote(store):
    cursor = await store.latest_change_id()
    await store.update_guild_settings(G, {"a": 1}, actor_id=MOD)
    await store.add_item(OTHER, dict(ITEM, id="other-1"), actor_id=MOD)
    batch = await store.changes_after(cursor)
    assert {(c.guild_id, c.kind) for c in batch.changes} == {(G, "settings"), (OTHER, "item")}
    assert all(c.guild_id in (G, OTHER) for c in batch.changes)


async def test_a_second_connection_sees_the_first_ones_changes(store, clock):
    other = await Store.open(store.target, clock=clock)  # another process on the same database
    try:
        cursor = await other.latest_change_id()
        await store.save_essay(G, "owls", filename="owls.md", title="Owls", text="Owls hoot.", content_hash="h",
                               actor_id=MOD)
        batch = await other.changes_after(cursor)
        assert [(c.guild_id, c.kind, c.key) for c in batch.changes] == [(G, "essay", "owls")]
    finally:
        await other.close()


async def test_pruning_drops_old_rows_but_never_the_newest_so_ids_never_go_back(store, clock):
    await store.update_guild_settings(G, {"old": 1}, actor_id=MOD)
    await store.update_guild_settings(G, {"old": 2}, actor_id=MOD)
    await clock.advance(2 * 86_400)
    await store.update_guild_settings(G, {"new": 1}, actor_id=MOD)
    newest = await store.latest_change_id()
    assert await store.prune_changes(dt.timedelta(days=1)) == 2
    assert [c.id for c in (await store.changes_after(0)).changes] == [newest]

    await clock.advance(2 * 86_400)
    assert await store.prune_changes(dt.timedelta(days=1)) == 0  # the newest row stays, however old
    assert await store.latest_change_id() == newest
    await store.update_guild_settings(G, {"later": 1}, actor_id=MOD)
    [later] = (await store.changes_after(newest)).changes
    assert later.id == newest + 1  # not 1 again: a reader's cursor still means what it meant
    assert await store.prune_changes(dt.timedelta(days=1)) == 1
    assert await store.latest_change_id() == later.id


async def test_a_reader_behind_the_pruned_rows_is_told_of_the_gap(store, clock):
    cursor = await store.latest_change_id()
    await store.update_guild_settings(G, {"a": 1}, actor_id=MOD)  # this reader never saw it
    await clock.advance(2 * 86_400)
    await store.update_guild_settings(G, {"b": 1}, actor_id=MOD)
    assert not (await store.changes_after(cursor)).gap
    await store.prune_changes(dt.timedelta(days=1))
    batch = await store.changes_after(cursor)
    assert batch.gap and [c.key for c in batch.changes] == [""] and batch.changes[0].id == cursor + 2
    assert not (await store.changes_after(batch.cursor)).gap  # caught up: no gap from here on
    assert not (await store.changes_after(cursor + 1)).gap  # saw the pruned row: nothing missed


async def test_unknown_kinds_are_refused(store):
    with pytest.raises(ValueError):
        async with store._tx() as db:
            await store._note_change(db, G, "attempt", "x")
    assert (await store.changes_after(0)).changes == []


@pytest.mark.postgresql_only("SQLite has one process and polls: wait_for_change is a sleep there")
async def test_on_postgresql_a_waiting_process_wakes_on_the_write_not_the_poll(store, clock):
    """The NOTIFY sent with a noted change wakes `wait_for_change` of another process at once; a
    60 s poll interval would otherwise hold it (the guard below fails long before that)."""
    assert store.dialect == "postgresql"
    other = await Store.open(store.target, clock=clock)
    try:
        cursor = await other.latest_change_id()
        await other.wait_for_change(0)  # opens the LISTEN connection (and reads once)
        waiting = asyncio.create_task(other.wait_for_change(60))
        await asyncio.sleep(0.2)
        assert not waiting.done()  # nothing written yet: it waits
        await store.update_guild_settings(G, {"quiz_seconds": 30}, actor_id=MOD)
        await asyncio.wait_for(waiting, 10)
        assert [(c.kind, c.guild_id) for c in (await other.changes_after(cursor)).changes] == [("settings", G)]
    finally:
        await other.close()
