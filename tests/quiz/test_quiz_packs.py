"""Pack formats: schema errors that name item and field, Red trivia, CSV, YAML safety, export."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from bot.quiz.items import QuizItem
from bot.quiz.packs import export_yaml, parse_pack, read_pack_file

from conftest import ROOT, make_items

GOOD = """\
title: Test pack
author: Mod
items:
  - id: p-1
    kind: multiple_choice
    essay: rana-left-internationalism
    paragraph: 1
    prompt: Who called the moment an interregnum?
    choices: [George Shulman, Adom Getachew]
    answer: George Shulman
  - id: p-2
    kind: true_false
    essay: walt-socialists-libertarians
    paragraph: 3
    prompt: Walt calls liberal hegemony a success.
    answer: no
  - id: p-3
    kind: short_answer
    essay: walt-socialists-libertarians
    prompt: Which answer is literally "no"?
    answer: no
    accepted: [off, "yes", 3.10, 2019-05-01, ~]
"""


def test_good_pack_keeps_yes_no_as_text():
    with pytest.raises(UserError, match=r"item 3 \(id 'p-3'\): field 'accepted.4'"):
        parse_pack(GOOD)  # `~` is null: refused, not turned into "None"
    pack = parse_pack(GOOD.replace(", ~]", "]"))
    assert [i.kind for i in pack.items] == ["multiple_choice", "true_false", "short_answer"]
    assert pack.items[1].answer == "false"
    assert pack.items[2].answer == "no"
    assert pack.items[2].accepted == ["off", "yes", "3.10", "2019-05-01"]
    assert pack.items[0].author == "Mod" and pack.title == "Test pack"


BROKEN = [
    ("answer: George Shulman", "answer: Someone Else", r"item 1 \(id 'p-1'\): field 'answer': must be one of the choices"),
    ("paragraph: 1", "paragraph: first", r"item 1 \(id 'p-1'\): field 'paragraph'"),
    ("kind: true_false", "kind: essay_question", r"item 2 \(id 'p-2'\): field 'kind'"),
    ("    answer: no\n  - id: p-3", "    answer: maybe\n  - id: p-3", r"item 2 \(id 'p-2'\): field 'answer': a true/false"),
    ("choices: [George Shulman, Adom Getachew]", "choices: [George Shulman]", r"item 1 \(id 'p-1'\): field 'choices'"),
    ("  - id: p-2\n", "  - id: p-2\n    colour: red\n", r"item 2 \(id 'p-2'\): field 'colour': Extra inputs"),
    ("  - id: p-3\n", "  - id: P 3!\n", r"item 3 \(id 'P 3!'\): field 'id'"),
    ("  - id: p-3\n", "  - id: p-1\n", r"item 3 \(id 'p-1'\): field 'id': the same id is used by item 1"),
]


@pytest.mark.parametrize("old,new,message", BROKEN)
def test_schema_errors_name_item_and_field(old, new, message):
    text = GOOD.replace(", ~]", "]")
    assert old in text
    with pytest.raises(UserError, match=message):
        parse_pack(text.replace(old, new, 1))


def test_prompt_too_long_and_too_many_items():
    text = GOOD.replace(", ~]", "]").replace("Walt calls liberal hegemony a success.", "x" * 700)
    with pytest.raises(UserError, match=r"item 2 \(id 'p-2'\): field 'prompt'"):
        parse_pack(text)
    with pytest.raises(UserError, match="at most 2"):
        parse_pack(GOOD.replace(", ~]", "]"), max_items=2)
    with pytest.raises(UserError, match="limit is 1,000"):
        parse_pack("items: []\n" + "#" * 2000, max_bytes=1000)


@pytest.mark.parametrize("text,message", [
    ("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n", "aliases"),
    ("items: [\n", "not valid YAML"),
    ("items: {a: 1}\n", "'items' must be a list"),
    ("items:\n  - just text\n", "item 1: must be a mapping"),
    ("items:\n  - !!python/object:os.system {}\n", "not valid YAML"),
    ("- a\n- b\n", "maps each question"),
    (b"items:\n  - \xff\n", "not UTF-8"),
])
def test_unsafe_or_malformed_yaml(text, message):
    with pytest.raises(UserError, match=message):
        parse_pack(text)


RED = """\
AUTHOR: Study group
DESCRIPTION: Questions on Walt's essay.
CONFIG:
  max_score: 5
  reveal_answer: true
