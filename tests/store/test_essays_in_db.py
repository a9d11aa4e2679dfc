"""Uploaded essays live in the progress database, so the essay index is truly derived: deleting
`index.sqlite` loses nothing, and a backup restored into an empty data folder brings back every
server's essays, items, settings and progress.

The cores here run over a small home (the real prompts, one short shared essay) so that rebuilding
a deleted index costs a few chunks of the real model, not the whole seed corpus.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.core import Core
from bot.errors import UserError
from bot.store import Store, StoreUnavailable

G, OTHER, MOD, LEARNER = 4401, 4402, 71, 72
PENGUINS = b"""---
title: Huddles in the Dark
author: Ada Frost
published: 2021
---

# Huddles in the Dark

Emperor penguins survive the Antarctic winter by huddling. Thousands of birds press together so
tightly that the temperature inside the huddle can rise above twenty degrees Celsius.

The huddle moves slowly: birds on the windward edge shuffle along the flanks to the sheltered
side, so no penguin stays in the cold wind for long and every bird takes its turn outside.

Males incubate the single egg on their feet for about sixty-five days without eating, losing
nearly half of their body weight before the females return from the sea.
"""
QUESTION = "Why do emperor penguins huddle together in winter?"
SHARED = """---
title: Keepers of the Light
author: Tom Harbour
published: 2019
---

Lighthouse keepers once trimmed the wick of the lamp every few hours through the night, so that
ships could fix their position from the light's colour and the rhythm of its flashes.

