"""Many writers at once lose nothing: tasks on one connection and two connections on one file."""

from __future__ import annotations

import asyncio

from bot.store import Store

G = 5


async def test_200_concurrent_attempts_on_one_store(store):
    async def one(n: int) -> int:
        return await store.record_attempt(
            G, 1 + n % 20, f"rana-{1 + n % 3}", essay="rana", correct=n % 2 == 0, answer=str(n),
            response_ms=500, time_limit_s=20, points=2,
        )

    ids = await asyncio.gather(*(one(n) for n in range(200)))
    assert len(set(ids)) == 200
    board = await store.leaderboard(G, limit=100)
    assert sum(r.attempts for r in board) == 200
    assert sum(r.points for r in board) == 400
    assert sum(r.correct for r in board) == 100
    # every card saw all of its attempts (no lost update of the read-modify-write)
    for user in range(1, 21):
        dump = await store.export_user(user)
        reps = {c["item_id"]: c["reps"] for c in dump["tables"]["srs_cards"]}
        counts: dict[str, int] = {}
        for a in dump["tables"]["attempts"]:
            counts[a["item_id"]] = counts.get(a["item_id"], 0) + 1
        assert reps == counts

async def test_two_stores_writing_the_same_database(store, tmp_path, clock):
    other = await Store.open(store.target, clock=clock)
    try:
        async def one(s: Store, n: int) -> int:
            return await s.record_attempt(
                G, 7, "walt-1", essay="walt", correct=True, answer=str(n), response_ms=500, time_limit_s=20, points=1
            )

        ids = await asyncio.gather(*(one(store if n % 2 else other, n) for n in range(100)))
    finally:
        await other.close()
    assert len(set(ids)) == 100
    progress = await store.learner_progress(G, 7)
    assert (progress.attempts, progress.points) == (100, 100)
    dump = await store.export_user(7)
    assert dump["tables"]["srs_cards"][0]["reps"] == 100


async def test_two_processes_adding_one_item_id_at_once_get_one_item_and_one_clear_refusal(store, clock):
    """Two shard processes (two stores on one database) add the same item id at the same moment:
    one is stored, the other gets the same line as a plain duplicate, never a driver error."""
    from bot.errors import UserError

    other = await Store.open(store.target, clock=clock)
    try:
        for n in range(10):
            item = {"id": f"dup-{n}", "essay": "rana", "kind": "tf", "prompt": "Same id?"}
            results = await asyncio.gather(store.add_item(G, dict(item), actor_id=9),
                                           other.add_item(G, dict(item), actor_id=9), return_exceptions=True)
            refused = [r for r in results if isinstance(r, BaseException)]
            assert [r for r in results if r == f"dup-{n}"] and len(refused) == 1, results
            assert isinstance(refused[0], UserError) and "already exists" in str(refused[0])
        assert len([i for i in await store.list_items(G) if i["id"].startswith("dup-")]) == 10
    finally:
        await other.close()
