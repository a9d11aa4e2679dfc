"""`tutorbot quiz grade`: one answer or a batch of JSON lines, for built-in, moderator and generated items."""

from __future__ import annotations

import json

from bot.cli import main

PACK = """items:
  - id: mod-budget
    kind: short_answer
    essay: rana-left-internationalism
    paragraph: 45
    prompt: What should happen to the security budget?
    answer: scaling back the security budget
  - id: gen-sanctions
    kind: cloze
    origin: generated
    essay: rana-left-internationalism
    paragraph: 14
    prompt: The toolkit combines militarized confrontation with aggressive _____.
    answer: sanctions
"""


def test_grade_one_answer_names_the_rule(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    assert main(["quiz", "grade", "rana-three-reforms", "expanding the security budget"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("wrong · rana-three-reforms · direction:") and "scaling back the security budget" in out
    assert main(["quiz", "grade", "walt-beinart", "Beinart, Peter", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record == {"item": "walt-beinart", "answer": "Beinart, Peter", "correct": True, "rule": "name_order",
                      "detail": "“Peter Beinart” written surname first"}


def test_grade_errors_are_one_line_with_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    assert main(["quiz", "grade", "no-such-item", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no quiz item 'no-such-item' in server 0") and err.count("\n") == 1
    assert main(["quiz", "grade", "walt-beinart"]) == 2
    assert capsys.readouterr().err == "error: give ITEM_ID and ANSWER, or --batch FILE\n"


def test_grade_batch_json_lines_in_order(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    assert main(["quiz", "import", str(pack), "--guild", "9"]) == 0
    capsys.readouterr()
    lines = [
        {"item": "mod-budget", "answer": "cutting the security budget"},
        {"item": "gen-sanctions", "answer": "no sanctions"},
        {"item": "rana-left-excluded", "answer": "i think its true"},
        {"item": "rana-interregnum", "answer": "b"},
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert main(["quiz", "grade", "--batch", str(batch), "--json", "--guild", "9"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(o["item"], o["answer"], o["correct"], o["rule"]) for o in out] == [
        ("mod-budget", "cutting the security budget", True, "words"),
        ("gen-sanctions", "no sanctions", False, "negation"),
        ("rana-left-excluded", "i think its true", True, "choice"),
        ("rana-interregnum", "b", False, "wrong_choice"),
    ]
    assert all(set(o) == {"item", "answer", "correct", "rule", "detail"} and o["detail"] for o in out)


def test_grade_batch_bad_lines_keep_their_place(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"item": "walt-cato", "answer": "cato"}\n\nnot json\n["x"]\n{"item": "gone", "answer": "x"}\n'
                     '{"item": "walt-cato", "answer": 3}\n{"item": "walt-cato", "answer": "heritage"}\n', encoding="utf-8")
    assert main(["quiz", "grade", "--batch", str(batch), "--json"]) == 2
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert [o["rule"] for o in out] == ["exact", "error", "error", "error", "error", "error", "wrong"]
    assert [o["detail"].split(":")[0] for o in out[1:6]] == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert captured.err == 'error: 5 of 7 lines could not be graded (rule "error")\n'
