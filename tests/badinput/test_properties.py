"""Property-based: the grader, the quiz-pack loader and essay ingest never raise anything but a
`UserError` with a one-line message, whatever they are given. Modest example counts here; the
slow variant (`-m slow`) runs many more."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import load_settings
from bot.corpus.essay import decode_essay_bytes, parse_essay
from bot.errors import UserError
from bot.quiz.grading import WHY, Grader, shown_choices
from bot.quiz.packs import parse_pack, read_pack_file

BUILTIN = [i for i in read_pack_file(load_settings(environ={}).builtin_pack, origin="builtin").items]
BY_KIND = {}
for _item in BUILTIN:
    BY_KIND.setdefault(_item.kind, _item)

# derandomize: the same examples on every run, so a red CI is this change's doing, not the draw's
# (an unseeded draw found the "𑁒" crash below on one CI run and not on the others; it is now a test)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
SLOW = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)

# Text as people and attackers type it: any Unicode, plus the characters that break naive code.
nasty_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(list("\u200b\u200d\ufeff\u202e\x00\x07\r\n\t @#<>&*_`|~'\"-:;,.é漢🙂")
                             + ["@everyone", "<@&123>", "---", "yes", "no", "interregnum", "1950s"]),
             max_size=60).map("".join),
)
yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty_text)
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.one_of(nasty_text, st.integers()), inner, max_size=5)), max_leaves=30)
item_like = st.fixed_dictionaries({}, optional={
    "id": yaml_scalars, "kind": st.one_of(st.sampled_from(["multiple_choice", "true_false", "short_answer", "cloze"]), yaml_scalars),
    "essay": yaml_scalars, "prompt": yaml_scalars, "answer": yaml_values, "answers": yaml_values,
    "choices": yaml_values, "paragraph": yaml_scalars, "difficulty": yaml_scalars, "explanation": yaml_scalars,
    "tags": yaml_values, "reference": yaml_scalars,
})
pack_like = st.one_of(yaml_values, st.fixed_dictionaries({"items": st.lists(item_like, max_size=4)},
                                                         optional={"title": yaml_scalars, "author": yaml_scalars}))


def _one_line(exc: UserError) -> None:
    text = str(exc)
    assert text.strip(), "a rejection must say why"
    assert "\n" not in text and "\r" not in text, f"not one line: {text!r}"
    assert "Traceback" not in text


def _check_grade(item, given) -> None:
    result = asyncio.run(Grader().grade(item, given, shown_choices(item) if item.choices or item.kind == "true_false" else None))
    assert type(result.correct) is bool, f"correct must be a bool, not {type(result.correct).__name__}"
    assert result.decided_by in WHY, f"undocumented rule {result.decided_by!r}"
    if result.correct:
        assert result.rule and result.reason is None
    else:
        assert result.reason and result.rule is None
    if not result.counts:
        assert result.reason


def _grade_any(kind: str, given) -> None:
    try:
        _check_grade(BY_KIND[kind], given)
    except UserError as exc:
        _one_line(exc)


def _pack_any(data) -> None:
    for name in ("pack.yaml", "trivia.yaml", "items.csv"):
        try:
            pack = parse_pack(data, name)
        except UserError as exc:
            _one_line(exc)
        else:
            # Only our own format may be empty (an exported server with no items imports as nothing).
            assert pack.items or pack.format == "yaml"


def _essay_any(data: bytes) -> None:
    try:
        text = decode_essay_bytes(data, "upload.md")
        essay = parse_essay(text, name="upload.md")
    except UserError as exc:
        _one_line(exc)
    else:
        assert essay.paragraphs and essay.slug and essay.title


answers = st.one_of(nasty_text, st.integers(min_value=-10, max_value=10), st.text(max_size=3000))
essay_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda meta, body: ("---\n" + meta + "\n---\n" + body).encode("utf-8", "surrogatepass"),
              st.one_of(nasty_text, yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))), nasty_text),
    nasty_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)
pack_data = st.one_of(
    st.binary(max_size=2000),
    pack_like.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
    nasty_text,
)


@pytest.mark.parametrize("kind", sorted(BY_KIND))
@FAST
@given(given_answer=answers)
def test_grader_never_crashes(kind, given_answer):
    _grade_any(kind, given_answer)


@FAST
@given(data=pack_data)
def test_pack_loader_rejects_cleanly(data):
    _pack_any(data)


@FAST
@given(data=essay_bytes)
def test_essay_ingest_rejects_cleanly(data):
    _essay_any(data)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(BY_KIND))
@SLOW
@given(given_answer=answers)
def test_grader_never_crashes_many(kind, given_answer):
    _grade_any(kind, given_answer)


@pytest.mark.slow
@SLOW
@given(data=pack_data)
def test_pack_loader_rejects_cleanly_many(data):
    _pack_any(data)


@pytest.mark.slow
@SLOW
@given(data=essay_bytes)
def test_essay_ingest_rejects_cleanly_many(data):
    _essay_any(data)


def test_a_digit_int_cannot_read_is_no_choice_number():
    """"𑁒" (a Brahmi number) and "²" pass str.isdigit but not int(): found by the slow property test
    above on a fresh CI run; the grader reads them as text, never crashes."""
    from bot.quiz.grading.choices import resolve_choice
    item = BY_KIND["multiple_choice"]
    for odd in ("𑁒", "²", "3²"):
        resolve_choice(item, item.choices, odd)
