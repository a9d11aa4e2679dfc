"""Fixtures shared by every test folder.

The real embedding model loads once per test session (`embedder`), and `core` is one fully
opened core over a temporary data folder with the seed essays indexed. Tests that change
essays or data build their own core from `embedder` so they never disturb this one.
"""

from __future__ import annotations

from pathlib import Path
from typing import AsyncIterator

import pytest
import pytest_asyncio

from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.core import Core
from bot.embedding import Embedder
from bot.store import Store

# A tiny built-in pack for store and progress tests (the real one is data/quiz/builtin.yaml).
BUILTIN = [
    {"id": "rana-1", "essay": "rana", "kind": "mcq", "prompt": "Who wrote it?"},
    {"id": "rana-2", "essay": "rana", "kind": "mcq", "prompt": "When?"},
    {"id": "rana-3", "essay": "rana", "kind": "tf", "prompt": "True?"},
    {"id": "walt-1", "essay": "walt", "kind": "mcq", "prompt": "Which alliance?"},
    {"id": "walt-2", "essay": "walt", "kind": "short", "prompt": "Name one."},
]

@pytest.fixture(scope="session")
def embedder() -> Embedder:
    model = Embedder.load()
    yield model
    model.close()


def make_settings(data_dir: Path, **environ: str) -> Settings:
    return load_settings(environ={"TUTOR_DATA_DIR": str(data_dir), **environ})


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def core(tmp_path_factory, embedder: Embedder) -> AsyncIterator[Core]:
    settings = make_settings(tmp_path_factory.mktemp("core-data"))
    opened = await Core.open(settings, embedder=embedder)
    yield opened
    await opened.close()


@pytest.fixture
def builtin_items() -> list[dict]:
    return [dict(item) for item in BUILTIN]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture(loop_scope="function")
async def store(tmp_path, clock):
    """A fresh progress store on a fake clock, with the tiny built-in pack."""
    s = await Store.open(tmp_path / "tutor.sqlite", clock=clock)
    await s.sync_builtin_items(BUILTIN)
    try:
        yield s
    finally:
        await s.close()
