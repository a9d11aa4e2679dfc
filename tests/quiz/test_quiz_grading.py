"""Tables of accepted and rejected answers, one per grading rule."""

from __future__ import annotations

import pytest
from grading_table import item_for, rows
from quiz_support import ROOT, FakeEncoder

from bot.quiz.grading import WHY, Grader, grade_choice, grade_text
from bot.quiz.grading.analysis import analyse
from bot.quiz.items import QuizItem
from bot.quiz.normalize import canonical, word_typo
from bot.quiz.packs import read_pack_file

BUILTIN = {i.id: i for i in read_pack_file(ROOT / "data" / "quiz" / "builtin.yaml").items}
TABLE = rows()
REJECT_KINDS = ("negation", "opposite", "guess", "salad")


def short(answer: str, *accepted: str, reference: str | None = None) -> QuizItem:
    return QuizItem(id="x", kind="short_answer", prompt="Question?", answer=answer, accepted=list(accepted),
                    reference=reference)


def check(expected: str, given: str, accepted=()) -> bool:
    return grade_text(short(expected, *accepted), given).correct


NORMALISATION = [  # case, quotes, dashes, accents, punctuation, articles
    ("creedalism", "CREEDALISM", True),
    ("creedalism", "“creedalism”", True),
    ("creedalism", "'creedalism'.", True),
    ("post–Second World War", "post-second world war", True),
    ("post–Second World War", "post—Second World War", True),
    ("Gabriel Boric", "Gabriel Boríc", True),
    ("António Guterres", "Antonio Guterres", True),
    ("the Taliban", "Taliban", True),
    ("Taliban", "the Taliban", True),
    ("empire as a way of life", "Empire as a way of life!", True),
    ("Kyoto Protocol", "a Kyoto Protocol", True),
    ("Kyoto Protocol", "Kyoto", False),
]

TYPOS = [  # scaled to length; never across digits; short words exact
    ("creedalism", "creedalsim", True),        # transposition
    ("creedalism", "credalism", True),
    ("creedalism", "credalizm", True),         # two edits in ten letters
    ("creedalism", "crudalasm", False),        # three edits
    ("Nyerere", "Nyrere", True),
    ("Iraq", "Iran", False),                   # four letters: no typo allowance
    ("air", "aír", True),                      # accent, not a typo
    ("air", "fair", False),
    ("International Criminal Court", "Internatonal Criminal Cort", True),
    ("1990s", "1950s", False),
    ("$40 billion", "$50 billion", False),
]

NUMBERS = [  # "30%" ~ "30 percent", decades, number words
    ("30%", "30 percent", True),
    ("30%", "30 per cent", True),
    ("30%", "thirty percent", True),
    ("30%", "30", False),
    ("30%", "40%", False),
    ("1990s", "nineties", True),
    ("1990s", "the '90s", True),
    ("1990s", "1990's", True),
    ("1990s", "1890s", False),
    ("nineties", "1990s", True),
    ("1950s", "the fifties", True),
    ("$40 billion", "40 billion dollars", True),
    ("$40 billion", "40 billion", True),
    ("1.7 billion", "1.7 billion", True),
    ("1.7 billion", "17 billion", False),
    ("25", "twenty-five", True),
    ("76%", "seventy six percent", True),
]

WORD_BOUNDARIES = [  # whole-word containment, never inside a word
    ("air", "chair", False),
    ("air", "the air we breathe", True),
    ("Putin", "I think it was Putin", True),
    ("Putin", "Putinism", False),
    ("Putin", "not Putin", False),
    ("NIEO", "the NIEO initiative", True),
    ("NATO", "NATOs", False),
]

GUESS_LISTS_AND_EMPTY = [
    ("Putin", "Putin, Xi", False),
    ("Putin", "Putin or Xi", False),
    ("Putin", "Xi / Putin / Modi", False),
    ("Putin", "Putin and Xi", False),
    ("Sweden and Finland", "Finland and Sweden", True),   # a two-part answer in any order
    ("Sweden and Finland", "Sweden, Finland", True),
    ("Sweden and Finland", "Sweden, Norway", False),
    ("Putin", "", False),
    ("Putin", "   ", False),
    ("Putin", "?!", False),
]


@pytest.mark.parametrize("expected,given,ok", NORMALISATION)
def test_normalisation(expected, given, ok):
    assert check(expected, given) is ok


@pytest.mark.parametrize("expected,given,ok", TYPOS)
def test_typos(expected, given, ok):
    assert check(expected, given) is ok


