from __future__ import annotations

import pytest
import pytest_asyncio

from bot.clock import FakeClock
from bot.store import Store

BUILTIN = [
    {"id": "rana-1", "essay": "rana", "kind": "mcq", "prompt": "Who wrote it?"},
    {"id": "rana-2", "essay": "rana", "kind": "mcq", "prompt": "When?"},
    {"id": "rana-3", "essay": "rana", "kind": "tf", "prompt": "True?"},
    {"id": "walt-1", "essay": "walt", "kind": "mcq", "prompt": "Which alliance?"},
    {"id": "walt-2", "essay": "walt", "kind": "short", "prompt": "Name one."},
]


@pytest.fixture
def builtin_items() -> list[dict]:
    return [dict(item) for item in BUILTIN]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture(loop_scope="function")
async def store(tmp_path, clock):
    s = await Store.open(tmp_path / "tutor.sqlite", clock=clock)
    await s.sync_builtin_items(BUILTIN)
    try:
        yield s
    finally:
        await s.close()
