"""Shard processes: the flags are checked before anything connects, the bot runs exactly the
shards it was given, and start-up clean-up touches only the servers of this process's shards."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.errors import UserError
from bot.scale.shards import ShardSpec, parse_shard_ids, shard_of, shard_spec
from bot.store import Store


def _guild_on(shard: int, count: int, n: int = 1) -> int:
    """A guild id Discord puts on `shard` of `count`: the shard is taken from bits 22 and up."""
    return ((1000 * count + shard) << 22) + n


@pytest.mark.parametrize("argv, message", [
    (["run", "--shard-ids", "0"], "--shard-ids needs --shard-count"),
    (["run", "--shard-count", "2", "--shard-ids", "0,2"], "shard id(s) 2 are outside 0..1"),
    (["run", "--shard-count", "3", "--shard-ids", "1,1"], "--shard-ids repeats shard(s) 1"),
    (["run", "--shard-count", "0"], "--shard-count must be a whole number from 1"),
    (["run", "--shard-count", "2", "--shard-ids", "0,,1"], "--shard-ids must be shard numbers separated by commas"),
    (["run", "--shard-count", "2", "--shard-ids", "one"], "--shard-ids must be shard numbers separated by commas"),
])
def test_bad_shard_flags_are_one_line_and_exit_code_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DISCORD_TOKEN", "not-used-the-flags-fail-first")
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and message in err[0], err
    assert not (tmp_path / "tutor.sqlite").exists()  # nothing was opened


def test_the_split_comes_from_flags_else_settings_else_discord():
    from bot.cli.run_cmds import shards_from

    class Args:
        shard_count = None
        shard_ids = None

    plain = load_settings(environ={})
    assert shards_from(Args(), plain) == ShardSpec(None, None)
    configured = load_settings(environ={"TUTOR__DISCORD__SHARD_COUNT": "4", "TUTOR__DISCORD__SHARD_IDS": "[3, 1]"})
    assert shards_from(Args(), configured) == ShardSpec(4, (1, 3))
    flags = Args()
    flags.shard_count, flags.shard_ids = 2, "1"
    assert shards_from(flags, configured) == ShardSpec(2, (1,))  # the command line wins
    only_ids = Args()
    only_ids.shard_ids = "2"
    assert shards_from(only_ids, configured) == ShardSpec(4, (2,))  # the count from settings


def test_ownership_follows_discords_rule():
    assert shard_of(_guild_on(1, 2), 2) == 1 and shard_of(_guild_on(0, 2), 2) == 0
    assert shard_of(0, 5) == 0  # direct messages: shard 0, like Discord's
    spec = shard_spec(2, [1])
    assert spec.split and spec.owns(_guild_on(1, 2)) and not spec.owns(_guild_on(0, 2)) and not spec.owns(0)
    for everything in (shard_spec(None, None), shard_spec(3, None), shard_spec(2, [1, 0])):
        assert not everything.split and everything.owns(_guild_on(0, 2)) and everything.owns(_guild_on(1, 2))
    assert shard_spec(2, [1, 0]).ids == (0, 1)
    assert parse_shard_ids("0, 3") == [0, 3] and parse_shard_ids(None) is None
    with pytest.raises(UserError):
        shard_spec(True, None)  # a bool is not a count


def test_the_bot_runs_the_shards_it_was_given(tmp_path):
    from bot.discord_bot.client import TutorBot

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    split = TutorBot(settings, shards=shard_spec(4, [1, 3]))
    assert (split.shard_count, split.shard_ids) == (4, [1, 3])
    default = TutorBot(settings)  # as before: Discord recommends the count, every shard here
    assert (default.shard_count, default.shard_ids) == (None, None)
    assert not default.shard_spec.split
    from_settings = TutorBot(load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path),
                                                    "TUTOR__DISCORD__SHARD_COUNT": "2",
                                                    "TUTOR__DISCORD__SHARD_IDS": "[0]"}))
    assert (from_settings.shard_count, from_settings.shard_ids) == (2, [0])


async def test_restart_closes_only_the_quizzes_of_this_process_s_servers(tmp_path, clock):
    mine, theirs = _guild_on(1, 2), _guild_on(0, 2)
    store = await Store.open(tmp_path / "tutor.sqlite", clock=clock)
    try:
        sessions = {}
        for guild in (mine, theirs):
            sessions[guild] = await store.start_session(guild, 77, "group", 5, {"items": []})
            await store.add_session_message(guild, sessions[guild], 77, 9000 + guild % 1000)
        owns = shard_spec(2, [1]).owns
        assert await store.close_stale_sessions(owns=owns) == 1
        assert (await store.get_session(mine, sessions[mine]))["status"] == "abandoned"
        assert (await store.get_session(theirs, sessions[theirs]))["status"] == "active"  # the other process's, live
        interrupted = await store.interrupted_sessions(owns=owns)
        assert [q["guild_id"] for q in interrupted] == [mine]
        # The other process restarting closes its own, and still not this one's finished one twice.
        other = shard_spec(2, [0]).owns
        assert await store.close_stale_sessions(owns=other) == 1
        assert [q["guild_id"] for q in await store.interrupted_sessions(owns=other)] == [theirs]
        assert await store.close_stale_sessions() == 0  # a single process: nothing left
    finally:
        await store.close()


def test_compose_runs_the_bot_on_postgresql_and_documents_shard_processes():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    text = (root / "docker-compose.yml").read_text(encoding="utf-8")
    services = yaml.safe_load(text)["services"]
    pg, bot = services["postgres"], services["bot"]
    assert pg["image"].startswith("postgres:15") and "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in pg["volumes"])
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["environment"]["TUTOR_DATABASE_URL"].startswith("postgresql://tutor:")
    assert bot["environment"]["TUTOR_DATABASE_URL"].endswith("@postgres:5432/tutor")
    assert "--shard-count" in text and "--shard-ids" in text
    scaling = (root / "docs" / "scaling.md").read_text(encoding="utf-8")
    assert "--shard-count" in scaling and "change feed" in scaling.lower()


@pytest.mark.asyncio(loop_scope="session")
async def test_a_shard_process_identifies_as_its_shard_and_stops_cleanly(discord_core, tmp_path, pg_cluster):
    """`tutorbot run --shard-count 2 --shard-ids 1` as a real process (on PostgreSQL, as shard
    processes must be): its gateway IDENTIFY asks for shard [1, 2] (Discord then sends only that
    shard's servers), and SIGTERM still ends it."""
    import asyncio
    import signal
    import subprocess

    from fake_discord import FakeDiscord
    from pg_support import drop_pg_database, fresh_pg_database
    from test_discord_process import REPO, copy_index, tutorbot_command

    data = tmp_path / "data"
    data.mkdir()
    copy_index(discord_core, data)
    url = await fresh_pg_database(pg_cluster)
    with FakeDiscord() as fake, (tmp_path / "out.txt").open("w") as out:
        proc = subprocess.Popen([*tutorbot_command(), "run", "--shard-count", "2", "--shard-ids", "1"],
                                env=fake.child_env(data, TUTOR_DATABASE_URL=url), cwd=REPO, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            await asyncio.to_thread(fake.wait_for, lambda: fake.identified.is_set() or proc.poll() is not None,
                                    180, "the shard to connect to the gateway")
            assert proc.poll() is None, (tmp_path / "out.txt").read_text()[-3000:]
            assert fake.identified_shards == [[1, 2]]
            proc.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(proc.wait, 30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            await drop_pg_database(pg_cluster, url)
    log = (data / "logs" / "bot.log").read_text(encoding="utf-8")
    assert code == 0, log[-3000:]
    assert "this process runs shard(s) 1 of 2" in log


def test_a_second_bot_on_the_same_sqlite_folder_exits_2_with_one_line(tmp_path):
    """The first bot holds the data folder's lock for its life (taken here as `tutorbot run` takes
    it); a second `tutorbot run`, a real process, is refused before it opens anything."""
    import os
    import subprocess

    from test_discord_process import REPO, tutorbot_command

    from bot.cli.run_cmds import hold_single_bot_lock

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    first = hold_single_bot_lock(settings)
    try:
        env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path), "DISCORD_TOKEN": "not-used-refused-first"}
        env.pop("TUTOR_DATABASE_URL", None)
        second = subprocess.run([*tutorbot_command(), "run"], env=env, cwd=REPO, capture_output=True, text=True,
                                timeout=120)
    finally:
        first.close()
    lines = second.stderr.strip().splitlines()
    assert second.returncode == 2, second.stderr
    assert len(lines) == 1 and lines[0].startswith(f"error: another bot (pid {os.getpid()}) is running"), lines
    assert "PostgreSQL" in lines[0] and "docs/scaling.md" in lines[0]
    assert not (tmp_path / "tutor.sqlite").exists() and not (tmp_path / "logs").exists()  # nothing was opened
    # Once the first one has stopped, the folder is free again.
    again = hold_single_bot_lock(settings)
    assert again is not None
    again.close()


def test_shard_count_above_one_on_sqlite_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DISCORD_TOKEN", "not-used-refused-first")
    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)
    assert main(["run", "--shard-count", "2", "--shard-ids", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --shard-count 2 needs PostgreSQL"), err
    assert not (tmp_path / "tutor.sqlite").exists()
