"""An essay whose id is an everyday word ("wells", from wells.md): the word typed as part of the
question ("are old wells safe?") is given back to the search before a refusal, so the question is
not refused as "are old safe?" (bot/tutor/frame.py `id_words_in_use`, bot/tutor/handlers/cited.py)."""

from __future__ import annotations

import pytest
from sample_essays import WELLS
from tutor_support import REPO, asker

from bot.clock import FakeClock
from bot.config import load_settings
from bot.core import Core
from bot.tutor.frame import id_words_in_use, parse


@pytest.fixture(scope="module")
async def core(tmp_path_factory, embedder):
    home = tmp_path_factory.mktemp("home")
    (home / "seeds").mkdir()
    (home / "seeds" / "wells.md").write_text(WELLS, encoding="utf-8")
    (home / "prompts").symlink_to(REPO / "prompts")
    data = tmp_path_factory.mktemp("data")
    opened = await Core.open(load_settings(environ={"TUTOR_DATA_DIR": str(data), "TUTOR_HOME": str(home)}),
                             embedder=embedder, clock=FakeClock())
    yield opened
    await opened.close()


@pytest.fixture
def ask(core, channel):
    return asker(core, guild=0, user=5, channel=channel)


async def test_the_id_typed_as_a_word_of_the_question_is_searched_before_a_refusal(ask):
    a = await ask("why would old wells be safe")
    assert not a.abstained
    assert any("Old wells are also safer than people think" in c.quote for c in a.citations)


async def test_the_id_as_the_essays_name_is_no_word_of_the_question(core):
    scope = await core.tutor.scopes.get(core.library.essays_for(0))
    assert id_words_in_use(parse("what does the wells essay say about standpipes", scope, None, None)) == []
    assert id_words_in_use(parse("are old wells safe", scope, None, None)) == ["wells"]



