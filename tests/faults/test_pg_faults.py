"""PostgreSQL faults: the server killed mid-quiz, a dropped connection, a serialization conflict.

The person gets one clear line (`StoreUnavailable`) while the server is gone, questions are still
answered from the essays (the index is a separate SQLite file), and the store works again by
itself when the server is back. These tests run on a cluster of their own (this module kills it).
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
import pytest_asyncio
from pg_support import drop_pg_database, fresh_pg_database, start_cluster_or_skip

from bot.config import load_settings
from bot.core import Core
from bot.quiz.items import QuizItem
from bot.quiz.session import SoloSession
from bot.store import Store, StoreUnavailable

G, U = 5, 4242
ITEMS = [{"id": "k-1", "essay": "rana", "kind": "mcq"}]
QUESTION = "Why do libertarians object to liberal hegemony?"


@pytest.fixture(scope="module")
def own_cluster():
    # durable: fsync and synchronous commit on, as in production; a crash must not lose a commit
    cluster = start_cluster_or_skip(durable=True)
    yield cluster
    cluster.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def pg_url(own_cluster):
    if not own_cluster.running:
        own_cluster.restart()
    url = await fresh_pg_database(own_cluster)
    yield url
    await drop_pg_database(own_cluster, url)


@pytest_asyncio.fixture(loop_scope="session")
async def pg_core(tmp_path, embedder, core, pg_url):
    """A core whose progress store is on PostgreSQL, over a copy of the shared core's index."""
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path), "TUTOR_DATABASE_URL": pg_url})
    with sqlite3.connect(core.settings.index_db) as src, sqlite3.connect(settings.index_db) as dst:
        src.backup(dst)
    opened = await Core.open(settings, embedder=embedder)
    await opened.store.sync_builtin_items(ITEMS)
    yield opened
    await opened.close()


async def _attempt(store: Store, answer: str = "x", session_id: int | None = None) -> int:
    return await store.record_attempt(G, U, "k-1", essay="rana", correct=True, answer=answer,
                                      response_ms=100, time_limit_s=20, points=1, session_id=session_id)


async def test_server_killed_mid_quiz_then_back(pg_core, own_cluster):
    store = pg_core.store
    assert store.dialect == "postgresql"
    items = [QuizItem(id=f"q-tf{n}", kind="true_false", prompt=f"Walt says liberal hegemony failed ({n}).",
                      answer="true", essay="walt-socialists-libertarians", paragraph=3) for n in range(3)]
    await store.sync_builtin_items([i.model_copy(update={"origin": "builtin"}).to_record() for i in items])
    quiz = SoloSession(store, items, guild_id=G, user_id=U)
    await quiz.start()
    await quiz.next_question()
    assert (await quiz.answer("true")).status == "correct"
    await quiz.next_question()
    before = (await store.check())["rows"]

    own_cluster.kill()
    try:
        # the learner answers the open question: one clear line, nothing claims to be saved
        with pytest.raises(StoreUnavailable, match="cannot be reached") as info:
            await quiz.answer("true")
        line = str(info.value)
        assert "\n" not in line and "asyncpg" not in line and "postgres" not in line.lower()
        with pytest.raises(StoreUnavailable):
            await store.learner_progress(G, U)
        # the tutor keeps answering from the essays; the answer just is not recorded
        answer = await pg_core.tutor.ask(QUESTION, guild_id=G, channel_id=1, user_id=U)
        assert answer.citations and answer.answer_id is None
    finally:
        own_cluster.restart()

    # the same open question, answered again once the server is back: the pool reconnects
    assert (await quiz.answer("true")).status == "correct"
    summary = await quiz.finish()
    assert (summary.asked, summary.correct) == (2, 2)
    after = (await store.check())["rows"]
    assert after["attempts"] == before["attempts"] + 1  # nothing from the outage, the retried one kept
    assert after["answers"] == before["answers"]
    assert (await store.get_session(G, quiz.session_id))["status"] == "cancelled"  # stopped after 2 of 3
    assert (await store.learner_progress(G, U)).correct == 2
    answer = await pg_core.tutor.ask(QUESTION, guild_id=G, channel_id=1, user_id=U)
    assert answer.answer_id is not None  # recording works again too