Automation ended the job in most countries during the twentieth century; the last keepers left
their towers when electric lamps and radio beacons needed nobody on the rock.
"""
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    (home / "seeds").mkdir(parents=True)
    (home / "seeds" / "keepers-of-the-light.md").write_text(SHARED, encoding="utf-8")
    (home / "prompts").symlink_to(REPO / "prompts")
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def start(home, embedder, clock):
    """Open a core over a data folder (as the bot does at start-up)."""

    async def open_core(data: Path) -> Core:
        return await Core.open(_settings(data, home), embedder=embedder, clock=clock)

    return open_core


def _settings(data: Path, home: Path) -> Settings:
    return load_settings(environ={"TUTOR_DATA_DIR": str(data), "TUTOR_HOME": str(home)})


def _delete_index(data: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data / 'index.sqlite'}{suffix}").unlink(missing_ok=True)
    assert not (data / "index.sqlite").exists()


async def _answers_from_upload(core: Core, slug: str, guild_id: int = G) -> bool:
    answer = await core.tutor.ask(QUESTION, guild_id=guild_id, user_id=LEARNER, record=False)
    return not answer.abstained and any(c.essay == slug for c in answer.citations)


async def test_an_upload_survives_deleting_the_index(tmp_path, start):
    data = tmp_path / "data"
    first = await start(data)
    try:
        essay = await first.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        assert await _answers_from_upload(first, essay.slug)
        [row] = await first.store.list_essays(G)
        assert (row["slug"], row["filename"], row["title"], row["added_by"]) == (essay.slug, "penguins.md",
                                                                                 "Huddles in the Dark", MOD)
        assert [a["action"] for a in await first.store.recent_audit(G)] == ["essay.add"]
    finally:
        await first.close()

    _delete_index(data)
    second = await start(data)  # a restart over the same data folder
    try:
        assert second.library.get_essay(essay.slug, G) is not None
        assert await _answers_from_upload(second, essay.slug)
        assert second.library.get_essay(essay.slug, OTHER) is None  # still only this server's
        assert not await _answers_from_upload(second, essay.slug, guild_id=OTHER)
        assert [e.slug for e in second.library.essays_for(None)] == ["keepers-of-the-light"]  # seeds/ too
    finally:
        await second.close()


async def test_removing_an_upload_removes_it_from_the_database_for_good(tmp_path, start):
    data = tmp_path / "data"
    opened = await start(data)
    try:
        essay = await opened.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        with pytest.raises(UserError):  # another server cannot remove it
            await opened.library.remove_essay(essay.slug, guild_id=OTHER, actor_id=MOD)
        assert await opened.store.list_essays(G) != []
        await opened.library.remove_essay(essay.slug, guild_id=G, actor_id=MOD)
        assert await opened.store.list_essays(G) == []
        audit = await opened.store.recent_audit(G)
        assert [(a["action"], a["actor_id"], a["target"]) for a in audit[:2]] == [
            ("essay.remove", MOD, essay.slug), ("essay.add", MOD, essay.slug)]
    finally:
        await opened.close()
    _delete_index(data)
    again = await start(data)
    try:
        assert essay.slug not in again.library.essays
    finally:
        await again.close()


def _cli(data: Path, *argv: str) -> int:
    """`tutorbot ...` with TUTOR_DATA_DIR set, in a thread (main() runs its own event loop)."""
    import os

    old = os.environ.get("TUTOR_DATA_DIR")
    os.environ["TUTOR_DATA_DIR"] = str(data)
    try:
        return main(list(argv))
    finally:
        if old is None:
            os.environ.pop("TUTOR_DATA_DIR", None)
        else:
            os.environ["TUTOR_DATA_DIR"] = old


async def _everything(core: Core) -> dict:
    """What people made in server G, as plain data, to compare before and after a restore."""
    return {
        "essays": await core.store.list_essays(G, with_text=True),
        "items": await core.store.list_items(G, status=None, include_global=False),
        "settings": await core.store.get_guild_settings(G),
        "progress": (await core.store.learner_progress(G, LEARNER)).to_dict(),
        "leaderboard": [r.to_dict() for r in await core.store.leaderboard(G)],
        "audit": [(a["action"], a["target"]) for a in await core.store.recent_audit(G, 100)],
    }


async def test_backup_restored_into_an_empty_folder_gives_everything_back(tmp_path, start, capsys):
    live = tmp_path / "live"
    opened = await start(live)
    try:
        essay = await opened.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        item_id = await opened.store.add_item(
            G, {"essay": essay.slug, "kind": "tf", "prompt": "Penguins huddle to keep warm.", "answer": True},
            actor_id=MOD)
        await opened.store.update_guild_settings(G, {"quiz_questions": 7}, actor_id=MOD)
        await opened.store.record_attempt(G, LEARNER, item_id, essay=essay.slug, correct=True, answer="true",
                                          response_ms=1500, time_limit_s=20, points=10)
        asked = await opened.tutor.ask(QUESTION, guild_id=G, user_id=LEARNER)
        assert asked.answer_id is not None
        before = await _everything(opened)
        backup = tmp_path / "backup.sqlite"
        assert await asyncio.to_thread(_cli, live, "db", "backup", str(backup)) == 0  # online, the bot running
    finally:
        await opened.close()
    assert before["essays"] and before["items"] and before["settings"] and before["progress"]["attempts"] == 1

    empty = tmp_path / "empty"
    assert await asyncio.to_thread(_cli, empty, "db", "restore", str(backup)) == 0
    assert "restored" in capsys.readouterr().out
    assert not (empty / "index.sqlite").exists()  # nothing but the database was restored

    restored = await start(empty)
    try:
        assert await _everything(restored) == before
        assert (await restored.store.learner_progress(G, LEARNER)).questions_asked == 1
        assert await _answers_from_upload(restored, essay.slug)
        assert (await restored.store.get_item(G, item_id))["prompt"] == "Penguins huddle to keep warm."
        # While the bot has the database open, a restore is refused, even with --force.
        assert await asyncio.to_thread(_cli, empty, "db", "restore", "--force", str(backup)) == 2
        assert "in use" in capsys.readouterr().err
    finally:
        await restored.close()

    # Now it holds server data: only --force replaces it.
    assert await asyncio.to_thread(_cli, empty, "db", "restore", str(backup)) == 2
    assert "already holds server data" in capsys.readouterr().err
    assert await asyncio.to_thread(_cli, empty, "db", "restore", "--force", str(backup)) == 0


async def test_restoring_an_older_backup_drops_later_uploads_from_the_index(tmp_path, start):
    data = tmp_path / "data"
    opened = await start(data)
    backup = tmp_path / "before-upload.sqlite"
    try:
        await opened.store.update_guild_settings(G, {"quiz_questions": 3}, actor_id=MOD)
        await opened.store.backup(backup)
        essay = await opened.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
    finally:
        await opened.close()
    assert await asyncio.to_thread(_cli, data, "db", "restore", "--force", str(backup)) == 0
    again = await start(data)
    try:
        assert essay.slug not in again.library.essays  # the index follows the database
        assert await again.store.list_essays(G) == []
    finally:
        await again.close()


@pytest.mark.parametrize("content, message", [
    (b"", "not a progress database backup"),
    (b"this is not sqlite at all, just some text that is long enough to be a header" * 2, "not a progress database"),
])
def test_restore_refuses_what_is_not_a_backup(tmp_path, content, message, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    data = tmp_path / "data"
    assert _cli(data, "db", "restore", str(bad)) == 2
    assert message in capsys.readouterr().err
    assert not (data / "tutor.sqlite").exists()
    assert _cli(data, "db", "restore", str(tmp_path / "missing.sqlite")) == 2
    assert "no backup file" in capsys.readouterr().err


async def test_an_old_index_hands_its_uploads_to_the_database_once(tmp_path, start):
    """An index from before this change held the only copy of uploads: they are adopted, audited,
    and survive deleting the index afterwards."""
    data = tmp_path / "data"
    opened = await start(data)
    try:
        essay = await opened.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        paragraphs = opened.library.essays[essay.slug].paragraphs
    finally:
        await opened.close()
    with sqlite3.connect(data / "tutor.sqlite") as conn:  # as an older tutorbot left things
        conn.execute("DELETE FROM essays")
    with sqlite3.connect(data / "index.sqlite") as conn:
        conn.execute("DROP TABLE meta")

    adopted = await start(data)
    try:
        [row] = await adopted.store.list_essays(G, with_text=True)
        assert (row["slug"], row["added_by"]) == (essay.slug, MOD)
        assert "Emperor penguins survive the Antarctic winter" in row["source_text"]
        assert (await adopted.store.recent_audit(G))[0]["action"] == "essay.adopt"
    finally:
        await adopted.close()
    _delete_index(data)
    rebuilt = await start(data)
    try:
        assert rebuilt.library.essays[essay.slug].paragraphs == paragraphs
        assert await _answers_from_upload(rebuilt, essay.slug)
    finally:
        await rebuilt.close()


def _hold_write_lock(db: Path) -> subprocess.Popen:
    code = ("import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


async def test_an_upload_the_database_cannot_take_is_not_indexed(tmp_path, start):
    data = tmp_path / "data"
    opened = await start(data)
    try:
        await opened.store._db.execute("PRAGMA busy_timeout = 200")
        holder = _hold_write_lock(opened.store.path)
        try:
            with pytest.raises(StoreUnavailable):
                await opened.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        finally:
            holder.communicate("")
        assert [s for s, scope in opened.library.scopes.items() if scope == G] == []
        assert await opened.store.list_essays(G) == []
    finally:
        await opened.close()


async def test_an_index_write_that_fails_undoes_the_saved_upload(tmp_path, start, monkeypatch):
    data = tmp_path / "data"
    opened = await start(data)
    try:
        async def disk_full(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(opened.library.store, "replace_essay", disk_full)
        with pytest.raises(sqlite3.OperationalError):
            await opened.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        assert await opened.store.list_essays(G) == []
        assert [a["action"] for a in await opened.store.recent_audit(G)] == ["essay.add_undone", "essay.add"]
        assert [s for s, scope in opened.library.scopes.items() if scope == G] == []
    finally:
        await opened.close()


async def test_export_and_deletion_cover_who_added_an_essay(store):
    await store.save_essay(G, "penguins", filename="penguins.md", title="Huddles", text="Huddles\n\nText.",
                           content_hash="h", actor_id=MOD)
    dump = await store.export_user(MOD)
    assert [r["slug"] for r in dump["tables"]["essays"]] == ["penguins"]
    counts = await store.delete_user(MOD)
    assert counts["essays_anonymised"] == 1
    [row] = await store.list_essays(G)
    assert row["added_by"] is None  # the server keeps its essay, without the person's id


async def test_essay_ids_and_queries_stay_in_their_server(store):
    await store.save_essay(G, "penguins", filename="p.md", title="P", text="P\n\nx", content_hash="h", actor_id=MOD)
    with pytest.raises(UserError, match="another server"):
        await store.save_essay(OTHER, "penguins", filename="p.md", title="P", text="P\n\nx", content_hash="h",
                               actor_id=MOD)
    assert await store.list_essays(OTHER) == [] and await store.get_essay(OTHER, "penguins") is None
    assert not await store.delete_essay(OTHER, "penguins", actor_id=MOD)
    assert [r["slug"] for r in await store.list_essays(G)] == ["penguins"]
    assert await store.essay_guilds() == [G]



async def test_a_backup_restores_into_a_database_the_bot_created_but_never_used(backend, tmp_path, clock, request):
    """A new install starts the bot once (an empty, migrated database: only the migration log and
    the change feed's marker row), then restores: no --force is needed there. Server data still
    needs it (above)."""
    from bot.store.restore import restore_backup, restore_pg_backup

    if backend == "sqlite":
        source_target, target = tmp_path / "old.sqlite", tmp_path / "fresh" / "tutor.sqlite"
    else:
        from pg_support import fresh_pg_database

        cluster = request.getfixturevalue("pg_cluster")
        source_target, target = await fresh_pg_database(cluster), await fresh_pg_database(cluster)
    source = await Store.open(source_target, clock=clock)
    try:
        await source.add_item(G, {"id": "kept", "essay": "rana", "kind": "tf", "prompt": "Kept?"}, actor_id=MOD)
        backup = tmp_path / "backup.bin"
        await source.backup(backup)
    finally:
        await source.close()
    await (await Store.open(target, clock=clock)).close()  # what a first start leaves behind
    if backend == "sqlite":
        await restore_backup(backup, target)
    else:
        await restore_pg_backup(backup, target)
    restored = await Store.open(target, clock=clock)
    try:
        assert (await restored.get_item(G, "kept"))["prompt"] == "Kept?"
    finally:
        await restored.close()
