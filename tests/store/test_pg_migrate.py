"""Moving up to PostgreSQL: `tutorbot db migrate` copies every table with equal counts, refuses a
non-empty target, and the copy answers /progress, leaderboards and history exactly like the
SQLite original; `db backup` on PostgreSQL writes a pg_dump archive that restores."""

from __future__ import annotations

import asyncio
import subprocess

import pytest
from pg_support import drop_pg_database, fresh_pg_database

from bot.cli import main
from bot.errors import UserError
from bot.progress.stats import LEADERBOARD_KINDS
from bot.store import Store
from bot.store.driver import pg_sql
from bot.store.pg_cluster import find_tool
from bot.store.transfer import migrate_sqlite_to_pg

ITEMS = [{"id": f"{essay}-{n}", "essay": essay, "kind": "mcq", "prompt": f"{essay} question {n}"}
         for essay in ("rana", "walt") for n in range(1, 6)]


async def _empty_pg(cluster) -> str:
    """A database with nothing in it at all (the migration creates the schema itself)."""
    import asyncpg

    url = await fresh_pg_database(cluster)
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return url


async def _populate(store: Store, clock, *, guilds: int, attempts: int, users: int = 6) -> list[tuple[int, int]]:
    """Every table gets rows; attempts spread over `guilds` servers and days."""
    await store.sync_builtin_items(ITEMS)
    learners = []
    for g in range(1, guilds + 1):
        await store.update_guild_settings(g, {"quiz_questions": 5 + g}, actor_id=9)
        await store.add_item(g, {"id": f"own-{g}", "essay": "rana", "kind": "tf", "prompt": "own"}, actor_id=9)
        await store.set_item_status(g, "walt-5", "disabled", actor_id=9)
        await store.save_essay(g, f"essay-{g}", filename="e.md", title=f"Essay {g}", text="Some text.",
                               content_hash=f"h{g}", actor_id=9)
        session = await store.start_session(g, 100 + g, "group", 9, {"items": ["rana-1"]})
        await store.add_session_message(g, session, 100 + g, 5000 + g)
        answer = await store.record_answer(g, 9, 100 + g, "what?", "this.", [{"p": 1}], False, 12.5)
        await store.set_feedback(g, answer, 10, True)
        learners += [(g, 10 + u) for u in range(users)]
    item_ids = [i["id"] for i in ITEMS]
    for n in range(attempts):
        g, u = learners[n % len(learners)]
        item = item_ids[(n * 7) % len(item_ids)]
        await store.record_attempt(g, u, item, essay=item.split("-")[0], correct=(n * 13) % 5 != 0, answer=f"a{n}",
                                   response_ms=500 + n % 9000, time_limit_s=20, points=n % 3)
        if n % 97 == 0:
            await clock.advance(9 * 3600)
    await store.set_share_progress(1, 10, False)
    return learners


async def _assert_same_answers(a: Store, b: Store, learners: list[tuple[int, int]]) -> None:
    feed = ("changes", "changes_pruned")  # not copied: each database has its own change feed
    rows_a, rows_b = (await a.check())["rows"], (await b.check())["rows"]
    assert {t: n for t, n in rows_a.items() if t not in feed} == {t: n for t, n in rows_b.items() if t not in feed}
    for g, u in learners:
        assert await a.learner_progress(g, u) == await b.learner_progress(g, u)
        assert await a.progress_history(g, u) == await b.progress_history(g, u)
        assert await a.due_items(g, u) == await b.due_items(g, u)
    for g in sorted({g for g, _ in learners}):
        for by in LEADERBOARD_KINDS:
            assert await a.leaderboard(g, by=by, limit=50) == await b.leaderboard(g, by=by, limit=50)
        assert await a.most_missed(g) == await b.most_missed(g)
        assert await a.list_items(g, status=None) == await b.list_items(g, status=None)
        assert await a.list_essays(g, with_text=True) == await b.list_essays(g, with_text=True)
        assert await a.get_guild_settings(g) == await b.get_guild_settings(g)
        assert await a.recent_audit(g, 100) == await b.recent_audit(g, 100)


def test_placeholders_are_rewritten_outside_strings_and_casts():
    assert pg_sql("SELECT ? , ? FROM t WHERE x = '?' AND y::text = ?") == (
        "SELECT $1 , $2 FROM t WHERE x = '?' AND y::text = $3", 3)
    assert pg_sql("SELECT :g, :h WHERE a = :g AND b = 'it''s :g'") == (
        "SELECT $1, $2 WHERE a = $1 AND b = 'it''s :g'", ("g", "h"))
    with pytest.raises(ValueError):
        pg_sql("SELECT ? WHERE a = :g")