async def _backend_pids(store: Store) -> set[int]:
    async with store._snapshot() as db:
        row = await db.one("SELECT pg_backend_pid() AS pid")
    return {row["pid"]}


async def test_dropped_connections_are_replaced(pg_url, own_cluster, clock):
    import asyncpg

    store = await Store.open(pg_url, clock=clock, pool_size=2)
    admin = await asyncpg.connect(own_cluster.url())
    try:
        await store.sync_builtin_items(ITEMS)
        await _attempt(store)
        old = await _backend_pids(store)
        dbname = pg_url.rsplit("/", 1)[1]
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", dbname)
        assert killed >= 1
        # idle pooled connections died: the next calls work on new ones
        await _attempt(store, "after drop")
        assert (await store.learner_progress(G, U)).attempts == 2
        assert not (await _backend_pids(store)) & old

        # a connection dropped inside a transaction: that call fails clearly, the next one works
        with pytest.raises(StoreUnavailable, match="connection to the progress database was lost"):
            async with store._tx() as db:
                pid = (await db.one("SELECT pg_backend_pid() AS pid"))["pid"]
                await admin.execute("SELECT pg_terminate_backend($1)", pid)
                await db.execute("SELECT 1")
        await _attempt(store, "after mid-transaction drop")
        assert (await store.learner_progress(G, U)).attempts == 3
    finally:
        await admin.close()
        await store.close()


async def test_serialization_conflict_is_retried_and_both_writes_count(pg_url, clock):
    import asyncpg

    store = await Store.open(pg_url, clock=clock)
    other = await asyncpg.connect(pg_url)
    try:
        await store.sync_builtin_items(ITEMS)
        await _attempt(store, "first")
        # another writer (think: a second bot process) changes the same card and holds its lock
        await other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        await other.execute("UPDATE srs_cards SET reps = reps + 1 WHERE guild_id = $1 AND user_id = $2", G, U)
        task = asyncio.create_task(_attempt(store, "second"))
        for _ in range(500):  # until the store's transaction waits on that row lock
            waiting = await other.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if waiting:
                break
            await asyncio.sleep(0.01)
        assert waiting == 1
        await other.execute("COMMIT")
        await asyncio.wait_for(task, 30)
        assert store.conflict_retries >= 1  # its first snapshot was stale: re-run, not lost
        cards = (await store.export_user(U))["tables"]["srs_cards"]
        assert [c["reps"] for c in cards] == [3]  # first + the other writer's + the re-run second
        assert (await store.learner_progress(G, U)).attempts == 2
    finally:
        await other.close()
        await store.close()


async def test_a_call_cancelled_while_it_waits_leaks_no_connection(pg_url, clock):
    """A quiz timer may cancel a task mid-write: the cancellation passes through unchanged, the
    pooled connection goes back, nothing is half-written."""
    import asyncpg

    from bot.store.base import _lock_key

    store = await Store.open(pg_url, clock=clock, pool_size=1)  # one connection: a leak would hang the next call
    other = await asyncpg.connect(pg_url)
    try:
        await store.sync_builtin_items(ITEMS)
        await _attempt(store, "first")
        await other.execute("SELECT pg_advisory_lock($1)", _lock_key(("learner", G, U)))
        task = asyncio.create_task(_attempt(store, "cancelled"))
        for _ in range(500):
            waiting = await other.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if waiting:
                break
            await asyncio.sleep(0.01)
        assert waiting == 1
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await other.execute("SELECT pg_advisory_unlock_all()")
        await asyncio.wait_for(_attempt(store, "after"), 10)
        assert (await store.learner_progress(G, U)).attempts == 2
    finally:
        await other.close()
        await store.close()
