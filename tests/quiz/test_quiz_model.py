"""The real embedding model: meaning-based grading calibration and generated items for both essays.

One model load for the module (session-scoped fixture); the rest of the quiz tests use fakes.
"""

from __future__ import annotations

import pytest
from calibration import CALIBRATION
from grading_table import item_for, rows
from quiz_support import ROOT

from bot.corpus.essay import load_essay_dir
from bot.quiz.generation import ItemGenerator, reveals_answer
from bot.quiz.generation.terms import shown_share
from bot.quiz.grading import DEFAULT_SEMANTIC_THRESHOLD, Grader
from bot.quiz.items import QuizItem
from bot.quiz.packs import read_pack_file


@pytest.fixture(scope="session")
def embedder():
    from bot.model.embedding import Embedder

    model = Embedder.load()
    yield model
    model.close()


@pytest.fixture(scope="session")
def generated(embedder):
    essays = load_essay_dir(ROOT / "seeds")
    return essays, ItemGenerator(essays, embedder.encode).generate()


async def test_meaning_threshold_separates_paraphrases_from_wrong_answers(embedder):
    items = {i.id: i for i in read_pack_file(ROOT / "data" / "quiz" / "builtin.yaml").items}
    grader = Grader(embedder, DEFAULT_SEMANTIC_THRESHOLD)
    accepted_good = accepted_bad = total_good = 0
    for item_id, goods, bads in CALIBRATION:
        item = items[item_id]
        assert item.reference, item_id
        for text in goods:
            total_good += 1
            accepted_good += (await grader.grade(item, text)).correct
        for text in bads:
            result = await grader.grade(item, text)
            assert not result.correct, (item_id, text, result.similarity)
            accepted_bad += result.correct
    assert accepted_bad == 0
    assert accepted_good / total_good >= 0.7  # measured: 9 of 12 at 0.60


async def test_hand_written_table_with_the_model(embedder):
    """The closing figure of issue 11: accuracy on every row of the table, meaning rule included;
    no negation, opposite, guess list or word salad accepted."""
    builtin = {i.id: i for i in read_pack_file(ROOT / "data" / "quiz" / "builtin.yaml").items}
    grader = Grader(embedder, DEFAULT_SEMANTIC_THRESHOLD)
    table = rows()
    misses, false_accepts = [], []
    for row in table:
        result = await grader.grade(item_for(row.item, builtin), row.answer)
        if result.correct is not row.expected:
            misses.append((row.item, row.answer, result.decided_by, result.similarity))
            if result.correct and row.kind in ("negation", "opposite", "guess", "salad"):
                false_accepts.append(row)
    accuracy = 1 - len(misses) / len(table)
    print(f"grading table with the model: {len(table) - len(misses)}/{len(table)} = {accuracy:.1%}; misses: {misses}")
    assert not false_accepts
    assert accuracy >= 0.97


def test_generated_items_for_both_essays_are_valid_and_hide_their_answer(generated):
    """Issue 20: every item valid; no answer visible in its prompt (in any form or as its opposite);
    choices from the item's own essay; no years or figures blanked; several kinds per essay."""
    from bot.quiz.normalize import canonical

    essays, report = generated
    assert set(report.per_essay) == {e.slug for e in essays}
    kinds = {slug: {g.kind for g in report.generated if g.item.essay == slug} for slug in report.per_essay}
    assert all(len(k) >= 4 for k in kinds.values()), kinds
    # typed blanks ("cloze") only where a name or a defined term closes them: on these essays the
    # defined terms are asked as term items, so every blank is a multiple choice
    # no "which author argues" items: between two authors it is a coin toss (authors.MIN_CHOICES)
    assert set().union(*kinds.values()) - {"cloze"} == {"choice", "who", "list", "cause", "term"}
    ids = [i.id for i in report.items]
    assert len(ids) == len(set(ids))
    by_slug = {e.slug: e for e in essays}
    texts = {e.slug: canonical(" ".join(p.text for p in e.paragraphs)) for e in essays}
    for g in report.generated:
        item = g.item
        again = QuizItem.model_validate(item.to_record())  # valid by the schema, round trip included
        assert again == item and item.origin == "generated"
        assert item.difficulty in ("easy", "medium", "hard")
        if g.kind == "cloze":
            assert "_____" in item.prompt
            assert not any(ch.isdigit() for ch in item.answer), item.answer  # no years or figures
        if g.kind in ("cloze", "choice", "who", "list"):
            assert not reveals_answer(item.prompt, item.answers), item.prompt
        if g.kind == "cause":  # a claim and its reason share their subject, never most of the answer
            assert shown_share(item.prompt, item.answer) < 0.5, item.prompt
        if g.kind == "term":  # "liberal" may be in the definition of "liberal hegemony", the head word never
            assert not reveals_answer(item.prompt, [item.answer.split()[-1]]), item.prompt
        paragraph = by_slug[item.essay].paragraph(item.paragraph)
        assert paragraph is not None and paragraph.section != "About the author"
        if item.kind == "multiple_choice":
            assert 2 <= len(item.choices) <= 5 and item.answer in item.choices
            if g.kind != "author":
                assert len(item.choices) >= 3
                for choice in item.choices:  # never a choice from another essay
                    assert f" {canonical(choice)} " in f" {texts[item.essay]} ", (item.prompt, choice)
            wrong = [c for c in item.choices if c != item.answer]
            assert all(f" {canonical(c)} " not in f" {canonical(item.prompt)} " for c in wrong)  # as words


