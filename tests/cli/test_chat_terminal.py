"""`tutorbot chat` as a person meets it: the real command in its own process, on a pseudo-terminal
(keys, pastes and Ctrl-C as a terminal sends them) or on pipes."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ANSI = re.compile(r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r")
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # what a terminal sends around a paste
PROMPT = r"you>"  # prompt_toolkit moves the cursor past the space instead of printing it
WAIT = 120.0  # generous: the machine may be busy; a hang still fails


def _plain(raw: bytes) -> str:
    return ANSI.sub("", raw.decode("utf-8", "replace"))


@pytest.fixture
def data_dir(tmp_path, core):
    """A data folder with the session's index, so the chat starts without encoding anything."""
    with sqlite3.connect(core.settings.index_db) as src, sqlite3.connect(tmp_path / "index.sqlite") as dst:
        src.backup(dst)
    return tmp_path


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TUTOR_"))}
    env.update(TUTOR_DATA_DIR=str(data_dir), TERM="xterm-256color", COLUMNS="100", LINES="40")
    return env


class Terminal:
    """`python -m bot chat` on a pseudo-terminal: it is the process's controlling terminal, so
    Ctrl-C is a real SIGINT whenever the program is not reading keys itself."""

    def __init__(self, env: dict[str, str]):
        import fcntl
        import termios

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become `tutorbot chat`
            os.execve(sys.executable, [sys.executable, "-m", "bot", "chat", "--user", "5"], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        self.raw = b""
        self.code: int | None = None

    @property
    def text(self) -> str:
        return _plain(self.raw)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child closed the terminal
            chunk = b""
        if not chunk:
            self._reap(5)
            return False
        if b"\x1b[6n" in chunk:  # a cursor position request: answer as a terminal would
            os.write(self.fd, b"\x1b[1;1R")
        self.raw += chunk
        return True

    def expect(self, pattern: str, *, after: int = 0, timeout: float = WAIT) -> re.Match:
        deadline = time.monotonic() + timeout
        while True:
            match = re.compile(pattern, re.S).search(self.text, after)
            if match:
                return match
            if self.code is not None or time.monotonic() > deadline:
                raise AssertionError(f"never saw {pattern!r}; the terminal shows:\n{self.text[-3000:]}")
            self._read(0.2)

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def _reap(self, timeout: float) -> int | None:
        deadline = time.monotonic() + timeout
        while self.code is None and time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
            else:
                time.sleep(0.05)
        return self.code

    def wait(self, timeout: float = WAIT) -> int | None:
        deadline = time.monotonic() + timeout
        while self.code is None and time.monotonic() < deadline:
            if not self._read(0.2):
                self._reap(0.1)
        return self.code

    def close(self) -> None:
        if self.code is None:
            os.kill(self.pid, signal.SIGKILL)
            self._reap(10)
        os.close(self.fd)


@pytest.fixture
def terminal(data_dir):
    opened: list[Terminal] = []

    def start() -> Terminal:
        t = Terminal(_env(data_dir))
        opened.append(t)
        return t

    yield start
    for t in opened:
        t.close()


def test_ctrl_c_at_the_prompt_says_bye_at_once(terminal):
    t = terminal()
    t.expect(PROMPT)
    started = time.monotonic()
    t.send("\x03")  # Ctrl-C, while the model is still loading in the background
    t.expect(r"Bye! Your progress is saved\.")
    assert t.wait(30) == 0
    # Before: nothing happened until Enter, then exit 130 in silence. "At once" here means
    # without waiting for input or for the model to finish loading.
    assert time.monotonic() - started < 30


def test_a_session_on_a_terminal(terminal, data_dir):
    t = terminal()
    t.expect(PROMPT)
    # A question typed before the model is ready is answered after a note that it is coming.
    t.send("Why do libertarians dislike liberal hegemony?\r")
    ready = t.expect(r"Getting ready")
    answer = t.expect(r"Socialists and Libertarians Need an Alliance", after=ready.end())
    done = t.expect(PROMPT, after=answer.end())  # the whole answer is on screen
    shown = t.text[ready.end():done.start()]
    assert "¶7" in shown
    assert "**" not in shown and "> “" not in shown  # Markdown rendered, not shown raw

    # A paste of two lines is one question (sent with Enter), not two.
    mark = len(t.text)
    t.send(f"{PASTE_START}Which two groups have steered\nUS foreign policy?{PASTE_END}\r")
    t.expect(PROMPT, after=t.expect(r"Stephen M\. Walt|Aziz Rana", after=mark).end())

    # A paste over the limit: the limit is said first, then the cut question is answered.
    mark = len(t.text)
    long_question = "Why do libertarians object to liberal hegemony? " + "and the security state " * 110
    assert len(long_question) > 2000
    t.send(f"{PASTE_START}{long_question}{PASTE_END}\r")
    note = t.expect(r"the limit is 2,000", after=mark)
    t.expect(PROMPT, after=t.expect(r"Walt|Rana|don't cover", after=note.end()).end())
    assert "error:" not in t.text[mark:]

    # Ctrl-D ends the chat on a fresh line.
    mark = len(t.text)
    t.send("\x04")
    bye = t.expect(r"Bye! Your progress is saved\.", after=mark)
    assert "\n" in t.text[mark:bye.start()]
    assert t.wait(30) == 0

    with sqlite3.connect(data_dir / "tutor.sqlite") as db:
        questions = [q for (q,) in db.execute("SELECT question FROM answers WHERE user_id = 5 ORDER BY id")]
    assert len(questions) == 3
    assert questions[1] == "Which two groups have steered US foreign policy?"
    assert questions[2].startswith("Why do libertarians object") and len(questions[2]) <= 2000


def test_piped_output_is_plain_text(data_dir):
    proc = subprocess.run([sys.executable, "-m", "bot", "chat"], input="What did Walt say about libertarians?\n",
                          capture_output=True, text=True, env=_env(data_dir), timeout=WAIT)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout  # no terminal codes in a pipe
    assert "**" in proc.stdout  # the Markdown source, as written
    assert proc.stdout.rstrip().endswith("Bye! Your progress is saved.")