@pytest.mark.parametrize("expected,given,ok", NUMBERS)
def test_numbers_and_decades(expected, given, ok):
    assert check(expected, given) is ok


@pytest.mark.parametrize("expected,given,ok", WORD_BOUNDARIES)
def test_word_boundaries(expected, given, ok):
    assert check(expected, given) is ok


@pytest.mark.parametrize("expected,given,ok", GUESS_LISTS_AND_EMPTY)
def test_guess_lists_and_empty(expected, given, ok):
    assert check(expected, given) is ok


def test_reasons_are_specific():
    item = short("Putin")
    assert grade_text(item, "").reason == "empty"
    assert grade_text(item, "Putin, Xi").reason == "guess_list"
    assert grade_text(item, "Xi").reason == "wrong"
    assert grade_text(item, "x" * 400).reason == "too_long"
    assert not grade_text(item, "Putin, Xi").counts and grade_text(item, "Xi").counts


def test_accepted_alternatives():
    item = short("Julius Nyerere", "Nyerere")
    assert grade_text(item, "nyerere").correct
    assert not grade_text(short("Julius Nyerere"), "Nyerere").correct


def test_canonical_form():
    assert canonical("  The “Nineties”—30%!  ") == "90s 30 percent"


MC = QuizItem(id="m", kind="multiple_choice", prompt="Pick one", choices=["Chile", "Argentina", "Brazil"], answer="Chile")
TF = QuizItem(id="t", kind="true_false", prompt="Is it so?", answer="false")


@pytest.mark.parametrize("given,ok,index", [
    (0, True, 0), (1, False, 1), ("a", True, 0), ("B", False, 1), ("1", True, 0), ("3", False, 2),
    ("chile", True, 0), ("Argentina", False, 1), ("chilee", True, 0),
])
def test_choice_answers(given, ok, index):
    result = grade_choice(MC, MC.choices, given)
    assert (result.correct, result.choice) == (ok, index)


@pytest.mark.parametrize("given", [5, -1, "f", "4", "", "Peru", "Chile or Brazil"])
def test_invalid_choices_do_not_lock(given):
    result = grade_choice(MC, MC.choices, given)
    assert result.reason == "invalid_choice" and not result.counts


@pytest.mark.parametrize("given,ok", [(0, False), (1, True), ("false", True), ("no", True), ("True", False), ("y", False), ("b", True)])
def test_true_false(given, ok):
    assert grade_choice(TF, ["True", "False"], given).correct is ok


async def test_meaning_rule_uses_encoder_and_threshold():
    encoder = FakeEncoder()
    item = short("creedalism", reference="belief in the inherently inclusive promise of the American project")
    grader = Grader(encoder, semantic_threshold=0.6)
    ok = await grader.grade(item, "the belief in the inclusive promise of the American project")
    assert ok.correct and ok.rule == "meaning" and ok.similarity >= 0.6
    wrong = await grader.grade(item, "military spending on arms for allies abroad")
    assert not wrong.correct and wrong.similarity < 0.6
    calls = encoder.calls
    short_answer = await grader.grade(item, "American project")  # too few words to judge by meaning
    assert not short_answer.correct and encoder.calls == calls
    assert not (await Grader(None).grade(item, "the belief in the inclusive promise of the American project")).correct