def test_seeded_samples_of_the_seed_essays_mix_kinds_and_differ(generated, embedder):
    """`quiz generate --seed N --count 30 --fill`: three kinds at least in every sample, a different
    sample per seed, never two items on one sentence; without `--fill`, only the kinds teachers keep."""
    essays, _ = generated
    gen = ItemGenerator(essays, embedder.encode)
    samples = {seed: gen.generate(seed=seed, count=30, fill=True).generated for seed in (101, 202, 303)}
    for seed, sample in samples.items():
        # The two seed essays alone give about 25 items (no author items between two authors; no
        # term item on a common English word such as "primacy"); no two items on one sentence or
        # with one answer leaves a sample of 30 at about 19.
        assert len(sample) >= 17, seed
        assert len({g.kind for g in sample}) >= 3, seed
        assert len({g.source for g in sample}) == len(sample), seed
        assert len({g.item.difficulty for g in sample}) == 3, seed  # easy and hard mixed
    ids = {seed: {g.item.id for g in sample} for seed, sample in samples.items()}
    assert ids[101] != ids[202] != ids[303]
    # without `fill`, the kinds teachers keep least stay out, and the report says how many
    kept = gen.generate(seed=101, count=30)
    assert kept.generated and not {g.kind for g in kept.generated} & {"who", "choice", "evidence", "author"}
    pool = gen.generate().generated
    least = ("who", "choice", "evidence", "author")
    assert kept.left_out == {k: n for k in least if (n := sum(g.kind == k for g in pool))}


@pytest.mark.parametrize("quizzes", [200, pytest.param(2000, marks=pytest.mark.slow)])
def test_no_twins_in_seeded_quizzes(generated, quizzes):
    """The default suite checks 200 seeded quizzes per pool; the slow step the full 2,000. Issue 11 measured 17-22% of quizzes with a cloze and its multiple-choice twin (52-86% over
    generated items only). Twins are judged here independently of the picker: two generated items
    from the same source sentence (their explanation quotes it)."""
    import random

    from bot.quiz.session import pick_items

    essays, report = generated
    builtin = read_pack_file(ROOT / "data" / "quiz" / "builtin.yaml").items

    def source(item):
        return item.explanation if item.origin == "generated" else None

    def has_twins(quiz):
        sources = [source(i) for i in quiz if source(i)]
        return len(sources) != len(set(sources))

    walt = [i for i in report.items if i.essay.startswith("walt")]
    for label, pool in (("all items", builtin + report.items), ("generated only", report.items), ("one essay", walt)):
        new = sum(has_twins(pick_items(pool, 5, random.Random(seed))) for seed in range(quizzes))
        old = sum(has_twins(random.Random(seed).sample(sorted(pool, key=lambda i: i.id), 5)) for seed in range(quizzes))
        print(f"twin rate over {quizzes} seeded 5-question quizzes, {label}: {new / quizzes:.1%} "
              f"(plain random choice: {old / quizzes:.1%})")
        assert new == 0


async def _blind_table(embedder, name: str) -> tuple[list, list, list]:
    """A blind table graded as `tutorbot quiz grade` does (built-in items, the seed essays as context):
    the rows it gets wrong and the wrong accepts among them."""
    import yaml

    builtin = {i.id: i for i in read_pack_file(ROOT / "data" / "quiz" / "builtin.yaml").items}
    essays = {e.slug: e for e in load_essay_dir(ROOT / "seeds")}
    grader = Grader(embedder, DEFAULT_SEMANTIC_THRESHOLD, essays=lambda: essays)
    rows = yaml.safe_load((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    wrong, accepted_rejects = [], []
    for row in rows:
        result = await grader.grade(builtin[row["item"]], str(row["answer"]))
        if result.correct != (row["verdict"] == "accept"):
            wrong.append((row["item"], row["answer"], result.decided_by))
            if result.correct:
                accepted_rejects.append(row)
    print(f"{name}: {len(rows) - len(wrong)}/{len(rows)}; wrong: {wrong}")
    return rows, wrong, accepted_rejects


async def test_blind_grading_table_with_the_model(embedder):
    """Issue 20: the blind table (tests/data/blind_grading_table.yaml), graded as `tutorbot quiz
    grade` does (built-in items, the seed essays as context): at least 97% right and no gamer's
    contradiction, negation, wrong name or guess list accepted. First run before issue 20: 82.2%,
    23 wrong accepts; 274/276 after the first round, 275/276 after the second (the row left: "a
    shortage of knowledgeable people to fill posts like the NSC", meaning 0.44)."""
    rows, wrong, accepted_rejects = await _blind_table(embedder, "blind_grading_table.yaml")
    assert len(rows) >= 150
    assert not accepted_rejects
    assert len(rows) - len(wrong) >= 275


async def test_second_blind_grading_table_with_the_model(embedder):
    """Issue 20, second round: the second blind table (tests/data/blind_grading_table2.yaml), first
    run 333/356 (93.5%) with 7 wrong accepts; held at 355/356 and no wrong accept. The row left is
    a paraphrase of a choice the model scores at 0.28 ("elites applied the same austerity at home,
    wiping out working-class gains" for "It became the foundation of domestic politics too")."""
    rows, wrong, accepted_rejects = await _blind_table(embedder, "blind_grading_table2.yaml")
    assert len(rows) == 356
    assert not accepted_rejects
    assert len(rows) - len(wrong) >= 355
