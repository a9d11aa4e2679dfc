"""Plain-text rendering from prompts/quiz.yaml, validated the way the program starts."""

from __future__ import annotations

import datetime as dt

from quiz_support import ROOT, make_items

from bot.prompts import PromptBook, registered_specs
from bot.quiz import format as fmt
from bot.quiz.grading import grade_text
from bot.quiz.session import QuestionShown, SoloResult, SoloSummary


def section():
    book = PromptBook.load(ROOT / "prompts", {"quiz": registered_specs()["quiz"]})
    return book.section("quiz")


def test_question_and_item_preview_text():
    t = section()
    item = make_items()[0]
    shown = QuestionShown(1, 2, 5, item, item.choices, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), 20)
    text = fmt.render_question(t, shown)
    assert text.splitlines()[0] == "Question 2/5 · Multiple choice · 20 s"
    assert "\nA) George Shulman\n" in text and text.endswith("Answer with A, B, C, D.")
    assert "[pending]" in fmt.render_item_preview(t, item, "pending")


def test_solo_results_say_skipped_late_and_wrong_apart():
    t = section()
    item = make_items()[2]
    skipped = SoloResult("skipped", 1, 3, item, "creedalism", "")
    assert fmt.render_solo_result(t, skipped).startswith("Skipped. The answer: creedalism")
    late = SoloResult("correct", 1, 3, item, "creedalism", "creedalism", late=True, seconds=20)
    assert fmt.render_solo_result(t, late).startswith("Correct, but after the 20 s: no points")
    wrong = SoloResult("wrong", 1, 3, item, "creedalism", "liberalism")
    assert fmt.render_solo_result(t, wrong).startswith("Not quite. The answer: creedalism")


def test_summary_recaps_what_was_missed_with_the_paragraph_to_read():
    t = section()
    items = make_items()
    summary = SoloSummary(1, "solo", 5, 3, 2900, [items[2], items[1]])
    lines = fmt.render_solo_summary(t, summary).splitlines()
    assert lines[0] == "Done: 3 of 5 correct, 2900 points."
    assert lines[2] == "To review (2):"
    assert lines[3] == ("• What does Rana call belief in the inclusive promise of the American project? → creedalism "
                        "(read rana-left-internationalism, paragraph 19)")
    assert lines[4].endswith("→ True (read walt-socialists-libertarians, paragraph 3)")
    many = SoloSummary(1, "solo", 12, 0, 0, [items[2]] * 12)
    assert fmt.render_solo_summary(t, many).splitlines()[-1] == "…and 2 more."
    assert "To review" not in fmt.render_solo_summary(t, SoloSummary(1, "solo", 2, 2, 2000, []))


def test_grade_detail_names_rule_and_target():
    t = section()
    item = make_items()[2]
    result = grade_text(item, "exceptionalism creedalism liberalism")
    assert fmt.render_grade(t, item, result, threshold=0.6) == (
        "wrong · q-short · guess_list: several answers at once (exceptionalism, liberalism); it does not count, "
        "the player may answer again")
