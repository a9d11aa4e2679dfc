"""`tutorbot ask` and `tutorbot chat` through the real command line (in process, shared model)."""

from __future__ import annotations

import io
import json
import sys

import pytest

import bot.cli.common as common
from bot.cli import main
from bot.core import Core

WALT = "walt-socialists-libertarians"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli-data")


@pytest.fixture
def cli(monkeypatch, embedder, data_dir, capsys):
    """Run `tutorbot ...` in this process with the session's model; returns (code, stdout, stderr)."""
    real_open = Core.open.__func__

    async def open_with_model(cls, settings=None, **kw):
        return await real_open(cls, settings, embedder=embedder, **kw)

    monkeypatch.setattr(common.Core, "open", classmethod(open_with_model))
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data_dir))
    monkeypatch.delenv("TUTOR_LOCAL_USER", raising=False)

    def run(*argv: str, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


def test_ask_json_contract(cli):
    code, out, err = cli("ask", "Why do libertarians dislike liberal hegemony?", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"question", "answer", "abstained", "citations"} <= set(data)
    assert data["abstained"] is False and isinstance(data["answer_id"], int)
    cite = data["citations"][0]
    assert set(cite) == {"essay", "title", "author", "paragraph", "quote"}
    assert (cite["essay"], cite["paragraph"], cite["author"]) == (WALT, 7, "Stephen M. Walt")
    assert "bloated national security state" in cite["quote"] and cite["quote"] in data["answer"]
    assert len(data["answer"]) < 2000


def test_ask_abstains_on_sourdough(cli):
    code, out, _ = cli("ask", "How do I bake sourdough bread?", "--json")
    data = json.loads(out)
    assert code == 0 and data["abstained"] is True and data["citations"] == []


def test_ask_text_and_essay_scope(cli):
    code, out, _ = cli("ask", "What do they say about Ukraine?", "--essay", "rana-left-internationalism")
    assert code == 0 and "Aziz Rana" in out and "Walt" not in out


@pytest.mark.parametrize("argv,message", [
    (("ask", ""), "error: the question is empty"),
    (("ask", "x" * 100_000), "error: the question is 100,000 characters long; the limit is 2,000"),
    (("ask", "why?", "--essay", "nope"), "error: no essay with the id 'nope'"),
    (("ask",), "error: give a question, or --batch FILE"),
    (("ask", "why?", "--user", "0"), "error: --user must be a positive whole number"),
])
def test_ask_bad_input_is_one_line(cli, argv, message):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_ask_batch_json_lines(cli):
    code, out, _ = cli("ask", "--batch", "-", "--json",
                       stdin="Where does Aziz Rana teach?\n\nwhy?\nWho won the 2018 FIFA World Cup?\n" + "y" * 3000 + "\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 4
    assert lines[0]["citations"][0]["paragraph"] == 53
    assert lines[1]["followup"] == "fresh"  # every line stands alone
    assert lines[2]["abstained"] is True
    assert "limit is 2,000" in lines[3]["error"]


def test_chat_through_stdin(cli):
    script = "\n".join([
        "/help",
        "Why do libertarians dislike liberal hegemony?",
        "and what about the socialists?",
        "/good",
        "/essays",
        "/quiz walt-socialists-libertarians 2",
        "/skip",
        "/stop",
        "/nonsense",
        "/progress",
        "How do I bake sourdough bread?",
        "/quit",
        "never read",
    ]) + "\n"
    code, out, _ = cli("chat", "--user", "42", stdin=script)
    assert code == 0
    assert "local learner 42" in out and "/quiz [essay] [n]" in out  # welcome and help from prompts/chat.yaml
    assert "¶7" in out and "¶8" in out  # the follow-up moved to the socialists' paragraph
    assert "Following up on" in out
    assert "Thanks, noted." in out
    assert f"• {WALT}:" in out
    assert "Quiz: 2 question(s) from walt-socialists-libertarians." in out and "Question 1/2" in out
    assert "Question 2/2" in out and "Quiz stopped." in out and "Done: 0 of 1 correct" in out
    assert "Unknown command /nonsense" in out
    assert "Progress of 42" in out
    assert "The essays don't cover that" in out
    assert out.rstrip().endswith("Bye! Your progress is saved.")


def test_chat_ends_cleanly_at_end_of_input(cli):
    code, out, _ = cli("chat", stdin="/quiz 1\n")
    assert code == 0 and "Question 1/1" in out and "Quiz stopped." in out


def test_ask_json_has_the_kind_and_what_was_searched_for(cli):
    code, out, _ = cli("ask", "what is creedalizm", "--json")
    data = json.loads(out)
    assert code == 0 and data["kind"] == "definition" and data["searched_for"] == "what is creedalism"
    code, out, _ = cli("ask", "summarize walt pls", "--json")
    data = json.loads(out)
    assert data["kind"] == "summary" and "searched_for" not in data and len(data["citations"]) >= 3


def test_ask_batch_conversations_from_json_lines(cli):
    lines_in = [
        {"question": "why do libertarians hate liberal hegemony", "conversation": "c1"},
        {"question": "summarize rana"},  # no conversation: stands alone, between c1's turns
        {"question": "and the socialists?", "conversation": "c1"},
        {"question": "why?", "conversation": "c2"},  # c2 has no context yet
        "{not json",
        {"question": "what about the other essay?", "conversation": "c1"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines_in) + "\n"
    code, out, _ = cli("ask", "--batch", "-", "--json", stdin=stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == len(lines_in)
    assert rows[0]["conversation"] == "c1" and rows[0]["citations"][0]["paragraph"] == 7
    assert rows[1]["kind"] == "summary" and "conversation" not in rows[1]
    assert rows[2]["followup"] == "shift" and rows[2]["citations"][0]["paragraph"] == 8
    assert rows[3]["followup"] == "fresh"
    assert rows[4] == {"line": 5, "error": "not valid JSON (Expecting property name enclosed in double quotes at column 2)"}
    assert rows[5]["followup"] == "other"  # the same question asked of Rana's essay
    assert {c["essay"] for c in rows[5]["citations"]} == {"rana-left-internationalism"}


def test_essays_command_gives_a_line_on_each_essay(cli):
    code, out, _ = cli("essays")
    assert code == 0 and f"{WALT}: Socialists and Libertarians" in out
    assert "joins anti-imperial and anti-authoritarian ethics" in out  # Rana's own summary
    code, out, _ = cli("essays", "--json")
    rows = json.loads(out)
    assert {r["essay"] for r in rows} == {WALT, "rana-left-internationalism"} and all(r["summary"] for r in rows)


def test_eval_answers_reports_by_category(cli, tmp_path):
    qa = tmp_path / "set.yaml"
    qa.write_text(
        '- {id: a, category: scoped, q: "walt on china", kind: answer, essay: walt-socialists-libertarians,'
        ' paragraphs: [9], expect: ["China"], names: walt-socialists-libertarians}\n'
        '- {id: b, category: offtopic, q: "how do i make sourdough", kind: not_covered}\n'
        '- {id: c, category: offtopic, q: "what is realism", kind: not_covered}\n', encoding="utf-8")
    code, out, _ = cli("eval", "--answers", str(qa), "--failures")
    assert code == 0 and "passed    2 (66.7%)" in out
    assert "scoped           1/1" in out and "offtopic         1/2" in out
    assert "c: kind definition, expected not_covered" in out
    code, out, _ = cli("eval", "--answers", str(qa), "--json")
    assert json.loads(out)["by_category"]["offtopic"] == {"passed": 1, "total": 2, "rate": 0.5}


def test_chat_reads_a_paragraph(cli):
    code, out, _ = cli("chat", stdin="/read walt 7\n/read walt\n/read nobody 2\n/quit\n")
    assert code == 0 and "¶7** (of 10)" in out and "bloated national security state" in out
    assert "Usage: /read essay-id-or-author paragraph-number" in out
    assert "error: no essay 'nobody' here" in out


def test_a_command_beside_the_running_bot_leaves_its_quizzes_running(cli, data_dir):
    """`tutorbot ask` opens the same progress database as the bot: a group quiz the bot is running
    must stay active (only the bot's own start closes quizzes a crash cut off)."""
    import asyncio
    import sqlite3

    from bot.store import Store

    async def start_quiz() -> int:
        store = await Store.open(data_dir / "tutor.sqlite")
        try:
            return await store.start_session(42, 7, "group", 5, {})
        finally:
            await store.close()

    session = asyncio.run(start_quiz())
    code, _, _ = cli("ask", "Why do libertarians dislike liberal hegemony?", "--json")
    assert code == 0
    with sqlite3.connect(data_dir / "tutor.sqlite") as conn:
        assert conn.execute("SELECT status FROM quiz_sessions WHERE id = ?", (session,)).fetchone()[0] == "active"