async def test_migrate_copies_everything_and_answers_identically(tmp_path, pg_cluster, clock):
    source = tmp_path / "tutor.sqlite"
    lite = await Store.open(source, clock=clock)
    learners = await _populate(lite, clock, guilds=3, attempts=300)
    await lite.close()
    url = await _empty_pg(pg_cluster)
    try:
        counts = await migrate_sqlite_to_pg(source, url)
        assert counts["attempts"] == 300 and counts["guilds"] == 3 and all(
            counts[t] > 0 for t in ("learners", "answers", "feedback", "quiz_items", "guild_item_status", "srs_cards",
                                    "audit_log", "essays", "quiz_sessions", "session_messages"))
        lite, pg = await Store.open(source, clock=clock), await Store.open(url, clock=clock)
        try:
            # The change feed is not copied: the migrated database starts its own (one marker row).
            assert (await pg.check())["rows"] == {**counts, "schema_migrations": (await lite.check())["rows"]["schema_migrations"],
                                                  "changes": 0, "changes_pruned": 1}
            await _assert_same_answers(lite, pg, learners)
            # ids continue after the copied ones on both (sequences were moved on)
            a = await lite.record_attempt(1, 10, "rana-1", essay="rana", correct=True, answer="new", response_ms=1,
                                          time_limit_s=20)
            b = await pg.record_attempt(1, 10, "rana-1", essay="rana", correct=True, answer="new", response_ms=1,
                                        time_limit_s=20)
            assert a == b == 301
            assert await lite.learner_progress(1, 10) == await pg.learner_progress(1, 10)
        finally:
            await lite.close()
            await pg.close()
        with pytest.raises(UserError, match="not empty"):
            await migrate_sqlite_to_pg(source, url)
    finally:
        await drop_pg_database(pg_cluster, url)


@pytest.mark.slow
async def test_migrate_10000_attempts_across_20_servers(tmp_path, pg_cluster, clock):
    source = tmp_path / "tutor.sqlite"
    lite = await Store.open(source, clock=clock)
    await lite._db.execute("PRAGMA synchronous = OFF")  # only to fill the file quickly
    learners = await _populate(lite, clock, guilds=20, attempts=10_000, users=5)
    await lite.close()
    url = await _empty_pg(pg_cluster)
    try:
        counts = await migrate_sqlite_to_pg(source, url)
        assert counts["attempts"] == 10_000 and counts["guilds"] == 20
        lite, pg = await Store.open(source, clock=clock), await Store.open(url, clock=clock)
        try:
            await _assert_same_answers(lite, pg, learners)
        finally:
            await lite.close()
            await pg.close()
    finally:
        await drop_pg_database(pg_cluster, url)


def test_cli_migrate_and_pg_backup(tmp_path, pg_cluster, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TUTOR_CONFIG", raising=False)
    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)

    async def fill() -> None:
        store = await Store.open(tmp_path / "tutor.sqlite")
        await store.sync_builtin_items(ITEMS)
        await store.record_attempt(5, 77, "rana-1", essay="rana", correct=True, answer="a", response_ms=1000,
                                   time_limit_s=20, points=10)
        await store.close()

    asyncio.run(fill())
    url = asyncio.run(_empty_pg(pg_cluster))
    try:
        assert main(["db", "migrate", "--to", url]) == 0
        out = capsys.readouterr().out
        assert "attempts: 1" in out and "row counts match" in out
        assert main(["db", "migrate", "--to", url]) == 2  # refused: not empty
        assert "not empty" in capsys.readouterr().err

        monkeypatch.setenv("TUTOR_DATABASE_URL", url)
        assert main(["progress", "--guild", "5", "--user", "77", "--json"]) == 0
        assert '"attempts": 1' in capsys.readouterr().out
        dump = tmp_path / "tutor.dump"
        assert main(["db", "backup", str(dump)]) == 0
        listing = subprocess.run([find_tool("pg_restore"), "-l", str(dump)], capture_output=True, text=True,
                                 check=True)
        assert "TABLE DATA public attempts" in listing.stdout
        # `db restore` loads the dump into an empty database with the same rows ...
        restored = asyncio.run(_empty_pg(pg_cluster))
        try:
            monkeypatch.setenv("TUTOR_DATABASE_URL", restored)
            assert main(["db", "restore", str(dump)]) == 0
            assert "restored" in capsys.readouterr().out

            async def rows(target: str) -> dict:
                store = await Store.open(target)
                try:
                    return (await store.check())["rows"]
                finally:
                    await store.close()

            assert asyncio.run(rows(restored)) == asyncio.run(rows(url))
            # ... refuses to overwrite server data without --force, and what is not a dump
            assert main(["db", "restore", str(dump)]) == 2
            assert "already holds server data" in capsys.readouterr().err
            assert main(["db", "restore", "--force", str(dump)]) == 0
            capsys.readouterr()
            bogus = tmp_path / "bogus.dump"
            bogus.write_bytes(b"not a dump at all" * 10)
            assert main(["db", "restore", "--force", str(bogus)]) == 2
            assert "not a progress database backup" in capsys.readouterr().err
            assert asyncio.run(rows(restored)) == asyncio.run(rows(url))

            async def while_in_use() -> str:
                import asyncpg

                from bot.store.restore import restore_pg_backup

                holder = await asyncpg.connect(restored)  # a running bot, say
                try:
                    with pytest.raises(UserError) as info:
                        await restore_pg_backup(dump, restored, force=True)
                    return str(info.value)
                finally:
                    await holder.close()

            assert "in use" in asyncio.run(while_in_use())
        finally:
            asyncio.run(drop_pg_database(pg_cluster, restored))
    finally:
        asyncio.run(drop_pg_database(pg_cluster, url))


