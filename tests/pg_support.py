"""PostgreSQL for tests: the skip-or-fail policy and a fresh migrated database per test.

Kept out of conftest.py so test modules in any folder can import it (`from pg_support import ...`).
"""

from __future__ import annotations

import itertools
import os

import pytest

from bot.store import Store
from bot.store.pg_cluster import ClusterUnavailable, LocalCluster


def start_cluster_or_skip(**options) -> LocalCluster:
    """A started throw-away cluster; skip (locally) or fail (CI_REQUIRE_POSTGRES=1) without one."""
    try:
        return LocalCluster(**options).start()
    except ClusterUnavailable as exc:
        if os.environ.get("CI_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here (CI_REQUIRE_POSTGRES=1) but unavailable: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


_db_names = itertools.count(1)
_template_ready: set[int] = set()


async def fresh_pg_database(cluster: LocalCluster) -> str:
    """A new, migrated, empty database on the session's cluster; returns its URL."""
    import asyncpg

    admin = await asyncpg.connect(cluster.url())
    try:
        if id(cluster) not in _template_ready:
            await admin.execute("CREATE DATABASE tutor_template")
            template = await Store.open(cluster.url("tutor_template"))
            await template.close()
            _template_ready.add(id(cluster))
        name = f"t{next(_db_names)}"
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE tutor_template")
    finally:
        await admin.close()
    return cluster.url(name)


async def drop_pg_database(cluster: LocalCluster, url: str) -> None:
    import asyncpg

    if not cluster.running:
        return
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")
    finally:
        await admin.close()


