"""`tutorbot quiz validate|import|export`: citations checked, re-imports reported, statuses and
built-in copies kept, empty exports harmless, Red CONFIG stored for play."""

from __future__ import annotations

import asyncio

import pytest

from bot.cli import main
from bot.config import load_settings
from bot.quiz.importing import pack_rules, server_packs
from bot.quiz.packs import PlayRules
from bot.store import Store

PACK = """items:
  - id: p-1
    kind: cloze
    essay: walt-socialists-libertarians
    paragraph: 3
    prompt: Walt calls liberal ____ a failure.
    answer: hegemony
  - id: p-2
    kind: true_false
    essay: walt-socialists-libertarians
    paragraph: 1
    prompt: Walt places the realists in the center.
    answer: true
"""


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    return tmp_path


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dead_citations_are_refused_on_validate_and_import(data, capsys):
    bad = _write(data, "bad.yaml", PACK.replace("paragraph: 3", "paragraph: 99"))
    for command in (["quiz", "validate", bad], ["quiz", "import", bad, "--guild", "9"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err == ("error: bad.yaml: item 1 (id 'p-1'): field 'paragraph': paragraph 99 is out of range; "
                       "'walt-socialists-libertarians' has 10 paragraphs (line 5)\n")
    assert not (data / "tutor.sqlite").exists()  # refused before the database was even opened
    red = _write(data, "red.yaml", "Who?:\n- Walt\n")
    assert main(["quiz", "import", red, "--guild", "9", "--essay", "no-such-essay"]) == 2
    assert "field 'essay': no essay 'no-such-essay' here" in capsys.readouterr().err
    csv = _write(data, "p.csv", "question,answer,essay,paragraph\nWho?,Walt,rana-left-internationalism,54\n")
    assert main(["quiz", "validate", csv]) == 2
    assert "p.csv: row 1 (id 'csv-" in capsys.readouterr().err


def test_reimport_says_added_replaced_unchanged(data, capsys):
    pack = _write(data, "pack.yaml", PACK)
    assert main(["quiz", "import", pack, "--guild", "9"]) == 0
    assert "2 added, 0 replaced, 0 unchanged" in capsys.readouterr().out
    _write(data, "pack.yaml", PACK.replace("a failure.", "a dismal failure.") + """  - id: p-3
    kind: short_answer
    essay: walt-socialists-libertarians
    prompt: Which institute does Walt name?
    answer: Cato
""")
    assert main(["quiz", "import", pack, "--guild", "9"]) == 0
    assert "imported 3 items into server 9: 1 added, 1 replaced, 1 unchanged" in capsys.readouterr().out


def test_export_keeps_pending_and_builtin_export_imports_as_moderator_copies(data, capsys):
    pack = _write(data, "pack.yaml", PACK.replace("    answer: true\n", "    answer: true\n    status: pending\n"))
    assert main(["quiz", "import", pack, "--guild", "9"]) == 0
    capsys.readouterr()
    assert main(["quiz", "export", "--guild", "9"]) == 0
    exported = _write(data, "export.yaml", capsys.readouterr().out)
    assert main(["quiz", "import", exported, "--guild", "10"]) == 0
    capsys.readouterr()

    async def statuses(guild):
        settings = load_settings()
        store = await Store.open(settings.progress_db)
        try:
            return {r["id"]: (r["status"], r["origin"]) for r in await store.list_items(guild, status=None, include_global=False)}
        finally:
            await store.close()

    assert asyncio.run(statuses(10)) == {"p-1": ("active", "moderator"), "p-2": ("pending", "moderator")}
    assert main(["quiz", "export"]) == 0
    builtin = _write(data, "builtin.yaml", capsys.readouterr().out)
    assert main(["quiz", "import", builtin, "--guild", "11"]) == 0
    out = capsys.readouterr().out
    assert "59 added, 0 replaced, 0 unchanged" in out and "59 item(s) reuse a built-in item's id" in out
    copies = asyncio.run(statuses(11))
    assert len(copies) == 59 and {v for v in copies.values()} == {("active", "moderator")}
    assert all(i.startswith("copy-") for i in copies)


def test_empty_export_imports_as_nothing(data, capsys):
    assert main(["quiz", "import", _write(data, "pack.yaml", PACK), "--guild", "9"]) == 0
    capsys.readouterr()
    assert main(["quiz", "export", "--guild", "12"]) == 0
    empty = _write(data, "empty.yaml", capsys.readouterr().out)
    assert main(["quiz", "validate", empty]) == 0
    assert "OK: 0 items (yaml): nothing to import" in capsys.readouterr().out
    assert main(["quiz", "import", empty, "--guild", "12"]) == 0
    assert capsys.readouterr().out == "nothing to import: " + empty + " holds no items\n"


def test_red_config_is_stored_for_playing_the_pack(data, capsys):
    red = _write(data, "Walt Quiz.yaml", "CONFIG:\n  max_score: 3\n  delay: 15\n  bot_plays: true\nWho?:\n- Walt\n")
    assert main(["quiz", "import", red, "--guild", "9", "--essay", "walt-socialists-libertarians"]) == 0
    out = capsys.readouterr().out
    assert "pack option pack:walt-quiz" in out and "not applicable here" in out and "bot_plays" in out

    async def read():
        store = await Store.open(load_settings().progress_db)
        try:
            return await pack_rules(store, 9, "pack:walt-quiz"), await server_packs(store, 9)
        finally:
            await store.close()

    rules, packs = asyncio.run(read())
    assert rules == PlayRules(max_score=3, seconds=15) and packs == {"pack:walt-quiz": "Walt Quiz.yaml"}
