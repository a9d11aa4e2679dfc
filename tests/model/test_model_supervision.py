"""The model client's supervision with a stand-in owner process (tests/model/fake_owner.py): the
restart budget and giving up, a reply that cannot be read, a send that fails, and the bot's
reaction to giving up. The same behaviour against the real model owner (kill -9, SIGSTOP, an
unpicklable job) is in tests/faults/test_model_restart.py."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import numpy as np
import pytest

from bot.model.embedding import Embedder, ModelRestarting, ModelUnavailable, Supervision

FAKE_OWNER = str(Path(__file__).resolve().with_name("fake_owner.py"))
READY_S = 30  # a hang guard for waits on the stand-in (it starts in well under a second)


def _fake(**supervision) -> Embedder:
    settings = {"call_timeout": 5.0, "backoff": 0.0, "backoff_max": 0.0, **supervision}
    return Embedder.load(supervision=Supervision(**settings), program=[FAKE_OWNER])


def test_a_dead_child_is_replaced_and_the_next_call_is_served():
    embedder = _fake()
    try:
        first = embedder.pid
        with pytest.raises(ModelRestarting):
            embedder.encode(["die"])
        assert embedder.wait_ready(READY_S)
        assert embedder.pid != first and embedder.restarts == 1
        np.testing.assert_array_equal(embedder.encode(["a question"]), np.full((1, 4), 0.5, dtype=np.float32))
    finally:
        embedder.close()


def test_after_the_restart_budget_the_embedder_gives_up_and_says_so():
    embedder = _fake(restart_limit=2, restart_window=600.0)
    told: list[str] = []
    done = threading.Event()
    embedder.on_give_up(lambda reason: (told.append(reason), done.set()))
    try:
        for _ in range(2):  # two restarts are within the budget
            with pytest.raises(ModelRestarting):
                embedder.encode(["die"])
            assert embedder.wait_ready(READY_S)
        with pytest.raises(ModelRestarting):  # the third death exceeds it
            embedder.encode(["die"])
        assert done.wait(READY_S)
        assert embedder.restarts == 2
        assert told == [embedder.gave_up] and "failed 3 times" in told[0]
        assert not embedder.wait_ready(READY_S) and not embedder.alive
        with pytest.raises(ModelUnavailable) as refused:
            embedder.encode(["a question"])
        assert not isinstance(refused.value, ModelRestarting)  # no "try again in a few seconds" now
    finally:
        embedder.close()


def test_a_reply_that_cannot_be_read_fails_the_pending_calls_and_restarts():
    embedder = _fake()
    try:
        first = embedder.pid
        with pytest.raises(ModelRestarting, match="reading its reply failed"):
            embedder.encode(["garble"])
        assert embedder.wait_ready(READY_S) and embedder.pid != first
        assert embedder.encode(["fine"]).shape == (1, 4)
    finally:
        embedder.close()


def test_a_failing_send_fails_the_call_and_restarts_instead_of_killing_the_writer():
    embedder = _fake()
    try:
        link = embedder._link

        def broken(data):  # not OSError: the writer used to catch only OSError and ValueError
            raise RuntimeError("the socket layer broke")

        link.conn.send_bytes = broken
        with pytest.raises(ModelRestarting, match="sending to it failed"):
            embedder.encode(["a question"])
        assert embedder.wait_ready(READY_S) and embedder._link is not link
        assert embedder.encode(["the next one"]).shape == (1, 4)
    finally:
        embedder.close()


def test_an_unpicklable_request_fails_alone():
    embedder = _fake()
    try:
        pid = embedder.pid
        with pytest.raises(TypeError, match="pickle"):
            embedder._call("encode", [threading.Lock()]).result(READY_S)
        assert embedder.encode(["after"]).shape == (1, 4)
        assert embedder.pid == pid and embedder.restarts == 0
    finally:
        embedder.close()


async def test_the_bot_stops_with_a_reason_when_the_model_gives_up(tmp_path):
    """`tutorbot run` hands `on_fatal` to the bot; the bot watches the embedder it loads."""
    from bot.config import load_settings
    from bot.discord_bot.client import TutorBot

    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path)})
    stopped = asyncio.Event()
    bot = TutorBot(settings, on_fatal=lambda reason: stopped.set())
    embedder = await asyncio.to_thread(_fake, restart_limit=1)
    try:
        bot._watch_model(embedder)
        for _ in range(2):
            with pytest.raises(ModelRestarting):
                await embedder.encode_async(["die"])
            await asyncio.to_thread(embedder.wait_ready, READY_S)
        await asyncio.wait_for(stopped.wait(), READY_S)
        assert bot.fatal == embedder.gave_up and "giving up" in bot.fatal
    finally:
        embedder.close()
        await bot.close()
