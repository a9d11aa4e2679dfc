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

from bot.config import Settings, load_settings
from bot.core import Core
from bot.embedding import Embedder

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
