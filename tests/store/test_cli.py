"""`tutorbot progress|leaderboard|db` against a store under TUTOR_DATA_DIR."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from bot.cli import main
from bot.store import Store

G, U = 5, 77


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TUTOR_CONFIG", raising=False)
    return tmp_path


def _populate(path) -> None:
    async def go():
        store = await Store.open(path)
        try:
            await store.sync_builtin_items([{"id": "r-1", "essay": "rana", "kind": "mcq"}])
            await store.record_attempt(G, U, "r-1", essay="rana", correct=True, answer="a", response_ms=1000, time_limit_s=20, points=10)
            await store.record_attempt(G, 78, "r-1", essay="rana", correct=False, answer="b", response_ms=1000, time_limit_s=20)
        finally:
            await store.close()

    asyncio.run(go())


def test_commands_without_a_database_say_so(data_dir, capsys):
    assert main(["db", "check"]) == 2
    assert "no progress database" in capsys.readouterr().err
    assert not (data_dir / "tutor.sqlite").exists()


def test_progress_and_leaderboard_text_and_json(data_dir, capsys):
    _populate(data_dir / "tutor.sqlite")
    assert main(["progress", "--user", str(U), "--guild", str(G)]) == 0
    out = capsys.readouterr().out
    assert "1/1 correct" in out and "10 points" in out

    assert main(["progress", "--user", str(U), "--guild", str(G), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["attempts"], data["points"], data["essays"][0]["items_seen"]) == (1, 10, 1)

    assert main(["progress", "--user", str(U)]) == 0  # the DM scope has nothing of this server
    assert "No quiz attempts" in capsys.readouterr().out

    assert main(["leaderboard", "--guild", str(G), "--json"]) == 0
    assert [(r["user_id"], r["points"]) for r in json.loads(capsys.readouterr().out)] == [(U, 10), (78, 0)]
    assert main(["leaderboard", "--guild", str(G), "--by", "accuracy"]) == 0
    assert "Nobody" in capsys.readouterr().out  # nobody has 10 attempts yet


def test_db_backup_and_check(data_dir, tmp_path, capsys):
    _populate(data_dir / "tutor.sqlite")
    dest = tmp_path / "copy.sqlite"
    assert main(["db", "backup", str(dest)]) == 0
    assert "integrity ok" in capsys.readouterr().out
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 2
    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "integrity: ok" in out and out.strip().endswith("OK")
    assert main(["db", "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"]["attempts"] == 2


def test_db_check_reports_a_newer_schema_as_an_error(data_dir, capsys):
    _populate(data_dir / "tutor.sqlite")
    with sqlite3.connect(data_dir / "tutor.sqlite") as conn:
        conn.execute("PRAGMA user_version = 99")
    assert main(["db", "check"]) == 2
    assert "newer than this tutorbot" in capsys.readouterr().err
