"""The "not in the essays" decision on both sides of the threshold, and the reply's content."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation.retrieval import load_qa
from bot.tutor.abstain import should_abstain

REPO = Path(__file__).resolve().parents[2]
DEV = REPO / "tests" / "data" / "dev_qa.yaml"  # a copy of ../shared/dev_qa.yaml
OFFTOPIC = REPO / "tests" / "data" / "offtopic_qa.yaml"
PARAPHRASE = REPO / "tests" / "data" / "paraphrase_qa.yaml"
LIMITS = dict(threshold=0.42, floor=0.30, min_coverage=0.30)


@pytest.mark.parametrize("cosine,coverage,abstain", [
    (0.43, 0.0, False),   # a strong semantic match is enough on its own
    (0.41, 0.29, True),   # below the threshold without the question's words in a passage
    (0.41, 0.31, False),  # ... with them
    (0.29, 1.0, True),    # below the floor, words alone never answer
    (0.30, 0.30, False),  # both limits are inclusive
])
def test_should_abstain_on_both_sides(cosine, coverage, abstain):
    assert should_abstain(cosine, coverage, **LIMITS) is abstain


def test_configured_limits_are_the_calibrated_ones(core):
    s = core.settings.tutor
    assert (s.abstain_threshold, s.abstain_floor, s.abstain_min_coverage) == (0.42, 0.30, 0.31)


async def test_dev_set_meets_the_bar(core):
    refused = answered = 0
    for n, item in enumerate(load_qa(DEV)):
        a = await core.tutor.ask(item.q, guild_id=0, user_id=1, channel_id=20_000 + n, record=False)
        if item.unanswerable:
            answered += not a.abstained
        else:
            refused += a.abstained
    assert answered == 0 and refused <= 1


async def test_own_offtopic_and_paraphrase_sets(core):
    wrong = []
    for path in (OFFTOPIC, PARAPHRASE):
        for n, item in enumerate(load_qa(path)):
            a = await core.tutor.ask(item.q, guild_id=0, user_id=1, channel_id=21_000 + n, record=False)
            if a.abstained != item.unanswerable:
                wrong.append((item.id, round(a.best_cosine, 3), round(a.coverage, 2)))
    assert wrong == []


async def test_far_off_question_is_refused_with_what_the_essays_are_about(core, channel):
    a = await core.tutor.ask("How do I bake sourdough bread?", guild_id=0, user_id=1, channel_id=channel)
    assert a.abstained and a.kind == "not_covered" and a.citations == [] and a.answer_id is not None
    assert "don't cover" in a.answer
    # Nothing is near, so the suggestions are what each essay is about, by author.
    assert "• What is Rana's essay about?" in a.answer and "• What is Walt's essay about?" in a.answer
    assert "Left Internationalism in the Heart of Empire (Aziz Rana)" in a.answer
    assert "> " not in a.answer and "¶" not in a.answer  # no quotation passed off as an answer


async def test_near_topic_refusal_suggests_questions_the_essays_answer(core, channel):
    a = await core.tutor.ask("What causes inflation in an economy?", guild_id=0, user_id=1, channel_id=channel)
    assert a.abstained and a.kind == "not_covered" and a.citations == []
    lines = [line[2:] for line in a.answer.splitlines() if line.startswith("• ")]
    assert 2 <= len(lines) <= 3 and all(line.rstrip(")").rsplit(" (", 1)[0].endswith("?") for line in lines)
    # Each is a quiz question written for a nearby paragraph, or names the author it asks about.
    assert all(("Rana" in line or "Walt" in line) for line in lines)
    assert "closest topics" not in a.answer and "> " not in a.answer


async def test_threshold_comes_from_settings(tutor_at, channel):
    strict = tutor_at(abstain_threshold=0.99, abstain_floor=0.99)
    # (no phrase of the essays word for word: that is evidence of its own, whatever the threshold)
    question = "Why do libertarians object to running the world?"
    a = await strict.ask(question, guild_id=0, user_id=1, channel_id=channel, record=False)
    assert a.abstained and a.best_cosine > 0.5
    default = await tutor_at().ask(question, guild_id=0, user_id=1, channel_id=channel + 1, record=False)
    assert not default.abstained
