"""Tables of accepted and rejected answers, one per grading rule."""

from __future__ import annotations

import pytest

from bot.quiz.grading import Grader, canonical, grade_choice, grade_text
from bot.quiz.items import QuizItem

from conftest import FakeEncoder


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

    script = ("import hashlib; from conftest import FakeEncoder; "
              "v = FakeEncoder().encode(['the belief in the inclusive promise of the American project', 'military spending']); "
              "print(hashlib.sha1(v.tobytes()).hexdigest())")
    digests = set()
    for seed in ("47", "52"):
        env = os.environ | {"PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parent, env=env, check=True,
                             capture_output=True, text=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1
