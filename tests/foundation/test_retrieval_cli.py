"""The command-line contract: `tutorbot ingest`, `search --json`, `--batch`, `eval`."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from foundation_support import DEV_QA, REPO

from bot import cli
from bot.model.embedding import Embedder


class _Shared:
    """The session's model, handed to each CLI run; closing it is the session's job."""

    def __init__(self, model: Embedder):
        self._model = model

    def __getattr__(self, name):
        return getattr(self._model, name)

    def close(self) -> None:
        pass


@pytest.fixture
def run(tmp_path, monkeypatch, embedder, capsys, request, core):
    data = tmp_path / "data"
    data.mkdir()
    if "fresh_index" not in request.keywords:
        # Start from the session core's index: the same essays, already embedded.
        with sqlite3.connect(core.settings.index_db) as src, sqlite3.connect(data / "index.sqlite") as dst:
            src.backup(dst)
    monkeypatch.setenv("TUTOR_DATA_DIR", str(data))
    monkeypatch.setattr(Embedder, "load", classmethod(lambda cls, spec="", **options: _Shared(embedder)))

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return invoke


@pytest.mark.fresh_index
def test_ingest_then_second_ingest_embeds_nothing(run):
    code, out, _ = run("ingest")
    assert code == 0 and "added     2" in out
    code, out, _ = run("ingest")
    assert code == 0 and "unchanged 2" in out and "embedded  0 new" in out


def test_search_json_contract(run):
    code, out, _ = run("search", "Which two groups ran US foreign policy?", "--json", "--k", "3")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "Which two groups ran US foreign policy?"
    assert len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) == {"essay", "title", "author", "paragraph", "text", "score", "dense"}
    assert (first["essay"], first["paragraph"], first["author"]) == ("walt-socialists-libertarians", 2, "Stephen M. Walt")
    assert all(isinstance(r["paragraph"], int) and len(r["text"]) <= 1200 for r in data["results"])
    assert [r["score"] for r in data["results"]] == sorted((r["score"] for r in data["results"]), reverse=True)


def test_search_batch_reads_stdin(run, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Cato Institute\n\nWhere does Aziz Rana teach?\n"))
    code, out, _ = run("search", "--batch", "-", "--json", "--k", "1")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [line["query"] for line in lines] == ["Cato Institute", "Where does Aziz Rana teach?"]
    assert "Cato Institute" in lines[0]["results"][0]["text"]
    assert "Cornell Law School" in lines[1]["results"][0]["text"]


def test_search_essay_filter_and_errors(run):
    code, out, _ = run("search", "foreign policy", "--essay", "rana-left-internationalism", "--json")
    assert code == 0 and {r["essay"] for r in json.loads(out)["results"]} == {"rana-left-internationalism"}
    code, _, err = run("search", "foreign policy", "--essay", "nope")
    assert code == 2 and err.startswith("error: no essay with the id 'nope'")
    code, _, err = run("search", "   ")
    assert code == 2 and "empty" in err and err.count("\n") == 1
    code, _, err = run("search", "x" * 100_000)
    assert code == 2 and "limit" in err and err.count("\n") == 1
    code, _, err = run("search", "q", "--k", "0")
    assert code == 2 and "--k" in err


def test_ingest_bad_file_is_one_line(run, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    code, _, err = run("ingest", str(bad))
    assert code == 2 and "binary" in err and err.count("\n") == 1


def test_eval_prints_the_metrics(run):
    code, out, _ = run("eval", "--qa", str(DEV_QA), "--json")
    scores = json.loads(out)
    assert code == 0 and scores["questions"] == 14
    assert {"hit@1", "hit@3", "hit@5", "mrr@10"} <= set(scores) and scores["hit@5"] == 1.0


def test_python_dash_m_entry_point(tmp_path):
    """The real entry point in a fresh process (loads the model: one slow-ish test)."""
    env = {"TUTOR_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "search", "Cato Institute", "--json", "--k", "1"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["essay"] == "walt-socialists-libertarians"
    assert proc.stderr == ""


def test_ingest_of_a_file_outside_seeds_says_a_rebuilt_index_loses_it(run, tmp_path):
    essay = tmp_path / "elsewhere" / "short.md"
    essay.parent.mkdir()
    essay.write_text("---\ntitle: A Short Essay\nauthor: Jane Doe\n---\n\n"
                     "Cooperatives change how towns budget for their libraries and parks.\n", encoding="utf-8")
    code, out, err = run("ingest", str(essay))
    assert code == 0 and "added     1" in out
    assert "outside" in err and "copy it into seeds/" in err and str(essay) in err
