"""`tutorbot run` and `tutorbot sync` as real processes against a fake Discord on localhost.

What only a process of its own shows: that SIGTERM (`docker stop`) and Ctrl-C end the bot with
exit code 0 in time, with the quiz stopped, its board posted and the databases closed (a thread
left open keeps the interpreter alive at exit, which no in-process test can see).
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from fake_discord import FakeDiscord

from bot.core import Core

pytestmark = pytest.mark.asyncio(loop_scope="session")

REPO = Path(__file__).resolve().parents[2]
SHUTDOWN_BUDGET_S = 10  # `docker stop` sends SIGKILL after 10 s by default


def tutorbot_command() -> list[str]:
    """The installed console script beside this interpreter, as an operator would run it."""
    script = Path(sys.executable).with_name("tutorbot")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]


def copy_index(core: Core, data_dir: Path) -> None:
    """Start the child from an indexed copy (the embedding cache), so it does not re-encode the seeds."""
    with closing(sqlite3.connect(core.settings.index_db)) as src, closing(sqlite3.connect(data_dir / "index.sqlite")) as dst:
        src.backup(dst)


def _statuses(data_dir: Path) -> list[str]:
    """Quiz session statuses, read with a connection that is closed again at once (an open one
    would keep the WAL file alive and hide whether the bot closed its own)."""
    with closing(sqlite3.connect(data_dir / "tutor.sqlite")) as db:
        return [row[0] for row in db.execute("SELECT status FROM quiz_sessions ORDER BY id")]


def _open_questions(data_dir: Path) -> int:
    with closing(sqlite3.connect(data_dir / "tutor.sqlite")) as db:
        return db.execute("SELECT COUNT(*) FROM session_messages").fetchone()[0]


def _output(data_dir: Path) -> str:
    parts = []
    for name in ("stdout.txt", "stderr.txt"):
        path = data_dir / name
        if path.exists():
            parts.append(f"--- {name}\n{path.read_text(errors='replace')[-6000:]}")
    return "\n".join(parts)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "ctrl-c"])
async def test_run_stops_cleanly_on_a_signal_with_a_quiz_running(discord_core: Core, tmp_path: Path, sig) -> None:
    import asyncio

    data = tmp_path / "data"
    data.mkdir()
    copy_index(discord_core, data)
    with FakeDiscord() as fake, (tmp_path / "stdout.txt").open("w") as out, (tmp_path / "stderr.txt").open("w") as err:
        proc = subprocess.Popen([*tutorbot_command(), "run"], env=fake.child_env(data), cwd=REPO,
                                stdout=out, stderr=err)
        try:
            await asyncio.to_thread(fake.wait_for, lambda: fake.identified.is_set() or proc.poll() is not None,
                                    180, "the bot to connect to the gateway")
            assert proc.poll() is None, _output(tmp_path)
            fake.slash(fake.learner_id, "quiz", "start", questions=3, seconds=60)

            def first_question():
                return [m for m in fake.posted() if any(e.get("title") == "Question 1/3" for e in m["embeds"])]

            await asyncio.to_thread(fake.wait_for, first_question, 60, "the first quiz question")
            assert _statuses(data) == ["active"]  # the quiz is running: its session is open
            # ... and its open question is on record, for the clean-up after a crash
            await asyncio.to_thread(fake.wait_for, lambda: _open_questions(data) == 1, 10, "the question's record")

            sent = time.monotonic()
            proc.send_signal(sig)
            try:
                code = await asyncio.to_thread(proc.wait, SHUTDOWN_BUDGET_S)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"still running {SHUTDOWN_BUDGET_S} s after {sig.name}\n{_output(tmp_path)}") from None
            took = time.monotonic() - sent
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert code == 0, f"exit code {code} after {sig.name}\n{_output(tmp_path)}"
    assert took < SHUTDOWN_BUDGET_S
    # Both databases were closed: SQLite removes a WAL file when its last connection closes cleanly.
    leftovers = sorted(p.name for p in data.glob("*.sqlite-wal"))
    assert leftovers == [], f"databases not closed: {leftovers}\n{_output(tmp_path)}"
    # The quiz was stopped, not cut off: its board was posted and the session saved as stopped.
    assert any(e.get("title") == "Final scores" for m in fake.posted() for e in m["embeds"]), _output(tmp_path)
    assert _statuses(data) == ["cancelled"]
    assert _open_questions(data) == 0  # a clean stop leaves nothing for the next start to close
    assert fake.gateway_closed.is_set() and fake.close_code == 1000  # a normal close, not a dropped socket
    assert f"received {sig.name}: shutting down" in (data / "logs" / "bot.log").read_text()
    assert fake.unhandled == []
