"""Issue 20, part 5: an import reports every problem at once, in file order, with line numbers, and
refuses an item whose answer is not in the paragraph it cites (naming where it is)."""

from __future__ import annotations

import pytest
from quiz_support import ROOT

from bot.cli import main
from bot.corpus.essay import load_essay_dir
from bot.errors import UserError
from bot.quiz.importing import prepare
from bot.quiz.packs import PackErrors, answer_not_in_paragraph, parse_pack

ESSAYS = load_essay_dir(ROOT / "seeds")
RANA = "rana-left-internationalism"

# Five items, four of them wrong in different ways (they start on lines 2, 7, 13, 19 and 25).
THREE_MISTAKES = f"""items:
  - id: a-1
    kind: riddle
    essay: {RANA}
    paragraph: 5
    prompt: Most liberals see the United States as the ultimate ____ of global security.
  - id: a-2
    kind: cloze
    essay: {RANA}
    paragraph: 5
    prompt: The United States serves as the ultimate ____ of global security.
    answer: backstop
  - id: a-3
    kind: cloze
    essay: {RANA}
    paragraph: 15
    prompt: Liberals call the United States the ____ of global security.
    answer: backstop
  - id: a-4
    kind: short_answer
    essay: {RANA}
    paragraph: 99
    prompt: Which word did Shulman use?
    answer: interregnum
  - id: a-5
    kind: cloze
    essay: {RANA}
    paragraph: 5
    prompt: The United States serves as the ultimate ____ of global security.
    answer: guarantor
"""


def _problems(text: str, name: str = "pack.yaml") -> list[str]:
    pack = parse_pack(text, name, collect=True)
    with pytest.raises(PackErrors) as caught:
        prepare(pack, ESSAYS)
    message = str(caught.value)
    assert "\n" not in message  # one line, as every error message
    head, _, rest = message.partition("): ")
    return [head + ")"] + ["  " + p for p in rest.split(" | ")] if " | " in rest else [message]


def test_every_problem_in_one_report_in_file_order_with_lines():
    lines = _problems(THREE_MISTAKES)
    assert lines[0] == "pack.yaml: 5 problems (nothing is imported until all are fixed)"
    body = lines[1:]
    assert len(body) == 5
    assert body[0].startswith("  pack.yaml: item 1 (id 'a-1'): field 'kind':") and "field 'answer'" in body[0]
    assert body[0].endswith("(line 3)")     # the line of the first bad field
    assert "item 3 (id 'a-3'): field 'paragraph': the answer 'backstop' is not in paragraph 15" in body[1]
    assert body[1].endswith("it is in paragraph 5 (line 16)")
    assert "item 4 (id 'a-4'): field 'paragraph': paragraph 99 is out of range" in body[2] and body[2].endswith("(line 22)")
    assert "the answer 'guarantor' is not in paragraph 5" in body[3] and "in no paragraph of that essay" in body[3]
    assert "item 5 (id 'a-5'): field 'prompt': the same question as item 2" in body[4] and body[4].endswith("(line 29)")


def test_the_command_line_reports_all_and_stores_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path))
    path = tmp_path / "pack.yaml"
    path.write_text(THREE_MISTAKES, encoding="utf-8")
    for command in (["quiz", "validate", str(path)], ["quiz", "import", str(path), "--guild", "9"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: pack.yaml: 5 problems") and err.count("(line ") == 5
    assert not (tmp_path / "tutor.sqlite").exists()


@pytest.mark.parametrize("answer,accepted,ok", [
    ("backstop", [], True),
    ("backstops", [], True),                 # another form of the word
    ("guarantee", ["backstop"], True),       # an accepted variant is there
    ("ultimate protector", [], False),
])
def test_the_answer_must_be_in_the_cited_paragraph(answer, accepted, ok):
    from bot.quiz.items import QuizItem

    essay = next(e for e in ESSAYS if e.slug == RANA)
    item = QuizItem(id="b", kind="cloze", essay=RANA, paragraph=5, prompt="The ____ of global security.",
                    answer=answer, accepted=accepted)
    assert (answer_not_in_paragraph(item, essay) is None) is ok


def test_csv_and_red_problems_carry_their_lines():
    text = ("question,answer,essay,paragraph\n"
            f"What does Rana call it?,creedalism,{RANA},19\n"
            f"Who is the backstop?,,{RANA},5\n"
            f"What is the ultimate backstop?,backstop,{RANA},15\n")
    lines = _problems(text, "p.csv")
    assert len(lines) == 3 and lines[1].endswith("(line 3)") and "row 2" in lines[1]
    assert "row 3" in lines[2] and "it is in paragraph 5 (line 4)" in lines[2]
    with pytest.raises(UserError) as caught:
        parse_pack("First?:\n- a\nSecond?: {x: 1}\nThird?: []\n", "t.yaml")
    report = str(caught.value).split(" | ")
    assert report[0].endswith("(line 3)") and report[1].endswith("(line 4)")


def test_one_problem_is_still_one_line():
    with pytest.raises(UserError) as caught:
        parse_pack(THREE_MISTAKES.split("  - id: a-2")[0] + "    answer: x\n")
    assert "\n" not in str(caught.value) and str(caught.value).endswith("(line 3)")
