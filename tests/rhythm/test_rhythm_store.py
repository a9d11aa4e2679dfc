"""The rhythm's tables and the rest of the store: /mydata export and delete, backups, `db migrate`
to PostgreSQL, and the start-up clean-up that must leave an open question of the day alone."""

from __future__ import annotations

import datetime as dt

from pg_support import drop_pg_database, fresh_pg_database
from rhythm_support import ITEMS, utc

from bot.clock import FakeClock
from bot.store import Store
from bot.store.transfer import migrate_sqlite_to_pg

G = 701
ANN, MOD = 11, 99


async def _fill(store: Store) -> dict:
    for item in ITEMS:
        await store.add_item(G, dict(item), actor_id=MOD)
    await store.set_schedule(G, "daily", channel_id=5, local_time="09:00", timezone="UTC",
                             next_run_at=utc(2026, 5, 2, 9), actor_id=MOD)
    await store.set_schedule(G, "digest", channel_id=5, local_time="18:00", timezone="UTC", weekday=4,
                             next_run_at=utc(2026, 5, 8, 18), actor_id=MOD)
    await store.set_reminder(G, ANN, on=True, hour=18, timezone="UTC", next_run_at=utc(2026, 5, 1, 18))
    post = await store.open_daily_post(G, channel_id=5, item_id="orchard-prune", essay="orchard", reason="fresh",
                                       choices=["late winter", "midsummer", "autumn"], local_date=dt.date(2026, 5, 1),
                                       closes_at=None)
    await store.set_daily_message(G, post["id"], 1234)
    await store.record_attempt(G, ANN, "orchard-prune", essay="orchard", correct=True, answer="late winter",
                               response_ms=1000, time_limit_s=0, points=500, session_id=post["session_id"])
    return post


async def test_export_and_delete_cover_reminders_and_schedules(store) -> None:
    await _fill(store)
    ann = await store.export_user(ANN)
    assert [r["hour"] for r in ann["tables"]["review_reminders"]] == [18]
    mod = await store.export_user(MOD)
    assert sorted(r["kind"] for r in mod["tables"]["rhythm_schedules"]) == ["daily", "digest"]
    counts = await store.delete_user(ANN)
    assert counts["review_reminders"] == 1 and await store.get_reminder(G, ANN) is None
    await store.delete_user(MOD)
    assert [s["created_by"] for s in await store.get_schedules(G)] == [None, None]  # the server keeps its schedules


async def test_start_up_leaves_an_open_question_of_the_day_alone(store) -> None:
    post = await _fill(store)
    await store.close_stale_sessions()
    assert (await store.get_session(G, post["session_id"]))["status"] == "active"
    assert (await store.get_daily_post(G, post["id"]))["status"] == "open"


async def test_backup_and_db_migrate_carry_the_rhythm(tmp_path, pg_cluster) -> None:
    clock = FakeClock(utc(2026, 5, 1, 8))
    source = tmp_path / "tutor.sqlite"
    lite = await Store.open(source, clock=clock)
    try:
        await _fill(lite)
        await lite.backup(tmp_path / "backup.sqlite")
    finally:
        await lite.close()
    copy = await Store.open(tmp_path / "backup.sqlite", clock=clock)
    try:
        assert [s["kind"] for s in await copy.get_schedules(G)] == ["daily", "digest"]
    finally:
        await copy.close()
    url = await fresh_pg_database(pg_cluster)
    try:
        import asyncpg

        admin = await asyncpg.connect(url)  # migrate wants a database with nothing in it
        try:
            await admin.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        finally:
            await admin.close()
        counts = await migrate_sqlite_to_pg(source, url)
        assert (counts["rhythm_schedules"], counts["daily_posts"], counts["review_reminders"]) == (2, 1, 1)
        pg = await Store.open(url, clock=clock)
        try:
            assert (await pg.get_schedule(G, "digest"))["weekday"] == 4
            assert (await pg.get_reminder(G, ANN))["next_run_at"] == utc(2026, 5, 1, 18)
            post = await pg.open_daily_post_of(G)
            assert post["message_id"] == 1234 and post["choices"] == ["late winter", "midsummer", "autumn"]
            assert await pg.daily_answered(G, post["session_id"], ANN)
        finally:
            await pg.close()
    finally:
        await drop_pg_database(pg_cluster, url)
