"""Two cores on one progress database (as two shard processes would be): what one writes, the
other applies from the change feed. The poll is driven by hand (`poll_once`), never by sleeping.

Both layouts a deployment can have are covered: processes sharing one data folder (one index,
so the other process only reloads) and processes with an index each (on different machines: the
other process indexes the uploaded text itself).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sample_essays

from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.core import Core

G, OTHER, MOD, LEARNER = 5501, 5502, 71, 72
PENGUINS = sample_essays.PENGUINS.encode()
QUESTION = sample_essays.PENGUIN_QUESTION
SHARED = sample_essays.KEEPERS
REPO = Path(__file__).resolve().parents[2]


class _OwnIndex(Settings):
    """A process on another machine: the same progress database, an index of its own."""

    index_path: Path

    @property
    def index_db(self) -> Path:
        return self.index_path


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    (home / "seeds").mkdir(parents=True)
    (home / "seeds" / "keepers-of-the-light.md").write_text(SHARED, encoding="utf-8")
    (home / "prompts").symlink_to(REPO / "prompts")
    return home


def _settings(data: Path, home: Path, own_index: Path | None = None) -> Settings:
    base = load_settings(environ={"TUTOR_DATA_DIR": str(data), "TUTOR_HOME": str(home)})
    if own_index is None:
        return base
    return _OwnIndex(**base.model_dump(), index_path=own_index)


async def _answers_from(core: Core, slug: str, guild_id: int = G) -> bool:
    answer = await core.tutor.ask(QUESTION, guild_id=guild_id, user_id=LEARNER, record=False)
    return not answer.abstained and any(c.essay == slug for c in answer.citations)


@pytest.mark.parametrize("layout", ["shared-data-folder", "index-per-process"])
async def test_an_essay_uploaded_through_one_core_is_answered_by_the_other(tmp_path, home, embedder, layout):
    clock = FakeClock()
    data = tmp_path / "data"
    a = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    other_index = tmp_path / "b-index" / "index.sqlite" if layout == "index-per-process" else None
    b = await Core.open(_settings(data, home, other_index), embedder=embedder, clock=clock)
    try:
        assert (a.settings.index_db == b.settings.index_db) == (layout == "shared-data-folder")
        essay = await a.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        assert await _answers_from(a, essay.slug)
        assert b.library.get_essay(essay.slug, G) is None  # not yet: B has not read the feed
        assert await b.changes.poll_once() == 1
        assert b.library.get_essay(essay.slug, G) is not None
        assert b.library.get_essay(essay.slug, OTHER) is None  # still only that server's
        assert await _answers_from(b, essay.slug)
        assert await b.changes.poll_once() == 0  # read once

        # A's own change costs A nothing but a check: its library already has the essay.
        held = a.library.essays[essay.slug]
        assert await a.changes.poll_once() == 1
        assert a.library.essays[essay.slug] is held  # not reloaded

        # Removal travels the same way.
        await a.library.remove_essay(essay.slug, guild_id=G, actor_id=MOD)
        assert await b.changes.poll_once() == 1
        assert b.library.get_essay(essay.slug, G) is None
        assert not await _answers_from(b, essay.slug)
    finally:
        await b.close()
        await a.close()


async def test_item_and_settings_changes_reach_the_other_core_and_listeners(tmp_path, home, embedder):
    clock = FakeClock()
    data = tmp_path / "data"
    a = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    b = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    seen = []

    async def listener(change) -> None:
        seen.append((change.guild_id, change.kind, change.key))

    b.changes.listeners.append(listener)
    try:
        item_id = await a.store.add_item(G, {"essay": "keepers-of-the-light", "kind": "mcq", "prompt": "?"},
                                         actor_id=MOD)
        await a.store.update_guild_settings(OTHER, {"quiz_seconds": 30}, actor_id=MOD)
        assert await b.changes.poll_once() == 2
        assert seen == [(G, "item", item_id), (OTHER, "settings", "")]
        assert (await b.store.get_item(G, item_id))["prompt"] == "?"  # read through, nothing cached
    finally:
        await b.close()
        await a.close()


async def test_a_core_behind_the_pruned_feed_reloads_every_server(tmp_path, home, embedder):
    clock = FakeClock()
    data = tmp_path / "data"
    a = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    b = await Core.open(_settings(data, home, tmp_path / "b" / "index.sqlite"), embedder=embedder, clock=clock)
    try:
        essay = await a.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        await clock.advance(3 * 86_400)
        await a.store.update_guild_settings(OTHER, {"x": 1}, actor_id=MOD)
        assert await a.store.prune_changes() == 1  # the essay's change is gone before B read it
        await b.changes.poll_once()
        assert b.library.get_essay(essay.slug, G) is not None  # found by the full reload
        assert await _answers_from(b, essay.slug)
    finally:
        await b.close()
        await a.close()


async def test_the_feed_loop_applies_changes_and_stops_with_the_core(tmp_path, home, embedder, monkeypatch):
    """The background loop itself: `wait_for_change` is replaced by an event the test sets, so
    the loop runs exactly when told to."""
    import asyncio

    clock = FakeClock()
    data = tmp_path / "data"
    a = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    b = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    go = asyncio.Event()

    async def wait(timeout: float) -> None:
        await go.wait()
        go.clear()

    monkeypatch.setattr(b.store, "wait_for_change", wait)
    try:
        b.follow_changes()
        essay = await a.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        go.set()
        for _ in range(200):
            if b.changes.applied:
                break
            await asyncio.sleep(0.01)
        assert b.changes.applied == 1 and b.library.get_essay(essay.slug, G) is not None
    finally:
        await b.close()
        await a.close()
    assert b.changes._task is None


async def test_a_poisoned_change_is_skipped_after_its_retries_and_the_next_one_applies(tmp_path, home, embedder,
                                                                                     monkeypatch):
    """A change that keeps failing (here: the model restarting every time this process tries to
    index one server's upload) used to be retried every poll forever, with every later change
    stuck behind it. Now it is tried `max_attempts` times, then skipped, logged and shown in that
    server's audit log; the change after it applies."""
    import bot.scale.change_feed as feed
    from bot.model.embedding import ModelRestarting

    clock = FakeClock()
    data = tmp_path / "data"
    a = await Core.open(_settings(data, home), embedder=embedder, clock=clock)
    b = await Core.open(_settings(data, home, tmp_path / "b" / "index.sqlite"), embedder=embedder, clock=clock)
    real_sync = feed.sync_guild_essays
    tried: list[int] = []

    async def poisoned(library, guild_id):
        if guild_id == G:
            tried.append(guild_id)
            raise ModelRestarting("the embedding model process is restarting")
        await real_sync(library, guild_id)

    monkeypatch.setattr(feed, "sync_guild_essays", poisoned)
    b.changes.max_attempts = 3
    try:
        first = await a.library.add_essay_upload("penguins.md", PENGUINS, guild_id=G, added_by=MOD)
        second = await a.library.add_essay_upload("penguins.md", PENGUINS, guild_id=OTHER, added_by=MOD)
        assert await b.changes.poll_once() == 0  # try 1: the poisoned change holds the one after it
        assert await b.changes.poll_once() == 0  # try 2
        assert b.library.get_essay(second.slug, OTHER) is None
        assert await b.changes.poll_once() == 1  # try 3 fails: skipped; the next change applies
        assert tried == [G, G, G] and b.changes.skipped == 1
        assert b.library.get_essay(second.slug, OTHER) is not None and await _answers_from(b, second.slug, OTHER)
        assert b.library.get_essay(first.slug, G) is None  # skipped: not indexed here
        (entry,) = [e for e in await b.store.recent_audit(G) if e["action"] == "change_skipped"]
        assert entry["actor_id"] is None and entry["target"] == f"essay {first.slug}"
        assert entry["details"]["tries"] == 3 and "ModelRestarting" in entry["details"]["error"]
        assert await b.changes.poll_once() == 0 and tried == [G, G, G]  # the feed has moved past it
    finally:
        await b.close()
        await a.close()