def test_fake_encoder_does_not_depend_on_the_hash_seed():
    """The meaning test once failed under PYTHONHASHSEED=47 or 52: the fake encoder used `hash()`."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ("import hashlib; from quiz_support import FakeEncoder; "
              "v = FakeEncoder().encode(['the belief in the inclusive promise of the American project', 'military spending']); "
              "print(hashlib.sha1(v.tobytes()).hexdigest())")
    digests = set()
    for seed in ("47", "52"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[1], env=env, check=True,
                             capture_output=True, text=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# -- issue 11: every example, both ways; then the whole hand-written table ------------------------

@pytest.mark.parametrize("row", [r for r in TABLE if r.issue and not r.model], ids=lambda r: f"{r.item}:{r.answer[:40]}")
async def test_issue_examples(row):
    result = await Grader().grade(item_for(row.item, BUILTIN), row.answer)
    assert result.correct is row.expected, (row, result)


async def test_hand_written_table_without_a_model():
    """At least 100 (answer, verdict) pairs typed as players type; the real-model run is in
    test_quiz_model.py. Misses are printed so a change in accuracy is visible."""
    graded = [r for r in TABLE if not r.model]
    assert len(TABLE) >= 100 and len(graded) >= 100
    misses, false_accepts = [], []
    for row in graded:
        result = await Grader().grade(item_for(row.item, BUILTIN), row.answer)
        if result.correct is not row.expected:
            misses.append((row.item, row.answer, result.decided_by))
            if result.correct and row.kind in REJECT_KINDS:
                false_accepts.append(row)
    accuracy = 1 - len(misses) / len(graded)
    print(f"grading table without a model: {len(graded) - len(misses)}/{len(graded)} = {accuracy:.1%}; misses: {misses}")
    assert not false_accepts
    assert accuracy >= 0.97


def test_every_result_names_its_rule():
    item = short("scaling back the security budget", "the security budget")
    cases = {
        "the security budget": "exact", "scaling back the securty budget": "typo", "reducing the security budget": "words",
        "not scaling back the security budget": "negation", "expanding the security budget": "direction",
        "the budget": "missing", "tacos": "wrong", "": "empty", "cuts, raises": "guess_list",
    }
    for given, why in cases.items():
        result = grade_text(item, given)
        assert result.decided_by == why and why in WHY, (given, result)
    assert grade_text(item, "expanding the security budget").target == "scaling back the security budget"


@pytest.mark.parametrize("text,form", [
    ("nineteen eighty-nine", "1989"), ("two thousand and eight", "2008"), ("twenty twenty", "2020"),
    ("nineteen fifties", "1950s"), ("one hundred", "100"), ("twenty-five", "25"),
    ("World War II", "second world war"), ("WWII", "second world war"), ("ww1", "first world war"),
    ("Jan 6th", "january 6"), ("the U.S. dollar", "united states dollar"), ("us", "us"),
    ("the world's interests", "world interests"), ("don't", "dont"),
])
def test_canonical_numbers_and_aliases(text, form):
    assert canonical(text) == form


@pytest.mark.parametrize("given,expected,ok", [
    ("unsucessful", "unsuccessful", True), ("successful", "unsuccessful", False), ("amoral", "moral", False),
    ("external", "internal", False), ("decreasing", "increasing", False), ("hegemeny", "hegemony", True),
    ("1950", "1990", False), ("iran", "iraq", False),
])
def test_word_typos_keep_the_first_letter_and_never_flip_a_prefix(given, expected, ok):
    assert word_typo(given, expected) is ok


@pytest.mark.parametrize("text,negated,direction", [
    ("not enough experts", True, 0), ("a shortage of experts", True, 0), ("a lack of experts", True, 0),
    ("plenty of experts", False, 0), ("scaling back the budget", False, -1), ("ramping up the budget", False, 1),
    ("lifting sanctions", False, -1), ("imposing sanctions", False, 0), ("cuting the budget", False, -1),
    ("no lack of experts", False, 0),
])
def test_negation_and_direction(text, negated, direction):
    assert analyse(text).polarity == (negated, direction)


@pytest.mark.parametrize("given,index", [
    ("i think its chile", 0), ("option b", 1), ("b) argentina", 1), ("c.", 2), ("the answer is brazil", 2),
])
def test_choices_in_the_players_words(given, index):
    assert grade_choice(MC, MC.choices, given).choice == index


@pytest.mark.parametrize("given", ["b) chile", "chile brazil", "south america"])
def test_unclear_choices_ask_again(given):
    assert grade_choice(MC, MC.choices, given).reason == "invalid_choice"


@pytest.mark.parametrize("given,ok", [("i think its false", True), ("not true", True), ("nope", True),
                                      ("its true", False), ("not false", False)])
def test_true_false_in_the_players_words(given, ok):
    assert grade_choice(TF, ["True", "False"], given).correct is ok


async def test_meaning_never_overrides_negation_or_direction():
    """The encoder says "same" to everything here; only the polarity and salad guards can refuse."""

    class Same:
        def encode(self, texts):
            import numpy as np
            return np.ones((len(texts), 4), dtype=np.float32) / 2.0

    item = short("scaling back the security budget", "the security budget",
                 reference="Dramatically scaling back the security budget and the existing security apparatus.")
    grader = Grader(Same(), semantic_threshold=0.6)
    for answer in ("increasing the defense budget a lot", "not scaling back the security budget at all",
                   "budget security the back scaling", "more money for the armed forces"):
        assert not (await grader.grade(item, answer)).correct, answer
    assert (await grader.grade(item, "reducing what the armed forces get")).rule == "meaning"
