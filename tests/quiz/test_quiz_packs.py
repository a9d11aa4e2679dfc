"""Pack formats: schema errors that name item and field, Red trivia, CSV, YAML safety, export."""

from __future__ import annotations

import pytest
from quiz_support import ROOT, make_items

from bot.errors import UserError
from bot.quiz.items import QuizItem
from bot.quiz.packs import PlayRules, check_citations, export_yaml, parse_pack, read_pack_file

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
    assert pack.notes == ["CONFIG honoured when this pack is played: max_score, reveal_answer"]
    assert pack.rules.max_score == 5 and pack.rules.reveal_answer is True and pack.tag == "pack:walt"
    assert [(i.answer, i.accepted) for i in pack.items] == [
        ("Cato Institute", ["Cato"]), ("2008", []), ("no", []), ("3", ["three"]),
    ]
    assert all(i.kind == "short_answer" and i.author == "Study group" and i.id.startswith("red-") for i in pack.items)
    assert all(i.tags == ["pack:walt"] for i in pack.items)
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


@pytest.mark.parametrize("config,message", [
    ("points_per_question: 3", "walt.yaml: points_per_question is not a key that can be specified in CONFIG"),
    ("max_score: 0", "'max_score' key in 'CONFIG' must be a positive integer"),
    ("max_score: 2.5", "'max_score' key in 'CONFIG' must be a positive integer"),
    ("max_score: ten", "'max_score' key in 'CONFIG' must be a positive integer"),
    ("timeout: 0", "'timeout' key in 'CONFIG' must be a positive number"),
    ("delay: 3", "'delay' key in 'CONFIG' must be a positive number greater than or equal to 4"),
    ("payout_multiplier: -1", "'payout_multiplier' key in 'CONFIG' must be a non-negative number"),
    ("bot_plays: sometimes", "'bot_plays' key in 'CONFIG' must be either true or false"),
    ("reveal_answer: 2", "'reveal_answer' key in 'CONFIG' must be either true or false"),
    ("use_spoilers: maybe", "'use_spoilers' key in 'CONFIG' must be either true or false"),
])
def test_red_config_is_checked_as_red_checks_it(config, message):
    with pytest.raises(UserError) as caught:
        parse_pack(f"CONFIG:\n  {config}\nFirst?:\n- a\n", "walt.yaml")
    assert str(caught.value).startswith("walt.yaml: ") and str(caught.value).endswith(message)


def test_red_config_maps_onto_play_rules_and_reports_what_does_not_apply():
    pack = parse_pack("CONFIG:\n  max_score: 3\n  delay: 12.5\n  timeout: 90\n  reveal_answer: false\n"
                      "  use_spoilers: yes\n  bot_plays: true\n  payout_multiplier: 1.5\nFirst?:\n- a\n", "My List.yaml")
    assert pack.rules == PlayRules(max_score=3, seconds=12, idle_seconds=90.0, reveal_answer=False, use_spoilers=True)
    assert pack.tag == "pack:my-list"
    assert pack.notes == [
        "CONFIG honoured when this pack is played: max_score, delay, timeout, reveal_answer, use_spoilers",
        "CONFIG accepted but not applicable here (no bot player, no credits): bot_plays, payout_multiplier",
    ]


def test_repeated_keys_and_prompts_are_refused():
    with pytest.raises(UserError, match=r"^t.yaml: line 3: the key 'First\?' appears twice \(first on line 1\)"):
        parse_pack("First?:\n- a\nFirst?:\n- b\n", "t.yaml")
    text = GOOD.replace(", ~]", "]").replace("Which answer is literally \"no\"?", "Walt calls liberal hegemony a success.")
    text = text.replace("    essay: walt-socialists-libertarians\n    prompt: Walt calls liberal hegemony a success.\n    answer: no\n    accepted",
                        "    essay: walt-socialists-libertarians\n    prompt: Walt calls liberal  hegemony a success!\n    answer: no\n    accepted")
    with pytest.raises(UserError, match=r"item 3 \(id 'p-3'\): field 'prompt': the same question as item 2"):
        parse_pack(text)
    with pytest.raises(UserError, match=r"row 2 \(id 'csv-[0-9a-f]+'\): field 'prompt': the same question as row 1"):
        parse_pack("Who wrote it?,Walt\nwho wrote it,Rana\n", "p.csv")


