"""The model process dies or hangs while the bot runs (issue 19), against the real model owner.

An operator's kill -9 of the owner used to leave the bot up and useless, and a stopped owner hung
every caller. Now the client restarts its child: the calls in flight get "the tutor is
restarting", and the next question after the restart is answered. These run in the default suite
with short deadlines and backoffs (the one cost is loading the model again, ~5 s per restart).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
import pytest_asyncio

from bot.config import load_settings
from bot.core import Core
from bot.model.embedding import Embedder, ModelRestarting, Supervision

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "discord"))
from botkit import start_bot  # noqa: E402

DEADLINE_S = 3.0  # the call deadline here (30 s by default): a stopped owner is taken for hung after it
READY_S = 180     # a hang guard for a restart (a model load; seconds on a quiet machine)
RESTARTING = "The tutor is restarting; try again in a few seconds."
QUESTIONS = [
    "Why do libertarians dislike liberal hegemony?",
    "What does left internationalism ask of American socialists?",
    "Which two groups have steered US foreign policy?",
    "How much military aid did Congress pass for Ukraine?",
]


@pytest.fixture(scope="module")
def supervised() -> Embedder:
    """A model owner of these tests' own (the session's is shared by every other test)."""
    embedder = Embedder.load(supervision=Supervision(call_timeout=DEADLINE_S, backoff=0.05, backoff_max=0.05,
                                                     restart_limit=20, restart_window=600.0))
    yield embedder
    embedder.close()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def model_core(tmp_path_factory, core, supervised):
    """A core over `supervised`, starting from the session's index (nothing to encode)."""
    settings = load_settings(environ={"TUTOR_DATA_DIR": str(tmp_path_factory.mktemp("model-restart"))})
    with sqlite3.connect(core.settings.index_db) as src, sqlite3.connect(settings.index_db) as dst:
        src.backup(dst)
    opened = await Core.open(settings, embedder=supervised)
    yield opened
    await opened.close()


@pytest_asyncio.fixture(loop_scope="session")
async def h(model_core):
    harness = await start_bot(model_core)
    await harness.bot._warm_task  # sentence vectors ready: an answer is one encode of its question
    yield harness
    await harness.close()
    harness.assert_all_handled()


def _no_traceback(caplog) -> None:
    traced = [r for r in caplog.records if r.exc_info or r.levelno >= logging.CRITICAL]
    assert traced == [], [f"{r.name}: {r.getMessage()}" for r in traced]
    assert "Traceback" not in caplog.text


async def _ready(embedder: Embedder) -> None:
    assert await asyncio.to_thread(embedder.wait_ready, READY_S), embedder.gave_up


async def _until(predicate, rounds: int = 2000) -> None:
    for _ in range(rounds):
        if predicate():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition not reached")


async def test_kill_9_during_a_burst_of_20_questions(h, supervised, caplog):
    caplog.set_level(logging.INFO)
    g = h.add_guild("Burst")
    people = [h.add_member(g, f"learner{i}") for i in range(4)]
    before = supervised.restarts
    # The owner is stopped first so the whole burst is in flight when it is killed (otherwise the
    # burst may be answered before the signal lands, and the test proves nothing).
    os.kill(supervised.pid, signal.SIGSTOP)
    burst = [asyncio.ensure_future(h.slash(people[i % 4], "ask", question=QUESTIONS[i % 4])) for i in range(20)]
    await _until(lambda: supervised.in_flight == 20)
    os.kill(supervised.pid, signal.SIGKILL)
    results = await asyncio.gather(*burst)
    replies = [r.last.content for r in results]
    assert all(text == RESTARTING or "¶" in text for text in replies), replies
    assert replies.count(RESTARTING) == 20  # every one was in flight
    assert all(r.last.ephemeral for r in results)  # said privately; the public "thinking" was taken down
    await _ready(supervised)
    assert supervised.restarts == before + 1
    after = await h.slash(people[0], "ask", question=QUESTIONS[0])
    assert "¶" in after.last.content and "Walt" in after.last.content
    _no_traceback(caplog)


