"""`tutorbot audit --guild ID`: one server's recent moderator changes and most-missed questions."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.cli import main
from bot.store import Store

HOME, OTHER = 11, 22  # two servers
MOD, OTHER_MOD, ANN, BEN = 501, 999, 601, 602


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TUTOR_CONFIG", raising=False)
    return tmp_path


def _populate(path) -> None:
    async def go():
        store = await Store.open(path)
        try:
            await store.sync_builtin_items([
                {"id": "rana-1", "essay": "rana", "kind": "mcq", "prompt": "Who wrote it?"},
                {"id": "walt-1", "essay": "walt", "kind": "mcq", "prompt": "Which alliance?"},
            ])
            await store.update_guild_settings(HOME, {"quiz_seconds": 30}, actor_id=MOD)
            await store.add_item(HOME, {"id": "home-q", "essay": "walt", "kind": "short_answer", "prompt": "Name one."},
                                 actor_id=MOD)
            for user, correct in ((ANN, False), (BEN, False), (ANN, True)):
                await store.record_attempt(HOME, user, "rana-1", essay="rana", correct=correct, answer="x",
                                           response_ms=1000, time_limit_s=20)
            await store.record_attempt(HOME, ANN, "walt-1", essay="walt", correct=False, answer="x",
                                       response_ms=1000, time_limit_s=20)
            # The other server: its changes and misses must not show up in HOME's audit.
            await store.update_guild_settings(OTHER, {"quiz_seconds": 45}, actor_id=OTHER_MOD)
            for _ in range(5):
                await store.record_attempt(OTHER, ANN, "walt-1", essay="walt", correct=False, answer="y",
                                           response_ms=1000, time_limit_s=20)
        finally:
            await store.close()

    asyncio.run(go())


def test_audit_shows_one_servers_changes_and_most_missed_questions(data_dir, capsys) -> None:
    _populate(data_dir / "tutor.sqlite")
    assert main(["audit", "--guild", str(HOME)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Server {HOME}: recent changes (newest first)"
    changes = out[1:out.index("")]
    assert len(changes) == 2  # newest first: the item, then the settings change
    assert changes[0].endswith(f"· user {MOD} · item.add home-q (origin=moderator, status=active)")
    assert changes[1].endswith(f"· user {MOD} · settings.update settings (quiz_seconds=30)")
    missed = out[out.index("Most missed questions") + 1:]
    assert missed == ["`rana-1` · rana · missed 2 of 3 (67%): Who wrote it?",
                      "`walt-1` · walt · missed 1 of 1 (100%): Which alliance?"]
    assert str(OTHER_MOD) not in "\n".join(out) and "quiz_seconds=45" not in "\n".join(out)


def test_audit_json_is_scoped_to_the_server(data_dir, capsys) -> None:
    _populate(data_dir / "tutor.sqlite")
    assert main(["audit", "--guild", str(OTHER), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["guild_id"] == OTHER
    assert [(e["action"], e["actor_id"], e["details"]) for e in report["audit"]] == [
        ("settings.update", OTHER_MOD, {"quiz_seconds": 45})]
    assert [(m["item_id"], m["wrong"], m["attempts"]) for m in report["most_missed"]] == [("walt-1", 5, 5)]


def test_audit_of_a_server_with_nothing_recorded_and_without_a_database(data_dir, capsys) -> None:
    assert main(["audit", "--guild", str(HOME)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no progress database at ") and len(err.strip().splitlines()) == 1
    _populate(data_dir / "tutor.sqlite")
    assert main(["audit", "--guild", "33"]) == 0
    out = capsys.readouterr().out
    assert "Nothing recorded yet." in out and "No question has been missed yet." in out


def test_audit_refuses_a_bad_limit_in_one_line(data_dir, capsys) -> None:
    _populate(data_dir / "tutor.sqlite")
    assert main(["audit", "--guild", str(HOME), "--limit", "0"]) == 2
    assert capsys.readouterr().err == "error: --limit must be at least 1 and --missed at least 0\n"
