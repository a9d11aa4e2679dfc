"""A core for the answer tests: only a small shared essay in its seeds, the real prompts, and the
uploads a test module gives (so nothing depends on the seed essays)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_essays import KEEPERS

from bot.clock import FakeClock
from bot.config import load_settings
from bot.core import Core

REPO = Path(__file__).resolve().parents[1]


async def open_core_with_uploads(tmp_path_factory, embedder, uploads: dict[str, str], *, guild: int,
                                 moderator: int) -> Core:
    """A core whose shared essay is KEEPERS and whose server `guild` has `uploads` (file name → text)."""
    home = tmp_path_factory.mktemp("home")
    (home / "seeds").mkdir()
    (home / "seeds" / "keepers.md").write_text(KEEPERS, encoding="utf-8")
    (home / "prompts").symlink_to(REPO / "prompts")
    data = tmp_path_factory.mktemp("data")
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(data), "TUTOR_HOME": str(home)})
    opened = await Core.open(settings, embedder=embedder, clock=FakeClock())
    for name, text in uploads.items():
        await opened.library.add_essay_upload(name, text.encode(), guild_id=guild, added_by=moderator)
    return opened


def asker(core: Core, *, guild: int, user: int, channel: int):
    """`ask(question)` for one learner in one channel of `guild`: one conversation per test (the
    tutor tests' `channel` fixture gives each test its own), answers not recorded."""
    async def run(question: str):
        return await core.tutor.ask(question, guild_id=guild, user_id=user, channel_id=channel, record=False)
    return run


def upload_fixtures(uploads: dict[str, str], *, guild: int, moderator: int, learner: int):
    """A test module's `core` (one per module, `uploads` in server `guild`) and `ask` fixtures:
    `core, ask = upload_fixtures({...}, guild=G, moderator=MOD, learner=LEARNER)`."""
    @pytest.fixture(scope="module")
    async def core(tmp_path_factory, embedder):
        opened = await open_core_with_uploads(tmp_path_factory, embedder, uploads, guild=guild, moderator=moderator)
        yield opened
        await opened.close()

    @pytest.fixture
    def ask(core, channel):
        return asker(core, guild=guild, user=learner, channel=channel)

    return core, ask
