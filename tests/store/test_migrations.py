"""Migrations from an empty file and from every earlier version; newer schemas are refused."""

from __future__ import annotations

import shutil
import sqlite3

import aiosqlite
import pytest

from bot.errors import ConfigError
from bot.store import LATEST_VERSION, Store
from bot.store.driver import integrity_errors
from bot.store.schema import MIGRATIONS_DIR, load_migrations, migrate


def _schema(path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return {(name, " ".join(sql.split())) for name, sql in rows}


def test_there_are_at_least_two_numbered_migrations():
    migrations = load_migrations()
    assert LATEST_VERSION == len(migrations) >= 2
    assert [m.version for m in migrations] == list(range(1, LATEST_VERSION + 1))


async def test_fresh_database_gets_latest_schema_wal_and_foreign_keys(tmp_path, clock):
    store = await Store.open(tmp_path / "t.sqlite", clock=clock)
    report = await store.check()
    await store.close()
    assert report["ok"] and report["schema_version"] == LATEST_VERSION
    assert report["journal_mode"] == "wal"
    with sqlite3.connect(tmp_path / "t.sqlite") as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == list(range(1, LATEST_VERSION + 1))


async def test_foreign_keys_are_enforced(store):
    with pytest.raises(integrity_errors()):
        async with store._tx() as db:  # an attempt for a learner that does not exist
            await db.execute(
                "INSERT INTO attempts (guild_id, user_id, item_id, essay, correct, answer, response_ms, time_limit_s,"
                " rating, card_after, created_at) VALUES (1, 2, 'x', 'e', 1, '', 1, 1, 3, '{}', 'now')"
            )


@pytest.mark.parametrize("start", range(0, LATEST_VERSION))
async def test_upgrade_from_every_earlier_version_keeps_data(tmp_path, clock, start):
    old = tmp_path / "old.sqlite"
    db = await aiosqlite.connect(old, isolation_level=None)
    assert await migrate(db, target=start) == start
    if start >= 1:  # data written by a tutorbot at that version
        await db.executescript(
            """
            INSERT INTO guilds (guild_id, created_at) VALUES (5, '2025-12-01T00:00:00.000000+00:00');
            INSERT INTO learners (guild_id, user_id, first_seen, last_seen)
                VALUES (5, 7, '2025-12-01T00:00:00.000000+00:00', '2025-12-01T00:00:00.000000+00:00');
            INSERT INTO quiz_items (guild_id, item_id, essay, kind, origin, status, data, created_at, updated_at)
                VALUES (NULL, 'old-1', 'rana', 'mcq', 'builtin', 'active', '{"id": "old-1"}',
                        '2025-12-01T00:00:00.000000+00:00', '2025-12-01T00:00:00.000000+00:00');
            INSERT INTO attempts (guild_id, user_id, item_id, essay, correct, answer, response_ms, time_limit_s,
                                  points, rating, card_after, created_at)
                VALUES (5, 7, 'old-1', 'rana', 1, 'a', 1000, 20, 10, 4, '{}', '2025-12-01T00:00:00.000000+00:00');
            """
        )
    await db.close()

    store = await Store.open(old, clock=clock)
    try:
        report = await store.check()
        assert report["ok"] and report["schema_version"] == LATEST_VERSION
        if start >= 1:
            progress = await store.learner_progress(5, 7)
            assert (progress.attempts, progress.correct, progress.points) == (1, 1, 10)
            assert (await store.get_item(5, "old-1"))["essay"] == "rana"
            assert await store.get_guild_settings(5) == {}  # column added by 002 with its default
    finally:
        await store.close()

    fresh = tmp_path / "fresh.sqlite"
    await (await Store.open(fresh, clock=clock)).close()
    assert _schema(old) == _schema(fresh)


async def test_newer_schema_is_refused_and_left_untouched(tmp_path, clock):
    path = tmp_path / "t.sqlite"
    await (await Store.open(path, clock=clock)).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(ConfigError, match="newer than this tutorbot"):
        await Store.open(path, clock=clock)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1


async def test_a_failing_migration_changes_nothing(tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    shutil.copy(MIGRATIONS_DIR / "001_schema.sql", folder / "001_schema.sql")
    (folder / "002_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);\n", encoding="utf-8"
    )
    db = await aiosqlite.connect(tmp_path / "t.sqlite", isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            await migrate(db, folder=folder)
        async with db.execute("PRAGMA user_version") as cur:
            assert (await cur.fetchone())[0] == 1
        async with db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'") as cur:
            assert await cur.fetchone() is None
    finally:
        await db.close()


async def test_a_file_that_is_not_sqlite_is_a_config_error(tmp_path, clock):
    path = tmp_path / "t.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match="not a usable progress database"):
        await Store.open(path, clock=clock)