@pytest.mark.parametrize("data,message", [
    (b"", "pack.yaml: the file is empty"),
    (b"  \n\n", "pack.yaml: the file is empty"),
    (b"items:\n  - id: a\x07b\n", "pack.yaml: line 2 column 10: control character U+0007 is not allowed"),
    (b"a: &x [1]\nb: *x\n", "pack.yaml: line 2: YAML aliases (*x) are not allowed in quiz packs"),
    (b"items: " + b"[" * 12 + b"]" * 12 + b"\n", "pack.yaml: line 1: the YAML is nested more than 8 levels deep"),
])
def test_messages_name_the_file_and_the_place(data, message):
    with pytest.raises(UserError) as caught:
        parse_pack(data, "pack.yaml")
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_unterminated_csv_quote_names_the_line():
    with pytest.raises(UserError, match=r'^p.csv: line 2: a quoted field is never closed'):
        parse_pack('Who wrote it?,Walt\n"When was it,2022\nWhy?,because\n', "p.csv")


def test_empty_export_is_an_empty_pack_and_statuses_round_trip():
    assert parse_pack(export_yaml([], title="Server 5 questions")).items == []
    records = [i.to_record() | {"guild_id": 5, "status": s} for i, s in zip(make_items()[:2], ["pending", "disabled"])]
    pack = parse_pack(export_yaml(records))
    assert pack.statuses == {"q-mc": "pending", "q-tf": "disabled"}
    with pytest.raises(UserError, match=r"field 'status': must be one of active, disabled, pending"):
        parse_pack(export_yaml(records).replace("status: pending", "status: maybe"))
    assert "status" not in export_yaml(make_items())  # built-in records carry no status


def test_citations_must_exist_in_the_essay():
    from bot.corpus.essay import load_essay_dir

    essays = load_essay_dir(ROOT / "seeds")
    pack = parse_pack(GOOD.replace(", ~]", "]").replace("paragraph: 3", "paragraph: 99"))
    with pytest.raises(UserError, match=r"item 2 \(id 'p-2'\): field 'paragraph': paragraph 99 is out of range; "
                                        r"'walt-socialists-libertarians' has 10 paragraphs"):
        check_citations(pack, pack.items, essays)
    pack = parse_pack(GOOD.replace(", ~]", "]").replace("essay: rana-left-internationalism", "essay: no-such-essay"))
    with pytest.raises(UserError, match=r"item 1 \(id 'p-1'\): field 'essay': no essay 'no-such-essay' here"):
        check_citations(pack, pack.items, essays)
    csv_pack = parse_pack("question,answer,essay,paragraph\nWho?,Walt,walt-socialists-libertarians,11\n", "p.csv")
    with pytest.raises(UserError, match=r"p.csv: row 1 .*paragraph 11 is out of range"):
        check_citations(csv_pack, csv_pack.items, essays)


@pytest.mark.parametrize("data,name", [
    ('items:\n- id: "\\r"\n  0:', "pack.yaml"),                        # found by the slow property test
    ('"Line one\\nline two?": []\n', "trivia.yaml"),
    ('CONFIG:\n  "bad\\nkey": 1\nQ?:\n- a\n', "trivia.yaml"),
    ("question,answer,\"col\nour\"\nq?,a,b\n", "p.csv"),
    ('items:\n- kind: tf\n  prompt: Is it?\n  answer: "true"\n  essay: "a\\nb"\n', "pack.yaml"),
])
def test_values_quoted_in_errors_never_break_the_line(data, name):
    with pytest.raises(UserError) as caught:
        pack = parse_pack(data, name)
        from bot.corpus.essay import load_essay_dir
        check_citations(pack, pack.items, load_essay_dir(ROOT / "seeds"))
    assert "\n" not in str(caught.value) and "\r" not in str(caught.value)