Which think tank does Walt name on the libertarian right?:
- Cato Institute
- Cato
In what year did the global financial order prove fragile?:
- 2008
Did Walt think the coalition would be easy to build?:
- no
- "no"
"How many groups does Walt hope to unite? (#)":
- 3
- three
"""


def test_red_trivia_list_imports():
    pack = parse_pack(RED, "walt.yaml")
    assert pack.format == "red" and pack.author == "Study group"
    assert pack.description == "Questions on Walt's essay."
    assert pack.notes == ["CONFIG settings ignored: max_score, reveal_answer"]
    assert [(i.answer, i.accepted) for i in pack.items] == [
        ("Cato Institute", ["Cato"]), ("2008", []), ("no", []), ("3", ["three"]),
    ]
    assert all(i.kind == "short_answer" and i.author == "Study group" and i.id.startswith("red-") for i in pack.items)
    # Ids are derived from the question, so importing the same list twice replaces, not duplicates.
    assert [i.id for i in parse_pack(RED, "walt.yaml").items] == [i.id for i in pack.items]


def test_red_trivia_errors_name_the_question():
    with pytest.raises(UserError, match=r"question 2 \('Second\?'\): field 'answers'"):
        parse_pack("AUTHOR: x\nFirst?:\n- a\nSecond?: []\n", "t.yaml")
    with pytest.raises(UserError, match="CONFIG"):
        parse_pack("CONFIG: 3\nFirst?:\n- a\n", "t.yaml")


CSV = """\
question,answer,alternatives,explanation,essay,paragraph
What does Rana call belief in the American creed?,creedalism,creedal politics,Paragraph 19.,rana-left-internationalism,19
"Which share of global wheat exports, per the WFP?",30%,30 percent|thirty percent,Quoted in paragraph 36.,rana-left-internationalism,36
"""


def test_csv_with_header():
    pack = parse_pack(CSV, "pack.csv")
    assert pack.format == "csv"
    first, second = pack.items
    assert (first.answer, first.accepted, first.paragraph, first.essay) == ("creedalism", ["creedal politics"], 19, "rana-left-internationalism")
    assert second.prompt.startswith("Which share") and second.accepted == ["30 percent", "thirty percent"]


def test_csv_without_header_and_errors():
    pack = parse_pack("Who wrote it?,Walt,Stephen Walt,Byline.\n", "p.csv")
    assert pack.items[0].accepted == ["Stephen Walt"] and pack.items[0].explanation == "Byline."
    with pytest.raises(UserError, match=r"row 2 \(id 'csv-[0-9a-f]+'\): field 'answer'"):
        parse_pack("Q one?,a\nQ two?,\n", "p.csv")
    with pytest.raises(UserError, match="row 1: 5 columns"):
        parse_pack("a?,b,c,d,e\n", "p.csv")
    with pytest.raises(UserError, match="unknown column 'colour'"):
        parse_pack("question,answer,colour\nq?,a,red\n", "p.csv")


def test_export_round_trips():
    items = make_items() + [QuizItem(id="tricky", kind="short_answer", prompt="Say no", answer="no",
                                     accepted=["yes", "3.10", "null", "on"], essay="e")]
    text = export_yaml(items, title="Export")
    assert parse_pack(text).items == items


def test_builtin_pack_is_valid_and_cites_real_paragraphs():
    from bot.corpus.essay import load_essay_dir

    pack = read_pack_file(ROOT / "data" / "quiz" / "builtin.yaml", origin="builtin")
    essays = {e.slug: e for e in load_essay_dir(ROOT / "seeds")}
    assert len(pack.items) >= 40
    by_essay = {slug: [i for i in pack.items if i.essay == slug] for slug in essays}
    assert all(len(v) >= 10 for v in by_essay.values())
    assert {i.kind for i in pack.items} == {"multiple_choice", "true_false", "short_answer", "cloze"}
    assert {i.difficulty for i in pack.items} == {"easy", "medium", "hard"}
    for item in pack.items:
        assert item.origin == "builtin" and item.explanation
        paragraph = essays[item.essay].paragraph(item.paragraph)
        assert paragraph is not None and paragraph.section != "About the author", item.id
