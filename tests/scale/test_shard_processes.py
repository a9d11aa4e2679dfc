"""Two shard processes on one database (issue 14): nothing lost, totals exact, essays travel,
and a re-shard finds every server's essays, items, progress and quizzes.

What runs: two child processes (`shard_worker.py`), each a real `Core` opened for its shards as
`tutorbot run --shard-count 2 --shard-ids N` opens it (ownership, the change feed followed in the
background every 0.2 s), on the same progress database. They are driven through the core, not
through Discord interactions: the offline Discord server (tests/discord/fake_discord.py) serves one
gateway connection with one server, and 1,000 quiz answers through it would need a running group
quiz per answer round. Attempts therefore go through `Store.record_attempt`, the call a quiz makes
for each answer, 500 concurrently in each process at the same time; the Discord side of sharding
(flags, the bot's shard ids) is tested in tests/discord/test_discord_shards.py.

The database, one test per backend: SQLite in a data folder both processes share (one machine), or
a fresh database on the session's throw-away PostgreSQL cluster, where each process also has a data
folder of its own, as on separate machines: a process that has never seen an essay must index it
from the database (through the feed, or at start-up after the re-shard). Rows are counted with
sqlite3 or asyncpg directly, not through the code under test.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
import sample_essays

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("shard_worker.py")
COUNT = 2
MOD = 71
ITEMS = [f"keep-{n}" for n in range(6)]
ATTEMPTS_EACH = 500
SHARED = sample_essays.KEEPERS
PENGUINS = sample_essays.PENGUINS
QUESTION = sample_essays.PENGUIN_QUESTION


def _guild_on(shard: int, n: int) -> int:
    return ((7000 * COUNT + shard) << 22) + n


GUILDS = {0: [_guild_on(0, 1), _guild_on(0, 2)], 1: [_guild_on(1, 1), _guild_on(1, 2)]}


class Worker:
    def __init__(self, env: dict[str, str], count: str, ids: str, name: str = ""):
        if env.get("TUTOR_DATABASE_URL"):  # a machine of its own: its own index and logs
            env = {**env, "TUTOR_DATA_DIR": f"{env['TUTOR_DATA_DIR']}-{name or count + '-' + ids}"}
        self.proc = subprocess.Popen([sys.executable, str(WORKER), count, ids], env=env, cwd=REPO, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.ready = self._read(timeout=240)

    def _read(self, timeout: float) -> dict:
        line = self.proc.stdout.readline()  # the worker always answers, with an "error" if it must
        if not line:
            raise AssertionError(f"worker exited ({self.proc.wait(timeout)}): {self.proc.stderr.read()[-3000:]}")
        return json.loads(line)

    def send(self, **cmd) -> None:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def reply(self) -> dict:
        out = self._read(timeout=300)
        assert "error" not in out, out["error"]
        return out

    def call(self, **cmd) -> dict:
        self.send(**cmd)
        return self.reply()

    def quit(self) -> None:
        self.send(op="quit")
        assert self.proc.wait(60) == 0, self.proc.stderr.read()[-3000:]


@pytest.fixture(params=["sqlite", "postgresql"])
def env(tmp_path, request) -> dict[str, str]:
    home = tmp_path / "home"
    (home / "seeds").mkdir(parents=True)
    (home / "seeds" / "keepers.md").write_text(SHARED, encoding="utf-8")
    (home / "prompts").symlink_to(REPO / "prompts")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environ.update({"TUTOR_HOME": str(home), "TUTOR_DATA_DIR": str(tmp_path / "data"),
                    "TUTOR__CHANGE_POLL_SECONDS": "0.2", "PYTHONPATH": str(REPO)})
    environ.pop("TUTOR_DATABASE_URL", None)
    if request.param == "postgresql":
        from pg_support import drop_pg_database, fresh_pg_database

        cluster = request.getfixturevalue("pg_cluster")
        environ["TUTOR_DATABASE_URL"] = url = asyncio.run(fresh_pg_database(cluster))
        yield environ
        asyncio.run(drop_pg_database(cluster, url))
        return
    yield environ


def _expected_totals(guilds: list[int], tag_count: int) -> dict[int, dict[int, list[int]]]:
    """Per guild, per user: [attempts, correct, points] from the inputs alone (see shard_worker)."""
    totals: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for j in range(tag_count):
        correct = j % 3 != 0
        row = totals[guilds[j % len(guilds)]][1 + j % 25]
        row[0] += 1
        row[1] += int(correct)
        row[2] += 2 if correct else 0
    return totals


def _attempt_rows(env: dict[str, str]) -> int:
    if env.get("TUTOR_DATABASE_URL"):
        import asyncpg

        async def count() -> int:
            conn = await asyncpg.connect(env["TUTOR_DATABASE_URL"])
            try:
                return await conn.fetchval("SELECT COUNT(*) FROM attempts")
            finally:
                await conn.close()

        return asyncio.run(count())
    with sqlite3.connect(Path(env["TUTOR_DATA_DIR"]) / "tutor.sqlite") as conn:  # not through the code under test
        return conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]


def _wait_answered(worker: Worker, guild: int, slug: str, timeout: float = 60) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        out = worker.call(op="ask", guild=guild, question=QUESTION)
        if not out["abstained"] and slug in out["essays"]:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"process never answered from {slug} in server {guild}")


def test_two_shard_processes_share_one_database_and_survive_a_reshard(env):
    a = Worker(env, str(COUNT), "0", name="a")
    b = Worker(env, str(COUNT), "1", name="b")
    try:
        assert a.ready["ready"] == "shard(s) 0 of 2" and b.ready["ready"] == "shard(s) 1 of 2"
        for shard, worker in ((0, a), (1, b)):
            for guild in GUILDS[shard]:
                for item in ITEMS:
                    worker.call(op="add_item", guild=guild, by=MOD,
                                item={"id": item, "essay": "keepers", "kind": "mcq", "prompt": f"{item}?"})
        # A process refuses servers of another shard: a quiz lives with its channel's shard.
        a.send(op="attempts", guilds=GUILDS[1], n=1, items=ITEMS, tag="x")
        assert "not this process's servers" in a._read(30)["error"]

        # 1,000 attempts: 500 in each process, both processes writing at the same time.
        a.send(op="attempts", guilds=GUILDS[0], n=ATTEMPTS_EACH, items=ITEMS, tag="a")
        b.send(op="attempts", guilds=GUILDS[1], n=ATTEMPTS_EACH, items=ITEMS, tag="b")
        done_a, done_b = a.reply(), b.reply()
        assert done_a["ids"] == done_b["ids"] == ATTEMPTS_EACH
        print(f"\n500 concurrent attempts per process: A {done_a['seconds']} s, B {done_b['seconds']} s")
        assert _attempt_rows(env) == 2 * ATTEMPTS_EACH

        expected = {**_expected_totals(GUILDS[0], ATTEMPTS_EACH), **_expected_totals(GUILDS[1], ATTEMPTS_EACH)}
        # By hand: of j = 0..499, the 167 multiples of 3 are wrong, so 333 right (666 points) per process.
        assert sum(v[1] for users in expected.values() for v in users.values()) == 2 * 333
        assert sum(v[2] for users in expected.values() for v in users.values()) == 2 * 666

        def check_boards(worker: Worker) -> None:
            for guild, users in expected.items():
                rows = {r[0]: r[1:] for r in worker.call(op="leaderboard", guild=guild)["rows"]}
                assert rows == {u: v for u, v in users.items()}, guild

        check_boards(a)  # every server's board, whichever process wrote it
        check_boards(b)

        # An essay added through A, in A's server, reaches B through the change feed.
        essay_guild = GUILDS[0][0]
        before = b.call(op="ask", guild=essay_guild, question=QUESTION)  # also loads B's model: not timed below
        assert "huddles-in-the-dark" not in before["essays"]
        slug = a.call(op="upload", guild=essay_guild, filename="penguins.md", text=PENGUINS, by=MOD)["slug"]
        latency = _wait_answered(b, essay_guild, slug)
        print(f"essay uploaded through A answered by B after {latency:.2f} s (poll every 0.2 s)")
        other = b.call(op="ask", guild=GUILDS[1][0], question=QUESTION)
        assert slug not in other["essays"]  # still only that server's essay

        # Quizzes running when both processes stop (their rows stay 'active', as after a crash).
        sessions = {}
        for shard, worker in ((0, a), (1, b)):
            for guild in GUILDS[shard]:
                sessions[guild] = worker.call(op="start_quiz", guild=guild, channel=guild + 1, by=MOD)["session"]
        a.call(op="add_item", guild=essay_guild, by=MOD,
               item={"id": "penguin-1", "essay": slug, "kind": "mcq", "prompt": "Why huddle?"})
    finally:
        for w in (a, b):
            if w.proc.poll() is None:
                w.quit()

    # Re-shard: the same two shards, owned by the other process each.
    a2 = Worker(env, str(COUNT), "1", name="a")  # machine A, now running shard 1
    b2 = Worker(env, str(COUNT), "0", name="b")
    try:
        # Each process closes the quizzes of the servers it now owns, and only those.
        assert b2.call(op="interrupted")["guilds"] == sorted(GUILDS[0])
        assert a2.call(op="interrupted")["guilds"] == sorted(GUILDS[1])
        for guild, session in sessions.items():
            assert (a2.call(op="session", guild=guild, session=session))["status"] == "abandoned"
        _wait_answered(b2, essay_guild, slug, timeout=5)  # B2 now owns the server: its essay is there
        assert b2.call(op="items", guild=essay_guild)["ids"] == [*ITEMS, "penguin-1"]
        for guild in GUILDS[1]:
            assert a2.call(op="items", guild=guild)["ids"] == ITEMS
        check_boards(a2)
        check_boards(b2)
        assert _attempt_rows(env) == 2 * ATTEMPTS_EACH
    finally:
        for w in (a2, b2):
            if w.proc.poll() is None:
                w.quit()

    # And one process with every shard (Discord's default) sees all of it too.
    one = Worker(env, "auto", "all", name="one")  # on PostgreSQL a machine that never saw the essay
    try:
        assert one.ready["ready"] == "all shards (count chosen by Discord)"
        _wait_answered(one, essay_guild, slug, timeout=5)
        check_boards(one)
    finally:
        one.quit()
