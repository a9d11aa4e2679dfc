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
from pg_support import drop_pg_database, fresh_pg_database, start_cluster_or_skip

from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.core import Core
from bot.model.embedding import Embedder
from bot.store import Store

# A tiny built-in pack for store and progress tests (the real one is data/quiz/builtin.yaml).
BUILTIN = [
    {"id": "rana-1", "essay": "rana", "kind": "mcq", "prompt": "Who wrote it?"},
    {"id": "rana-2", "essay": "rana", "kind": "mcq", "prompt": "When?"},
    {"id": "rana-3", "essay": "rana", "kind": "tf", "prompt": "True?"},
    {"id": "walt-1", "essay": "walt", "kind": "mcq", "prompt": "Which alliance?"},
    {"id": "walt-2", "essay": "walt", "kind": "short", "prompt": "Name one."},
]

# ------------------------------------------------------------------ store backends
#
# Every test that uses `store` or `store_target` runs twice, on SQLite and on PostgreSQL. The
# PostgreSQL cluster is a throw-away one this session starts itself (initdb + pg_ctl in a temp
# folder, a free port of 127.0.0.1), created at the first PostgreSQL test; each test gets its own
# database, copied from a migrated template (about 50 ms). Without PostgreSQL binaries the
# PostgreSQL cases are skipped with the reason, unless CI_REQUIRE_POSTGRES=1 (CI): then they fail.

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): a store test about the SQLite file itself")
    config.addinivalue_line("markers", "postgresql_only(reason): a store test of what only PostgreSQL does")


def pytest_generate_tests(metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        if metafunc.definition.get_closest_marker("sqlite_only"):
            backends = ["sqlite"]
        elif metafunc.definition.get_closest_marker("postgresql_only"):
            backends = ["postgresql"]
        else:
            backends = list(BACKENDS)
        metafunc.parametrize("backend", backends, scope="function")


# ------------------------------------------------------------------ no silent skips
# Any skip outside tests/skip_allowlist.txt fails the run (tests/skip_policy.py says why); loaded
# here, so `make test`, `.ci/run` and a plain `pytest` all apply the same rule.
pytest_plugins = ["skip_policy"]


@pytest.fixture(scope="session")
def pg_cluster():
    cluster = start_cluster_or_skip()
    yield cluster
    cluster.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def store_target(backend, tmp_path, request):
    """What `Store.open` takes for this backend: an SQLite file path or a fresh database's URL."""
    if backend == "sqlite":
        yield tmp_path / "tutor.sqlite"
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = await fresh_pg_database(cluster)
    yield url
    await drop_pg_database(cluster, url)


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


@pytest_asyncio.fixture(loop_scope="session")
async def store(store_target, clock):
    """A fresh progress store on a fake clock, with the tiny built-in pack, on each backend."""
    s = await Store.open(store_target, clock=clock)
    await s.sync_builtin_items(BUILTIN)
    try:
        yield s
    finally:
        await s.close()
