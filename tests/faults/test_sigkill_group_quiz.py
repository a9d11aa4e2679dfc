"""SIGKILL in the middle of a group quiz: after a restart no acknowledged answer is lost, the
cut-off session is marked abandoned by `Core.open(close_stale=True)` (`tutorbot run`), and the channel can start a new quiz."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.config import load_settings
from bot.core import Core
from bot.quiz.session import GroupSession, GroupSettings, load_pool

CHILD = Path(__file__).with_name("group_quiz_child.py")
REPO = Path(__file__).resolve().parents[2]
GUILD, CHANNEL, PLAYERS = 77, 7001, (501, 502, 503, 504)

pytestmark = pytest.mark.slow


async def test_sigkill_mid_group_quiz_keeps_every_acknowledged_answer(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, str(CHILD), str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    acked: list[tuple[int, str, str]] = []
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("session "), first + proc.stderr.read()
        session_id = int(first.split()[1])
        while len(acked) < 120:  # dozens of questions in: players are answering right now
            line = proc.stdout.readline()
            assert line.startswith("ack "), line + proc.stderr.read()
            _, user, item, answer = line.rstrip("\n").split(" ", 3)
            acked.append((int(user), item, answer))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    for line in rest.splitlines():
        if line.startswith("ack "):
            _, user, item, answer = line.split(" ", 3)
            acked.append((int(user), item, answer))

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    clock = FakeClock()
    # As `tutorbot run` opens it (the one command that closes what a crash cut off); the model is never needed.
    core = await Core.open(settings, ingest_if_stale=False, clock=clock, close_stale=True)
    try:
        session = await core.store.get_session(GUILD, session_id)
        assert session["status"] == "abandoned" and session["ended_at"]  # closed by Core.open
        assert (await core.store.check())["integrity"] == ["ok"]
        stored: Counter = Counter()
        for user in PLAYERS:
            for row in (await core.store.export_user(user))["tables"]["attempts"]:
                assert row["session_id"] == session_id
                stored[(row["user_id"], row["item_id"], row["answer"])] += 1
        missing = Counter(acked) - stored
        assert not missing, f"acknowledged but lost: {list(missing.elements())[:5]}"
        # at most the one answer in flight at the kill may exist without its ack line
        assert sum(stored.values()) - len(acked) <= 1

        # the channel is free again: a new quiz starts there and records answers
        items = await load_pool(core.store, GUILD)
        new = GroupSession(core.store, items[:1], guild_id=GUILD, channel_id=CHANNEL, started_by=PLAYERS[0],
                           settings=GroupSettings(questions=1, seconds=10), clock=clock, rng=random.Random(2))
        new_id = await core.sessions.start(new)
        assert new_id != session_id
        assert (await new.submit(PLAYERS[1], "p", 0)).status in ("correct", "wrong")
        await clock.advance(10)
        assert (await new.wait()).reason == "completed"
        assert (await core.store.get_session(GUILD, new_id))["status"] == "finished"
    finally:
        await core.close()
