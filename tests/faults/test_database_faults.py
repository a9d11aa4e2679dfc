"""The progress database locked by another process, read-only, or out of space: the person gets
one clear line (`StoreUnavailable`, a UserError), nothing is half-written, and questions are
still answered from the essays (the index is a separate database)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import load_settings
from bot.core import Core
from bot.store import Store, StoreUnavailable

REPO = Path(__file__).resolve().parents[2]
G, U = 5, 4242
ITEMS = [{"id": "k-1", "essay": "rana", "kind": "mcq"}]


async def _attempt(store: Store, answer: str = "x") -> int:
    return await store.record_attempt(G, U, "k-1", essay="rana", correct=True, answer=answer,
                                      response_ms=100, time_limit_s=20, points=1)


async def _counts(store: Store) -> dict:
    return (await store.check())["rows"]


@pytest_asyncio.fixture
async def fault_core(tmp_path, embedder, core):
    """A core of its own over a copy of the shared core's index (no re-encoding), short busy wait."""
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    with sqlite3.connect(core.settings.index_db) as src, sqlite3.connect(settings.index_db) as dst:
        src.backup(dst)
    opened = await Core.open(settings, embedder=embedder)
    await opened.store._db.execute("PRAGMA busy_timeout = 300")  # the default 10 s would only slow the test
    await opened.store.sync_builtin_items(ITEMS)
    yield opened
    await opened.close()


def _hold_exclusive_lock(db: Path) -> subprocess.Popen:
    code = ("import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


async def test_locked_by_another_process(fault_core):
    store = fault_core.store
    await _attempt(store)
    before = await _counts(store)
    holder = _hold_exclusive_lock(store.path)
    try:
        with pytest.raises(StoreUnavailable, match="busy") as info:
            await _attempt(store, "while locked")
        assert "\n" not in str(info.value) and "sqlite" not in str(info.value).lower()
        with pytest.raises(StoreUnavailable):
            await store.start_session(G, 1, "group", U, {})
        # questions are still answered from the essays meanwhile
        result = await fault_core.library.search("Why do libertarians object to liberal hegemony?")
        assert result.hits and result.hits[0].essay
    finally:
        holder.communicate("", timeout=10)
    assert await _counts(store) == before  # nothing half-written
    await _attempt(store, "after")  # and the store works again once the lock is gone
    assert (await _counts(store))["attempts"] == before["attempts"] + 1


async def test_answers_keep_coming_while_the_progress_database_is_locked(fault_core):
    holder = _hold_exclusive_lock(fault_core.store.path)
    try:
        answer = await fault_core.tutor.ask("Why do libertarians object to liberal hegemony?", guild_id=G,
                                            channel_id=1, user_id=U)
        assert answer.citations and answer.answer_id is None
    finally:
        holder.communicate("", timeout=10)


async def test_disk_full(fault_core):
    store = fault_core.store
    await _attempt(store)
    before = await _counts(store)
    async with store._lock:  # simulate a full disk: the file may not grow by a single page
        async with store._db.execute("PRAGMA page_count") as cur:
            pages = (await cur.fetchone())[0]
        await store._db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreUnavailable, match="disk space"):
        for n in range(500):  # fills the free pages, then the next write cannot fit
            await _attempt(store, "y" * 1900 + str(n))
    after_full = await _counts(store)
    report = await store.check()
    assert report["integrity"] == ["ok"] and report["foreign_key_violations"] == 0
    # every stored attempt is whole: its card moved with it (one transaction each)
    dump = await store.export_user(U)
    assert sum(c["reps"] for c in dump["tables"]["srs_cards"]) == len(dump["tables"]["attempts"])
    assert len(dump["tables"]["attempts"]) == after_full["attempts"] >= before["attempts"]
    result = await fault_core.library.search("What word did George Shulman use for the present moment?")
    assert result.hits
    async with store._lock:
        await store._db.execute("PRAGMA max_page_count = 1073741823")
    await _attempt(store, "space again")


async def test_database_turned_read_only_while_running(fault_core):
    store = fault_core.store
    before = await _counts(store)
    async with store._lock:
        await store._db.execute("PRAGMA query_only = ON")  # what a read-only remount looks like to SQLite
    try:
        with pytest.raises(StoreUnavailable, match="read-only"):
            await _attempt(store)
        assert (await store.learner_progress(G, U)).attempts == before["attempts"]  # reads still work
    finally:
        async with store._lock:
            await store._db.execute("PRAGMA query_only = OFF")
    assert await _counts(store) == before


async def test_read_only_file_at_start_is_refused_clearly(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="ro-store-"))
    try:
        db = folder / "tutor.sqlite"
        store = await Store.open(db)
        await store.sync_builtin_items(ITEMS)
        await _attempt(store)
        await store.close()
        os.chmod(folder, 0o755)
        os.chmod(db, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        digest = hashlib.sha256(db.read_bytes()).hexdigest()
        out = subprocess.run([sys.executable, str(Path(__file__).with_name("readonly_child.py")), str(db)],
                             capture_output=True, text=True, timeout=60, cwd=REPO,
                             env=dict(os.environ, PYTHONPATH=str(REPO)))
        assert out.returncode == 0, out.stderr[-2000:]
        line = out.stdout.strip()
        assert line.startswith("refused: ") and "readonly" in line.replace("-", "") and "\n" not in line, line
        assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    finally:
        os.chmod(folder, 0o755)
        for f in folder.iterdir():
            os.chmod(f, 0o644)
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