async def test_a_stopped_owner_is_taken_for_hung_after_the_deadline(h, supervised, caplog):
    caplog.set_level(logging.INFO)
    g = h.add_guild("Stopped")
    ann = h.add_member(g, "ann")
    hung = supervised.pid
    os.kill(hung, signal.SIGSTOP)
    try:
        stuck = await asyncio.wait_for(h.slash(ann, "ask", question=QUESTIONS[1]), DEADLINE_S + 60)
    finally:
        if supervised.pid == hung:  # never leave a stopped process behind if the test fails early
            os.kill(hung, signal.SIGKILL)
    assert stuck.last.content == RESTARTING and stuck.last.ephemeral
    assert any("missed a deadline" in r.getMessage() for r in caplog.records)
    await _ready(supervised)
    assert supervised.pid != hung
    answered = await h.slash(ann, "ask", question=QUESTIONS[1])
    assert "¶" in answered.last.content
    _no_traceback(caplog)


async def test_an_unpicklable_job_fails_that_call_only(supervised):
    pid, restarts = supervised.pid, supervised.restarts
    questions = [supervised.encode_async([q]) for q in QUESTIONS]
    job = supervised.generate_items([threading.Lock()])  # cannot be pickled: never reaches the socket
    results = await asyncio.gather(job, *questions, return_exceptions=True)
    assert isinstance(results[0], TypeError) and "pickle" in str(results[0])
    assert all(v.shape == (1, supervised.dim) for v in results[1:])
    assert (supervised.pid, supervised.restarts) == (pid, restarts)  # nothing was restarted


async def test_quiz_grading_falls_back_to_the_word_rules_while_restarting(model_core, supervised):
    from bot.quiz.grading import Grader
    from bot.quiz.items import QuizItem

    item = QuizItem(id="x", essay="walt", kind="short_answer", prompt="Which two groups should ally?",
                    answer="socialists and libertarians",
                    reference="socialists and libertarians should work together against the establishment")

    class Restarting:
        calls = 0

        async def encode_async(self, texts):
            Restarting.calls += 1
            raise ModelRestarting("the embedding model process is restarting")

    grader = Grader(Restarting(), 0.6)
    exact = await grader.grade(item, "socialists and libertarians")
    assert exact.correct and Restarting.calls == 0  # the word rules decide without the model
    paraphrase = await grader.grade(item, "the left wing and the small government crowd teaming up together")
    assert Restarting.calls == 1  # the meaning check was tried ...
    assert not paraphrase.correct and paraphrase.rule != "meaning"  # ... and the rules' verdict stands


async def test_chat_says_restarting_in_one_line_and_goes_on(monkeypatch, capsys, model_core, supervised):
    """`tutorbot chat` while the model restarts: one line for the question, no traceback, the chat
    goes on (and ends normally at /quit)."""
    import io

    import bot.cli.common as common
    from bot.cli import main

    real_open = Core.open.__func__

    async def open_with_model(cls, settings=None, **kw):
        return await real_open(cls, settings, embedder=supervised, **kw)

    monkeypatch.setattr(common.Core, "open", classmethod(open_with_model))
    monkeypatch.setenv("TUTOR_DATA_DIR", str(model_core.settings.data_path))
    hold = threading.Event()  # the new child starts only when the test says so
    spawn = supervised._spawn
    monkeypatch.setattr(supervised, "_spawn", lambda: (hold.wait(READY_S), spawn())[1])
    os.kill(supervised.pid, signal.SIGKILL)
    await _until(lambda: supervised.restarting)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{QUESTIONS[0]}\n/help\n/quit\n"))
    try:
        code = await asyncio.to_thread(main, ["chat"])
    finally:
        hold.set()
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "(The tutor is restarting its language model; ask again in a few seconds.)" in out
    assert "Traceback" not in out + err and "/quiz" in out  # /help still answered after it
    await _ready(supervised)


def test_chat_ends_with_one_line_when_the_model_gave_up(monkeypatch, capsys, tmp_path, embedder):
    import io

    import bot.cli.common as common
    from bot.cli import main
    from bot.model.embedding import ModelUnavailable
    from bot.tutor.chat import ChatSession

    real_open = Core.open.__func__

    async def open_with_model(cls, settings=None, **kw):
        return await real_open(cls, settings, embedder=embedder, **kw)

    async def gave_up(self, line):
        raise ModelUnavailable("the embedding model process failed 6 times within 300 s; giving up")

    monkeypatch.setattr(common.Core, "open", classmethod(open_with_model))
    monkeypatch.setattr(ChatSession, "handle", gave_up)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO("a question\n"))
    code = main(["chat"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.strip().splitlines()[-1] == ("The tutor's language model keeps failing, so the chat ends here; "
                                            "the log above says why.")
    assert "Traceback" not in out + err
