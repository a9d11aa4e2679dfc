"""Side commands beside a running bot never touch its live state (issue 19).

Each test starts a group quiz in the progress database the way the bot records one (the session
and its open question's message), runs one command on the same data folder, and checks the quiz
is still active: only `tutorbot run` (the bot's own start) closes quizzes a crash cut off. Before,
`tutorbot sync` opened the core as the bot does and marked the running bot's quiz abandoned.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

import bot.cli.common as common
from bot.cli import main
from bot.core import Core
from bot.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "discord"))

FAKE_TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMA.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"
GUILD = 42
_channels = itertools.count(7)  # one channel per test: a channel runs one group quiz at a time


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("side-commands")


@pytest.fixture
def cli(monkeypatch, embedder, data_dir, capsys):
    """`tutorbot ...` in this process on `data_dir`, with the session's model (never closed here)."""
    from bot.model.embedding import Embedder

    real_open = Core.open.__func__

    async def open_with_model(cls, settings=None, **kw):
        return await real_open(cls, settings, embedder=embedder, **kw)

    class Borrowed:  # `quiz generate` loads and closes a model of its own: lend it the session's
        def __getattr__(self, name):
            return getattr(embedder, name)

        def close(self):
            pass

    async def borrowed(*args, **kwargs):
        return Borrowed()

    monkeypatch.setattr(common.Core, "open", classmethod(open_with_model))
    monkeypatch.setattr(Embedder, "load_async", borrowed)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data_dir))
    monkeypatch.delenv("TUTOR_LOCAL_USER", raising=False)

    def run(*argv: str, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _start_live_quiz(data_dir: Path) -> int:
    async def start() -> int:
        store = await Store.open(data_dir / "tutor.sqlite")
        try:
            channel = next(_channels)
            session = await store.start_session(GUILD, channel, "group", 5, {"items": []})
            await store.add_session_message(GUILD, session, channel, 900_000 + session)
            return session
        finally:
            await store.close()

    return asyncio.run(start())


def _status(data_dir: Path, session: int) -> str:
    with closing(sqlite3.connect(data_dir / "tutor.sqlite")) as db:
        return db.execute("SELECT status FROM quiz_sessions WHERE id = ?", (session,)).fetchone()[0]


SIDE_COMMANDS = {
    "ask": (["ask", "Why do libertarians dislike liberal hegemony?", "--json"], None),
    "chat": (["chat"], "Why do libertarians dislike liberal hegemony?\n/quit\n"),
    "essays": (["essays"], None),
    "search": (["search", "Cato Institute"], None),
    "db backup": (["db", "backup", "{tmp}/backup.sqlite"], None),
    "db check": (["db", "check"], None),
    "quiz export": (["quiz", "export", "--guild", str(GUILD)], None),
    "quiz generate": (["quiz", "generate", "--essay", "walt-socialists-libertarians", "--limit", "2", "--save",
                       "--guild", str(GUILD)], None),
    "progress": (["progress", "--user", "5", "--guild", str(GUILD)], None),
    "leaderboard": (["leaderboard", "--guild", str(GUILD)], None),
    "audit": (["audit", "--guild", str(GUILD)], None),
}


@pytest.mark.parametrize("name", list(SIDE_COMMANDS))
def test_a_side_command_leaves_a_live_quiz_active(cli, data_dir, tmp_path, name):
    argv, stdin = SIDE_COMMANDS[name]
    cli("essays")  # the data folder exists and is indexed before the quiz starts, as under a running bot
    session = _start_live_quiz(data_dir)
    code, out, err = cli(*(a.replace("{tmp}", str(tmp_path)) for a in argv), stdin=stdin)
    assert code == 0, err
    assert _status(data_dir, session) == "active"


def test_sync_leaves_a_live_quiz_active(monkeypatch, capsys, data_dir, embedder):
    """`tutorbot sync` logs in (through setup_hook, as the bot does) against a Discord-compatible
    server on localhost; the running bot's quiz in the same database stays active."""
    import logging

    import discord.http
    from fake_discord import FakeDiscord

    real_open = Core.open.__func__

    async def open_with_model(cls, settings=None, **kw):
        return await real_open(cls, settings, embedder=embedder, **kw)

    monkeypatch.setattr(Core, "open", classmethod(open_with_model))
    session = _start_live_quiz(data_dir)
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        with FakeDiscord() as fake:
            monkeypatch.setattr(discord.http.Route, "BASE", fake.base_url)
            monkeypatch.setenv("DISCORD_TOKEN", FAKE_TOKEN)
            monkeypatch.setenv("TUTOR_DATA_DIR", str(data_dir))
            assert main(["sync", "--guild", str(fake.guild_id)]) == 0
        assert fake.unhandled == []
    finally:  # sync sets up the bot's log handlers; give pytest's back
        for handler in list(root.handlers):
            if handler not in saved[0]:
                root.removeHandler(handler)
                handler.close()
        for handler in saved[0]:
            if handler not in root.handlers:
                root.addHandler(handler)
        root.setLevel(saved[1])
    assert "Synced" in capsys.readouterr().out
    assert _status(data_dir, session) == "active"
