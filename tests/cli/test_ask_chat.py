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