async def test_both_backends_get_the_same_tables_columns_and_indexes(tmp_path, pg_cluster):
    """The PostgreSQL forms of the migrations must not drift from the shared SQLite ones."""
    import sqlite3

    import asyncpg

    lite = await Store.open(tmp_path / "tutor.sqlite")
    await lite.close()
    with sqlite3.connect(tmp_path / "tutor.sqlite") as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        lite_columns = {t: [(r[1], bool(r[3]) or bool(r[5])) for r in conn.execute(f"PRAGMA table_info({t})")]
                        for t in tables}
        lite_indexes = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")}
    url = await fresh_pg_database(pg_cluster)
    try:
        con = await asyncpg.connect(url)
        try:
            pg_columns: dict[str, list] = {}
            for r in await con.fetch(
                    "SELECT c.table_name, c.column_name, c.is_nullable = 'NO' AS required FROM information_schema.columns c "
                    "WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position"):
                pg_columns.setdefault(r["table_name"], []).append((r["column_name"], r["required"]))
            pg_indexes = {r[0] for r in await con.fetch(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'")}
        finally:
            await con.close()
    finally:
        await drop_pg_database(pg_cluster, url)
    assert pg_columns == lite_columns
    assert pg_indexes == lite_indexes


async def test_an_unreachable_server_at_start_is_a_config_error(pg_cluster):
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot open the progress database") as info:
        await Store.open(f"postgresql://tutor:secret@127.0.0.1:{pg_cluster.port}/no_such_db")
    assert "secret" not in str(info.value)  # the password never reaches a message


async def test_pg_upgrades_from_every_earlier_version_and_refuses_a_newer_one(pg_cluster):
    import asyncpg

    from bot.errors import ConfigError
    from bot.store import LATEST_VERSION
    from bot.store.schema import migrate_pg, pg_schema_version

    for start in range(0, LATEST_VERSION):
        url = await _empty_pg(pg_cluster)
        try:
            con = await asyncpg.connect(url)
            try:
                assert await migrate_pg(con, target=start) == start
            finally:
                await con.close()
            store = await Store.open(url)  # the remaining steps, in order
            try:
                assert (await store.check())["schema_version"] == LATEST_VERSION
            finally:
                await store.close()
            if start == 0:
                con = await asyncpg.connect(url)
                try:
                    await con.execute("INSERT INTO schema_migrations VALUES ($1, 'future', 'later')", LATEST_VERSION + 1)
                    with pytest.raises(ConfigError, match="newer than this tutorbot"):
                        await migrate_pg(con)
                    assert await pg_schema_version(con) == LATEST_VERSION + 1
                finally:
                    await con.close()
        finally:
            await drop_pg_database(pg_cluster, url)


def test_pg_tools_get_the_password_through_the_environment_not_the_command_line():
    """`ps` shows every user a command line: pg_dump/pg_restore get the URL without the password."""
    from bot.store.driver import cli_target, redact

    dbname, env = cli_target("postgresql://tutor:s%40cret@db.example.org:5432/tutor")
    assert dbname == "postgresql://tutor@db.example.org:5432/tutor" and env["PGPASSWORD"] == "s@cret"
    assert redact("postgresql://tutor:s%40cret@db.example.org/tutor") == "postgresql://tutor:***@db.example.org/tutor"
    assert cli_target("postgresql://tutor@host/db")[0] == "postgresql://tutor@host/db"
